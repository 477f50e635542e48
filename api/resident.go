package api

import (
	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// listResidents answers GET /api/residents?cell=&limit=&offset=: a page of a
// cell's residents, personal data masked.
func (s *Server) listResidents(c echo.Context) error {
	cell := c.QueryParam("cell")
	if cell == "" {
		return data.FieldErrorf("cell", "cell is required: residents are listed one cell at a time.")
	}
	limit, offset, err := pageParams(c, 50, 1000)
	if err != nil {
		return err
	}
	rs, total, err := s.store.Residents(c.Request().Context(), data.ResidentFilter{CellCode: cell, Limit: limit, Offset: offset})
	if err != nil {
		return fieldOf(err, "cell")
	}
	out := make([]data.Resident, len(rs))
	for i, r := range rs {
		out[i] = maskedResident(r)
	}
	return s.sendJSON(c, typeJSON, struct {
		Residents []data.Resident `json:"residents"`
		Total     int             `json:"total"`
		Limit     int             `json:"limit"`
		Offset    int             `json:"offset"`
	}{out, total, limit, offset})
}

// listMediators answers GET /api/mediators?cell=&unit=.
func (s *Server) listMediators(c echo.Context) error {
	f := data.MediatorFilter{CellCode: c.QueryParam("cell"), UnitCode: c.QueryParam("unit")}
	ms, err := s.store.Mediators(c.Request().Context(), f)
	if err != nil {
		field := "unit"
		if f.CellCode != "" {
			field = "cell"
		}
		return fieldOf(err, field)
	}
	if ms == nil {
		ms = []data.Mediator{}
	}
	return s.sendJSON(c, typeJSON, struct {
		Mediators []data.Mediator `json:"mediators"`
	}{ms})
}

// fieldOf names the query parameter behind a not-found error from a store,
// which knows the code it missed but not which parameter carried it.
func fieldOf(err error, field string) error {
	if de, ok := err.(*data.Error); ok && de.Code == data.ENOTFOUND && de.Field == "" {
		return &data.Error{Code: de.Code, Message: de.Message, Field: field}
	}
	return err
}
