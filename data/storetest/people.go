package storetest

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

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
		residentsAre(t, s, tt.name, tt.f, wantResidents(tt.want...), tt.total)
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

// testResidentsByName: a name query finds the residents whose name
// contains it, CJK as typed and ASCII letters in either case, with % and _
// as plain characters, within the cells or units given; both stores alike.
func testResidentsByName(t *testing.T, s data.Store) {
	d := reversed(Fixture())
	extra := []data.Resident{
		{ID: 306, HouseholdID: 203, CellCode: CellA2, Name: "张小三", Gender: "M", BirthDate: "2001-02-03", Relation: "子女"},
		{ID: 307, HouseholdID: 204, CellCode: CellB1, Name: "Annan Li", Gender: "F", BirthDate: "1988-04-05", Relation: "配偶"},
		{ID: 308, HouseholdID: 204, CellCode: CellB1, Name: "An_na", Gender: "F", BirthDate: "2010-06-07", Relation: "子女"},
		{ID: 309, HouseholdID: 204, CellCode: CellB1, Name: "百分之100%李", Gender: "M", BirthDate: "2012-08-09", Relation: "子女"},
	}
	for i := range extra {
		extra[i].Location = orb.Point{106.605, 29.015}
		if extra[i].CellCode == CellB1 {
			extra[i].Location = orb.Point{106.615, 29.005}
		}
	}
	d.Residents = append(d.Residents, extra...)
	if err := s.Load(t.Context(), d); err != nil {
		t.Fatalf("Load(fixture and four residents) = %v", err)
	}
	byID := map[int64]data.Resident{}
	for _, r := range d.Residents {
		byID[r.ID] = r
	}
	tests := []struct {
		name  string
		f     data.ResidentFilter
		want  []int64
		total int
	}{
		{"CJK substring, town", data.ResidentFilter{Name: "三"}, []int64{301, 306}, 2},
		{"CJK prefix", data.ResidentFilter{Name: "张"}, []int64{301, 306}, 2},
		{"whole name", data.ResidentFilter{Name: "张小三"}, []int64{306}, 1},
		{"no such name", data.ResidentFilter{Name: "欧阳"}, []int64{}, 0},
		{"within a cell", data.ResidentFilter{CellCode: CellA1, Name: "三"}, []int64{301}, 1},
		{"within cells", data.ResidentFilter{Name: "三", Cells: []string{CellA2, CellB1}}, []int64{306}, 1},
		{"no cells match nothing", data.ResidentFilter{Name: "三", Cells: []string{}}, []int64{}, 0},
		{"within a unit", data.ResidentFilter{Name: "三", Units: []string{UnitA}}, []int64{301, 306}, 2},
		{"another unit", data.ResidentFilter{Name: "三", Units: []string{UnitB}}, []int64{}, 0},
		{"no units match nothing", data.ResidentFilter{Name: "三", Units: []string{}}, []int64{}, 0},
		{"ASCII in either case", data.ResidentFilter{Name: "AN"}, []int64{307, 308}, 2},
		{"ASCII lower case", data.ResidentFilter{Name: "annan"}, []int64{307}, 1},
		{"underscore is itself", data.ResidentFilter{Name: "n_n"}, []int64{308}, 1},
		{"percent is itself", data.ResidentFilter{Name: "%"}, []int64{309}, 1},
		{"percent inside", data.ResidentFilter{Name: "0%李"}, []int64{309}, 1},
		{"backslash is itself", data.ResidentFilter{Name: `\`}, []int64{}, 0},
		{"page", data.ResidentFilter{Name: "三", Limit: 1, Offset: 1}, []int64{306}, 2},
		{"a unit's cells, a name, a page", data.ResidentFilter{Name: "n", Units: []string{UnitB}, Limit: 1}, []int64{307}, 2},
	}
	for _, tt := range tests {
		want := []data.Resident{}
		for _, id := range tt.want {
			want = append(want, byID[id])
		}
		residentsAre(t, s, tt.name, tt.f, want, tt.total)
	}
}

// residentsAre checks the page Residents(f) gives and its total.
func residentsAre(t *testing.T, s data.Store, name string, f data.ResidentFilter, want []data.Resident, total int) {
	t.Helper()
	call := fmt.Sprintf("Residents(%s: %+v)", name, f)
	got, n, err := s.Residents(t.Context(), f)
	if err != nil {
		t.Errorf("%s: %v", call, err)
		return
	}
	equal(t, call, got, want)
	if n != total {
		t.Errorf("%s total = %d; want %d", call, n, total)
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
