package storetest

import (
	"strings"
	"sync"
	"testing"

	"gridmap/data"
)

// wantEmpty checks that s holds nothing, as a new store or after a failed
// Load.
func wantEmpty(t *testing.T, s data.Store) {
	t.Helper()
	ctx := t.Context()
	_, err := s.Town(ctx)
	wantCode(t, "Town() on an empty store", err, data.ENOTFOUND)
	units, err := s.Units(ctx)
	ok(t, "Units()", err)
	equal(t, "Units()", units, []data.Unit{})
	cells, err := s.Cells(ctx)
	ok(t, "Cells()", err)
	equal(t, "Cells()", cells, []data.Cell{})
	ms, err := s.Mediators(ctx, data.MediatorFilter{})
	ok(t, "Mediators()", err)
	equal(t, "Mediators()", ms, []data.Mediator{})
	is, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	equal(t, "Incidents()", is, []data.Incident{})
	if total != 0 {
		t.Errorf("Incidents() total = %d; want 0", total)
	}
	counts, err := s.IncidentCounts(ctx, "")
	ok(t, "IncidentCounts()", err)
	equal(t, "IncidentCounts()", counts, map[string]int{"reported": 0, "accepted": 0, "mediating": 0,
		"resolved": 0, "escalated": 0, "closed": 0, "duplicate": 0})
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision()", rev, data.Revision{})
	users, err := s.Users(ctx)
	ok(t, "Users()", err)
	equal(t, "Users()", users, []data.User{})
	audit, total, err := s.Audit(ctx, data.AuditFilter{})
	ok(t, "Audit()", err)
	equal(t, "Audit()", audit, []data.AuditEntry{})
	if total != 0 {
		t.Errorf("Audit() total = %d; want 0", total)
	}
}

func testEmptyStore(t *testing.T, s data.Store) {
	wantEmpty(t, s)
	_, err := s.Unit(t.Context(), UnitA)
	wantCode(t, "Unit(A)", err, data.ENOTFOUND)
	_, err = s.Cell(t.Context(), CellA1)
	wantCode(t, "Cell(A1)", err, data.ENOTFOUND)
	_, _, err = s.Residents(t.Context(), data.ResidentFilter{CellCode: CellA1})
	wantCode(t, "Residents(A1)", err, data.ENOTFOUND)
	_, err = s.IncidentCounts(t.Context(), CellA1)
	wantCode(t, "IncidentCounts(A1)", err, data.ENOTFOUND)
	_, err = s.Incident(t.Context(), 1)
	wantCode(t, "Incident(1)", err, data.ENOTFOUND)
}

func testRevision(t *testing.T, s data.Store) {
	load(t, s)
	rev, err := s.Revision(t.Context())
	ok(t, "Revision()", err)
	equal(t, "Revision() after Load", rev, data.Revision{Cells: 1, Incidents: 1})
}

func testLoadTwice(t *testing.T, s data.Store) {
	load(t, s)
	other := Fixture()
	other.Town.Name = "另一个镇"
	for _, d := range []*data.Dataset{Fixture(), other} {
		wantCode(t, "second Load()", s.Load(t.Context(), d), data.ECONFLICT)
	}
	town, err := s.Town(t.Context())
	ok(t, "Town()", err)
	equal(t, "Town() after a refused Load", *town, Fixture().Town)
	rev, err := s.Revision(t.Context())
	ok(t, "Revision()", err)
	equal(t, "Revision() after a refused Load", rev, data.Revision{Cells: 1, Incidents: 1})
}

