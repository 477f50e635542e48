package data

import (
	"reflect"
	"testing"
)

func TestGridWorkersOf(t *testing.T) {
	w := func(id int64, name string) GridWorker { return GridWorker{ID: id, Name: name, Phone: "1"} }
	cells := []Cell{
		{Code: "c2", GridWorkers: []GridWorker{w(2, "b"), w(1, "a")}},
		{Code: "c1", GridWorkers: []GridWorker{w(1, "a")}},
	}
	got, err := GridWorkersOf(cells)
	want := []GridWorker{
		{ID: 1, Name: "a", Phone: "1", Cells: []string{"c1", "c2"}},
		{ID: 2, Name: "b", Phone: "1", Cells: []string{"c2"}},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GridWorkersOf() = %+v, %v; want %+v", got, err, want)
	}
	cells[1].GridWorkers[0].Name = "other"
	if _, err := GridWorkersOf(cells); ErrorCode(err) != EINVALID {
		t.Errorf("GridWorkersOf(worker 1 with two names) = %v; want code %q", err, EINVALID)
	}
}
