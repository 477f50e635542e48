package domain_test

import (
	"reflect"
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

// TestWorkersByCell: each worker is listed under each of its cells,
// ordered by ID, with all its cells in order, in a copy of its own.
func TestWorkersByCell(t *testing.T) {
	link := func(id int64, name, cell string) data.GridWorker {
		return data.GridWorker{ID: id, Name: name, Cells: []string{cell}}
	}
	got := domain.WorkersByCell([]data.GridWorker{link(2, "b", "c2"), link(1, "a", "c2"), link(1, "a", "c1")})
	for _, tt := range []struct {
		cell string
		want []data.GridWorker
	}{
		{"c1", []data.GridWorker{{ID: 1, Name: "a", Cells: []string{"c1", "c2"}}}},
		{"c2", []data.GridWorker{{ID: 1, Name: "a", Cells: []string{"c1", "c2"}}, {ID: 2, Name: "b", Cells: []string{"c2"}}}},
		{"c3", nil},
	} {
		if !reflect.DeepEqual(got[tt.cell], tt.want) {
			t.Errorf("WorkersByCell()[%s] = %+v; want %+v", tt.cell, got[tt.cell], tt.want)
		}
	}
	// Each cell's copy is its own: changing one leaves the others alone.
	got["c1"][0].Cells[0] = "x"
	if got["c2"][0].Cells[0] != "c1" {
		t.Errorf("WorkersByCell() shares Cells between cells")
	}
}
