package data

import (
	"strings"
	"testing"
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
		if err != nil && (ErrorCode(err) != EINVALID || err.(*Error).Field != "note") {
			t.Errorf("%s: check(%q) = %v; want EINVALID naming note", tt.name, tt.value, err)
		}
	}
}

func TestCheckCount(t *testing.T) {
	if err := CheckCount("parties", MaxParties, MaxParties); err != nil {
		t.Errorf("CheckCount(%d, %d) = %v; want nil", MaxParties, MaxParties, err)
	}
	err := CheckCount("parties", MaxParties+1, MaxParties)
	if e, ok := err.(*Error); !ok || e.Field != "parties" || e.Code != EINVALID {
		t.Errorf("CheckCount(%d, %d) = %v; want EINVALID naming parties", MaxParties+1, MaxParties, err)
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
