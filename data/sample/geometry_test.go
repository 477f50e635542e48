package sample

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"gridmap/data"
	"gridmap/geo"
)

// committed reads the committed geometry, failing the test on error.
func committed(t *testing.T) *geometry {
	t.Helper()
	g, err := readGeometry()
	if err != nil {
		t.Fatalf("readGeometry() error: %v", err)
	}
	return g
}

func TestCellCount(t *testing.T) {
	if n := len(committed(t).cells); n != 138 {
		t.Fatalf("len(cells) = %d; want 138", n)
	}
}

func TestUnitCodesAndKinds(t *testing.T) {
	g := committed(t)
	var want []string
	for i := 1; i <= 3; i++ {
		want = append(want, fmt.Sprintf("500110119%03d", i))
	}
	for i := 200; i <= 211; i++ {
		want = append(want, fmt.Sprintf("500110119%03d", i))
	}
	var got []string
	for _, u := range g.units {
		got = append(got, u.spec.code)
		wantKind := data.UnitVillage
		if u.spec.code < "500110119200" {
			wantKind = data.UnitCommunity
		}
		if u.spec.kind != wantKind {
			t.Errorf("unit %s kind = %q; want %q", u.spec.code, u.spec.kind, wantKind)
		}
		suffix := "村"
		if wantKind == data.UnitCommunity {
			suffix = "社区"
		}
		if !strings.HasSuffix(u.spec.name, suffix) {
			t.Errorf("unit %s name = %q; want it to end in %q", u.spec.code, u.spec.name, suffix)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("unit codes = %v; want %v", got, want)
	}
}

// TestCellCodes checks that codes are the unit's code and a sequence
// 001, 002, ... contiguous per unit, following the documented rule
// (recomputed here): rows of equal height over the unit's bounding box,
// ceil(√k) of them, north to south by area centroid; west to east within a
// row. Village cells run 7-13 per unit.
func TestCellCodes(t *testing.T) {
	g := committed(t)
	byUnit := make(map[int][]cellShape)
	for _, c := range g.cells {
		byUnit[c.unit] = append(byUnit[c.unit], c)
	}
	for u, us := range g.units {
		cells := byUnit[u]
		if us.spec.kind == data.UnitVillage && (len(cells) < 7 || len(cells) > 13) {
			t.Errorf("unit %s has %d cells; want 7-13", us.spec.code, len(cells))
		}
		rows := int(math.Ceil(math.Sqrt(float64(len(cells)))))
		b := us.polygon.Bound()
		h := (b.Max[1] - b.Min[1]) / float64(rows)
		prevRow, prevLon := -1, math.Inf(-1)
		for i, c := range cells {
			if want := fmt.Sprintf("%s%03d", us.spec.code, i+1); c.code != want {
				t.Fatalf("cell %d of unit %s has code %s; want %s", i, us.spec.code, c.code, want)
			}
			if _, err := strconv.ParseUint(c.code, 10, 64); err != nil || len(c.code) != 15 {
				t.Fatalf("cell code %q is not 15 digits", c.code)
			}
			cen, _ := planar.CentroidArea(c.polygon)
			row := min(int((b.Max[1]-cen[1])/h), rows-1)
			switch {
			case row < prevRow:
				t.Errorf("cell %s is in row %d, north of the previous cell's row %d", c.code, row, prevRow)
			case row == prevRow && cen[0] < prevLon:
				t.Errorf("cell %s (centroid %v) lies west of the previous cell in row %d", c.code, cen, row)
			}
			prevRow, prevLon = row, cen[0]
		}
	}
}

func TestCellNamesAndKinds(t *testing.T) {
	for _, c := range committed(t).cells {
		u := units[c.unit]
		if !strings.HasPrefix(c.name, u.name) || !strings.HasSuffix(c.name, "网格") {
			t.Errorf("cell %s name = %q; want %s...网格", c.code, c.name, u.name)
		}
	}
	if got := cellName(units[3], 13); got != "崇河村十三社网格" {
		t.Errorf("cellName(崇河村, 13) = %q; want 崇河村十三社网格", got)
	}
	if got := cellName(units[0], 2); got != "安稳社区第2网格" {
		t.Errorf("cellName(安稳社区, 2) = %q; want 安稳社区第2网格", got)
	}
}

// TestPartition checks the committed cells: valid simple polygons, wound
// counter-clockwise, with tens of vertices, tiling the town with shared
// vertices and no overlap, gap or hole, and each unit the union of its
// cells.
func TestPartition(t *testing.T) {
	g := committed(t)
	var parts []geo.Part
	var counts []int
	for _, c := range g.cells {
		parts = append(parts, geo.Part{ID: c.code, Polygon: c.polygon})
		counts = append(counts, len(c.polygon[0])-1)
		if len(c.polygon) != 1 {
			t.Errorf("cell %s has %d rings; want 1", c.code, len(c.polygon))
		}
		if c.polygon[0].Orientation() != orb.CCW {
			t.Errorf("cell %s is wound clockwise; RFC 7946 wants counter-clockwise", c.code)
		}
	}
	slices.Sort(counts)
	if counts[0] < 20 {
		t.Errorf("vertex counts = %v; want at least 20 per cell", counts)
	}
	if p := geo.ValidatePartition(parts, g.town); len(p) > 0 {
		t.Fatalf("ValidatePartition(cells, town) = %v", p)
	}
	var unitParts []geo.Part
	for u, us := range g.units {
		var polys []orb.Polygon
		var mine []geo.Part
		for _, c := range g.cells {
			if c.unit == u {
				polys = append(polys, c.polygon)
				mine = append(mine, geo.Part{ID: c.code, Polygon: c.polygon})
			}
		}
		union, err := geo.UnionPartition(polys)
		if err != nil {
			t.Fatalf("UnionPartition(cells of %s) error: %v", us.spec.code, err)
		}
		if !union.Equal(us.polygon) {
			t.Errorf("unit %s geometry is not the union of its cells", us.spec.code)
		}
		if p := geo.ValidatePartition(mine, us.polygon); len(p) > 0 {
			t.Errorf("ValidatePartition(cells of %s, unit) = %v", us.spec.code, p)
		}
		unitParts = append(unitParts, geo.Part{ID: us.spec.code, Polygon: us.polygon})
	}
	if p := geo.ValidatePartition(unitParts, g.town); len(p) > 0 {
		t.Errorf("ValidatePartition(units, town) = %v", p)
	}
}

func TestCoordinatesRounded(t *testing.T) {
	g := committed(t)
	for _, c := range g.cells {
		for _, p := range c.polygon[0] {
			if p != (orb.Point{round7(p[0]), round7(p[1])}) {
				t.Fatalf("cell %s has %v, not rounded to 7 decimals", c.code, p)
			}
		}
	}
}

func TestTownArea(t *testing.T) {
	g := committed(t)
	town := geo.Area(g.town) / 1e6
	if town < 130 || town > 170 {
		t.Errorf("town area = %.1f km²; want 130-170", town)
	}
	var sum float64
	for _, c := range g.cells {
		sum += geo.Area(c.polygon)
	}
	if math.Abs(sum/1e6-town) > 1e-6*town {
		t.Errorf("sum of cell areas = %.4f km²; want the town's %.4f", sum/1e6, town)
	}
	c, _ := planar.CentroidArea(g.town)
	if math.Abs(c[0]-106.65) > 0.05 || math.Abs(c[1]-28.55) > 0.05 {
		t.Errorf("town centroid = %v; want near (106.65, 28.55)", c)
	}
}
