package api

import (
	"math"
	"sort"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
)

// Measures of how a place handles its disputes, over a window of report
// times. Aggregates only: whoever may see the map may see them.

const (
	repeatRadiusM = 100
	repeatWindow  = 90 * 24 * time.Hour
)

// incidentStats are the measures of a set of incidents.
type incidentStats struct {
	Total     int            `json:"total"`
	ByType    map[string]int `json:"by_type"`
	ByStatus  map[string]int `json:"by_status"`
	Open      int            `json:"open"`
	Overdue   int            `json:"overdue"`
	Resolved  int            `json:"resolved"` // resolved or closed
	Grassroot int            `json:"resolved_at_grassroots"`
	// GrassrootShare is the share of resolved incidents resolved without
	// being escalated to the town or district (null when none resolved).
	GrassrootShare *float64 `json:"grassroots_share"`
	// MedianDaysToResolve is from report to resolution (null when none).
	MedianDaysToResolve *float64 `json:"median_days_to_resolve"`
	// Repeats counts incidents that repeat an earlier one of the last 90
	// days: within 100 m of it, or with a party in common.
	Repeats     int `json:"repeats"`
	RepeatPlace int `json:"repeats_same_place"`
	RepeatParty int `json:"repeats_same_parties"`
}

// computeStats measures list; overdue says whether an incident is late.
func computeStats(list []data.Incident, types []string, overdue func(*data.Incident) bool) incidentStats {
	st := incidentStats{Total: len(list), ByType: map[string]int{}, ByStatus: map[string]int{}}
	for _, t := range types {
		st.ByType[t] = 0
	}
	for _, s := range data.Statuses {
		st.ByStatus[s] = 0
	}
	var days []float64
	for i := range list {
		in := &list[i]
		st.ByType[in.Type]++
		st.ByStatus[in.Status]++
		if data.IsOpen(in.Status) {
			st.Open++
			if overdue(in) {
				st.Overdue++
			}
		}
		if data.IsDone(in.Status) && in.ResolvedAt != nil {
			st.Resolved++
			if in.Escalation == 0 {
				st.Grassroot++
			}
			days = append(days, in.ResolvedAt.Sub(in.ReportedAt).Hours()/24)
		}
	}
	if st.Resolved > 0 {
		share := roundTo(float64(st.Grassroot)/float64(st.Resolved), 4)
		st.GrassrootShare = &share
	}
	if len(days) > 0 {
		sort.Float64s(days)
		m := days[len(days)/2]
		if len(days)%2 == 0 {
			m = (days[len(days)/2-1] + days[len(days)/2]) / 2
		}
		m = roundTo(m, 2)
		st.MedianDaysToResolve = &m
	}
	st.Repeats, st.RepeatPlace, st.RepeatParty = repeats(list)
	return st
}

// repeats counts the incidents that follow an earlier one within 90 days at
// the same place (100 m) or with a common party, bucketing locations on a
// grid of the radius so that each incident is compared with its neighbours
// only.
func repeats(list []data.Incident) (total, place, party int) {
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := &list[order[a]], &list[order[b]]
		if !x.ReportedAt.Equal(y.ReportedAt) {
			return x.ReportedAt.Before(y.ReportedAt)
		}
		return x.ID < y.ID
	})
	type key struct{ x, y int }
	grid := map[key][]int{}
	lastParty := map[string]time.Time{}
	cellOf := func(p orb.Point) key {
		ky := earthMetresPerDegree
		kx := ky * math.Cos(p[1]*math.Pi/180)
		return key{int(math.Floor(p[0] * kx / repeatRadiusM)), int(math.Floor(p[1] * ky / repeatRadiusM))}
	}
	for _, i := range order {
		in := &list[i]
		k := cellOf(in.Location)
		samePlace := false
		for dx := -1; dx <= 1 && !samePlace; dx++ {
			for dy := -1; dy <= 1 && !samePlace; dy++ {
				for _, j := range grid[key{k.x + dx, k.y + dy}] {
					prev := &list[j]
					if in.ReportedAt.Sub(prev.ReportedAt) <= repeatWindow && metres(in.Location, prev.Location) <= repeatRadiusM {
						samePlace = true
						break
					}
				}
			}
		}
		sameParty := false
		for _, p := range in.Parties {
			if t, ok := lastParty[p]; ok && in.ReportedAt.Sub(t) <= repeatWindow {
				sameParty = true
			}
		}
		for _, p := range in.Parties {
			lastParty[p] = in.ReportedAt
		}
		grid[k] = append(grid[k], i)
		if samePlace {
			place++
		}
		if sameParty {
			party++
		}
		if samePlace || sameParty {
			total++
		}
	}
	return total, place, party
}

// earthMetresPerDegree is the length of a degree of latitude.
const earthMetresPerDegree = 6371008.8 * math.Pi / 180

// metres is the distance between two nearby points.
func metres(a, b orb.Point) float64 {
	kx := earthMetresPerDegree * math.Cos((a[1]+b[1])/2*math.Pi/180)
	return math.Hypot((a[0]-b[0])*kx, (a[1]-b[1])*earthMetresPerDegree)
}

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
		return s.cfg.Deadlines.Overdue(in.Status, in.StageSince, s.now())
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
		incidentStats
	}
	cells := []cellRow{}
	for i := range sn.cells {
		cl := &sn.cells[i]
		if (f.CellCode != "" && cl.Code != f.CellCode) || (f.UnitCode != "" && cl.UnitCode != f.UnitCode) {
			continue
		}
		cells = append(cells, cellRow{cl.Code, computeStats(byCell[cl.Code], data.IncidentTypeNames(s.cfg.IncidentTypes), overdue)})
	}
	return s.sendJSON(c, typeJSON, map[string]any{
		"unit": f.UnitCode, "cell": f.CellCode, "from": timeOrNil(f.From), "to": timeOrNil(f.To),
		"stats": computeStats(list, data.IncidentTypeNames(s.cfg.IncidentTypes), overdue), "cells": cells,
	})
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
