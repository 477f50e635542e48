package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// edgeKey is an undirected edge: its endpoints in lexicographic order.
type edgeKey struct{ lo, hi orb.Point }

func lessPoint(p, q orb.Point) bool {
	return p[0] < q[0] || (p[0] == q[0] && p[1] < q[1])
}

// edgeUse counts the uses of one undirected edge in each direction and
// remembers the first two parts that use it each way.
type edgeUse struct {
	key                edgeKey
	fwd, rev           int    // uses lo→hi and hi→lo
	fwdParts, revParts [2]int // -1 when unused
}

// edgeSet is a multiset of directed edges keyed by their canonical vertex
// pair, kept in first-seen order so that results do not depend on map order.
type edgeSet struct {
	index map[edgeKey]int
	uses  []edgeUse
}

func newEdgeSet(n int) *edgeSet {
	return &edgeSet{index: make(map[edgeKey]int, n)}
}

// addRing adds the edges of a closed ring.
func (s *edgeSet) addRing(r orb.Ring, part int) {
	for i := 0; i+1 < len(r); i++ {
		s.add(r[i], r[i+1], part)
	}
}

func (s *edgeSet) add(a, b orb.Point, part int) {
	k, fwd := edgeKey{a, b}, true
	if lessPoint(b, a) {
		k, fwd = edgeKey{b, a}, false
	}
	i, ok := s.index[k]
	if !ok {
		i = len(s.uses)
		s.index[k] = i
		s.uses = append(s.uses, edgeUse{key: k, fwdParts: [2]int{-1, -1}, revParts: [2]int{-1, -1}})
	}
	u := &s.uses[i]
	n, parts := &u.fwd, &u.fwdParts
	if !fwd {
		n, parts = &u.rev, &u.revParts
	}
	if *n < 2 {
		parts[*n] = part
	}
	*n++
}

// overlapped reports whether the edge is used in a way that no partition
// allows, twice in the same direction, and by which two parts.
func (u *edgeUse) overlapped() (bool, int, int) {
	switch {
	case u.fwd > 1:
		return true, u.fwdParts[0], u.fwdParts[1]
	case u.rev > 1:
		return true, u.revParts[0], u.revParts[1]
	}
	return false, -1, -1
}

// dirEdge is a directed edge of the boundary of a set of polygons.
type dirEdge struct {
	from, to orb.Point
	part     int
}

// boundary returns the edges left once every edge used in both directions
// has cancelled against its opposite, that is the boundary of the union.
func (s *edgeSet) boundary() []dirEdge {
	var out []dirEdge
	for _, u := range s.uses {
		switch u.fwd - u.rev {
		case 1:
			out = append(out, dirEdge{u.key.lo, u.key.hi, u.fwdParts[0]})
		case -1:
			out = append(out, dirEdge{u.key.hi, u.key.lo, u.revParts[0]})
		}
	}
	return out
}

// chainedRing is a closed ring chained from boundary edges, with the parts
// whose edges it follows.
type chainedRing struct {
	ring   orb.Ring
	parts  []int
	closed bool // false when the edges ran out first (unbalanced input)
}

// chain links directed edges into closed rings. Where a vertex has several
// outgoing edges (a pinch, also returned) it takes the sharpest left turn,
// which keeps each ring from crossing itself.
func chain(edges []dirEdge) (rings []chainedRing, pinches []orb.Point) {
	out := make(map[orb.Point][]int, len(edges))
	for i, e := range edges {
		out[e.from] = append(out[e.from], i)
		if len(out[e.from]) == 2 {
			pinches = append(pinches, e.from)
		}
	}
	used := make([]bool, len(edges))
	for first := range edges {
		if used[first] {
			continue
		}
		start := edges[first].from
		cr := chainedRing{ring: orb.Ring{start}}
		for e := first; e >= 0; {
			used[e] = true
			cr.ring = append(cr.ring, edges[e].to)
			cr.parts = appendPart(cr.parts, edges[e].part)
			if edges[e].to == start {
				cr.closed = true
				break
			}
			e = nextEdge(edges, out[edges[e].to], used, edges[e])
		}
		rings = append(rings, cr)
	}
	return rings, pinches
}

// nextEdge picks the unused edge out of in.to that turns furthest left, or
// -1 when there is none.
func nextEdge(edges []dirEdge, cand []int, used []bool, in dirEdge) int {
	best, bestTurn := -1, math.Inf(-1)
	dx, dy := in.to[0]-in.from[0], in.to[1]-in.from[1]
	for _, c := range cand {
		if used[c] {
			continue
		}
		ex, ey := edges[c].to[0]-edges[c].from[0], edges[c].to[1]-edges[c].from[1]
		turn := math.Atan2(float64(dx*ey)-float64(dy*ex), float64(dx*ex)+float64(dy*ey))
		if turn > bestTurn {
			best, bestTurn = c, turn
		}
	}
	return best
}

func appendPart(parts []int, p int) []int {
	for _, q := range parts {
		if q == p {
			return parts
		}
	}
	return append(parts, p)
}
