package geo

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// Problem kinds reported by ValidatePartition, in the order they are
// listed, by Topology.Validate, which adds cross, sliver and empty, and by
// CheckCoverage, which adds self_intersection and outside_unit.
const (
	ProblemInvalid = "invalid" // a part is not a valid simple polygon, or its ID repeats
	ProblemHole    = "hole"    // a part has a hole
	ProblemOverlap = "overlap" // parts cover common ground
	ProblemVertex  = "vertex"  // neighbours do not share a vertex where their boundaries meet
	ProblemGap     = "gap"     // ground inside the partition is covered by no part, or the parts fall apart
	ProblemOutline = "outline" // the union of the parts differs from the outline
	ProblemCross   = "cross"   // edges of the topology cross or touch away from their nodes
	ProblemSliver  = "sliver"  // a face is smaller than the minimum area
	ProblemEmpty   = "empty"   // a face has no ring left

	ProblemSelfIntersection = "self_intersection" // a ring crosses or touches itself
	ProblemOutsideUnit      = "outside_unit"      // a cell lies partly or wholly outside every unit, or in two
)

var problemOrder = []string{ProblemInvalid, ProblemHole, ProblemOverlap, ProblemVertex, ProblemGap, ProblemOutline}

// Part is one piece of a partition, such as a cell with its code.
type Part struct {
	ID      string
	Polygon orb.Polygon
}

// Problem is one fault found by ValidatePartition, Topology.Validate or
// CheckCoverage: its kind, the parts involved (none for faults of the
// whole) by ID and by position in the input (face or feature index), a
// point to show and a message for people. CheckCoverage also gives the
// area of the fault and the units it concerns.
type Problem struct {
	Kind    string
	IDs     []string
	Faces   []int
	At      orb.Point
	Message string
	// AreaM2 is the area of an overlap, gap, sliver or of the part of a
	// cell outside its unit, in square metres (CheckCoverage only).
	AreaM2 float64
	// Units are the positions of the units an outside_unit problem
	// concerns (CheckCoverage only).
	Units []int
	// Apart marks a gap problem whose features lie apart from the rest,
	// rather than enclosing ground no feature covers (CheckCoverage only).
	Apart bool
}

func (p Problem) String() string {
	if len(p.IDs) == 0 && len(p.Faces) > 0 { // CheckCoverage names features by index
		return fmt.Sprintf("%s %v at %v: %s", p.Kind, p.Faces, p.At, p.Message)
	}
	return fmt.Sprintf("%s %v at %v: %s", p.Kind, p.IDs, p.At, p.Message)
}

// ValidatePartition checks that parts tile the plane region they cover: each
// part a valid simple polygon, no two overlapping, no uncovered ground
// enclosed by them, all in one piece, neighbours sharing identical vertices,
// and, when outline is not nil, their union equal to outline vertex for
// vertex. It returns nil when all holds, else the problems ordered by kind
// as the Problem* constants are listed.
//
// Shared edges are matched exactly in a multiset of canonical vertex pairs:
// an edge used twice in one direction is an overlap, and the edges used
// once, chained into rings, must form a single counter-clockwise ring (any
// other ring is uncovered ground, a piece apart, or a part inside another).
// Crossings and vertices lying on another part's edge are found with a grid
// of segments, so the cost grows about linearly with the number of
// vertices. When nothing is reported, the union's area equals the sum of
// the parts' areas.
//
// Parts found invalid are reported once and left out of the other checks,
// which may then report a gap where they lie. Problems that follow from a
// reported overlap or unshared vertex are not repeated as gaps. Where parts
// meet only at a corner, the gap reported there may also be one part lying
// inside another.
func ValidatePartition(parts []Part, outline orb.Polygon) []Problem {
	v := &validation{parts: parts, seen: make(map[string]bool), implicated: make(map[int]bool)}
	ok := v.checkParts()
	n := 0
	for _, p := range ok {
		for _, r := range p {
			n += len(r)
		}
	}
	edges := newEdgeSet(n / 2)
	segs := make([]segment, 0, n)
	for i, p := range ok {
		if p == nil {
			continue
		}
		for _, ring := range p {
			edges.addRing(ring, i)
			for e := 0; e+1 < len(ring); e++ {
				segs = append(segs, segment{a: ring[e], b: ring[e+1], part: i})
			}
		}
	}
	v.checkEdges(edges)
	v.checkCrossings(segs)
	boundary := edges.boundary()
	v.checkBoundary(boundary)
	if outline != nil {
		v.checkOutline(boundary, outline)
	}
	// Where two parts overlap, unshared vertices between them add nothing.
	v.problems = slices.DeleteFunc(v.problems, func(p Problem) bool {
		return p.Kind == ProblemVertex && len(p.IDs) == 2 && v.seen[fmt.Sprint(ProblemOverlap, p.IDs)]
	})
	slices.SortStableFunc(v.problems, func(a, b Problem) int {
		return slices.Index(problemOrder, a.Kind) - slices.Index(problemOrder, b.Kind)
	})
	return v.problems
}

