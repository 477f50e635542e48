package storetest

import (
	"slices"
	"time"

	"gridmap/data"
)

// wantUnits are the fixture's units as stores return them: A has cells A1
// (120 people, 40 households) and A2 (80, 30); B has B1 (200, 70) and
// B2 (15, 5).
func wantUnits() []data.Unit {
	us := Fixture().Units
	us[0].Cells, us[0].Population, us[0].Households = 2, 200, 70
	us[1].Cells, us[1].Population, us[1].Households = 2, 215, 75
	return us
}

// wantCells are the fixture's cells as stores return them. Open incidents:
// A1 has 1 (reported) and 6 (accepted), A2 has 3 (mediating) and 7
// (reported), B1 has 5 (escalated), B2 none. B2 has no grid workers: [].
func wantCells() []data.Cell {
	cs := Fixture().Cells
	names := map[string]string{UnitA: "东街社区", UnitB: "石龙村"}
	open := map[string]int{CellA1: 2, CellA2: 2, CellB1: 1, CellB2: 0}
	for i := range cs {
		cs[i].UnitName = names[cs[i].UnitCode]
		cs[i].OpenIncidents = open[cs[i].Code]
		if cs[i].GridWorkers == nil {
			cs[i].GridWorkers = []data.GridWorker{}
		}
	}
	return cs
}

// wantIncidents are the fixture's incidents as stores return them, in ID
// order: times in UTC, to the microsecond, Parties never nil, Mediators
// ascending and never nil; the workflow's fields the fixture leaves zero
// take Load's defaults (priority normal, version 1, the stage since the
// last update, escalation 1 for the escalated incident 5).
func wantIncidents(ids ...int64) []data.Incident {
	all := fixtureIncidents()
	for i := range all {
		in := &all[i]
		if in.Priority == "" {
			in.Priority = data.PriorityNormal
		}
		if in.Version == 0 {
			in.Version = 1
		}
		if in.StageSince.IsZero() {
			in.StageSince = in.UpdatedAt
		}
		if in.Status == data.StatusEscalated && in.Escalation == 0 {
			in.Escalation = 1
		}
		in.ReportedAt, in.UpdatedAt, in.StageSince = in.ReportedAt.UTC(), in.UpdatedAt.UTC(), in.StageSince.UTC()
		if in.ResolvedAt != nil {
			t := in.ResolvedAt.UTC()
			in.ResolvedAt = &t
		}
		if in.Parties == nil {
			in.Parties = []string{}
		}
		in.Mediators = slices.Sorted(slices.Values(in.Mediators))
		if in.Mediators == nil {
			in.Mediators = []int64{}
		}
	}
	all[4].UpdatedAt = time.Date(2024, 3, 16, 3, 4, 5, 123456000, time.UTC)
	all[4].StageSince = all[4].UpdatedAt
	reply := all[4].StageSince // the escalated petition's reply clock (domain.ReplyClockStart)
	all[4].ReplySince = &reply
	if ids == nil {
		return all
	}
	out := []data.Incident{}
	for _, id := range ids {
		out = append(out, all[id-1]) // fixture IDs are 1..7 in order
	}
	return out
}

func wantResidents(ids ...int64) []data.Resident {
	out := []data.Resident{}
	for _, id := range ids {
		for _, r := range Fixture().Residents {
			if r.ID == id {
				out = append(out, r)
			}
		}
	}
	return out
}

func wantMediators(ids ...int64) []data.Mediator {
	out := []data.Mediator{}
	for _, id := range ids {
		for _, m := range Fixture().Mediators {
			if m.ID == id {
				out = append(out, m)
			}
		}
	}
	return out
}
