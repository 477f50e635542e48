package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Simplify returns the topology with each edge simplified once by
// Douglas-Peucker at tolerance tol (in the units of the coordinates),
// its end nodes fixed, so that neighbouring faces, which share the edge,
// keep sharing exactly the same simplified line: no gaps or overlaps open
// between them, as they would if each polygon were simplified alone.
//
// Douglas-Peucker alone may make edges cross or fold a small face flat.
// Simplify then puts back, in each segment involved, the dropped vertex
// farthest from it, and checks again until no two segments cross, touch or
// run along each other away from their common ends, and every ring keeps
// its winding. The original edges being a valid topology, this ends, at
// worst with them unchanged. Faces, nodes and edge order are those of t;
// t itself is not changed.
func (t *Topology) Simplify(tol float64) *Topology {
	keep := make([][]bool, len(t.Edges))
	for i, e := range t.Edges {
		keep[i] = douglasPeucker(e.Line, tol)
	}
	for {
		lines := keptLines(t.Edges, keep)
		bad := t.simplifyConflicts(lines, keep)
		refined := false
		for _, s := range bad {
			if refineSegment(t.Edges[s.edge].Line, keep[s.edge], s.lo, s.hi) {
				refined = true
			}
		}
		if !refined {
			out := &Topology{Nodes: t.Nodes, Faces: t.Faces, Edges: make([]Edge, len(t.Edges)), nodeEdges: t.nodeEdges}
			for i, e := range t.Edges {
				e.Line = lines[i]
				out.Edges[i] = e
			}
			return out
		}
	}
}

// span is one simplified segment: the kept vertices lo and hi of an edge,
// with the dropped vertices between them.
type span struct{ edge, lo, hi int }

// simplifyConflicts returns the simplified segments that cross, touch or
// overlap another, and all segments of rings whose winding flipped or whose
// area vanished.
func (t *Topology) simplifyConflicts(lines []orb.LineString, keep [][]bool) []span {
	var segs []segment
	var spans []span
	for e, line := range t.Edges {
		lo := 0
		for i := 1; i < len(line.Line); i++ {
			if !keep[e][i] {
				continue
			}
			segs = append(segs, segment{a: line.Line[lo], b: line.Line[i], part: len(spans)})
			spans = append(spans, span{edge: e, lo: lo, hi: i})
			lo = i
		}
	}
	marked := make([]bool, len(spans))
	pairsNear(segs, func(i, j int) bool {
		s, u := segs[i], segs[j]
		switch rel, _ := relate(s.a, s.b, u.a, u.b); rel {
		case relTouch, relCross, relOverlap:
			marked[s.part], marked[u.part] = true, true
		}
		return true
	})
	flipped := make([]bool, len(t.Edges))
	flip := func(refs []int) {
		for _, ref := range refs {
			e, _ := EdgeIndex(ref)
			flipped[e] = true
		}
	}
	for _, f := range t.Faces {
		var outer orb.Ring
		for r, refs := range f.Rings {
			// With the face on its left, the exterior winds counter-clockwise
			// and a hole clockwise.
			ring := ringOf(lines, refs)
			a := planarArea(ring)
			if r > 0 {
				a = -a
			}
			switch {
			case !(a > 0):
				flip(refs)
			case r == 0:
				outer = ring
			case outer != nil && !planar.RingContains(outer, ring[0]):
				// The exterior passed over the hole without crossing it:
				// an island that a dropped bend enclosed.
				flip(f.Rings[0])
			}
		}
	}
	var out []span
	for i, sp := range spans {
		if marked[i] || flipped[sp.edge] {
			out = append(out, sp)
		}
	}
	return out
}

// ringOf joins the lines a ring refers to into a closed ring.
func ringOf(lines []orb.LineString, refs []int) orb.Ring {
	var r orb.Ring
	for _, ref := range refs {
		e, back := EdgeIndex(ref)
		line := lines[e]
		for k := range line {
			q := line[k]
			if back {
				q = line[len(line)-1-k]
			}
			if len(r) == 0 || k > 0 {
				r = append(r, q)
			}
		}
	}
	return r
}

// keptLines returns each edge's line with only its kept vertices.
func keptLines(edges []Edge, keep [][]bool) []orb.LineString {
	out := make([]orb.LineString, len(edges))
	for i, e := range edges {
		line := make(orb.LineString, 0, 4)
		for k, p := range e.Line {
			if keep[i][k] {
				line = append(line, p)
			}
		}
		out[i] = line
	}
	return out
}

// douglasPeucker marks the vertices of line that Douglas-Peucker keeps at
// tolerance tol: the ends and every vertex farther than tol from the chord
// of the part it splits. A closed line (a ring meeting no other) also keeps
// the vertex farthest from its end and then the one farthest from that
// chord, so that it stays a ring.
func douglasPeucker(line orb.LineString, tol float64) []bool {
	n := len(line)
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	type part struct{ lo, hi int }
	var stack []part
	if n > 3 && line[0] == line[n-1] {
		m := farthest(line, 0, n-1)
		k := farthest(line, 0, m)
		if k == 0 {
			k = farthest(line, m, n-1)
		}
		keep[m], keep[k] = true, true
		lo, hi := min(m, k), max(m, k)
		stack = append(stack, part{0, lo}, part{lo, hi}, part{hi, n - 1})
	} else {
		stack = append(stack, part{0, n - 1})
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p.hi-p.lo < 2 {
			continue
		}
		k := farthest(line, p.lo, p.hi)
		if chordDistance(line[k], line[p.lo], line[p.hi]) > tol {
			keep[k] = true
			stack = append(stack, part{p.lo, k}, part{k, p.hi})
		}
	}
	return keep
}

// refineSegment keeps the dropped vertex between lo and hi farthest from
// their chord, reporting false when there is none.
func refineSegment(line orb.LineString, keep []bool, lo, hi int) bool {
	if hi-lo < 2 {
		return false
	}
	keep[farthest(line, lo, hi)] = true
	return true
}

// farthest returns the vertex strictly between lo and hi farthest from the
// chord line[lo]-line[hi] (from line[lo] when they coincide), lo when none
// lies between.
func farthest(line orb.LineString, lo, hi int) int {
	best, far := lo, -1.0
	for k := lo + 1; k < hi; k++ {
		if d := chordDistance(line[k], line[lo], line[hi]); d > far {
			best, far = k, d
		}
	}
	return best
}

// chordDistance is the planar distance from p to the segment ab.
func chordDistance(p, a, b orb.Point) float64 {
	return segmentDistance(a[0]-p[0], a[1]-p[1], b[0]-p[0], b[1]-p[1])
}
