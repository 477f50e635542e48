package api

import (
	"strings"
	"unicode/utf8"

	"gridmap/data"
)

// Masking of personal information (PIPL). Until accounts and roles exist,
// every reader gets masked values; the rules live here so that a later
// access policy applies them by role in one place.

// maskName keeps the surname and, for names of three or more characters,
// the last character: 张三 -> 张*, 欧阳小明 -> 欧**明.
func maskName(s string) string {
	r := []rune(s)
	switch n := len(r); {
	case n <= 1:
		return s
	case n == 2:
		return string(r[0]) + "*"
	default:
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	}
}

// maskIDNumber keeps the first four and last four characters of an
// identity number: 5001**********1234.
func maskIDNumber(s string) string { return maskMiddle(s, 4, 4) }

// maskPhone keeps the first three and last four digits: 138****5678.
func maskPhone(s string) string { return maskMiddle(s, 3, 4) }

func maskMiddle(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if n <= head+tail {
		return strings.Repeat("*", n)
	}
	r := []rune(s)
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

// maskBirthDate keeps the year: 1978-**-**.
func maskBirthDate(s string) string {
	if len(s) >= 4 {
		return s[:4] + "-**-**"
	}
	return "****-**-**"
}

// maskedResident is a resident as anyone may see it for now.
func maskedResident(r data.Resident) data.Resident {
	r.Name = maskName(r.Name)
	r.IDNumber = maskIDNumber(r.IDNumber)
	r.Phone = maskPhone(r.Phone)
	r.BirthDate = maskBirthDate(r.BirthDate)
	return r
}
