package api

import (
	"fmt"
	"slices"
	"testing"

	"gridmap/data"
)

func TestCellQueryRank(t *testing.T) {
	t.Parallel()
	cell := data.Cell{Code: "500110119201002", Name: "新民村二社网格", UnitName: "新民村"}
	latin := data.Cell{Code: "500110119001012", Name: "Kiosk Corner", UnitName: "Anwen Community"}
	tests := []struct {
		name string
		cell data.Cell
		q    string
		want int // -1: no match
	}{
		{"the whole code", cell, "500110119201002", 0},
		{"the code's tail, its sequence in the unit", cell, "002", 1},
		{"the code's start", cell, "5001101192", 2},
		{"digits inside the code", cell, "1192010", 3},
		{"digits not in the code", cell, "999", -1},
		{"digits never match the name", data.Cell{Code: "500110119201002", Name: "第12网格"}, "12", -1},
		{"a longer code than the cell's", cell, "5001101192010021", -1},
		{"the whole name", cell, "新民村二社网格", 0},
		{"the name's start", cell, "新民村二", 1},
		{"inside the name", cell, "二社", 2},
		{"inside the unit's name and the cell's: the name's rank", cell, "民村", 2},
		{"text that matches nothing", cell, "龙门", -1},
		{"the whole name, another case", data.Cell{Name: "Kiosk"}, "kIOSK", 0},
		{"a name with a space: the query's is dropped, as in search.js", latin, "kiosk corner", -1},
		{"the name's start, another case", latin, "KIOSK", 1},
		{"inside the name, another case", latin, "corn", 2},
		{"the unit's name only", latin, "anwen", 3},
		{"digits and letters are text", latin, "500110119001012x", -1},
		{"an empty unit name", data.Cell{Code: "1", Name: "甲"}, "乙", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, ok := newCellQuery(tt.q).rank(&tt.cell)
			if !ok {
				r = -1
			}
			if r != tt.want {
				t.Errorf("rank(%q, %q) = %d; want %d", tt.cell.Name, tt.q, r, tt.want)
			}
		})
	}
}

func TestNewCellQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q      string
		want   string
		digits bool
	}{
		{"新民村", "新民村", false},
		{" 500 110\u3000119 ", "500110119", true},
		{"Kiosk Corner", "kioskcorner", false},
		{"12a", "12a", false},
		{"１２", "１２", false}, // full-width digits are no code: search.js's \d is ASCII
	}
	for _, tt := range tests {
		got := newCellQuery(tt.q)
		if got.text != tt.want || got.digits != tt.digits {
			t.Errorf("newCellQuery(%q) = %q, digits %v; want %q, %v", tt.q, got.text, got.digits, tt.want, tt.digits)
		}
	}
}

// TestFindCells: the best matches first, ties by code, no more than the
// limit, whatever the order of the cells.
func TestFindCells(t *testing.T) {
	t.Parallel()
	cells := []data.Cell{
		{Code: "003", Name: "石佛社区第3网格", UnitName: "石佛社区"},
		{Code: "010", Name: "Shifo", UnitName: "石佛社区"},
		{Code: "001", Name: "石佛社区第1网格", UnitName: "石佛社区"},
		{Code: "002", Name: "大石佛网格", UnitName: "大榜村"},
		{Code: "004", Name: "石佛社区", UnitName: "石佛社区"},
		{Code: "005", Name: "龙门村一社网格", UnitName: "龙门村"},
	}
	reversed := slices.Clone(cells)
	slices.Reverse(reversed)
	codes := func(cells []data.Cell, pos []int) []string {
		out := make([]string, len(pos))
		for i, p := range pos {
			out[i] = cells[p].Code
		}
		return out
	}
	tests := []struct {
		q     string
		limit int
		want  []string
	}{
		{"石佛社区", 10, []string{"004", "001", "003", "010"}},
		{"石佛", 10, []string{"001", "003", "004", "002", "010"}},
		{"石佛", 2, []string{"001", "003"}},
		{"石佛", 1, []string{"001"}},
		{"0", 3, []string{"010", "001", "002"}},
		{"00", 10, []string{"001", "002", "003", "004", "005"}},
		{"01", 10, []string{"001", "010"}},
		{"黄桷", 10, []string{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s limit %d", tt.q, tt.limit), func(t *testing.T) {
			t.Parallel()
			for _, cells := range [][]data.Cell{cells, reversed} {
				if got := codes(cells, findCells(cells, newCellQuery(tt.q), tt.limit)); !slices.Equal(got, tt.want) {
					t.Errorf("findCells(%q, %d) = %v; want %v", tt.q, tt.limit, got, tt.want)
				}
			}
		})
	}
}

// manyCells is a city of n cells, named as the sample's are but with a
// capital letter (that lower-casing a name would copy it).
func manyCells(n int) []data.Cell {
	cells := make([]data.Cell, n)
	for i := range cells {
		unit := fmt.Sprintf("第%d社区", i/50)
		cells[i] = data.Cell{Code: fmt.Sprintf("500110%09d", i), Name: fmt.Sprintf("%s%c%d网格", unit, 'A'+i%26, i%50+1), UnitName: unit}
	}
	return cells
}

// BenchmarkFindCells is a search of a 100,000-cell city by a word that
// every cell's name holds, and by the digits of a code: it should allocate
// its answer only (2 allocations), however many cells it looks at or match.
func BenchmarkFindCells(b *testing.B) {
	cells := manyCells(100000)
	for _, q := range []string{"网格", "000123"} {
		b.Run(q, func(b *testing.B) {
			q := newCellQuery(q)
			b.ReportAllocs()
			for b.Loop() {
				findCells(cells, q, cellMatchesLimit)
			}
		})
	}
}
