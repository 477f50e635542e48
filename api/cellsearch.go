package api

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// The search of cells by name or code (/api/cells?q=): the app's search
// box asks it on tiles, where it knows only the cells of the tiles drawn.
const (
	maxCellQuery     = 64 // characters of q, trimmed
	cellMatchesLimit = 10 // cells answered when limit is absent
	maxCellMatches   = 50 // the largest limit
)

// searchCells answers GET /api/cells?q=&limit=: the cells whose name, code
// or unit's name matches q, best first, as GeoJSON features without their
// geometry (the map fetches a cell's shape when it opens it), from the
// snapshot.
func (s *Server) searchCells(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if q == "" {
		return data.FieldErrorf("q", "q must not be empty: give part of a cell's name or code.")
	}
	if n := utf8.RuneCountInString(q); n > maxCellQuery {
		return data.FieldErrorf("q", "%s is too long: at most %d characters, not %d.", "q", maxCellQuery, n)
	}
	limit, err := intParam(c, "limit", cellMatchesLimit, 1, maxCellMatches)
	if err != nil {
		return err
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	found := findCells(sn.cells, newCellQuery(q), limit)
	fs := make([]feature, len(found))
	for k, i := range found {
		fs[k] = sn.cellFeature(i)
		fs[k].geom = nil
	}
	return s.send(c, typeGeoJSON, s.newBody(appendFeatureCollection(nil, fs, nil)))
}

// cellQuery is a search of cells as the app's search box words it: lower
// case, without spaces.
type cellQuery struct {
	text   string
	digits bool // only digits: a code or part of one
}

// newCellQuery normalises q as search.js does: spaces dropped, lower case.
func newCellQuery(q string) cellQuery {
	text := strings.ToLower(strings.Join(strings.Fields(q), ""))
	digits := text != ""
	for i := 0; i < len(text) && digits; i++ {
		digits = '0' <= text[i] && text[i] <= '9'
	}
	return cellQuery{text: text, digits: digits}
}

// rank ranks cell c for q, lower being better, as rank() in
// frontend/static/search.js does, so that the cells the server finds sort
// among those the app knows: digits match the code (exact 0, its tail 1,
// its start 2, anywhere 3); other text the cell's name (exact 0, its start
// 1, anywhere 2), then its unit's name (3), whatever the case. ok is false
// when c does not match.
func (q cellQuery) rank(c *data.Cell) (r int, ok bool) {
	if q.digits {
		switch {
		case c.Code == q.text:
			return 0, true
		case strings.HasSuffix(c.Code, q.text):
			return 1, true
		case strings.HasPrefix(c.Code, q.text):
			return 2, true
		case strings.Contains(c.Code, q.text):
			return 3, true
		}
		return 0, false
	}
	if rest, ok := cutLowerPrefix(c.Name, q.text); ok {
		if rest == "" {
			return 0, true
		}
		return 1, true
	}
	switch {
	case containsLower(c.Name, q.text):
		return 2, true
	case containsLower(c.UnitName, q.text):
		return 3, true
	}
	return 0, false
}

// cutLowerPrefix reports whether s, lower-cased, starts with the lower-case
// q, and returns the rest of s: without lower-casing s into a new string,
// since a search compares q with every cell.
func cutLowerPrefix(s, q string) (rest string, ok bool) {
	for _, qr := range q {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || unicode.ToLower(r) != qr {
			return "", false
		}
		s = s[size:]
	}
	return s, true
}

// containsLower reports whether s, lower-cased, contains the lower-case q.
func containsLower(s, q string) bool {
	for {
		if _, ok := cutLowerPrefix(s, q); ok {
			return true
		}
		_, size := utf8.DecodeRuneInString(s)
		if size == 0 {
			return false
		}
		s = s[size:]
	}
}

// findCells returns the positions in cells of the limit best matches of q,
// best first, ties by code: one pass that keeps no more than limit of them,
// however many cells match.
func findCells(cells []data.Cell, q cellQuery, limit int) []int {
	type hit struct{ rank, pos int }
	before := func(a, b hit) bool {
		return a.rank < b.rank || a.rank == b.rank && cells[a.pos].Code < cells[b.pos].Code
	}
	best := make([]hit, 0, limit)
	for i := range cells {
		r, ok := q.rank(&cells[i])
		if !ok {
			continue
		}
		h := hit{r, i}
		if len(best) == limit {
			if !before(h, best[limit-1]) {
				continue
			}
			best = best[:limit-1]
		}
		j := len(best)
		best = append(best, h)
		for ; j > 0 && before(h, best[j-1]); j-- {
			best[j] = best[j-1]
		}
		best[j] = h
	}
	out := make([]int, len(best))
	for k, h := range best {
		out[k] = h.pos
	}
	return out
}