type validation struct {
	parts      []Part
	problems   []Problem
	seen       map[string]bool // kind and parts already reported
	implicated map[int]bool    // parts named in an overlap or a vertex problem
}

func (v *validation) add(kind string, at orb.Point, parts []int, format string, args ...any) {
	parts = slices.Clone(parts)
	slices.Sort(parts)
	ids := make([]string, len(parts))
	for i, p := range parts {
		ids[i] = v.parts[p].ID
	}
	v.problems = append(v.problems, Problem{Kind: kind, IDs: ids, Faces: parts, At: at, Message: fmt.Sprintf(format, args...)})
}

// addPair reports a problem between two parts once per kind.
func (v *validation) addPair(kind string, at orb.Point, i, j int, format string, args ...any) {
	if j < 0 {
		j = i
	}
	if i > j {
		i, j = j, i
	}
	key := fmt.Sprint(kind, []string{v.parts[i].ID, v.parts[j].ID})
	if v.seen[key] {
		return
	}
	v.seen[key] = true
	v.implicated[i], v.implicated[j] = true, true
	pair := []int{i, j}
	if i == j {
		pair = []int{i}
	}
	v.add(kind, at, pair, format, args...)
}

// checkParts validates each part and returns them wound as RFC 7946 asks,
// nil for the invalid ones.
func (v *validation) checkParts() []orb.Polygon {
	ok := make([]orb.Polygon, len(v.parts))
	first := make(map[string]int, len(v.parts))
	for i, p := range v.parts {
		if j, dup := first[p.ID]; dup {
			v.add(ProblemInvalid, firstPoint(p.Polygon), []int{j, i}, "ID %q is used twice", p.ID)
		} else {
			first[p.ID] = i
		}
		if len(p.Polygon) == 0 {
			v.add(ProblemInvalid, orb.Point{}, []int{i}, "part has no geometry")
			continue
		}
		bad := false
		for r, ring := range p.Polygon {
			if err := ValidateRing(ring); err != nil {
				e := err.(*InvalidError)
				what := "boundary"
				if r > 0 {
					what = fmt.Sprintf("hole %d", r)
				}
				v.add(ProblemInvalid, e.At, []int{i}, "%s: %s", what, e.Reason)
				bad = true
			}
		}
		if len(p.Polygon) > 1 {
			v.add(ProblemHole, firstPoint(p.Polygon[1:]), []int{i}, "part has %d hole(s)", len(p.Polygon)-1)
		}
		if !bad {
			ok[i] = RightHand(p.Polygon)
		}
	}
	return ok
}

func firstPoint(p orb.Polygon) orb.Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return orb.Point{}
	}
	return p[0][0]
}

// checkEdges reports edges used twice in the same direction (two parts on
// the same side of it) or more than twice.
func (v *validation) checkEdges(s *edgeSet) {
	for _, u := range s.uses {
		if bad, i, j := u.overlapped(); bad {
			at := midpoint(u.key.lo, u.key.hi)
			v.addPair(ProblemOverlap, at, i, j, "parts share an edge on the same side")
		}
	}
}

func midpoint(a, b orb.Point) orb.Point {
	return orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
}

// checkCrossings reports edges of different parts that cross, run along each
// other, or where a vertex of one lies inside an edge of another.
func (v *validation) checkCrossings(segs []segment) {
	pairsNear(segs, func(i, j int) bool {
		s, t := segs[i], segs[j]
		if s.part == t.part || (s.a == t.b && s.b == t.a) || (s.a == t.a && s.b == t.b) {
			return true
		}
		rel, at := relate(s.a, s.b, t.a, t.b)
		switch rel {
		case relCross:
			v.addPair(ProblemOverlap, at, s.part, t.part, "boundaries cross")
		case relOverlap:
			// Neighbours run along each other in opposite directions; the
			// same direction means they lie on the same side.
			dot := float64((s.b[0]-s.a[0])*(t.b[0]-t.a[0])) + float64((s.b[1]-s.a[1])*(t.b[1]-t.a[1]))
			if dot < 0 {
				v.addPair(ProblemVertex, at, s.part, t.part, "shared boundary has a vertex in one part but not in the other")
			} else {
				v.addPair(ProblemOverlap, at, s.part, t.part, "boundaries run along each other on the same side")
			}
		case relTouch:
			v.addPair(ProblemVertex, at, s.part, t.part, "a vertex of one part lies on an edge of the other")
		}
		return true
	})
}
