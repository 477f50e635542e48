package geo_test

import (
	"math"
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
