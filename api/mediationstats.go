package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/stats"
)

// mediationMonth is the answer of GET /api/stats/mediation: the month's
// mediation statistics (调解统计月报) of the town or a unit, with a table
// per unit of it.
type mediationMonth struct {
	Month string                `json:"month"`
	Town  string                `json:"town"` // the town's name
	Unit  *placeName            `json:"unit"` // the unit reported on; null for the town
	Table stats.MediationTable  `json:"table"`
	Units []stats.UnitMediation `json:"units"`
	// Categories are the rows in the report's order, with the incident
	// types each counts (IncidentType.Category).
	Categories []mediationCategory `json:"categories"`
}

type placeName struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type mediationCategory struct {
	data.MediationCategory
	Types []string `json:"types"`
}

// mediationStats answers GET /api/stats/mediation?month=YYYY-MM&unit=: the
// month's table for the town (leaders, admins) or a unit (a cadre's own,
// which the unit defaults to for them). The month is a calendar month in
// China time, the current one by default, never a later one.
func (s *Server) mediationStats(c echo.Context) error {
	m, err := s.mediationMonth(c)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, m)
}

// mediationStatsSheet answers GET /api/stats/mediation.xlsx: the same
// table as a workbook to file (stats.WriteMediationSheet).
func (s *Server) mediationStatsSheet(c echo.Context) error {
	m, err := s.mediationMonth(c)
	if err != nil {
		return err
	}
	r := stats.MediationReport{Town: m.Town, Month: m.Month, Table: m.Table, Units: m.Units}
	name := m.Town
	if m.Unit != nil {
		r.Unit, name = m.Unit.Name, m.Town+m.Unit.Name
	}
	var b bytes.Buffer
	if err := stats.WriteMediationSheet(&b, r); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+encodeRFC5987(name+"调解统计月报"+m.Month+".xlsx"))
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, typeXLSX, b.Bytes())
}

// mediationMonth computes the month's tables in the caller's scope.
func (s *Server) mediationMonth(c echo.Context) (*mediationMonth, error) {
	p := who(c)
	if err := p.requireRole("the mediation statistics", data.RoleAdmin, data.RoleLeader, data.RoleUnitCadre); err != nil {
		return nil, err
	}
	now := s.now()
	start := stats.MonthStart(now)
	if v := c.QueryParam("month"); v != "" {
		t, err := time.ParseInLocation("2006-01", v, cst)
		if err != nil {
			return nil, data.FieldErrorf("month", "month is a calendar month, YYYY-MM, got %q.", v)
		}
		if t.After(now) {
			return nil, data.FieldErrorf("month", "The month %s has not begun.", v)
		}
		start = t
	}
	unit := c.QueryParam("unit")
	if p.role() == data.RoleUnitCadre {
		switch {
		case unit == "":
			unit = p.user.UnitCode
		case unit != p.user.UnitCode:
			return nil, data.Errorf(data.EFORBIDDEN, "Your account (%s) may see the mediation statistics of its own unit only.", p.role()).WithField("unit")
		}
	}
	ctx := c.Request().Context()
	if err := s.checkPlaces(ctx, "", unit); err != nil {
		return nil, err
	}
	list, _, err := s.store.Incidents(ctx, data.IncidentFilter{UnitCode: unit, From: start, To: start.AddDate(0, 1, 0)})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, in := range list {
		ids[i] = in.ID
	}
	rs, err := s.store.MediationRecords(ctx, ids...)
	if err != nil {
		return nil, err
	}
	records := map[int64][]data.MediationRecord{}
	for _, r := range rs {
		records[r.IncidentID] = append(records[r.IncidentID], r)
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	all, byUnit := []stats.MediationCase{}, map[string][]stats.MediationCase{}
	for _, in := range list {
		x := stats.MediationCase{Type: in.Type, Status: in.Status, Records: records[in.ID]}
		all = append(all, x)
		u := sn.unitOf(in.CellCode)
		byUnit[u] = append(byUnit[u], x)
	}
	types := s.cfg.IncidentTypes
	m := &mediationMonth{Month: start.Format("2006-01"), Town: sn.town.Name, Table: stats.MediationMonth(all, types),
		Units: []stats.UnitMediation{}}
	for _, u := range sn.units {
		if unit != "" && u.Code != unit {
			continue
		}
		if unit != "" {
			m.Unit = &placeName{u.Code, u.Name}
		}
		m.Units = append(m.Units, stats.UnitMediation{Code: u.Code, Name: u.Name, Table: stats.MediationMonth(byUnit[u.Code], types)})
	}
	for _, c := range data.MediationCategories {
		mc := mediationCategory{MediationCategory: c, Types: []string{}}
		for _, t := range types {
			if t.Category == c.Code {
				mc.Types = append(mc.Types, t.Name)
			}
		}
		m.Categories = append(m.Categories, mc)
	}
	return m, nil
}
