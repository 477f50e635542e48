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
// town, a unit or a cell over reports in [from, to), with one row per cell.
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
		return s.deadlines().Overdue(in.Status, in.StageSince, s.now())
	}
	byCell := map[string][]data.Incident{}
	for _, in := range list {
		byCell[in.CellCode] = append(byCell[in.CellCode], in)
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
		cells = append(cells, cellRow{cl.Code, stats.Measure(byCell[cl.Code], s.cfg.IncidentTypes, overdue)})
	}
	return s.sendJSON(c, typeJSON, map[string]any{
		"unit": f.UnitCode, "cell": f.CellCode, "from": timeOrNil(f.From), "to": timeOrNil(f.To),
		"stats": stats.Measure(list, s.cfg.IncidentTypes, overdue), "cells": cells,
	})
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
