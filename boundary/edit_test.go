package boundary

import (
	"errors"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

const unit = "500110119001"

// square is a cell of side 0.01° with its lower left corner at (x, 0) and
// a vertex in the middle of each vertical side.
func square(code string, x float64) data.Cell {
	return data.Cell{Code: code, Name: code[len(unit):], UnitCode: unit, UnitName: "新华村", Kind: "rural",
		Geometry: orb.Polygon{{{x, 0}, {x + 0.01, 0}, {x + 0.01, 0.005}, {x + 0.01, 0.01}, {x, 0.01}, {x, 0.005}, {x, 0}}}}
}

// twoCells is a version of two neighbouring cells, A west of B.
func twoCells(t *testing.T) ([]data.Cell, *geo.Topology) {
	t.Helper()
	base := []data.Cell{square(unit+"001", 0), square(unit+"002", 0.01)}
	top, err := geo.BuildTopology([]orb.Polygon{base[0].Geometry, base[1].Geometry})
	if err != nil {
		t.Fatal(err)
	}
	return base, top
}

// invalidField is the field an EINVALID error names, "" for any other error.
func invalidField(err error) string {
	var e *data.Error
	if errors.As(err, &e) && e.Code == data.EINVALID {
		return e.Field
	}
	return ""
}

func pt(x, y float64) *orb.Point { return &orb.Point{x, y} }

func TestEditMovesASharedVertex(t *testing.T) {
	base, top := twoCells(t)
	e := NewEdit(base, top, nil)
	if err := e.Apply(0, Operation{Op: "move_vertex", From: pt(0.01, 0.005), To: pt(0.012, 0.005)}); err != nil {
		t.Fatal(err)
	}
	if ps := e.Problems(false); len(ps) != 0 {
		t.Errorf("Problems = %v; want none", ps)
	}
	c, err := e.Change(data.BoundaryChange{Base: 1, Reason: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Base != 1 || c.Reason != "r" || len(c.Cells) != 2 || len(c.Removed) != 0 || c.Cells[0].New || c.Cells[1].New {
		t.Errorf("Change = %+v; want base 1, both cells reshaped, none new or removed", c)
	}
	if !slices.Contains(c.Cells[0].Geometry[0], orb.Point{0.012, 0.005}) {
		t.Errorf("cell A = %v; want the moved vertex in it", c.Cells[0].Geometry)
	}
}

func TestEditSplitTakesTheNextUnusedCode(t *testing.T) {
	base, top := twoCells(t)
	// Version 2 once added cell 005 (removed since): its code is not given again.
	e := NewEdit(base, top, []data.BoundaryVersion{{Number: 2, Added: []string{unit + "005"}}, {Number: 1, Added: []string{unit + "001", unit + "002"}}})
	line := orb.LineString{{0, 0.005}, {0.005, 0.005}, {0.01, 0.005}}
	if err := e.Apply(0, Operation{Op: "split", Cell: unit + "001", Line: line}); err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(1, Operation{Op: "split", Cell: unit + "002", Line: orb.LineString{{0.01, 0.005}, {0.02, 0.005}}, Name: " 新网格 "}); err != nil {
		t.Fatal(err)
	}
	c, err := e.Change(data.BoundaryChange{Base: 2})
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, sh := range c.Cells {
		if sh.New {
			added = append(added, sh.Code+" "+sh.Name)
		}
	}
	want := []string{unit + "006 新华村第6网格", unit + "007 新网格"}
	if !slices.Equal(added, want) {
		t.Errorf("new cells = %q; want %q", added, want)
	}
}

func TestEditMergeRemovesTheSecondCell(t *testing.T) {
	base, top := twoCells(t)
	e := NewEdit(base, top, nil)
	if err := e.Apply(0, Operation{Op: "merge", Cells: []string{unit + "001", unit + "002"}}); err != nil {
		t.Fatal(err)
	}
	c, err := e.Change(data.BoundaryChange{Base: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Removed, []string{unit + "002"}) || len(c.Cells) != 1 || c.Cells[0].Code != unit+"001" {
		t.Errorf("Change = removed %v, cells %d; want 002 removed, 001 reshaped", c.Removed, len(c.Cells))
	}
	if r := e.Removed(); len(r) != 1 || r[0].Code != unit+"002" {
		t.Errorf("Removed = %v; want cell 002", r)
	}
}

func TestEditRefusals(t *testing.T) {
	cases := []struct {
		name  string
		ops   []Operation
		field string
	}{
		{"an unknown operation", []Operation{{Op: "frobnicate"}}, "operations[0]"},
		{"move_vertex without to", []Operation{{Op: "move_vertex", From: pt(0.01, 0.005)}}, "operations[0]"},
		{"no vertex there", []Operation{{Op: "move_vertex", From: pt(0.003, 0.003), To: pt(0.004, 0.004)}}, "operations[0]"},
		{"deleting where boundaries meet", []Operation{{Op: "delete_vertex", At: pt(0.01, 0)}}, "operations[0]"},
		{"merging a cell with itself", []Operation{{Op: "merge", Cells: []string{unit + "001", unit + "001"}}}, "operations[0]"},
		{"merging a cell merged away", []Operation{
			{Op: "merge", Cells: []string{unit + "001", unit + "002"}},
			{Op: "merge", Cells: []string{unit + "002", unit + "001"}}}, "operations[1]"},
		{"a split line off the boundary", []Operation{{Op: "split", Cell: unit + "001", Line: orb.LineString{{0.002, 0.005}, {0.01, 0.005}}}}, "operations[0]"},
	}
	for _, c := range cases {
		base, top := twoCells(t)
		e := NewEdit(base, top, nil)
		var err error
		for i, op := range c.ops {
			if err = e.Apply(i, op); err != nil {
				break
			}
		}
		if got := invalidField(err); got != c.field {
			t.Errorf("%s: Apply = %v; want EINVALID naming %s", c.name, err, c.field)
		}
	}
}

func TestEditThatChangesNothing(t *testing.T) {
	base, top := twoCells(t)
	e := NewEdit(base, top, nil)
	for i, op := range []Operation{
		{Op: "move_vertex", From: pt(0.01, 0.005), To: pt(0.012, 0.005)},
		{Op: "move_vertex", From: pt(0.012, 0.005), To: pt(0.01, 0.005)},
	} {
		if err := e.Apply(i, op); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Change(data.BoundaryChange{Base: 1}); invalidField(err) != "operations" {
		t.Errorf("Change = %v; want EINVALID naming operations", err)
	}
}

func TestRestore(t *testing.T) {
	old := []data.Cell{square(unit+"001", 0), square(unit+"002", 0.01)}
	moved := square(unit+"001", 0)
	moved.Name = "改名"
	cur := []data.Cell{moved, square(unit+"003", 0.01)}
	c, removed, err := Restore(old, cur, data.BoundaryChange{Base: 3, Restores: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sh := range c.Cells {
		got = append(got, sh.Code+map[bool]string{true: " new", false: ""}[sh.New])
	}
	if !slices.Equal(got, []string{unit + "001", unit + "002 new"}) || !slices.Equal(c.Removed, []string{unit + "003"}) ||
		len(removed) != 1 || removed[0].Code != unit+"003" || c.Restores != 1 {
		t.Errorf("Restore = cells %v, removed %v (%d cells), restores %d; want 001 and 002 new, 003 removed, restores 1",
			got, c.Removed, len(removed), c.Restores)
	}
	if _, _, err := Restore(old, old, data.BoundaryChange{Base: 3, Restores: 1}); invalidField(err) != "n" {
		t.Errorf("Restore of the same cells = %v; want EINVALID naming n", err)
	}
}

func TestSummarise(t *testing.T) {
	imp := &data.BoundaryImpact{
		Households: []data.Move{{From: "B", To: "A", Residents: 3}, {From: "A", To: "B", Residents: 2}, {From: "B", To: "A", Residents: 4}},
		Incidents:  []data.Move{{From: "A", To: "B"}},
	}
	got := Summarise(imp)
	want := []PairMoves{{From: "A", To: "B", Households: 1, Residents: 2, Incidents: 1}, {From: "B", To: "A", Households: 2, Residents: 7}}
	if !slices.Equal(got, want) {
		t.Errorf("Summarise = %+v; want %+v", got, want)
	}
	if got := Summarise(&data.BoundaryImpact{}); got == nil || len(got) != 0 {
		t.Errorf("Summarise(no moves) = %#v; want an empty list, not nil", got)
	}
}
