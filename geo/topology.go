package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Outside is the face on the far side of the town's outer boundary.
const Outside = -1

// SnapTolerance is the distance in degrees (about 0.1 mm), in longitude
// and in latitude, within which BuildTopology takes two vertices for the
// same point. Neighbouring cells store identical vertices; the tolerance
// only absorbs the last bits lost by tools that round coordinates
// differently.
const SnapTolerance = 1e-9

// Topology is a planar partition held as shared parts: nodes, edges
// between nodes, and faces bounded by edges. Every shared boundary is one
// edge, so an edit to it changes every face that uses it at once. A
// Topology is never modified: edits return a new one, and the old stays
// valid, so an editing session can keep its history for undo. The slices
// it exposes are shared between versions: read them, never write them.
type Topology struct {
	// Nodes are where three or more edges meet, where the faces on either
	// side change, and one point on each ring that meets no other.
	Nodes []orb.Point
	// Edges are the boundaries between two faces, each stored once.
	Edges []Edge
	// Faces are the input polygons, in input order. SplitFace appends a
	// face; MergeFaces leaves the merged-away face without rings, so that
	// face indexes never shift.
	Faces []Face

	nodeEdges [][]int     // edges that start or end at each node
	outline   orb.Polygon // union at build time, nil when not one ring
}

// Edge is a chain of coordinates from one node to another (or back to the
// same node for a ring that meets no other) with the faces on its two
// sides, Outside beyond the town.
type Edge struct {
	Line        orb.LineString
	Start, End  int // node indexes of Line's first and last points
	Left, Right int // face indexes, or Outside
}

// Face is one polygon of the partition as rings of edge references: the
// exterior first, then the holes. A reference i >= 0 follows Edges[i]
// forward, ^i (that is -i-1) follows it backwards, as TopoJSON arcs do.
// The face lies to the left of each reference.
type Face struct {
	Rings [][]int
}

// EdgeIndex returns the edge a ring reference follows and whether it
// follows it backwards.
func EdgeIndex(ref int) (edge int, reversed bool) {
	if ref < 0 {
		return ^ref, true
	}
	return ref, false
}

// BuildTopology builds the topology of polys, a partition whose neighbours
// share identical vertices (within SnapTolerance) along shared boundaries.
// Faces keep the input order and holes; rings may be wound either way.
//
// It fails when polys is not a partition that can be held this way: a
// polygon without a usable ring, or a boundary segment used twice on the
// same side (two polygons overlapping along it, or three polygons sharing
// it). The error names the polygons by index and the place. It does not
// look for crossing edges or gaps; Validate does.
func BuildTopology(polys []orb.Polygon) (*Topology, error) {
	t, err := buildTopology(polys, false)
	if err != nil {
		return nil, err
	}
	if u, err := UnionPartition(t.Polygons()); err == nil {
		t.outline = u
	}
	return t, nil
}

// buildTopology builds the topology of polys without its outline. With
// allowEmpty, an empty polygon becomes a face without rings, as a face
// merged away by MergeFaces is.
func buildTopology(polys []orb.Polygon, allowEmpty bool) (*Topology, error) {
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += len(r)
		}
	}
	// Shared segments appear twice: about half the vertices and segments
	// are distinct.
	b := &builder{snap: newSnapper(SnapTolerance, n/2), index: make(map[edgeKey]int32, n/2), sides: make([]sides, 0, n/2), allowEmpty: allowEmpty}
	rings, err := b.rings(polys)
	if err != nil {
		return nil, err
	}
	t := &Topology{Faces: make([]Face, len(polys))}
	b.findNodes(rings, t)
	if err := b.buildEdges(rings, t); err != nil {
		return nil, err
	}
	t.nodeEdges = make([][]int, len(t.Nodes))
	for i, e := range t.Edges {
		t.nodeEdges[e.Start] = append(t.nodeEdges[e.Start], i)
		if e.End != e.Start {
			t.nodeEdges[e.End] = append(t.nodeEdges[e.End], i)
		}
	}
	return t, nil
}

// sides records the faces to the left of one undirected segment, walked
// from lo to hi and from hi to lo, and the edge it ended up in.
type sides struct {
	fwd, rev int // face left of lo→hi and of hi→lo; Outside when unused
	edge     int // -1 until assigned
}

type builder struct {
	snap  *snapper
	index map[edgeKey]int32 // position in sides
	sides []sides
	nodes map[orb.Point]int // node index of each node's point

	allowEmpty bool // an empty polygon is a face without rings
}

// faceRing is one snapped ring of a face, wound with the face on its left,
// without the closing point.
type faceRing struct {
	face int
	pts  []orb.Point
}

