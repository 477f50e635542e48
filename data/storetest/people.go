package storetest

import (
	"fmt"
	"testing"

	"gridmap/data"
)

func testResidents(t *testing.T, s data.Store) {
	load(t, s)
	tests := []struct {
		name  string
		f     data.ResidentFilter
		want  []int64
		total int
	}{
		{"whole cell by ID", data.ResidentFilter{CellCode: CellA1}, []int64{301, 302, 303}, 3},
		{"limit", data.ResidentFilter{CellCode: CellA1, Limit: 1}, []int64{301}, 3},
		{"limit and offset", data.ResidentFilter{CellCode: CellA1, Limit: 2, Offset: 1}, []int64{302, 303}, 3},
		{"offset without limit", data.ResidentFilter{CellCode: CellA1, Offset: 2}, []int64{303}, 3},
		{"offset past the end", data.ResidentFilter{CellCode: CellA1, Offset: 3}, []int64{}, 3},
		{"another cell", data.ResidentFilter{CellCode: CellA2}, []int64{304}, 1},
		{"cell without residents", data.ResidentFilter{CellCode: CellB2}, []int64{}, 0},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("Residents(%s: %+v)", tt.name, tt.f)
		got, total, err := s.Residents(t.Context(), tt.f)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		equal(t, call, got, wantResidents(tt.want...))
		if total != tt.total {
			t.Errorf("%s total = %d; want %d", call, total, tt.total)
		}
	}
	bad := []struct {
		f    data.ResidentFilter
		code string
	}{
		{data.ResidentFilter{}, data.EINVALID},
		{data.ResidentFilter{CellCode: CellA1, Limit: -1}, data.EINVALID},
		{data.ResidentFilter{CellCode: CellA1, Offset: -1}, data.EINVALID},
		{data.ResidentFilter{CellCode: "500110119001009"}, data.ENOTFOUND},
		{data.ResidentFilter{CellCode: UnitA}, data.ENOTFOUND},
	}
	for _, tt := range bad {
		_, _, err := s.Residents(t.Context(), tt.f)
		wantCode(t, fmt.Sprintf("Residents(%+v)", tt.f), err, tt.code)
	}
}

func testMediators(t *testing.T, s data.Store) {
	load(t, s)
	tests := []struct {
		name string
		f    data.MediatorFilter
		want []int64
	}{
		{"all, town centre included", data.MediatorFilter{}, []int64{401, 402, 403, 404, 405, 406}},
		{"unit", data.MediatorFilter{UnitCode: UnitA}, []int64{403, 404}},
		{"cell selects its unit's", data.MediatorFilter{CellCode: CellB2}, []int64{405, 406}},
		{"cell within unit", data.MediatorFilter{CellCode: CellA1, UnitCode: UnitA}, []int64{403, 404}},
		{"cell outside unit", data.MediatorFilter{CellCode: CellA1, UnitCode: UnitB}, []int64{}},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("Mediators(%s: %+v)", tt.name, tt.f)
		got, err := s.Mediators(t.Context(), tt.f)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		equal(t, call, got, wantMediators(tt.want...))
	}
	for _, f := range []data.MediatorFilter{{CellCode: "500110119001009"}, {UnitCode: "500110119009"}, {UnitCode: CellA1}} {
		_, err := s.Mediators(t.Context(), f)
		wantCode(t, fmt.Sprintf("Mediators(%+v)", f), err, data.ENOTFOUND)
	}
}
