package roster

import (
	"strings"
	"time"

	"gridmap/data"
)

// idWeights are the GB 11643-1999 weights of the first 17 characters.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChar returns the ISO 7064 MOD 11-2 check character of 17 digits.
func idCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// identity is what an identity number says about its holder.
type identity struct {
	number string // 18 characters, upper-case X
	birth  time.Time
	gender string // "M" or "F"
}

// parseIDNumber checks a citizen identity number (公民身份号码, GB 11643):
// 18 characters, 17 digits and a check character (0-9 or X) that matches,
// with a real birth date at positions 7-14 no later than today. Old
// 15-digit numbers are refused: first-generation cards expired at the end
// of 2012 and carry no check digit, so a typo in one cannot be caught;
// the message gives the 18-digit form for the office to check against the
// person's card. field names the column for the error.
func parseIDNumber(field, s string, today time.Time) (identity, *data.Error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if strings.ContainsAny(s, "E+.") && isNumberish(s) {
		return identity{}, data.FieldErrorf(field, "The identity number %s was stored as a number and has lost digits; format the column as text and type the number again.", s)
	}
	if len(s) == 15 && allDigits(s) {
		first := s[:6] + "19" + s[6:]
		return identity{}, data.FieldErrorf(field, "%s is an old 15-digit identity number; give the 18-digit number from the person's card (it would be %s).", s, first+string(idCheckChar(first)))
	}
	if len(s) != 18 || !allDigits(s[:17]) || !(s[17] == 'X' || s[17] >= '0' && s[17] <= '9') {
		return identity{}, data.FieldErrorf(field, "The identity number %q is not 17 digits followed by a digit or X.", s)
	}
	if c := idCheckChar(s[:17]); c != s[17] {
		return identity{}, data.FieldErrorf(field, "The identity number %s has a wrong check digit (it should end in %c): a digit is mistyped.", s, c)
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1890 || birth.After(today) {
		return identity{}, data.FieldErrorf(field, "The identity number %s holds no valid birth date (%s).", s, s[6:14])
	}
	g := "M"
	if (s[16]-'0')%2 == 0 {
		g = "F"
	}
	return identity{number: s, birth: birth, gender: g}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isNumberish(s string) bool {
	return strings.Trim(s, "0123456789.E+-") == ""
}
