package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Finding the parts of a topology that a client names by coordinates, as
// an editor does: it sends back the points it was given, so a small
// tolerance (in degrees, in each coordinate) absorbs only rounding.

// VertexAt finds the vertex at p: a node (node >= 0), else an interior
// vertex of an edge (edge >= 0 and its index in the edge's line); -1 for
// each when there is none. A node wins over an interior vertex.
func (t *Topology) VertexAt(p orb.Point, tol float64) (node, edge, index int) {
	for i, n := range t.Nodes {
		if within(n, p, tol) {
			return i, -1, -1
		}
	}
	for i, e := range t.Edges {
		for k := 1; k+1 < len(e.Line); k++ {
			if within(e.Line[k], p, tol) {
				return -1, i, k
			}
		}
	}
	return -1, -1, -1
}

// SegmentAt finds the segment between the consecutive vertices a and b,
// in either order: its edge and the index of its first point in the
// edge's line (where InsertVertex inserts after); -1, -1 when no edge has
// them side by side.
func (t *Topology) SegmentAt(a, b orb.Point, tol float64) (edge, after int) {
	for i, e := range t.Edges {
		for k := 0; k+1 < len(e.Line); k++ {
			p, q := e.Line[k], e.Line[k+1]
			if (within(p, a, tol) && within(q, b, tol)) || (within(q, a, tol) && within(p, b, tol)) {
				return i, k
			}
		}
	}
	return -1, -1
}

// EdgeNear returns the edge passing nearest to p, the offset to its
// nearest point within tol in each coordinate; -1 when none passes so near.
func (t *Topology) EdgeNear(p orb.Point, tol float64) int {
	best, bestD := -1, tol
	for i, e := range t.Edges {
		for k := 0; k+1 < len(e.Line); k++ {
			q := nearestOnSegment(e.Line[k], e.Line[k+1], p)
			if d := math.Max(math.Abs(q[0]-p[0]), math.Abs(q[1]-p[1])); d <= bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

// within reports whether a and b are within tol of each other in each
// coordinate.
func within(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}
