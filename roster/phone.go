package roster

import (
	"strings"

	"gridmap/data"
)

// normPhone checks a phone number and returns it normalised: a mobile
// number as its 11 digits (spaces, dashes and a +86 or 0086 prefix are
// dropped), a landline as area code, dash, number (0\d{2,3}-\d{7,8}).
func normPhone(field, s string) (string, *data.Error) {
	d := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '－', '—', '(', ')', '（', '）', '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if strings.HasPrefix(d, "+86") {
		d = d[3:]
	} else if strings.HasPrefix(d, "0086") {
		d = d[4:]
	}
	switch {
	case !allDigits(d):
	case len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9':
		return d, nil
	case d[0] == '0' && len(d) >= 10 && len(d) <= 12:
		// Landline: a 3- or 4-digit area code (010, 023, 0755) and 7 or 8
		// digits. The area codes of two digits after 0 are 010 and 02x.
		area := 4
		if d[1] == '1' || d[1] == '2' {
			area = 3
		}
		if n := len(d) - area; n == 7 || n == 8 {
			return d[:area] + "-" + d[area:], nil
		}
	}
	return "", data.FieldErrorf(field, "%q is neither a mobile number (11 digits from 13 to 19) nor a landline with its area code (e.g. 023-12345678).", s)
}
