package api

import "testing"

func TestMasking(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"two-character name", maskName, "张三", "张*"},
		{"three-character name", maskName, "李小明", "李*明"},
		{"four-character name", maskName, "欧阳小明", "欧**明"},
		{"one-character name", maskName, "王", "王"},
		{"identity number", maskIDNumber, "500222198001011234", "5002**********1234"},
		{"short identity number", maskIDNumber, "1234567", "*******"},
		{"phone", maskPhone, "13812345678", "138****5678"},
		{"birth date", maskBirthDate, "1978-03-09", "1978-**-**"},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%s: mask(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
}
