package geo

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// ValidateOptions say what Topology.Validate may accept.
type ValidateOptions struct {
	// MinAreaM2 is the smallest area a face may have, in square metres;
	// smaller faces are reported as slivers. Zero accepts any area.
	MinAreaM2 float64
	// OuterMayChange accepts a union of the faces different from the one
	// the topology was built with, for an explicit edit of the town's outer
	// boundary.
	OuterMayChange bool
	// IDs name the faces in problems, such as cell codes; when not one per
	// face, faces are named by their index.
	IDs []string
	// Removed lists the faces meant to be empty, such as those merged away
	// by MergeFaces: when empty they are left out of every check. Any other
	// empty face is reported as ProblemEmpty.
	Removed []int
}

// Validate checks that the topology is still a partition: every face a
// valid simple polygon wound as RFC 7946 asks and not empty, no edges
// crossing or touching away from their nodes, no face below
// opts.MinAreaM2 (faces in opts.Removed may be empty and are then left
// out), and the rebuilt polygons passing ValidatePartition
// (no overlaps, no gaps, holes only where other faces fill them) against
// the union the topology was built with, unless opts.OuterMayChange or
// that union was not one ring without holes (then any outline passes). It
// returns nil when all holds. Each problem names its faces in Faces (and
// IDs) and a place in At.
//
// Overlaps and gaps are looked for only when no face is invalid and no
// edges cross, since those faults would be reported again as their
// consequences.
func (t *Topology) Validate(opts ValidateOptions) []Problem {
	names := opts.IDs
	if len(names) != len(t.Faces) {
		names = make([]string, len(t.Faces))
		for i := range names {
			names[i] = strconv.Itoa(i)
		}
	}
	var out []Problem
	add := func(kind string, at orb.Point, faces []int, format string, args ...any) {
		slices.Sort(faces)
		faces = slices.Compact(faces)
		ids := make([]string, len(faces))
		for i, f := range faces {
			ids[i] = names[f]
		}
		out = append(out, Problem{Kind: kind, IDs: ids, Faces: faces, At: at, Message: fmt.Sprintf(format, args...)})
	}

	polys := t.Polygons()
	for f, p := range polys {
		if len(p) == 0 {
			if slices.Contains(opts.Removed, f) {
				continue
			}
			add(ProblemEmpty, orb.Point{}, []int{f}, "face has no ring left")
			continue
		}
		ok := true
		for r, ring := range p {
			what := "boundary"
			if r > 0 {
				what = fmt.Sprintf("hole %d", r)
			}
			// Crossings, within a ring or between rings, are found for all
			// edges at once below; ValidatePartition checks each ring again.
			if len(ring) < 4 {
				add(ProblemInvalid, ring[0], []int{f}, "%s has %d points; at least 4 are needed", what, len(ring))
				ok = false
			} else if k := repeatedPoint(ring); k >= 0 {
				add(ProblemInvalid, ring[k], []int{f}, "%s: point repeated", what)
				ok = false
			} else if ccw := planarArea(ring) > 0; ccw != (r == 0) {
				add(ProblemInvalid, ring[0], []int{f}, "%s is turned inside out", what)
				ok = false
			}
		}
		if a := Area(p); ok && a < opts.MinAreaM2 {
			add(ProblemSliver, LabelPoint(p), []int{f}, "face covers %.3g m², less than the minimum of %.3g m²", a, opts.MinAreaM2)
		}
	}
	crossed := t.checkCrossings(add)
	if crossed || slices.ContainsFunc(out, func(p Problem) bool { return p.Kind != ProblemSliver }) {
		return out
	}

	// Empty faces here are removed ones; the others see their problems
	// under their face indexes.
	parts := make([]Part, 0, len(polys))
	faceOf := make([]int, 0, len(polys))
	for i, p := range polys {
		if len(p) > 0 {
			parts = append(parts, Part{ID: names[i], Polygon: p})
			faceOf = append(faceOf, i)
		}
	}
	outline := t.outline
	if opts.OuterMayChange {
		outline = nil
	}
	for _, p := range ValidatePartition(parts, outline) {
		for i, f := range p.Faces {
			p.Faces[i] = faceOf[f]
		}
		if p.Kind == ProblemHole && len(p.Faces) == 1 && t.holesFilled(p.Faces[0]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// repeatedPoint returns the index of the first point of r equal to the
// next, or -1.
func repeatedPoint(r orb.Ring) int {
	for i := 0; i+1 < len(r); i++ {
		if r[i] == r[i+1] {
			return i
		}
	}
	return -1
}

// holesFilled reports whether every hole of a face is bordered by other
// faces all round, so that the union has no hole there.
func (t *Topology) holesFilled(face int) bool {
	for _, refs := range t.Faces[face].Rings[1:] {
		for _, ref := range refs {
			e, _ := EdgeIndex(ref)
			if t.Edges[e].Left == Outside || t.Edges[e].Right == Outside {
				return false
			}
		}
	}
	return true
}

// checkCrossings reports pairs of edges that cross, run along each other,
// or meet anywhere but at a node both end at, once per pair of edges, and
// whether it found any.
func (t *Topology) checkCrossings(add func(kind string, at orb.Point, faces []int, format string, args ...any)) bool {
	var segs []segment
	var seq []int // position of each segment in its edge's line
	for e, edge := range t.Edges {
		for k := 0; k+1 < len(edge.Line); k++ {
			if edge.Line[k] == edge.Line[k+1] {
				continue // reported as a repeated point of its faces
			}
			segs = append(segs, segment{a: edge.Line[k], b: edge.Line[k+1], part: e})
			seq = append(seq, k)
		}
	}
	// nodeAt returns the node at p if p ends the edge with this segment.
	nodeAt := func(s int, p orb.Point) int {
		e := t.Edges[segs[s].part]
		switch n := len(e.Line); {
		case seq[s] == 0 && p == e.Line[0]:
			return e.Start
		case seq[s] == n-2 && p == e.Line[n-1]:
			return e.End
		}
		return -1
	}
	seen := make(map[[2]int]bool)
	found := false
	pairsNear(segs, func(i, j int) bool {
		s, u := segs[i], segs[j]
		if s.part == u.part && (seq[j]-seq[i] == 1 || seq[i]-seq[j] == 1) {
			// Consecutive segments of one line meet at their common
			// vertex; anything more is a fold, which ValidateRing reports
			// for the faces.
			if rel, _ := relate(s.a, s.b, u.a, u.b); rel == relShared {
				return true
			}
		}
		rel, at := relate(s.a, s.b, u.a, u.b)
		var what string
		switch rel {
		case relNone:
			return true
		case relShared:
			if n := nodeAt(i, at); n >= 0 && n == nodeAt(j, at) {
				return true
			}
			what = "boundaries meet at a vertex that is not a shared node"
		case relTouch:
			what = "a vertex of one boundary lies on another"
		case relCross:
			what = "boundaries cross"
		case relOverlap:
			what = "boundaries run along each other"
		}
		found = true
		key := [2]int{min(s.part, u.part), max(s.part, u.part)}
		if !seen[key] {
			seen[key] = true
			faces := t.appendFaces(t.appendFaces(nil, s.part), u.part)
			add(ProblemCross, at, faces, "%s (edges %d and %d)", what, key[0], key[1])
		}
		return true
	})
	return found
}
