package data

import (
	"bytes"
	"strconv"
	"strings"
)

// Fen is an amount of money in 分 (0.01 元), so that amounts add up
// exactly. In JSON it is a number of 元 with at most two decimals
// (1234.5 for 123450 分).
type Fen int64

// MaxFen is the largest amount a mediation record may hold: 100 billion
// 元, far past any dispute a town mediates, and far from overflowing a
// month's sum.
const MaxFen Fen = 100_000_000_000_00

// Yuan is f in 元 as text, with two decimals: "1234.50".
func (f Fen) Yuan() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return sign + strconv.FormatInt(int64(f/100), 10) + "." + strconv.FormatInt(int64(f%100)/10, 10) + strconv.FormatInt(int64(f%10), 10)
}

// Float is f in 元, for spreadsheets.
func (f Fen) Float() float64 { return float64(f) / 100 }

// MarshalJSON writes f as a number of 元.
func (f Fen) MarshalJSON() ([]byte, error) {
	s := f.Yuan()
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return []byte(s), nil
}

// UnmarshalJSON reads a number of 元 (ParseYuan).
func (f *Fen) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	v, err := ParseYuan(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ParseYuan reads an amount in 元: digits with at most two decimals, not
// negative, at most MaxFen. Otherwise it returns EINVALID naming
// "amount_agreed".
func ParseYuan(s string) (Fen, error) {
	bad := func() (Fen, error) {
		return 0, FieldErrorf("amount_agreed", "The amount agreed is a number of 元, not negative, with at most two decimals and at most %s, got %q.",
			MaxFen.Yuan(), s)
	}
	whole, frac, dot := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || (dot && frac == "") || !digits(whole) || !digits(frac) {
		return bad()
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	frac += "00"[len(frac):]
	c, _ := strconv.ParseInt(frac, 10, 64)
	v := Fen(w*100 + c)
	if v > MaxFen {
		return bad()
	}
	return v, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
