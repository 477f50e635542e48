package api

import (
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/stats"
)

// Measures of how a place handles its disputes, over a window of report
// times. Aggregates only: whoever may see the map may see them.

// getStats answers GET /api/stats?unit=&cell=&from=&to=: the measures of the
// town, a unit or a cell over reports in [from, to), with one row per cell,
// the 回访 records of those incidents included.
func (s *Server) getStats(c echo.Context) error {
	ctx := c.Request().Context()
	f := data.IncidentFilter{CellCode: c.QueryParam("cell"), UnitCode: c.QueryParam("unit")}
	if err := s.checkPlaces(ctx, f.CellCode, f.UnitCode); err != nil {
		return err
	}
	var err error
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return data.FieldErrorf("to", "to must be after from.")
	}
	list, _, err := s.store.Incidents(ctx, f)
	if err != nil {
		return err
	}
	overdue := func(in *data.Incident) bool {
		return s.deadlines().IncidentOverdue(in, s.now())
	}
	byCell := map[string][]data.Incident{}
	ids := make([]int64, len(list))
	cellOf := make(map[int64]string, len(list))
	for i, in := range list {
		byCell[in.CellCode] = append(byCell[in.CellCode], in)
		ids[i], cellOf[in.ID] = in.ID, in.CellCode
	}
	fs, err := s.store.Followups(ctx, ids...)
	if err != nil {
		return err
	}
	followupsByCell := map[string][]data.Followup{}
	for _, f := range fs {
		followupsByCell[cellOf[f.IncidentID]] = append(followupsByCell[cellOf[f.IncidentID]], f)
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	type cellRow struct {
		Code string `json:"code"`
		stats.Measures
	}
	cells := []cellRow{}
	for i := range sn.cells {
		cl := &sn.cells[i]
		if (f.CellCode != "" && cl.Code != f.CellCode) || (f.UnitCode != "" && cl.UnitCode != f.UnitCode) {
			continue
		}
		m := stats.Measure(byCell[cl.Code], s.cfg.IncidentTypes, overdue)
		m.AddFollowups(followupsByCell[cl.Code])
		cells = append(cells, cellRow{cl.Code, m})
	}
	all := stats.Measure(list, s.cfg.IncidentTypes, overdue)
	all.AddFollowups(fs)
	return s.sendJSON(c, typeJSON, map[string]any{
		"unit": f.UnitCode, "cell": f.CellCode, "from": timeOrNil(f.From), "to": timeOrNil(f.To),
		"stats": all, "cells": cells,
	})
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
