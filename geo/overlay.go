package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// overlay nodes the boundaries of a set of polygons against each other and
// sorts every piece of boundary by the polygons it lies strictly inside or
// runs along. From those pieces come, without building any polygon first,
// the area each two polygons share (the boundary of P∩Q is the part of P's
// boundary inside Q, the part of Q's inside P and the part both run along in
// the same direction) and the boundary of the union (the pieces inside no
// other polygon, those run along in opposite directions cancelling).
//
// Parts [0, cells) are cells; the others are units, which count only for
// the area each cell shares with each unit. Parts are wound as RFC 7946
// asks; nil parts are left out.
type overlay struct {
	parts []orb.Polygon
	cells int
	ix    *Index
	bands []bands // of each part, for containment tests

	segs      []segment
	rings     [][2]int             // segment range of each ring
	splits    [][]orb.Point        // where other boundaries cut each segment
	collinear []uint8              // how many other parts' segments each runs along (up to 2)
	twin      []int32              // the one other segment with the same endpoints, or -1
	event     []bool               // segments whose start another part's boundary meets
	meets     map[[2]int]orb.Point // cells whose boundaries meet other than at shared vertices
	groups    map[edgeKey]int      // pieces run along by several parts
	members   [][]groupMember      // of each group
	origin    orb.Point            // for areas
	acc       map[[2]int]float64   // twice the common area of two parts, in authalic radians²
	pieces    map[[2]int][]dirEdge // the boundary of the overlap of two cells
	boundary  []dirEdge            // the boundary of the union of the cells
}

type groupMember struct {
	part     int
	from, to orb.Point
}