// rings snaps, cleans and winds the rings of polys and records the faces on
// each side of every segment.
func (b *builder) rings(polys []orb.Polygon) ([]faceRing, error) {
	var out []faceRing
	for f, p := range polys {
		if len(p) == 0 {
			if b.allowEmpty {
				continue
			}
			return nil, fmt.Errorf("geo: topology: polygon %d has no ring", f)
		}
		for r, ring := range p {
			pts := make([]orb.Point, 0, len(ring))
			for _, q := range ring {
				if math.IsNaN(q[0]) || math.IsNaN(q[1]) || math.IsInf(q[0], 0) || math.IsInf(q[1], 0) {
					return nil, fmt.Errorf("geo: topology: polygon %d has a coordinate that is not finite at %v", f, q)
				}
				q = b.snap.point(q)
				if len(pts) == 0 || pts[len(pts)-1] != q {
					pts = append(pts, q)
				}
			}
			if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
				pts = pts[:len(pts)-1]
			}
			if len(pts) < 3 {
				return nil, fmt.Errorf("geo: topology: polygon %d ring %d has fewer than 3 distinct points (at %v)", f, r, firstPoint(p))
			}
			closed := append(orb.Ring(pts), pts[0])
			if ccw := planarArea(closed) > 0; ccw != (r == 0) {
				slices.Reverse(pts)
			}
			out = append(out, faceRing{face: f, pts: pts})
		}
	}
	for _, fr := range out {
		n := len(fr.pts)
		for i := range n {
			a, c := fr.pts[i], fr.pts[(i+1)%n]
			k, fwd := edgeKey{a, c}, true
			if lessPoint(c, a) {
				k, fwd = edgeKey{c, a}, false
			}
			i, ok := b.index[k]
			if !ok {
				i = int32(len(b.sides))
				b.index[k] = i
				b.sides = append(b.sides, sides{fwd: Outside, rev: Outside, edge: -1})
			}
			s := &b.sides[i]
			side := &s.fwd
			if !fwd {
				side = &s.rev
			}
			if *side != Outside {
				if *side == fr.face {
					return nil, fmt.Errorf("geo: topology: polygon %d uses the segment at %v twice", fr.face, midpoint(a, c))
				}
				return nil, fmt.Errorf("geo: topology: polygons %d and %d lie on the same side of the segment at %v: they overlap, or a third polygon shares a boundary of two", *side, fr.face, midpoint(a, c))
			}
			*side = fr.face
		}
	}
	return out, nil
}

// leftOf returns the face left of the segment a→b and the one right of it.
func (b *builder) leftOf(a, c orb.Point) (left, right int) {
	if lessPoint(c, a) {
		s := b.side(c, a)
		return s.rev, s.fwd
	}
	s := b.side(a, c)
	return s.fwd, s.rev
}

// side returns the sides of the segment lo→hi, lo before hi.
func (b *builder) side(lo, hi orb.Point) *sides {
	return &b.sides[b.index[edgeKey{lo, hi}]]
}

// findNodes marks the vertices where three or more segments meet or where
// the faces on the sides change, and the lowest point of each ring that has
// none of those, numbering them in the order the rings meet them.
func (b *builder) findNodes(rings []faceRing, t *Topology) {
	degree := make(map[orb.Point]int, len(b.sides))
	for k := range b.index {
		degree[k.lo]++
		degree[k.hi]++
	}
	isNode := make(map[orb.Point]bool)
	for _, fr := range rings {
		n := len(fr.pts)
		found := false
		for i, p := range fr.pts {
			prev, next := fr.pts[(i+n-1)%n], fr.pts[(i+1)%n]
			l1, r1 := b.leftOf(prev, p)
			l2, r2 := b.leftOf(p, next)
			if degree[p] != 2 || l1 != l2 || r1 != r2 {
				isNode[p] = true
				found = true
			}
		}
		if !found {
			low := fr.pts[0]
			for _, p := range fr.pts[1:] {
				if lessPoint(p, low) {
					low = p
				}
			}
			isNode[low] = true
		}
	}
	b.nodes = make(map[orb.Point]int, len(isNode))
	for _, fr := range rings {
		for _, p := range fr.pts {
			if _, done := b.nodes[p]; isNode[p] && !done {
				b.nodes[p] = len(t.Nodes)
				t.Nodes = append(t.Nodes, p)
			}
		}
	}
}

