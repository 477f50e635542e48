package storetest

import (
	"fmt"
	"strings"
	"testing"

	"gridmap/data"
)

func testTown(t *testing.T, s data.Store) {
	load(t, s)
	got, err := s.Town(t.Context())
	ok(t, "Town()", err)
	equal(t, "Town()", *got, Fixture().Town)
}

func testUnits(t *testing.T, s data.Store) {
	load(t, s)
	got, err := s.Units(t.Context())
	ok(t, "Units()", err)
	equal(t, "Units()", got, wantUnits())
}

func testUnit(t *testing.T, s data.Store) {
	load(t, s)
	for _, want := range wantUnits() {
		got, err := s.Unit(t.Context(), want.Code)
		ok(t, "Unit("+want.Code+")", err)
		equal(t, "Unit("+want.Code+")", *got, want)
	}
	for _, code := range []string{"", "500110119002", UnitA + " ", CellA1} {
		_, err := s.Unit(t.Context(), code)
		wantCode(t, "Unit("+code+")", err, data.ENOTFOUND)
	}
}

func testCells(t *testing.T, s data.Store) {
	load(t, s)
	got, err := s.Cells(t.Context())
	ok(t, "Cells()", err)
	equal(t, "Cells()", got, wantCells())
}

func testCell(t *testing.T, s data.Store) {
	load(t, s)
	for _, want := range wantCells() {
		got, err := s.Cell(t.Context(), want.Code)
		ok(t, "Cell("+want.Code+")", err)
		equal(t, "Cell("+want.Code+")", *got, want)
	}
	// Worker 11 serves A1 and A2: whichever cell is asked for, it lists both.
	a2, err := s.Cell(t.Context(), CellA2)
	ok(t, "Cell(A2)", err)
	if len(a2.GridWorkers) != 1 || strings.Join(a2.GridWorkers[0].Cells, ",") != CellA1+","+CellA2 {
		t.Errorf("Cell(A2).GridWorkers = %+v; want worker 11 serving A1 and A2", a2.GridWorkers)
	}
	for _, code := range []string{"", "500110119001003", UnitA} {
		_, err := s.Cell(t.Context(), code)
		wantCode(t, "Cell("+code+")", err, data.ENOTFOUND)
	}
}

// testJSONEmptyLists: an API client sees [] rather than null for a cell
// without grid workers and an incident without parties.
func testJSONEmptyLists(t *testing.T, s data.Store) {
	load(t, s)
	cells, err := s.Cells(t.Context())
	ok(t, "Cells()", err)
	b2, err := s.Cell(t.Context(), CellB2)
	ok(t, "Cell(B2)", err)
	for _, c := range []data.Cell{cells[3], *b2} {
		if js := jsonOf(t, c); !strings.Contains(js, `"grid_workers":[]`) {
			t.Errorf("JSON of cell %s = %s; want grid_workers []", c.Code, js)
		}
	}
	in, err := s.Incident(t.Context(), 4)
	ok(t, "Incident(4)", err)
	if js := jsonOf(t, in); !strings.Contains(js, `"parties":[]`) {
		t.Errorf("JSON of incident 4 = %s; want parties []", js)
	}
	for _, id := range []int64{1, 6} { // none given; an empty list given
		in, err := s.Incident(t.Context(), id)
		ok(t, fmt.Sprint("Incident(", id, ")"), err)
		if js := jsonOf(t, in); !strings.Contains(js, `"mediators":[]`) {
			t.Errorf("JSON of incident %d = %s; want mediators []", id, js)
		}
	}
	list, _, err := s.Incidents(t.Context(), data.IncidentFilter{CellCode: CellA2})
	ok(t, "Incidents(A2)", err)
	if js := jsonOf(t, list); !strings.Contains(js, `"parties":[]`) || !strings.Contains(js, `"mediators":[]`) {
		t.Errorf("JSON of A2's incidents = %s; want incident 3's parties [] and incident 7's mediators []", js)
	}
}

// testOpenIncidentsByCell: the open incident counts of the cells that have
// any, as Cells derives them, before and after a report.
func testOpenIncidentsByCell(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	want := map[string]int{}
	for _, c := range wantCells() {
		if c.OpenIncidents > 0 {
			want[c.Code] = c.OpenIncidents
		}
	}
	got, err := s.OpenIncidentsByCell(ctx)
	ok(t, "OpenIncidentsByCell()", err)
	equal(t, "OpenIncidentsByCell()", got, want)
	_, _, err = s.CreateIncident(ctx, report(), "")
	ok(t, "CreateIncident(report)", err)
	want[CellA1]++
	got, err = s.OpenIncidentsByCell(ctx)
	ok(t, "OpenIncidentsByCell() after a report", err)
	equal(t, "OpenIncidentsByCell() after a report", got, want)
	cells, err := s.Cells(ctx)
	ok(t, "Cells()", err)
	for _, c := range cells {
		if got[c.Code] != c.OpenIncidents {
			t.Errorf("OpenIncidentsByCell()[%s] = %d; Cells() says %d", c.Code, got[c.Code], c.OpenIncidents)
		}
	}
}
