package storetest

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func testIncidents(t *testing.T, s data.Store) {
	load(t, s)
	a1 := orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	corner := orb.Bound{Min: orb.Point{x1, y1}, Max: orb.Point{x1, y1}}
	tests := []struct {
		name  string
		f     data.IncidentFilter
		want  []int64
		total int
	}{
		{"all by ID", data.IncidentFilter{}, []int64{1, 2, 3, 4, 5, 6, 7}, 7},
		{"newest first, ties by ID descending", data.IncidentFilter{NewestFirst: true}, []int64{6, 5, 3, 7, 2, 1, 4}, 7},
		{"limit and offset", data.IncidentFilter{Limit: 2, Offset: 1}, []int64{2, 3}, 7},
		{"offset without limit", data.IncidentFilter{Offset: 5}, []int64{6, 7}, 7},
		{"offset past the end", data.IncidentFilter{Offset: 7}, []int64{}, 7},
		{"newest first page", data.IncidentFilter{NewestFirst: true, Limit: 3}, []int64{6, 5, 3}, 7},
		{"cell", data.IncidentFilter{CellCode: CellA1}, []int64{1, 2, 6}, 3},
		{"cell without incidents", data.IncidentFilter{CellCode: CellB2}, []int64{}, 0},
		{"unit", data.IncidentFilter{UnitCode: UnitB}, []int64{4, 5}, 2},
		{"cell outside unit", data.IncidentFilter{CellCode: CellB1, UnitCode: UnitA}, []int64{}, 0},
		{"statuses", data.IncidentFilter{Statuses: []string{data.StatusReported, data.StatusMediating}}, []int64{1, 3, 7}, 3},
		{"empty statuses do not filter", data.IncidentFilter{Statuses: []string{}}, []int64{1, 2, 3, 4, 5, 6, 7}, 7},
		{"types", data.IncidentFilter{Types: []string{"劳资", "邻里纠纷", "未知"}}, []int64{1, 4}, 2},
		{"from inclusive, to exclusive", data.IncidentFilter{From: utc(2024, 2, 1, 0), To: utc(2024, 3, 15, 2)}, []int64{2, 7}, 2},
		{"from only", data.IncidentFilter{From: utc(2024, 3, 15, 2)}, []int64{3, 5, 6}, 3},
		{"to only", data.IncidentFilter{To: utc(2024, 1, 5, 2)}, []int64{4}, 1},
		{"times in another zone", data.IncidentFilter{From: time.Date(2024, 2, 1, 8, 0, 0, 0, cst), To: time.Date(2024, 3, 15, 10, 0, 0, 0, cst)}, []int64{2, 7}, 2},
		{"bbox with edges and corner", data.IncidentFilter{BBox: &a1}, []int64{1, 2, 6, 7}, 4},
		{"bbox of one point", data.IncidentFilter{BBox: &corner}, []int64{6}, 1},
		{"bbox just short of an edge", data.IncidentFilter{BBox: &orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, math.Nextafter(y1, 0)}}}, []int64{1, 2}, 2},
		{"cells, any of", data.IncidentFilter{Cells: []string{CellB1, CellA2}}, []int64{3, 4, 5, 7}, 4},
		{"cells, empty list matches nothing", data.IncidentFilter{Cells: []string{}}, []int64{}, 0},
		{"cells, unknown ones match nothing", data.IncidentFilter{Cells: []string{"500110119001009", UnitA}}, []int64{}, 0},
		{"cells and cell", data.IncidentFilter{CellCode: CellA2, Cells: []string{CellA1, CellA2}}, []int64{3, 7}, 2},
		{"units, any of", data.IncidentFilter{Units: []string{UnitB}}, []int64{4, 5}, 2},
		{"units, both", data.IncidentFilter{Units: []string{UnitB, UnitA}}, []int64{1, 2, 3, 4, 5, 6, 7}, 7},
		{"units, empty list matches nothing", data.IncidentFilter{Units: []string{}}, []int64{}, 0},
		{"units and unit", data.IncidentFilter{UnitCode: UnitA, Units: []string{UnitB}}, []int64{}, 0},
		{"units and cells", data.IncidentFilter{Units: []string{UnitA}, Cells: []string{CellA2, CellB1}}, []int64{3, 7}, 2},
		{"mediator", data.IncidentFilter{MediatorID: 405}, []int64{4, 5}, 2},
		{"mediator of two incidents", data.IncidentFilter{MediatorID: 403}, []int64{2, 3}, 2},
		{"town centre mediator", data.IncidentFilter{MediatorID: 401}, []int64{5}, 1},
		{"mediator without incidents", data.IncidentFilter{MediatorID: 402}, []int64{}, 0},
		{"unknown mediator", data.IncidentFilter{MediatorID: 499}, []int64{}, 0},
		{"mediator within cells", data.IncidentFilter{MediatorID: 404, Cells: []string{CellA1}}, []int64{2}, 1},
		{"work list: types, mediator, unit scope and open statuses at once", data.IncidentFilter{Units: []string{UnitA}, MediatorID: 403,
			Types: []string{"婚姻家庭", "征地拆迁"}, Statuses: data.OpenStatuses, NewestFirst: true}, []int64{3}, 1},
		{"work list: a type no case of the mediator's has", data.IncidentFilter{MediatorID: 405, Types: []string{"邻里纠纷"}}, []int64{}, 0},
		{"unit scope, newest first page", data.IncidentFilter{Units: []string{UnitA}, NewestFirst: true, Limit: 2}, []int64{6, 3}, 5},
		{"everything at once", data.IncidentFilter{UnitCode: UnitA, Statuses: data.OpenStatuses, NewestFirst: true,
			From: utc(2024, 1, 1, 0), To: utc(2025, 1, 1, 0), BBox: &orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y2}}, Limit: 3},
			[]int64{6, 3, 7}, 4},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("Incidents(%s)", tt.name)
		got, total, err := s.Incidents(t.Context(), tt.f)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		equal(t, call, got, wantIncidents(tt.want...))
		if total != tt.total {
			t.Errorf("%s total = %d; want %d", call, total, tt.total)
		}
	}
}

