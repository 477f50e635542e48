package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestTopologyFind(t *testing.T) {
	// Two unit squares side by side: nodes at (1,0) and (1,1) where the
	// shared edge meets the outline; the outline edge of the left square
	// gets an interior vertex at (0, 0.5).
	left := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0.5}, {0, 0}}}
	top, err := BuildTopology([]orb.Polygon{left, unitSquare(1, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-8
	if n, e, _ := top.VertexAt(orb.Point{1, 1 + tol/2}, tol); n < 0 || e >= 0 || top.Nodes[n] != (orb.Point{1, 1}) {
		t.Errorf("VertexAt(1,1) = node %d, edge %d; want the node at (1,1)", n, e)
	}
	n, e, k := top.VertexAt(orb.Point{0, 0.5}, tol)
	if n >= 0 || e < 0 || top.Edges[e].Line[k] != (orb.Point{0, 0.5}) || k == 0 || k == len(top.Edges[e].Line)-1 {
		t.Errorf("VertexAt(0,0.5) = node %d, edge %d, index %d; want the interior vertex", n, e, k)
	}
	if n, e, k := top.VertexAt(orb.Point{0.5, 0.5}, tol); n != -1 || e != -1 || k != -1 {
		t.Errorf("VertexAt(0.5,0.5) = %d, %d, %d; want none", n, e, k)
	}
	e, after := top.SegmentAt(orb.Point{0, 0.5}, orb.Point{0, 0}, tol)
	if e < 0 {
		t.Fatalf("SegmentAt((0,0.5),(0,0)) = none; want the segment")
	}
	if l := top.Edges[e].Line; !(l[after] == orb.Point{0, 0} && l[after+1] == orb.Point{0, 0.5}) && !(l[after] == orb.Point{0, 0.5} && l[after+1] == orb.Point{0, 0}) {
		t.Errorf("SegmentAt((0,0.5),(0,0)) = edge %d after %d: %v; want the segment between them", e, after, l)
	}
	if e, after := top.SegmentAt(orb.Point{0, 0}, orb.Point{0, 1}, tol); e != -1 || after != -1 {
		t.Errorf("SegmentAt((0,0),(0,1)) = %d, %d; want none: they are not side by side", e, after)
	}
	shared := top.EdgeNear(orb.Point{1.000001, 0.5}, 1e-5)
	if shared < 0 || len(top.EdgeFaces(shared)) != 2 {
		t.Errorf("EdgeNear(1.000001, 0.5) = %d; want the shared edge", shared)
	}
	if got := top.EdgeNear(orb.Point{0.5, 0.5}, 1e-5); got != -1 {
		t.Errorf("EdgeNear(0.5, 0.5) = %d; want none within the tolerance", got)
	}
}