// testLoadInvalid: every inconsistent data set is refused with EINVALID and
// leaves the store empty, so that the fixture still loads afterwards.
func testLoadInvalid(t *testing.T, s data.Store) {
	tests := []struct {
		name   string
		mutate func(d *data.Dataset)
	}{
		{"town without code", func(d *data.Dataset) { d.Town.Code = "" }},
		{"unit of another town", func(d *data.Dataset) { d.Units[1].TownCode = "500110120000" }},
		{"duplicate unit", func(d *data.Dataset) { d.Units[1].Code = UnitA }},
		{"unit of unknown kind", func(d *data.Dataset) { d.Units[0].Kind = "city" }},
		{"cell in unknown unit", func(d *data.Dataset) { d.Cells[3].UnitCode = "500110119009" }},
		{"duplicate cell", func(d *data.Dataset) { d.Cells[3].Code = CellA1 }},
		{"cell of unknown kind", func(d *data.Dataset) { d.Cells[0].Kind = "urban" }},
		{"grid worker with two names", func(d *data.Dataset) { d.Cells[1].GridWorkers[0].Name = "别人" }},
		{"grid worker twice in a cell", func(d *data.Dataset) {
			d.Cells[0].GridWorkers = append(d.Cells[0].GridWorkers, d.Cells[0].GridWorkers[0])
		}},
		{"household in unknown cell", func(d *data.Dataset) { d.Households[0].CellCode = "500110119001009" }},
		{"duplicate household", func(d *data.Dataset) { d.Households[1].ID = 201 }},
		{"resident in unknown cell", func(d *data.Dataset) { d.Residents[4].CellCode = "500110119001009" }},
		{"resident in unknown household", func(d *data.Dataset) { d.Residents[4].HouseholdID = 299 }},
		{"resident in another cell than the household", func(d *data.Dataset) { d.Residents[0].CellCode = CellA2 }},
		{"duplicate resident", func(d *data.Dataset) { d.Residents[4].ID = 301 }},
		{"mediator in unknown unit", func(d *data.Dataset) { d.Mediators[5].UnitCode = "500110119009" }},
		{"mediator of unknown category", func(d *data.Dataset) { d.Mediators[0].Category = "judge" }},
		{"duplicate mediator", func(d *data.Dataset) { d.Mediators[5].ID = 401 }},
		{"incident in unknown cell", func(d *data.Dataset) { d.Incidents[6].CellCode = "500110119001009" }},
		{"incident of unknown status", func(d *data.Dataset) { d.Incidents[6].Status = "open" }},
		{"incident of unknown kind", func(d *data.Dataset) { d.Incidents[6].Kind = "complaint" }},
		{"duplicate incident", func(d *data.Dataset) { d.Incidents[6].ID = 1 }},
		{"incident with unknown mediator", func(d *data.Dataset) { d.Incidents[1].Mediators = []int64{403, 499} }},
		{"incident with a grid worker as mediator", func(d *data.Dataset) { d.Incidents[0].Mediators = []int64{11} }},
		{"incident naming a mediator twice", func(d *data.Dataset) { d.Incidents[4].Mediators = []int64{405, 401, 405} }},
		{"incident of unknown priority", func(d *data.Dataset) { d.Incidents[0].Priority = "low" }},
		{"incident with a negative version", func(d *data.Dataset) { d.Incidents[0].Version = -1 }},
		{"incident with a negative reporter", func(d *data.Dataset) { d.Incidents[0].ReporterID = -1 }},
		{"incident escalated beyond the district", func(d *data.Dataset) { d.Incidents[4].Escalation = 3 }},
		{"incident with a negative escalation", func(d *data.Dataset) { d.Incidents[2].Escalation = -1 }},
		{"duplicate without its original", func(d *data.Dataset) { d.Incidents[6].Status = data.StatusDuplicate }},
		{"duplicate of an unknown incident", func(d *data.Dataset) {
			d.Incidents[6].Status, d.Incidents[6].DuplicateOf = data.StatusDuplicate, 99
		}},
		{"duplicate of itself", func(d *data.Dataset) { d.Incidents[6].Status, d.Incidents[6].DuplicateOf = data.StatusDuplicate, 7 }},
		{"original named by what is no duplicate", func(d *data.Dataset) { d.Incidents[6].DuplicateOf = 1 }},
		{"incident near an unknown cell", func(d *data.Dataset) { d.Incidents[0].NearCell = "500110119001009" }},
		{"incident at a negative distance", func(d *data.Dataset) { d.Incidents[2].NearDistanceM = -0.5 }},
	}
	wantCode(t, "Load(nil)", s.Load(t.Context(), nil), data.EINVALID)
	for _, tt := range tests {
		d := Fixture()
		tt.mutate(d)
		wantCode(t, "Load("+tt.name+")", s.Load(t.Context(), d), data.EINVALID)
	}
	wantEmpty(t, s)
	load(t, s)
}

// testConcurrentLoads: of several simultaneous Loads exactly one wins; the
// others get ECONFLICT rather than a driver's busy or duplicate-key error.
func testConcurrentLoads(t *testing.T, s data.Store) {
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = s.Load(t.Context(), Fixture()) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantCode(t, "concurrent Load", errs[i], data.ECONFLICT)
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent Loads succeeded; want 1", won, n)
	}
	cells, err := s.Cells(t.Context())
	ok(t, "Cells()", err)
	equal(t, "Cells() after concurrent Loads", cells, wantCells())
}

// testConcurrentReads: readers in parallel see the same results as one.
func testConcurrentReads(t *testing.T, s data.Store) {
	load(t, s)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				cells, err := s.Cells(t.Context())
				if err != nil || len(cells) != 4 || cells[0].OpenIncidents != 2 {
					t.Errorf("concurrent Cells() = %d cells, %v", len(cells), err)
				}
				is, total, err := s.Incidents(t.Context(), data.IncidentFilter{NewestFirst: true, Limit: 2})
				if err != nil || total != 7 || len(is) != 2 || is[0].ID != 6 {
					t.Errorf("concurrent Incidents() = %d of %d, %v", len(is), total, err)
				}
				rs, total, err := s.Residents(t.Context(), data.ResidentFilter{CellCode: CellA1})
				if err != nil || total != 3 || len(rs) != 3 {
					t.Errorf("concurrent Residents(A1) = %d of %d, %v", len(rs), total, err)
				}
			}
		})
	}
	wg.Wait()
}

// LoadKeepsIndexes: Load builds the bulk tables' indexes after their rows
// (dropped first, made again last); the indexes of a new store s after a
// load, as the query (one text column: their definitions) lists them from
// the database's catalog, are those it had before. s must implement
// SQLExecer.
func LoadKeepsIndexes(t *testing.T, s data.Store, query string) {
	t.Helper()
	x, isExecer := s.(SQLExecer)
	if !isExecer {
		t.Fatalf("%T does not implement storetest.SQLExecer", s)
	}
	indexes := func() string {
		var list string
		ok(t, "ExecSQL(indexes)", x.ExecSQL(t.Context(), query, &list))
		return list
	}
	before := indexes()
	if !strings.Contains(before, "incidents_open") {
		t.Fatalf("the indexes of a new store do not name incidents_open:\n%s", before)
	}
	ok(t, "Load(fixture)", s.Load(t.Context(), Fixture()))
	if after := indexes(); after != before {
		t.Errorf("indexes after Load:\n%s\nwant those before:\n%s", after, before)
	}
}
