package geo_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

// midpointLine returns the line between the midpoints of the first side of
// a face's outer boundary and the side half way round it.
func midpointLine(top *geo.Topology, face int) orb.LineString {
	r := top.Polygon(face)[0]
	n := len(r) - 1
	mid := func(k int) orb.Point {
		return orb.Point{(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2}
	}
	return orb.LineString{mid(0), mid(n / 2)}
}

func sampleArea(polys []orb.Polygon) float64 {
	s := 0.0
	for _, p := range polys {
		s += geo.Area(p)
	}
	return s
}

// TestSplitMergeSample splits every third sample cell along the line
// between the midpoints of two opposite sides, and merges the two cells
// along every tenth shared edge: each result validates and keeps the
// town's area. The generator's cells are convex enough for every such
// line to stay inside.
func TestSplitMergeSample(t *testing.T) {
	polys, codes := sampleCellPolygons(t)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	total := sampleArea(polys)
	for f := 0; f < len(top.Faces); f += 3 {
		line := midpointLine(top, f)
		u, nf, err := top.SplitFace(f, line)
		if err != nil {
			t.Errorf("SplitFace(%d, %v) on cell %s: %v", f, line, codes[f], err)
			continue
		}
		ids := append(append([]string(nil), codes...), "new")
		if ps := u.Validate(geo.ValidateOptions{IDs: ids}); ps != nil {
			t.Errorf("SplitFace(%d, %v) on cell %s: Validate() = %v; want nil", f, line, codes[f], ps)
		}
		if a := sampleArea(u.Polygons()); math.Abs(a-total) > 1e-9*total {
			t.Errorf("SplitFace(%d, %v) on cell %s: total area %v; want %v", f, line, codes[f], a, total)
		}
		if a, b := geo.Area(u.Polygon(f)), geo.Area(u.Polygon(nf)); a < b {
			t.Errorf("SplitFace(%d, %v) on cell %s: the part keeping the cell covers %v m², the new one %v", f, line, codes[f], a, b)
		}
	}

	merged := 0
	for i, e := range top.Edges {
		if e.Left == geo.Outside || e.Right == geo.Outside || i%10 != 0 {
			continue
		}
		u, err := top.MergeFaces(e.Left, e.Right)
		if err != nil {
			t.Errorf("MergeFaces(%d, %d) of cells %s and %s: %v", e.Left, e.Right, codes[e.Left], codes[e.Right], err)
			continue
		}
		merged++
		if ps := u.Validate(geo.ValidateOptions{IDs: codes, Removed: []int{e.Right}}); ps != nil {
			t.Errorf("MergeFaces(%d, %d) of cells %s and %s: Validate() = %v; want nil", e.Left, e.Right, codes[e.Left], codes[e.Right], ps)
		}
		if a := sampleArea(u.Polygons()); math.Abs(a-total) > 1e-9*total {
			t.Errorf("MergeFaces(%d, %d): total area %v; want %v", e.Left, e.Right, a, total)
		}
	}
	if merged == 0 {
		t.Error("no neighbouring cells merged")
	}
}

// BenchmarkSplitFaceSample is one split of a sample cell as the editor
// asks for it; the topology is rebuilt from the cells each time.
func BenchmarkSplitFaceSample(b *testing.B) {
	polys, _ := sampleCellPolygons(b)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		b.Fatal(err)
	}
	line := midpointLine(top, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := top.SplitFace(0, line); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMergeFacesSample merges two neighbouring sample cells.
func BenchmarkMergeFacesSample(b *testing.B) {
	polys, _ := sampleCellPolygons(b)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		b.Fatal(err)
	}
	e := top.Edges[0]
	for _, f := range top.Edges {
		if f.Left != geo.Outside && f.Right != geo.Outside {
			e = f
			break
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := top.MergeFaces(e.Left, e.Right); err != nil {
			b.Fatal(err)
		}
	}
}
