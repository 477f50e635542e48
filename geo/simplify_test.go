package geo_test

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

// pixelDegrees is about one pixel of a 512-pixel tile at zoom z, in
// degrees of longitude: the tolerance vector tiles simplify with.
func pixelDegrees(z int) float64 { return 360 / (512 * math.Exp2(float64(z))) }

// TestSimplifySamplePartition simplifies the sample town's topology at the
// tolerance of every zoom from 8 to 16: the simplified cells still
// partition the town (no overlaps, no gaps, every ring valid, as Validate
// checks them), have fewer vertices at low zoom, and keep every node.
func TestSimplifySamplePartition(t *testing.T) {
	t.Parallel()
	polys, codes := sampleCellPolygons(t)
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	full := vertexCount(top)
	for z := 8; z <= 16; z++ {
		s := top.Simplify(pixelDegrees(z))
		if ps := s.Validate(geo.ValidateOptions{IDs: codes, OuterMayChange: true}); ps != nil {
			t.Errorf("zoom %d: Validate(Simplify) = %v; want nil", z, ps)
		}
		for i, e := range s.Edges {
			o := top.Edges[i]
			if e.Line[0] != o.Line[0] || e.Line[len(e.Line)-1] != o.Line[len(o.Line)-1] {
				t.Errorf("zoom %d: edge %d ends %v…%v; want its nodes %v…%v", z, i, e.Line[0], e.Line[len(e.Line)-1], o.Line[0], o.Line[len(o.Line)-1])
			}
		}
		n := vertexCount(s)
		t.Logf("zoom %d: %d of %d vertices", z, n, full)
		if z <= 12 && n >= full {
			t.Errorf("zoom %d: %d vertices after simplifying; want fewer than %d", z, n, full)
		}
	}
}

func vertexCount(t *geo.Topology) int {
	n := 0
	for _, e := range t.Edges {
		n += len(e.Line)
	}
	return n
}

// TestSimplifyKeepsThinFace: a sliver face between two edges that a
// tolerance larger than its width would flatten keeps enough vertices to
// stay a face, and its neighbours keep sharing its edges.
func TestSimplifyKeepsThinFace(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		tol  float64
	}{
		{"below width", 0.001},
		{"above width", 0.5},
		{"far above", 100},
	}
	// A thin crescent between two squares.
	polys := []orb.Polygon{
		{{{0, 0}, {4, 0}, {4, 1}, {2, 1.1}, {0, 1}, {0, 0}}},
		{{{0, 1}, {2, 1.1}, {4, 1}, {2, 1.2}, {0, 1}}},
		{{{0, 1}, {2, 1.2}, {4, 1}, {4, 2}, {0, 2}, {0, 1}}},
	}
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		s := top.Simplify(c.tol)
		if ps := s.Validate(geo.ValidateOptions{OuterMayChange: true}); ps != nil {
			t.Errorf("%s: Validate(Simplify(%g)) = %v; want nil", c.name, c.tol, ps)
		}
		if got := s.Polygon(1); len(got[0]) < 4 {
			t.Errorf("%s: crescent = %v; want a ring of 3 or more points", c.name, got)
		}
	}
}

// TestSimplifyKeepsIsland: a bend that holds an island (a face in a hole
// of its neighbour) within the tolerance of its chord is kept, so that
// the island stays inside the face around it, though no line would cross.
func TestSimplifyKeepsIsland(t *testing.T) {
	t.Parallel()
	island := orb.Ring{{4.5, 10.5}, {5.5, 10.5}, {5.5, 11}, {4.5, 11}, {4.5, 10.5}}
	polys := []orb.Polygon{
		{{{0, 0}, {10, 0}, {10, 10}, {5, 12}, {0, 10}, {0, 0}}, island},
		{{{0, 10}, {5, 12}, {10, 10}, {10, 20}, {0, 20}, {0, 10}}},
		{island},
	}
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	s := top.Simplify(3) // the bend at (5, 12) lies 2 from its chord
	if ps := s.Validate(geo.ValidateOptions{OuterMayChange: true}); ps != nil {
		t.Errorf("Validate(Simplify(3)) = %v; want nil", ps)
	}
	if !slices.Contains(s.Polygon(0)[0], orb.Point{5, 12}) {
		t.Errorf("face around the island = %v; want it to keep (5, 12)", s.Polygon(0))
	}
}
