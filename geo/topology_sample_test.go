package geo_test

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data/sample"
	"gridmap/geo"
)

// sampleCellPolygons returns the sample town's cell polygons and codes.
func sampleCellPolygons(tb testing.TB) ([]orb.Polygon, []string) {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	polys := make([]orb.Polygon, len(ds.Cells))
	codes := make([]string, len(ds.Cells))
	for i, c := range ds.Cells {
		polys[i], codes[i] = c.Geometry, c.Code
	}
	return polys, codes
}

func TestTopologySample(t *testing.T) {
	polys, codes := sampleCellPolygons(t)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatalf("BuildTopology(sample): %v", err)
	}
	geo.CheckTopology(t, top, polys)
	outer := 0
	for _, e := range top.Edges {
		if e.Left == geo.Outside || e.Right == geo.Outside {
			outer++
		}
	}
	t.Logf("sample: %d cells, %d nodes, %d edges (%d on the town boundary)", len(polys), len(top.Nodes), len(top.Edges), outer)
	// The generator is deterministic: these counts change only with it.
	if len(top.Nodes) != 274 || len(top.Edges) != 411 || outer != 39 {
		t.Errorf("sample topology has %d nodes, %d edges, %d on the boundary; want 274, 411, 39", len(top.Nodes), len(top.Edges), outer)
	}
	// Euler's formula for one connected planar graph: V - E + F = 2,
	// counting the outside as a face.
	if v, e, f := len(top.Nodes), len(top.Edges), len(top.Faces)+1; v-e+f != 2 {
		t.Errorf("V-E+F = %d-%d+%d = %d; want 2", v, e, f, v-e+f)
	}
	if ps := top.Validate(geo.ValidateOptions{IDs: codes, MinAreaM2: 1000}); ps != nil {
		t.Errorf("Validate(sample) = %v; want nil", ps)
	}
}

// TestTopologySampleMoves moves every eighth interior node of the sample a
// little towards the centre of one of its cells: each move changes exactly
// the cells sharing the node, and a move Validate accepts keeps the town's
// area. A move across the far side of a cell is refused with the cell named.
func TestTopologySampleMoves(t *testing.T) {
	polys, codes := sampleCellPolygons(t)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, p := range polys {
		total += geo.Area(p)
	}
	accepted := 0
	for n := 0; n < len(top.Nodes); n += 8 {
		faces := top.NodeFaces(n)
		if slices.ContainsFunc(top.NodeEdges(n), func(e int) bool {
			return top.Edges[e].Left == geo.Outside || top.Edges[e].Right == geo.Outside
		}) {
			continue
		}
		c := geo.LabelPoint(polys[faces[0]])
		p := top.Nodes[n]
		u, err := top.MoveNode(n, orb.Point{p[0] + (c[0]-p[0])*0.05, p[1] + (c[1]-p[1])*0.05})
		if err != nil {
			t.Fatal(err)
		}
		after := u.Polygons()
		for f := range polys {
			changed := !slices.EqualFunc(after[f], top.Polygon(f), func(a, b orb.Ring) bool { return slices.Equal(a, b) })
			if changed != slices.Contains(faces, f) {
				t.Fatalf("MoveNode(%d): cell %s changed = %v; the node's cells are %v", n, codes[f], changed, faces)
			}
		}
		if u.Validate(geo.ValidateOptions{IDs: codes}) != nil {
			continue
		}
		accepted++
		sum := 0.0
		for _, p := range after {
			sum += geo.Area(p)
		}
		if math.Abs(sum-total) > 1e-9*total {
			t.Fatalf("MoveNode(%d) passes Validate; total area %v, want %v", n, sum, total)
		}
	}
	if accepted == 0 {
		t.Fatal("no interior node move passed Validate")
	}
}

func BenchmarkBuildTopologySample(b *testing.B) {
	polys, _ := sampleCellPolygons(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geo.BuildTopology(polys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateAfterMoveSample is the check an editor runs after each
// drag: one node moved, then the whole partition validated.
func BenchmarkValidateAfterMoveSample(b *testing.B) {
	polys, codes := sampleCellPolygons(b)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		b.Fatal(err)
	}
	n := top.Edges[0].End
	p := top.Nodes[n]
	b.ReportAllocs()
	for b.Loop() {
		u, err := top.MoveNode(n, orb.Point{p[0] + 1e-7, p[1]})
		if err != nil {
			b.Fatal(err)
		}
		u.Validate(geo.ValidateOptions{IDs: codes})
	}
}
