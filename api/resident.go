package api

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/mask"
)

// listResidents answers GET /api/residents?cell=&limit=&offset=: a page of a
// cell's residents, masked or in full (and audited) as the policy says.
func (s *Server) listResidents(c echo.Context) error {
	cell := c.QueryParam("cell")
	if cell == "" {
		return data.FieldErrorf("cell", "cell is required: residents are listed one cell at a time.")
	}
	limit, offset, err := pageParams(c, 50, 1000)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	if err := s.checkPlaces(ctx, cell, ""); err != nil {
		return err
	}
	unit := sn.unitOf(cell)
	p := who(c)
	acc := p.residentAccess(cell, unit)
	if acc == accessNone {
		return p.denied("the residents of cell " + cell)
	}
	rs, total, err := s.store.Residents(ctx, data.ResidentFilter{CellCode: cell, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := rs
	if acc == accessMasked {
		out = make([]data.Resident, len(rs))
		for i, r := range rs {
			out[i] = mask.Resident(r)
		}
	} else if err := s.audit(c, "read_residents", "cell:"+cell, fmt.Sprintf("%d residents from offset %d", len(rs), offset)); err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, struct {
		Residents []data.Resident `json:"residents"`
		Total     int             `json:"total"`
		Limit     int             `json:"limit"`
		Offset    int             `json:"offset"`
	}{out, total, limit, offset})
}

// fieldOf names the query parameter behind a not-found error from a store,
// which knows the code it missed but not which parameter carried it.
func fieldOf(err error, field string) error {
	if de, ok := err.(*data.Error); ok && de.Code == data.ENOTFOUND && de.Field == "" {
		return de.WithField(field)
	}
	return err
}
