package domain

import (
	"gridmap/data"
	"reflect"
	"testing"
)

func TestGridWorkersOf(t *testing.T) {
	w := func(id int64, name string) data.GridWorker { return data.GridWorker{ID: id, Name: name, Phone: "1"} }
	cells := []data.Cell{
		{Code: "c2", GridWorkers: []data.GridWorker{w(2, "b"), w(1, "a")}},
		{Code: "c1", GridWorkers: []data.GridWorker{w(1, "a")}},
	}
	got, err := GridWorkersOf(cells)
	want := []data.GridWorker{
		{ID: 1, Name: "a", Phone: "1", Cells: []string{"c1", "c2"}},
		{ID: 2, Name: "b", Phone: "1", Cells: []string{"c2"}},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GridWorkersOf() = %+v, %v; want %+v", got, err, want)
	}
	cells[1].GridWorkers[0].Name = "other"
	if _, err := GridWorkersOf(cells); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("GridWorkersOf(worker 1 with two names) = %v; want code %q", err, data.EINVALID)
	}
}
