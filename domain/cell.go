package domain

import (
	"strconv"
	"strings"
)

// CellSeq returns the sequence number of a cell code in unit, and false
// unless code is unit followed by three digits (the form of every cell
// code, Cell.Code).
func CellSeq(code, unit string) (int, bool) {
	rest, ok := strings.CutPrefix(code, unit)
	if !ok || unit == "" || len(rest) != 3 || strings.ContainsFunc(rest, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}
