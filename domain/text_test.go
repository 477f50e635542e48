package domain

import (
	"gridmap/data"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name      string
		value     string
		max       int
		multiline bool
		ok        bool
	}{
		{"empty", "", 3, false, true},
		{"at the limit in characters, not bytes", "张三丰", 3, false, true},
		{"one character past the limit", "张三丰a", 3, false, false},
		{"a line break in a line", "a\nb", 10, false, false},
		{"a tab in a line", "a\tb", 10, false, false},
		{"line breaks and tabs in text", "a\r\n\tb", 10, true, true},
		{"NUL in text", "a\x00b", 10, true, false},
		{"escape in text", "a\x1b[31m", 10, true, false},
		{"DEL in text", "a\x7f", 10, true, false},
		{"C1 control in text", "a\u0085", 10, true, false},
		{"right-to-left override", "abc\u202edcba", 20, true, false},
		{"isolate", "a\u2066b", 20, true, false},
		{"emoji with a joiner", "👩\u200d👩", 10, false, true},
		{"invalid UTF-8", "a\xffb", 10, true, false},
	}
	for _, tt := range tests {
		check := CheckLine
		if tt.multiline {
			check = CheckText
		}
		err := check("note", tt.value, tt.max)
		if (err == nil) != tt.ok {
			t.Errorf("%s: check(%q, %d) = %v; want ok %v", tt.name, tt.value, tt.max, err, tt.ok)
		}
		if err != nil && (data.ErrorCode(err) != data.EINVALID || err.(*data.Error).Field != "note") {
			t.Errorf("%s: check(%q) = %v; want EINVALID naming note", tt.name, tt.value, err)
		}
	}
}

func TestCheckCount(t *testing.T) {
	if err := CheckCount("parties", data.MaxParties, data.MaxParties); err != nil {
		t.Errorf("CheckCount(%d, %d) = %v; want nil", data.MaxParties, data.MaxParties, err)
	}
	err := CheckCount("parties", data.MaxParties+1, data.MaxParties)
	if e, ok := err.(*data.Error); !ok || e.Field != "parties" || e.Code != data.EINVALID {
		t.Errorf("CheckCount(%d, %d) = %v; want EINVALID naming parties", data.MaxParties+1, data.MaxParties, err)
	}
}

func TestCutText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{"张三丰李四", "张三丰"},
		{"ab\xff", "ab\uFFFD"},
		{strings.Repeat("x", 10), "xxx"},
	}
	for _, tt := range tests {
		if got := CutText(tt.in, 3); got != tt.want {
			t.Errorf("CutText(%q, 3) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCheckText: what CheckText or CheckLine accepts is valid UTF-8 of at
// most max characters without control characters (but line breaks and
// tabs in text), and every refusal names the field.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "张三", "a\nb\tc", "a\x00", "\u202e", "\xff", strings.Repeat("纠", 11)} {
		f.Add(s, 10, true)
	}
	f.Fuzz(func(t *testing.T, s string, max int, multiline bool) {
		check := CheckLine
		if multiline {
			check = CheckText
		}
		err := check("f", s, max)
		if err != nil {
			if e, ok := err.(*data.Error); !ok || e.Field != "f" || e.Code != data.EINVALID {
				t.Fatalf("check(%q) = %v; want EINVALID naming f", s, err)
			}
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
			t.Fatalf("check(%q, %d) accepts it", s, max)
		}
		for _, r := range s {
			if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
				t.Fatalf("check(%q, multiline %v) accepts control character %U", s, multiline, r)
			}
		}
	})
}

// TestCutAudit: every text of an audit entry is cut to MaxAuditText
// characters, invalid UTF-8 replaced.
func TestCutAudit(t *testing.T) {
	long := strings.Repeat("审", data.MaxAuditText+1)
	e := data.AuditEntry{Username: long, Action: long, Record: long, Remote: long, Detail: "bad \xff"}
	CutAudit(&e)
	cut := strings.Repeat("审", data.MaxAuditText)
	want := data.AuditEntry{Username: cut, Action: cut, Record: cut, Remote: cut, Detail: "bad \uFFFD"}
	if e != want {
		t.Errorf("CutAudit() = %+v; want each text cut", e)
	}
}
