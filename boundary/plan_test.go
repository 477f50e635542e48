package boundary

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

func rect(minx, miny, maxx, maxy float64) orb.Polygon {
	return orb.Polygon{{{minx, miny}, {maxx, miny}, {maxx, maxy}, {minx, maxy}, {minx, miny}}}
}

// TestHeir: a removed cell's assignments go to the new cell that covers
// most of it, ties to the lower code, and nowhere when nothing covers it.
func TestHeir(t *testing.T) {
	removed := rect(0, 0, 10, 10)
	tests := []struct {
		name  string
		cells []data.CellShape
		want  string
	}{
		{"larger share wins over lower code", []data.CellShape{
			{Code: "a", Geometry: rect(7, 0, 10, 10)}, {Code: "b", Geometry: rect(0, 0, 7, 10)}}, "b"},
		{"tie to the lower code", []data.CellShape{
			{Code: "b", Geometry: rect(0, 0, 5, 10)}, {Code: "a", Geometry: rect(5, 0, 10, 10)}}, "a"},
		{"partly covered", []data.CellShape{
			{Code: "a", Geometry: rect(9, 0, 20, 10)}, {Code: "b", Geometry: rect(-5, -5, 2, 20)}}, "b"},
		{"not covered", []data.CellShape{{Code: "a", Geometry: rect(20, 0, 30, 10)}}, ""},
	}
	for _, tt := range tests {
		ix := shapeIndex(tt.cells)
		if got := heir(removed, ix, tt.cells); got != tt.want {
			t.Errorf("%s: heir() = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestPlanChangeDropsUncovered: an assignment to a removed cell that no
// new cell covers is dropped, and reported with To "".
func TestPlanChangeDropsUncovered(t *testing.T) {
	st := &State{Version: 3, Units: map[string]bool{"u": true}, Used: map[string]bool{"c1": true, "c2": true},
		Cells:   []data.CellShape{{Code: "c1", Geometry: rect(0, 0, 1, 1)}, {Code: "c2", Geometry: rect(1, 0, 2, 1)}},
		Workers: []Assignment{{ID: 5, Cell: "c2"}, {ID: 5, Cell: "c1"}}, Users: []Assignment{{ID: 9, Cell: "c2"}}}
	c := &data.BoundaryChange{Base: 3, Removed: []string{"c2"}}
	p, err := PlanChange(c, st)
	if err != nil {
		t.Fatalf("PlanChange(remove c2) = %v", err)
	}
	if got := p.Impact.GridWorkers; len(got) != 1 || got[0] != (data.Move{ID: 5, From: "c2"}) {
		t.Errorf("PlanChange(remove c2).GridWorkers = %+v; want [{5 c2 \"\"}]", got)
	}
	if got := p.Impact.Users; len(got) != 1 || got[0] != (data.Move{ID: 9, From: "c2"}) {
		t.Errorf("PlanChange(remove c2).Users = %+v; want [{9 c2 \"\"}]", got)
	}
	if p.Version.Number != 4 || p.Version.Moved.Assignments != 2 {
		t.Errorf("PlanChange(remove c2).Version = %+v; want number 4, 2 assignments", p.Version)
	}
	if _, err := PlanChange(&data.BoundaryChange{Base: 2, Removed: []string{"c2"}}, st); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("PlanChange(base 2 at version 3) = %v; want code %q", err, data.ECONFLICT)
	}
}

// TestMoveEvents: each incident a plan moves gets one "reassigned" event,
// by the version's author at its time, its note naming the version and
// both cells; a plan that moves none gets none.
func TestMoveEvents(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p := &Plan{Version: data.BoundaryVersion{Number: 4, AuthorID: 7, AuthorName: "王五", CreatedAt: at}}
	if got := p.MoveEvents(); len(got) != 0 {
		t.Errorf("MoveEvents() of no moves = %+v; want none", got)
	}
	p.Impact.Incidents = []data.Move{{ID: 3, From: "a", To: "b"}, {ID: 9, From: "c", To: "a"}}
	want := []data.IncidentEvent{
		{IncidentID: 3, At: at, ActorID: 7, ActorName: "王五", Kind: data.EventReassigned, Note: "boundary version 4: from a to b"},
		{IncidentID: 9, At: at, ActorID: 7, ActorName: "王五", Kind: data.EventReassigned, Note: "boundary version 4: from c to a"},
	}
	if got := p.MoveEvents(); !reflect.DeepEqual(got, want) {
		t.Errorf("MoveEvents() = %+v; want %+v", got, want)
	}
}

// TestPlanChangeRestoresAnEarlierVersion: only a version before the
// current one can be restored, whatever the base.
func TestPlanChangeRestoresAnEarlierVersion(t *testing.T) {
	st := &State{Version: 3}
	for _, c := range []data.BoundaryChange{{Base: 3, Restores: 3}, {Base: 2, Restores: 4}} {
		_, err := PlanChange(&c, st)
		var e *data.Error
		if !errors.As(err, &e) || e.Code != data.EINVALID || e.Field != "restores" {
			t.Errorf("PlanChange(restores %d at version 3) = %v; want EINVALID naming restores", c.Restores, err)
		}
	}
}

// TestChangedRegion: the bound of the old and new shapes a change
// touches, padded; empty when the change names no shape.
func TestChangedRegion(t *testing.T) {
	current := []data.CellShape{{Code: "c1", Geometry: rect(0, 0, 1, 1)}, {Code: "c2", Geometry: rect(1, 0, 2, 1)}, {Code: "c3", Geometry: rect(5, 5, 6, 6)}}
	c := &data.BoundaryChange{Cells: []data.CellShape{{Code: "c1", Geometry: rect(0, 0, 1, 3)}}, Removed: []string{"c2"}}
	b, removed := ChangedRegion(c, current)
	if !b.Contains(orb.Point{0, 0}) || !b.Contains(orb.Point{2, 3}) || b.Contains(orb.Point{5.5, 5.5}) || len(removed) != 1 || removed[0] != "c2" {
		t.Errorf("ChangedRegion(reshape c1, remove c2) = %v, %v; want [0,0]-[2,3] padded, [c2]", b, removed)
	}
	b, removed = ChangedRegion(&data.BoundaryChange{Removed: []string{"c9"}}, current)
	if b.Contains(orb.Point{0.5, 0.5}) || b.Contains(orb.Point{1, 1}) || len(removed) != 1 {
		t.Errorf("ChangedRegion(remove an unknown cell) = %v, %v; want an empty bound, [c9]", b, removed)
	}
}
