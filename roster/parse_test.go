package roster

import (
	"strings"
	"testing"
	"time"

	"gridmap/data"
)

func TestParseIDNumber(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)
	cases := []struct {
		in, want, birth, gender string
		err                     string
	}{
		{"11010519491231002X", "11010519491231002X", "1949-12-31", "F", ""}, // the example of GB 11643-1999
		{"11010519491231002x", "11010519491231002X", "1949-12-31", "F", ""},
		{" 110105 19491231 002X ", "11010519491231002X", "1949-12-31", "F", ""},
		{"440524188001010014", "440524188001010014", "1880-01-01", "M", "no valid birth date"}, // before 1890
		{"110105194912310021", "", "", "", "should end in X"},
		{"11010519491231002", "", "", "", "not 17 digits"},
		{"1101051949123100X2", "", "", "", "not 17 digits"},
		{"110105491231002", "", "", "", "it would be 11010519491231002X"},
		{"1.10105194912310E+17", "", "", "", "stored as a number"},
		{"110105202702300015", "", "", "", "no valid birth date"},
	}
	for _, c := range cases {
		id, err := parseIDNumber("公民身份号码", c.in, today)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Message, c.err) || err.Field != "公民身份号码" {
				t.Errorf("parseIDNumber(%q) = %v; want an error …%s…", c.in, err, c.err)
			}
			continue
		}
		if err != nil || id.number != c.want || id.birth.Format("2006-01-02") != c.birth || id.gender != c.gender {
			t.Errorf("parseIDNumber(%q) = %+v, %v; want %s %s %s", c.in, id, err, c.want, c.birth, c.gender)
		}
	}
}

func TestNormPhone(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"13800001111": "13800001111", "138 0000 1111": "13800001111", "138-0000-1111": "13800001111",
		"+86 138 0000 1111": "13800001111", "008613800001111": "13800001111", "+8613800001111": "13800001111",
		"023-48600000": "023-48600000", "02348600000": "023-48600000", "(023)48600000": "023-48600000",
		"010-12345678": "010-12345678", "0755-1234567": "0755-1234567", "07551234567": "0755-1234567",
		"12800001111": "", "1380000111": "", "138000011112": "", "023-123456": "", "phone": "", "": "", "+1 555 0100": "",
	} {
		got, err := normPhone("联系电话", in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("normPhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	d := func(y, m, day, h, mi int) time.Time { return time.Date(y, time.Month(m), day, h, mi, 0, 0, data.CST) }
	cases := []struct {
		in       string
		withTime bool
		want     time.Time
		ok       bool
	}{
		{"2021-03-04", false, d(2021, 3, 4, 0, 0), true},
		{"2021/3/4", false, d(2021, 3, 4, 0, 0), true},
		{"2021.3.4", false, d(2021, 3, 4, 0, 0), true},
		{"2021年3月4日", false, d(2021, 3, 4, 0, 0), true},
		{"20210304", false, d(2021, 3, 4, 0, 0), true},
		{"44259", false, d(2021, 3, 4, 0, 0), true},   // Excel's serial for 2021-03-04
		{"44259.5", true, d(2021, 3, 4, 12, 0), true}, // noon
		{"44259.5", false, time.Time{}, false},        // a time where a date is asked
		{"2021-03-04 09:30", true, d(2021, 3, 4, 9, 30), true},
		{"2021年3月4日 9时30分", true, d(2021, 3, 4, 9, 30), true},
		{"2021-03-04 09:30", false, time.Time{}, false},
		{"2021-03-04 00:00:00", false, d(2021, 3, 4, 0, 0), true},
		{"2021-02-29", false, time.Time{}, false},
		{"2021-13-01", false, time.Time{}, false},
		{"2021-03-04 25:00", true, time.Time{}, false},
		{"3/4/2021", false, time.Time{}, false}, // month and day order is not guessed
		{"", false, time.Time{}, false},
	}
	for _, c := range cases {
		got, err := parseDate("出生日期", c.in, c.withTime)
		if (err == nil) != c.ok || c.ok && !got.Equal(c.want) {
			t.Errorf("parseDate(%q, %v) = %v, %v; want %v ok=%v", c.in, c.withTime, got, err, c.want, c.ok)
		}
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "1.1E+17", "", "ＸＸ"} {
		f.Add(s)
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseIDNumber("c", s, today)
		if err == nil && (len(id.number) != 18 || idCheckChar(id.number[:17]) != id.number[17]) {
			t.Errorf("parseIDNumber(%q) accepted %q", s, id.number)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-03-04", "2021年3月4日 9时30分", "44259.5", "20210230", "1e300"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, withTime bool) {
		parseDate("c", s, withTime)
	})
}

func FuzzNormPhone(f *testing.F) {
	for _, s := range []string{"+86 138 0000 1111", "023-48600000", "0", "+86"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := normPhone("c", s)
		if err == nil {
			if again, err := normPhone("c", p); err != nil || again != p {
				t.Errorf("normPhone(%q) = %q, which normalises to %q, %v", s, p, again, err)
			}
		}
	})
}

// FuzzReadCSV reads arbitrary bytes as a residents CSV: never a panic.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("户号,姓名,与户主关系,公民身份号码,所属网格\n1,张三,本人,11010519491231002X,x\n"))
	f.Add([]byte("\xef\xbb\xbf户号,姓名\n"))
	f.Add([]byte("\xbb\xa7\xba\xc5\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadResidents(strings.NewReader(string(b)), Options{})
	})
}
