package geo

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// CheckTopology is checkTopology for the external tests of the package.
var CheckTopology = checkTopology

// checkTopology checks t against the polygons it was built from: the
// rebuilt polygons equal the input ring for ring (up to the starting point
// and winding), every boundary segment is in exactly one edge, edges run
// between their nodes, and each edge has the face on its left and right
// that a point just beside its first segment falls in.
func checkTopology(tb testing.TB, t *Topology, polys []orb.Polygon) {
	tb.Helper()
	got := t.Polygons()
	if len(got) != len(polys) {
		tb.Fatalf("Polygons() has %d faces; want %d", len(got), len(polys))
	}
	segments := make(map[edgeKey]int)
	for i, p := range polys {
		want := RightHand(p)
		if len(got[i]) != len(want) {
			tb.Fatalf("face %d has %d rings; want %d", i, len(got[i]), len(want))
		}
		for r := range want {
			if !sameRing(got[i][r], want[r]) {
				tb.Fatalf("face %d ring %d = %v; want %v", i, r, got[i][r], want[r])
			}
			for k := 0; k+1 < len(want[r]); k++ {
				segments[undirected(want[r][k], want[r][k+1])]++
			}
		}
	}
	stored := make(map[edgeKey]int)
	for e, edge := range t.Edges {
		if edge.Line[0] != t.Nodes[edge.Start] || edge.Line[len(edge.Line)-1] != t.Nodes[edge.End] {
			tb.Fatalf("edge %d runs from %v to %v; its nodes %d and %d are at %v and %v",
				e, edge.Line[0], edge.Line[len(edge.Line)-1], edge.Start, edge.End, t.Nodes[edge.Start], t.Nodes[edge.End])
		}
		for k := 0; k+1 < len(edge.Line); k++ {
			stored[undirected(edge.Line[k], edge.Line[k+1])]++
		}
		a, b := edge.Line[0], edge.Line[1]
		m := midpoint(a, b)
		d := 1e-7
		nx, ny := -(b[1]-a[1])*d, (b[0]-a[0])*d
		if l, want := faceAt(polys, orb.Point{m[0] + nx, m[1] + ny}), edge.Left; l != want {
			tb.Errorf("edge %d at %v: face on the left is %d; the edge says %d", e, m, l, want)
		}
		if r, want := faceAt(polys, orb.Point{m[0] - nx, m[1] - ny}), edge.Right; r != want {
			tb.Errorf("edge %d at %v: face on the right is %d; the edge says %d", e, m, r, want)
		}
	}
	for k, n := range segments {
		if stored[k] != 1 {
			tb.Fatalf("segment %v, used %d times by faces, is stored in %d edges; want 1", k, n, stored[k])
		}
	}
	if len(stored) != len(segments) {
		tb.Fatalf("edges hold %d segments; the faces have %d", len(stored), len(segments))
	}
}

func undirected(a, b orb.Point) edgeKey {
	if lessPoint(b, a) {
		return edgeKey{b, a}
	}
	return edgeKey{a, b}
}

// faceAt returns the polygon containing p, or Outside.
func faceAt(polys []orb.Polygon, p orb.Point) int {
	for i, q := range polys {
		if Contains(q, p) {
			return i
		}
	}
	return Outside
}

// sameRing reports whether two closed rings have the same points in the
// same cyclic order, whatever point they start at.
func sameRing(a, b orb.Ring) bool {
	if len(a) != len(b) || len(a) == 0 {
		return len(a) == len(b)
	}
	n := len(a) - 1
	start := slices.Index(b[:n], a[0])
	if start < 0 {
		return false
	}
	for i := range n {
		if a[i] != b[(start+i)%n] {
			return false
		}
	}
	return true
}

// totalArea sums the areas of polys.
func totalArea(polys []orb.Polygon) float64 {
	var s float64
	for _, p := range polys {
		s += Area(p)
	}
	return s
}

// closeEnough compares two areas to a relative precision.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// kinds lists the kinds and faces of problems, for messages and tests.
func kinds(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s %v", p.Kind, p.Faces)
	}
	return out
}

// squaresWithHole are four unit squares in a 2×2 block, the first with a
// square hole that a fifth cell fills: the shape of the store fixtures
// with an island added.
func squaresWithHole() []orb.Polygon {
	return []orb.Polygon{
		{unitSquare(0, 0, 1)[0], {{0.25, 0.25}, {0.25, 0.75}, {0.75, 0.75}, {0.75, 0.25}, {0.25, 0.25}}},
		unitSquare(1, 0, 1),
		unitSquare(0, 1, 1),
		unitSquare(1, 1, 1),
		unitSquare(0.25, 0.25, 0.5),
	}
}
