package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// exportResidents answers GET /api/export/residents.csv?unit=&cell=: the
// residents of the town, a unit or a cell as CSV (UTF-8 with a byte-order
// mark, so that Excel shows the Chinese correctly). It carries personal
// data in full, so it is for admins only and audited before it is sent.
func (s *Server) exportResidents(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("exports of personal data", data.RoleAdmin); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cell, unit := c.QueryParam("cell"), c.QueryParam("unit")
	if err := s.checkPlaces(ctx, cell, unit); err != nil {
		return err
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	var rows []data.Resident
	for i := range sn.cells {
		code := sn.cells[i].Code
		if cell != "" && code != cell || unit != "" && sn.cells[i].UnitCode != unit {
			continue
		}
		rs, _, err := s.store.Residents(ctx, data.ResidentFilter{CellCode: code})
		if err != nil {
			return err
		}
		rows = append(rows, rs...)
	}
	scope := "town"
	switch {
	case cell != "":
		scope = "cell:" + cell
	case unit != "":
		scope = "unit:" + unit
	}
	if err := s.audit(c, "export_residents", scope, fmt.Sprintf("%d residents", len(rows))); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="residents.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	c.Response().Write([]byte("\uFEFF"))
	w.Write([]string{"id", "household_id", "cell", "name", "gender", "birth_date", "id_number", "phone", "relation", "lon", "lat"})
	for _, r := range rows {
		w.Write([]string{strconv.FormatInt(r.ID, 10), strconv.FormatInt(r.HouseholdID, 10), r.CellCode, r.Name, r.Gender,
			r.BirthDate, r.IDNumber, r.Phone, r.Relation,
			strconv.FormatFloat(r.Location[0], 'f', -1, 64), strconv.FormatFloat(r.Location[1], 'f', -1, 64)})
	}
	w.Flush()
	return w.Error()
}
