package sqlstore

import (
	"reflect"
	"testing"

	"gridmap/data"
)

func TestByCell(t *testing.T) {
	got := byCell(map[int64]*data.GridWorker{
		2: {ID: 2, Name: "b", Cells: []string{"c2"}},
		1: {ID: 1, Name: "a", Cells: []string{"c2", "c1"}},
	})
	want := []data.GridWorker{
		{ID: 1, Name: "a", Cells: []string{"c1", "c2"}},
		{ID: 2, Name: "b", Cells: []string{"c2"}},
	}
	if !reflect.DeepEqual(got["c2"], want) {
		t.Errorf("byCell()[c2] = %+v; want %+v", got["c2"], want)
	}
	if ws := got["c3"]; ws != nil {
		t.Errorf("byCell()[c3] = %#v; want none", ws)
	}
	// Each cell's copy is its own: changing one leaves the others alone.
	got["c1"][0].Cells[0] = "x"
	if got["c2"][0].Cells[0] != "c1" {
		t.Errorf("byCell() shares Cells between cells")
	}
}
