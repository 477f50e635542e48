package api

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/mask"
)

// maxNameQuery bounds q of GET /api/residents, in characters.
const maxNameQuery = 32

// listResidents answers GET /api/residents?cell=&q=&limit=&offset=: a page
// of a cell's residents, or of those whose name contains q within the
// caller's scope (cell then optional), each masked or in full (and
// audited) as the policy says for its cell.
func (s *Server) listResidents(c echo.Context) error {
	cell, q := c.QueryParam("cell"), c.QueryParam("q")
	if cell == "" && q == "" {
		return data.FieldErrorf("cell", "cell or q is required: residents are listed one cell at a time, or found by name.")
	}
	if err := checkNameQuery(q); err != nil {
		return err
	}
	limit, offset, err := pageParams(c, 50, 1000)
	if q != "" {
		limit, offset, err = pageParams(c, 20, maxNameResults)
	}
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	p := who(c)
	f := data.ResidentFilter{CellCode: cell, Name: q, Limit: limit, Offset: offset}
	if err := p.scopeResidents(&f); err != nil { // a role that sees no residents: no cell would help
		return err
	}
	search := s.store.Residents
	if q != "" && p.readsResidentsMasked() {
		pattern, ok := mask.NameQuery(q)
		if !ok {
			return data.Errorf(data.EFORBIDDEN, "Your account (%s) sees residents' names masked, so it finds them only by what it sees: a surname (张), or a name as it is shown (张*丰).",
				p.role()).WithField("q")
		}
		search = func(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error) {
			return s.residentsByMaskedName(ctx, f, pattern)
		}
	}
	if cell != "" {
		if err := s.checkPlaces(ctx, cell, ""); err != nil {
			return err
		}
		if p.residentAccess(cell, sn.unitOf(cell)) == accessNone {
			return p.deniedParam("cell", "the residents of cell "+cell)
		}
	}
	rs, total, err := search(ctx, f)
	if err != nil {
		return err
	}
	out := make([]data.Resident, 0, len(rs))
	full := 0
	for _, r := range rs {
		switch p.residentAccess(r.CellCode, sn.unitOf(r.CellCode)) {
		case accessFull:
			out = append(out, r)
			full++
		case accessMasked:
			out = append(out, mask.Resident(r))
		default: // outside the scope the filter gave: never shown
			return fmt.Errorf("resident %d of cell %s is outside the scope of %s", r.ID, r.CellCode, p.role())
		}
	}
	if full > 0 {
		record, detail := "cell:"+cell, fmt.Sprintf("%d residents from offset %d", full, offset)
		if q != "" {
			record, detail = "residents", fmt.Sprintf("%d residents whose name contains %q from offset %d", full, q, offset)
			if cell != "" {
				record = "cell:" + cell
			}
		}
		if err := s.audit(c, "read_residents", record, detail); err != nil {
			return err
		}
	}
	return s.sendJSON(c, typeJSON, struct {
		Residents []data.Resident `json:"residents"`
		Total     int             `json:"total"`
		Limit     int             `json:"limit"`
		Offset    int             `json:"offset"`
	}{out, total, limit, offset})
}

// residentsByMaskedName is the search of f by one who sees the names
// masked, for pattern (mask.NameQuery of f.Name): a name matches by its
// masked form (mask.NameHas), what the reader sees of it, so that finding
// a row cannot confirm a name guessed in full. The store finds the names
// holding one character the pattern shows, a superset; the match and the
// page are made here.
func (s *Server) residentsByMaskedName(ctx context.Context, f data.ResidentFilter, pattern string) ([]data.Resident, int, error) {
	first, _ := utf8.DecodeRuneInString(strings.Trim(pattern, "*"))
	limit, offset := f.Limit, f.Offset
	f.Name, f.Limit, f.Offset = string(first), 0, 0
	all, _, err := s.store.Residents(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	found := all[:0]
	for _, r := range all {
		if mask.NameHas(r.Name, pattern) {
			found = append(found, r)
		}
	}
	return pageOf(found, limit, offset), len(found), nil
}

// maxNameResults bounds a page of a search by name.
const maxNameResults = 50

// checkNameQuery returns EINVALID naming q for a name query too short to
// search by (less than one CJK character or two letters or digits) or too
// long; "" passes.
func checkNameQuery(q string) error {
	if q == "" {
		return nil
	}
	if n := utf8.RuneCountInString(q); n > maxNameQuery {
		return data.FieldErrorf("q", "%s is too long: at most %d characters, not %d.", "q", maxNameQuery, n)
	}
	others := 0
	for _, r := range q {
		switch {
		case unicode.Is(unicode.Han, r):
			return nil
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			others++
		}
	}
	if others < 2 {
		return data.FieldErrorf("q", "q is too short: give at least one Chinese character or two letters of the name.")
	}
	return nil
}

// fieldOf names the query parameter behind a not-found error from a store,
// which knows the code it missed but not which parameter carried it.
func fieldOf(err error, field string) error {
	if de, ok := err.(*data.Error); ok && de.Code == data.ENOTFOUND && de.Field == "" {
		return de.WithField(field)
	}
	return err
}
