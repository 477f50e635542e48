package geo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// UnionPartition returns the union of polygons that form a partition with
// shared vertices, such as the cells of a unit or of the whole town: edges
// used in both directions cancel and the rest are chained into one
// counter-clockwise ring starting at its lowest-longitude (then
// lowest-latitude) vertex. It keeps every vertex, so the result shares its
// vertices with the polygons.
//
// It returns an error when the union is not exactly one simple ring: pieces
// apart, a hole, a boundary touching itself, or an edge used twice on the
// same side. It does not look for crossing edges; ValidatePartition does.
func UnionPartition(polys []orb.Polygon) (orb.Polygon, error) {
	u, err := union(polys)
	if err != nil {
		return nil, err
	}
	if len(u) > 1 {
		return nil, fmt.Errorf("geo: union has %d rings, not one: polygons are apart or enclose a hole (at %v)", len(u), u[1][0])
	}
	return u, nil
}

// UnionArea is UnionPartition for a partition that may enclose ground
// belonging to none of the polygons, such as a reservoir amid a town's
// cells: the union may have holes, clockwise rings after its
// counter-clockwise exterior. It still returns an error when the polygons
// are apart (two exteriors), the boundary touches itself, or an edge is
// used twice on the same side.
func UnionArea(polys []orb.Polygon) (orb.Polygon, error) {
	return union(polys)
}

// union cancels the shared edges of polys and chains the rest into rings:
// the one counter-clockwise exterior first, starting at its lowest vertex,
// then the clockwise holes.
func union(polys []orb.Polygon) (orb.Polygon, error) {
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += len(r)
		}
	}
	// Shared edges appear twice: about half the segments are distinct.
	edges := newEdgeSet(n / 2)
	for i, p := range polys {
		if len(p) == 0 || len(p[0]) < 4 {
			return nil, fmt.Errorf("geo: union: polygon %d has no ring", i)
		}
		for _, r := range RightHand(p) {
			edges.addRing(r, i)
		}
	}
	for _, u := range edges.uses {
		if bad, i, j := u.overlapped(); bad {
			return nil, fmt.Errorf("geo: union: polygons %d and %d overlap along the edge at %v", i, j, u.key.lo)
		}
	}
	boundary := edges.boundary()
	if len(boundary) == 0 {
		return nil, fmt.Errorf("geo: union: polygons enclose no area")
	}
	// Start at the lowest vertex so that the result does not depend on the
	// order of the polygons: it is on the exterior.
	first := 0
	for i, e := range boundary {
		if lessPoint(e.from, boundary[first].from) {
			first = i
		}
	}
	boundary[0], boundary[first] = boundary[first], boundary[0]
	rings, pinches := chain(boundary)
	if len(pinches) > 0 {
		return nil, fmt.Errorf("geo: union: boundary touches itself at %v", pinches[0])
	}
	for _, r := range rings {
		if !r.closed {
			return nil, fmt.Errorf("geo: union: boundary is not a closed ring (at %v)", r.ring[0])
		}
	}
	if planarArea(rings[0].ring) <= 0 {
		return nil, fmt.Errorf("geo: union: boundary is not a counter-clockwise ring")
	}
	out := orb.Polygon{rings[0].ring}
	for _, r := range rings[1:] {
		if planarArea(r.ring) > 0 {
			return nil, fmt.Errorf("geo: union has %d rings, not one: polygons are apart (at %v)", len(rings), r.ring[0])
		}
		out = append(out, r.ring)
	}
	return out, nil
}