func testIncidentsInvalid(t *testing.T, s data.Store) {
	load(t, s)
	tests := []struct {
		f    data.IncidentFilter
		code string
	}{
		{data.IncidentFilter{Limit: -1}, data.EINVALID},
		{data.IncidentFilter{Offset: -1}, data.EINVALID},
		{data.IncidentFilter{Statuses: []string{data.StatusReported, "open"}}, data.EINVALID},
		{data.IncidentFilter{Statuses: []string{""}}, data.EINVALID},
		{data.IncidentFilter{CellCode: "500110119001009"}, data.ENOTFOUND},
		{data.IncidentFilter{UnitCode: "500110119009"}, data.ENOTFOUND},
		{data.IncidentFilter{CellCode: CellA1, UnitCode: "500110119009"}, data.ENOTFOUND},
	}
	for _, tt := range tests {
		_, _, err := s.Incidents(t.Context(), tt.f)
		wantCode(t, fmt.Sprintf("Incidents(%+v)", tt.f), err, tt.code)
	}
}

func testIncident(t *testing.T, s data.Store) {
	load(t, s)
	for _, want := range wantIncidents() {
		got, err := s.Incident(t.Context(), want.ID)
		ok(t, fmt.Sprint("Incident(", want.ID, ")"), err)
		equal(t, fmt.Sprint("Incident(", want.ID, ")"), *got, want)
	}
	for _, id := range []int64{0, -1, 8, 301} {
		_, err := s.Incident(t.Context(), id)
		wantCode(t, fmt.Sprint("Incident(", id, ")"), err, data.ENOTFOUND)
	}
}

func testIncidentCounts(t *testing.T, s data.Store) {
	load(t, s)
	counts := func(reported, accepted, mediating, resolved, escalated, closed int) map[string]int {
		return map[string]int{data.StatusReported: reported, data.StatusAccepted: accepted, data.StatusMediating: mediating,
			data.StatusResolved: resolved, data.StatusEscalated: escalated, data.StatusClosed: closed, data.StatusDuplicate: 0}
	}
	tests := []struct {
		cell string
		want map[string]int
	}{
		{"", counts(2, 1, 1, 1, 1, 1)},
		{CellA1, counts(1, 1, 0, 1, 0, 0)},
		{CellB1, counts(0, 0, 0, 0, 1, 1)},
		{CellB2, counts(0, 0, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		got, err := s.IncidentCounts(t.Context(), tt.cell)
		ok(t, "IncidentCounts("+tt.cell+")", err)
		equal(t, "IncidentCounts("+tt.cell+")", got, tt.want)
	}
	for _, code := range []string{"500110119001009", UnitA} {
		_, err := s.IncidentCounts(t.Context(), code)
		wantCode(t, "IncidentCounts("+code+")", err, data.ENOTFOUND)
	}
}

// testIncidentFacts checks that the facts are the incidents' own fields,
// oldest report first (3 and 5 share an instant: by ID), and that an error
// of the callback stops the walk and comes back unchanged.
func testIncidentFacts(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	var got []data.IncidentFact
	err := s.IncidentFacts(ctx, func(f *data.IncidentFact) error {
		got = append(got, *f)
		return nil
	})
	ok(t, "IncidentFacts()", err)
	var ids []int64
	for _, f := range got {
		ids = append(ids, f.ID)
		in, err := s.Incident(ctx, f.ID)
		ok(t, "Incident()", err)
		want := data.IncidentFact{ID: in.ID, CellCode: in.CellCode, Type: in.Type, Status: in.Status,
			Escalation: in.Escalation, ReportedAt: in.ReportedAt, StageSince: in.StageSince, FollowupPassed: in.FollowupPassedAt != nil}
		if in.ResolvedAt != nil {
			want.ResolvedAt = *in.ResolvedAt
		}
		if in.ReplySince != nil {
			want.ReplySince = *in.ReplySince
		}
		equal(t, "IncidentFacts() fact", f, want)
	}
	equal(t, "IncidentFacts() order", ids, []int64{4, 1, 2, 7, 3, 5, 6})

	stop := errors.New("stop")
	n := 0
	err = s.IncidentFacts(ctx, func(*data.IncidentFact) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("IncidentFacts(failing fn) = %v after %d calls; want the fn's error after 1", err, n)
	}
}