func newOverlay(parts []orb.Polygon, cells int) *overlay {
	ov := &overlay{
		parts: parts, cells: cells, ix: NewIndex(parts),
		meets: make(map[[2]int]orb.Point),
		acc:   make(map[[2]int]float64), pieces: make(map[[2]int][]dirEdge),
	}
	b := boundOf(parts)
	ov.origin = orb.Point{(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2}
	for k, p := range parts {
		for _, r := range p {
			lo := len(ov.segs)
			for i := 0; i+1 < len(r); i++ {
				if r[i] != r[i+1] {
					ov.segs = append(ov.segs, segment{a: r[i], b: r[i+1], part: k})
				}
			}
			ov.rings = append(ov.rings, [2]int{lo, len(ov.segs)})
		}
	}
	ov.bands = make([]bands, len(parts))
	for k := range parts {
		ov.bands[k] = newBands(ov.ix, k)
	}
	n := len(ov.segs)
	ov.splits, ov.collinear, ov.event = make([][]orb.Point, n), make([]uint8, n), make([]bool, n)
	ov.twin = make([]int32, n)
	for i := range ov.twin {
		ov.twin[i] = -1
	}
	ov.groups = make(map[edgeKey]int, n/4)
	return ov
}

// run nodes the boundaries and sorts their pieces.
func (ov *overlay) run() {
	pairsNear(ov.segs, func(i, j int) bool {
		ov.node(i, j)
		return true
	})
	for _, r := range ov.rings {
		var set []int
		known := false // set holds for the previous piece, and nothing met since
		for si := r[0]; si < r[1]; si++ {
			s := ov.segs[si]
			pts := ov.cut(si)
			for k := 0; k+1 < len(pts); k++ {
				from, to := pts[k], pts[k+1]
				if ov.collinear[si] > 0 {
					known = false
					if tw := ov.twin[si]; ov.collinear[si] == 1 && tw >= 0 && ov.collinear[tw] == 1 && len(ov.splits[si]) == 0 && len(ov.splits[tw]) == 0 {
						// Only its twin runs along it: a group of two,
						// handled once, without the map.
						if int(tw) > si {
							t := ov.segs[tw]
							ov.emitGroup([]groupMember{{s.part, s.a, s.b}, {t.part, t.a, t.b}})
						}
						continue
					}
					ov.group(s.part, from, to)
					continue
				}
				if !known || k > 0 || ov.event[si] {
					set = ov.containing(midpoint(from, to), s.part, nil)
					known = true
				}
				ov.emit(s.part, from, to, set)
			}
		}
	}
	for _, ms := range ov.members {
		ov.emitGroup(ms)
	}
}

// node records how segments i and j of different parts meet.
func (ov *overlay) node(i, j int) {
	s, t := ov.segs[i], ov.segs[j]
	if s.part == t.part {
		return
	}
	rel, at := relate(s.a, s.b, t.a, t.b)
	switch rel {
	case relShared:
		ov.flag(i, at)
		ov.flag(j, at)
	case relTouch:
		ov.flag(i, at)
		ov.flag(j, at)
		if at != s.a && at != s.b {
			ov.splits[i] = append(ov.splits[i], at)
		} else {
			ov.splits[j] = append(ov.splits[j], at)
		}
		ov.meet(s.part, t.part, at)
	case relCross:
		x := canonicalCrossing(s.a, s.b, t.a, t.b)
		ov.splits[i] = append(ov.splits[i], x)
		ov.splits[j] = append(ov.splits[j], x)
		ov.meet(s.part, t.part, x)
	case relOverlap:
		ov.collinear[i] = min(ov.collinear[i]+1, 2)
		ov.collinear[j] = min(ov.collinear[j]+1, 2)
		if (s.a == t.a && s.b == t.b) || (s.a == t.b && s.b == t.a) {
			ov.twin[i], ov.twin[j] = int32(j), int32(i)
		}
		// An endpoint of one inside the other is a vertex the other lacks.
		var inner []orb.Point
		for _, p := range []orb.Point{t.a, t.b} {
			if onSegment(s.a, s.b, p) {
				ov.flag(i, p)
				ov.flag(j, p)
				if p != s.a && p != s.b {
					ov.splits[i] = append(ov.splits[i], p)
					inner = append(inner, p)
				}
			}
		}
		for _, p := range []orb.Point{s.a, s.b} {
			if onSegment(t.a, t.b, p) {
				ov.flag(i, p)
				ov.flag(j, p)
				if p != t.a && p != t.b {
					ov.splits[j] = append(ov.splits[j], p)
					inner = append(inner, p)
				}
			}
		}
		switch {
		case len(inner) > 0:
			ov.meet(s.part, t.part, inner[0])
		case s.a == t.a: // the same edge run the same way: on the same side
			ov.meet(s.part, t.part, midpoint(s.a, s.b))
		}
	}
}

// flag marks segment i's start when p is where it starts: another part's
// boundary meets it there, so what holds for the piece before need not
// hold for the next. (The pair with the segment before yields its end.)
func (ov *overlay) flag(i int, p orb.Point) {
	if ov.segs[i].a == p {
		ov.event[i] = true
	}
}

// canonicalCrossing is crossing with the segments and their endpoints put
// in one order first, so that the two copies of a shared edge, whichever
// way they run, are cut by a third segment at the same point.
func canonicalCrossing(a, b, c, d orb.Point) orb.Point {
	if lessPoint(b, a) {
		a, b = b, a
	}
	if lessPoint(d, c) {
		c, d = d, c
	}
	if lessPoint(c, a) || (c == a && lessPoint(d, b)) {
		a, b, c, d = c, d, a, b
	}
	return crossing(a, b, c, d)
}

// meet records the first place where the boundaries of two cells meet
// other than at a shared vertex or along a shared edge.
func (ov *overlay) meet(p, q int, at orb.Point) {
	if p >= ov.cells || q >= ov.cells {
		return
	}
	k := [2]int{min(p, q), max(p, q)}
	if _, ok := ov.meets[k]; !ok {
		ov.meets[k] = at
	}
}

// cut returns segment i's endpoints with its cuts between them, in order.
func (ov *overlay) cut(i int) []orb.Point {
	s := ov.segs[i]
	cuts := ov.splits[i]
	if len(cuts) == 0 {
		return []orb.Point{s.a, s.b}
	}
	dx, dy := s.b[0]-s.a[0], s.b[1]-s.a[1]
	t := func(p orb.Point) float64 { return (p[0]-s.a[0])*dx + (p[1]-s.a[1])*dy }
	slices.SortFunc(cuts, func(p, q orb.Point) int { return cmp.Compare(t(p), t(q)) })
	pts := make([]orb.Point, 0, len(cuts)+2)
	pts = append(pts, s.a)
	for _, p := range cuts {
		if p != pts[len(pts)-1] && p != s.b {
			pts = append(pts, p)
		}
	}
	return append(pts, s.b)
}

// group adds a piece of a segment that runs along another part's to the
// group of pieces with its endpoints.
func (ov *overlay) group(part int, from, to orb.Point) {
	k := edgeKey{from, to}
	if lessPoint(to, from) {
		k = edgeKey{to, from}
	}
	g, ok := ov.groups[k]
	if !ok {
		g = len(ov.members)
		ov.groups[k] = g
		ov.members = append(ov.members, nil)
	}
	ov.members[g] = append(ov.members[g], groupMember{part: part, from: from, to: to})
}

// containing returns the parts other than self and those skipped that hold
// p strictly inside (or, for p on a boundary, by Index's half-open rule).
func (ov *overlay) containing(p orb.Point, self int, skip []groupMember) []int {
	var out []int
	ix := ov.ix
	if ix.nx == 0 || !(p[0] >= ix.bound.Min[0] && p[0] <= ix.bound.Max[0] && p[1] >= ix.bound.Min[1] && p[1] <= ix.bound.Max[1]) {
		return nil
	}
	x, y := ix.bucketOf(p)
	b := y*ix.nx + x
	for _, c := range ix.cand[ix.start[b]:ix.start[b+1]] {
		ip := &ix.polys[c]
		if int(c) == self || p[0] < ip.bound.Min[0] || p[0] > ip.bound.Max[0] || p[1] < ip.bound.Min[1] || p[1] > ip.bound.Max[1] {
			continue
		}
		if slices.ContainsFunc(skip, func(m groupMember) bool { return m.part == int(c) }) {
			continue
		}
		if ov.bands[c].contains(ix, p[0], p[1]) {
			out = append(out, int(c))
		}
	}
	return out
}

// bands holds the edges of one polygon of an Index by horizontal band, so
// that a crossing-number test reads only the edges of the band its point
// lies in (the only ones its ray can cross) instead of all: a unit of
// 10,000 vertices costs about as much as a cell.
type bands struct {
	y0, h float64
	start []int32 // band b holds edges[start[b]:start[b+1]]
	edges []int32 // index in Index.xs/ys of each edge's first point
}

func newBands(ix *Index, part int) bands {
	ip := &ix.polys[part]
	n := 0
	for _, r := range ip.rings {
		n += int(r.hi - r.lo - 1)
	}
	if n == 0 {
		return bands{}
	}
	bs := bands{y0: ip.bound.Min[1], h: (ip.bound.Max[1] - ip.bound.Min[1]) / float64(max(1, n/8))}
	nb := max(1, n/8)
	if !(bs.h > 0) {
		bs.h, nb = 1, 1
	}
	band := func(y float64) int { return min(max(int((y-bs.y0)/bs.h), 0), nb-1) }
	span := func(k int32) (int, int) {
		y1, y2 := ix.ys[k], ix.ys[k+1]
		return band(math.Min(y1, y2)), band(math.Max(y1, y2))
	}
	bs.start = make([]int32, nb+1)
	for _, r := range ip.rings {
		for k := r.lo; k+1 < r.hi; k++ {
			b0, b1 := span(k)
			for b := b0; b <= b1; b++ {
				bs.start[b+1]++
			}
		}
	}
	for b := 1; b <= nb; b++ {
		bs.start[b] += bs.start[b-1]
	}
	fill := slices.Clone(bs.start[:nb])
	bs.edges = make([]int32, bs.start[nb])
	for _, r := range ip.rings {
		for k := r.lo; k+1 < r.hi; k++ {
			b0, b1 := span(k)
			for b := b0; b <= b1; b++ {
				bs.edges[fill[b]] = k
				fill[b]++
			}
		}
	}
	return bs
}

// contains is Index.contains for the polygon of these bands.
func (bs *bands) contains(ix *Index, px, py float64) bool {
	nb := len(bs.start) - 1
	if nb <= 0 {
		return false
	}
	b := min(max(int((py-bs.y0)/bs.h), 0), nb-1)
	in := false
	for _, k := range bs.edges[bs.start[b]:bs.start[b+1]] {
		if crossesRight(ix.xs[k], ix.ys[k], ix.xs[k+1], ix.ys[k+1], px, py) {
			in = !in
		}
	}
	return in
}

// emit adds a piece of part's boundary lying strictly inside the parts in
// set to their common areas, and to the union's boundary when it lies in
// no other cell.
func (ov *overlay) emit(part int, from, to orb.Point, set []int) {
	inCell := false
	for _, q := range set {
		ov.add(part, q, from, to)
		inCell = inCell || q < ov.cells
	}
	if part < ov.cells && !inCell {
		ov.boundary = append(ov.boundary, dirEdge{from, to, part})
	}
}

// emitGroup handles a piece run along by several parts: each lies inside
// the parts holding the piece, two running along it the same way share
// ground beside it, and the union of the cells has it as boundary when the
// cells along it do not cancel and no other cell holds it.
func (ov *overlay) emitGroup(ms []groupMember) {
	set := ov.containing(midpoint(ms[0].from, ms[0].to), -1, ms)
	inCell := slices.ContainsFunc(set, func(q int) bool { return q < ov.cells })
	net, first := 0, -1
	for x, m := range ms {
		for _, q := range set {
			ov.add(m.part, q, m.from, m.to)
		}
		for _, n := range ms[x+1:] {
			if n.from == m.from && n.part != m.part {
				ov.add(m.part, n.part, m.from, m.to)
			}
		}
		if m.part < ov.cells {
			if m.from == ms[0].from {
				net++
			} else {
				net--
			}
			if first < 0 {
				first = x
			}
		}
	}
	if inCell || net == 0 || first < 0 {
		return
	}
	m := ms[first]
	if (net > 0) != (m.from == ms[0].from) {
		m.from, m.to = m.to, m.from
	}
	ov.boundary = append(ov.boundary, dirEdge{m.from, m.to, m.part})
}

// add adds the piece from→to of the boundary of the common ground of
// parts p and q, unless both are units.
func (ov *overlay) add(p, q int, from, to orb.Point) {
	if p >= ov.cells && q >= ov.cells {
		return
	}
	k := [2]int{min(p, q), max(p, q)}
	x1, y1 := (from[0]-ov.origin[0])*math.Pi/180, authalic(from[1])-authalic(ov.origin[1])
	x2, y2 := (to[0]-ov.origin[0])*math.Pi/180, authalic(to[1])-authalic(ov.origin[1])
	ov.acc[k] += float64(x1*y2) - float64(x2*y1)
	if k[1] < ov.cells {
		ov.pieces[k] = append(ov.pieces[k], dirEdge{from, to, p})
	}
}

// areaM2 returns the common area of two parts in square metres.
func (ov *overlay) areaM2(k [2]int) float64 {
	return math.Max(ov.acc[k], 0) / 2 * semiMajor * semiMajor
}