// buildEdges cuts every ring at its nodes into chains; the first face to
// walk a chain makes it an edge, the face on the other side refers to it
// backwards.
func (b *builder) buildEdges(rings []faceRing, t *Topology) error {
	nodes := b.nodes
	for _, fr := range rings {
		n := len(fr.pts)
		start := slices.IndexFunc(fr.pts, func(p orb.Point) bool { _, ok := nodes[p]; return ok })
		var refs []int
		for i := start; i < start+n; {
			a, c := fr.pts[i%n], fr.pts[(i+1)%n]
			k := edgeKey{a, c}
			if lessPoint(c, a) {
				k = edgeKey{c, a}
			}
			s := b.side(k.lo, k.hi)
			j := i + 1
			for {
				if _, ok := nodes[fr.pts[j%n]]; ok {
					break
				}
				j++
			}
			if s.edge >= 0 {
				e := t.Edges[s.edge]
				if len(e.Line) != j-i+1 || e.Line[len(e.Line)-1] != a || e.Line[0] != fr.pts[j%n] {
					return fmt.Errorf("geo: topology: polygons %d and %d share the boundary at %v in different ways", e.Left, fr.face, a)
				}
				refs = append(refs, ^s.edge)
			} else {
				line := make(orb.LineString, 0, j-i+1)
				for q := i; q <= j; q++ {
					line = append(line, fr.pts[q%n])
				}
				left, right := b.leftOf(a, c)
				id := len(t.Edges)
				t.Edges = append(t.Edges, Edge{Line: line, Start: nodes[line[0]], End: nodes[line[len(line)-1]], Left: left, Right: right})
				for q := 0; q+1 < len(line); q++ {
					k := edgeKey{line[q], line[q+1]}
					if lessPoint(line[q+1], line[q]) {
						k = edgeKey{line[q+1], line[q]}
					}
					b.side(k.lo, k.hi).edge = id
				}
				refs = append(refs, id)
			}
			i = j
		}
		t.Faces[fr.face].Rings = append(t.Faces[fr.face].Rings, refs)
	}
	return nil
}

// snapper maps points within a tolerance of one another, in each
// coordinate, to the first of them seen. It keeps them in a grid of
// tolerance-sized buckets; two points in one bucket are within the
// tolerance, so each bucket holds at most one.
type snapper struct {
	tol  float64
	grid map[[2]int64]orb.Point
}

func newSnapper(tol float64, n int) *snapper {
	return &snapper{tol: tol, grid: make(map[[2]int64]orb.Point, n)}
}

func (s *snapper) point(p orb.Point) orb.Point {
	home := [2]int64{int64(math.Floor(p[0] / s.tol)), int64(math.Floor(p[1] / s.tol))}
	if q, ok := s.grid[home]; ok {
		return q
	}
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			q, ok := s.grid[[2]int64{home[0] + dx, home[1] + dy}]
			if ok && math.Abs(q[0]-p[0]) <= s.tol && math.Abs(q[1]-p[1]) <= s.tol {
				return q
			}
		}
	}
	s.grid[home] = p
	return p
}

// Polygons rebuilds every face's polygon from its edges, in face order:
// exterior counter-clockwise and holes clockwise, as RFC 7946 asks, each
// ring starting at a node. A face without rings, such as one merged away
// by MergeFaces, gives an empty polygon (no rings), so that the other
// faces keep their positions.
func (t *Topology) Polygons() []orb.Polygon {
	out := make([]orb.Polygon, len(t.Faces))
	for f := range t.Faces {
		out[f] = t.Polygon(f)
	}
	return out
}

// Polygon rebuilds the polygon of one face; see Polygons.
func (t *Topology) Polygon(face int) orb.Polygon {
	rings := t.Faces[face].Rings
	p := make(orb.Polygon, 0, len(rings))
	for _, refs := range rings {
		var r orb.Ring
		for _, ref := range refs {
			e, back := EdgeIndex(ref)
			line := t.Edges[e].Line
			if back {
				for i := len(line) - 1; i >= 0; i-- {
					if len(r) == 0 || i < len(line)-1 {
						r = append(r, line[i])
					}
				}
			} else {
				for i, q := range line {
					if len(r) == 0 || i > 0 {
						r = append(r, q)
					}
				}
			}
		}
		p = append(p, r)
	}
	return p
}

// NodeEdges returns the edges that start or end at a node.
func (t *Topology) NodeEdges(node int) []int {
	return slices.Clone(t.nodeEdges[node])
}

// NodeFaces returns the faces (not Outside) that touch a node, in
// ascending order: the cells that change when it moves.
func (t *Topology) NodeFaces(node int) []int {
	var out []int
	for _, e := range t.nodeEdges[node] {
		out = t.appendFaces(out, e)
	}
	slices.Sort(out)
	return out
}

// EdgeFaces returns the faces (not Outside) on the two sides of an edge.
func (t *Topology) EdgeFaces(edge int) []int {
	out := t.appendFaces(nil, edge)
	slices.Sort(out)
	return out
}

func (t *Topology) appendFaces(out []int, edge int) []int {
	e := t.Edges[edge]
	for _, f := range []int{e.Left, e.Right} {
		if f != Outside && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
