package contract

import (
	"reflect"
	"testing"
	"time"

	"gridmap/data"
)

func TestTime(t *testing.T) {
	in := time.Date(2024, 3, 16, 11, 4, 5, 123456789, time.FixedZone("CST", 8*3600))
	want := time.Date(2024, 3, 16, 3, 4, 5, 123456000, time.UTC)
	if got := Time(in); got != want {
		t.Errorf("Time(%v) = %v; want %v", in, got, want)
	}
}

func TestWorkers(t *testing.T) {
	w := func(id int64, name string) data.GridWorker { return data.GridWorker{ID: id, Name: name, Phone: "1"} }
	cells := []data.Cell{
		{Code: "c2", GridWorkers: []data.GridWorker{w(2, "b"), w(1, "a")}},
		{Code: "c1", GridWorkers: []data.GridWorker{w(1, "a")}},
	}
	got, err := Workers(cells)
	want := []data.GridWorker{
		{ID: 1, Name: "a", Phone: "1", Cells: []string{"c1", "c2"}},
		{ID: 2, Name: "b", Phone: "1", Cells: []string{"c2"}},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Workers() = %+v, %v; want %+v", got, err, want)
	}
	cells[1].GridWorkers[0].Name = "other"
	if _, err := Workers(cells); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("Workers(worker 1 with two names) = %v; want code %q", err, data.EINVALID)
	}
}

func TestWorkersByCell(t *testing.T) {
	byCell := WorkersByCell([]WorkerLink{
		{CellCode: "c2", ID: 2, Name: "b"},
		{CellCode: "c2", ID: 1, Name: "a"},
		{CellCode: "c1", ID: 1, Name: "a"},
	})
	want := []data.GridWorker{
		{ID: 1, Name: "a", Cells: []string{"c1", "c2"}},
		{ID: 2, Name: "b", Cells: []string{"c2"}},
	}
	if got := CellWorkers(byCell, "c2"); !reflect.DeepEqual(got, want) {
		t.Errorf("WorkersByCell()[c2] = %+v; want %+v", got, want)
	}
	if got := CellWorkers(byCell, "c3"); got == nil || len(got) != 0 {
		t.Errorf("CellWorkers(c3) = %#v; want an empty, non-nil list", got)
	}
	// Each cell's copy is its own: changing one leaves the others alone.
	byCell["c1"][0].Cells[0] = "x"
	if byCell["c2"][0].Cells[0] != "c1" {
		t.Errorf("WorkersByCell() shares Cells between cells")
	}
}
