package geo

import (
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// Contiguity says which polygons count as neighbours when weights are built
// from shared boundaries.
type Contiguity int

const (
	// Queen makes two polygons neighbours when their boundaries share any
	// point, a single corner included (the queen's moves in chess).
	Queen Contiguity = iota
	// Rook makes two polygons neighbours only when their boundaries share a
	// stretch of positive length (the rook's moves).
	Rook
)

// String returns "queen" or "rook", the names GIS tools give them.
func (c Contiguity) String() string {
	switch c {
	case Queen:
		return "queen"
	case Rook:
		return "rook"
	}
	return "Contiguity(" + strconv.Itoa(int(c)) + ")"
}

// snapTol is the absolute distance, in coordinate units, below which two
// boundaries are taken to touch and a shared stretch to have no length.
// 1e-9 degrees is about 0.1 mm on the ground: far below any surveyed
// boundary, far above the rounding of float64 coordinates near 180°
// (about 3e-14), and harmless for unit-sized test lattices.
const snapTol = 1e-9

// ContiguityWeights returns the binary contiguity weights of polygons
// (cells), neighbours as kind defines them. Every ring counts, holes
// included, so a cell that fills another's hole is its neighbour.
//
// Boundaries need not share vertices: a vertex of one polygon lying on an
// edge of another (a T-junction) touches it, and collinear edges that
// overlap in part share a stretch. Both tests allow an absolute tolerance of
// 1e-9 coordinate units (about 0.1 mm in lon/lat degrees): a point within
// it of a boundary touches the boundary, and a shared stretch must be longer
// than it (and both its ends within it of the other edge's line) to count
// for Rook. Polygons without rings have no neighbours (islands). A kind
// other than Queen or Rook is taken as Queen.
//
// Only pairs of polygons whose bounding boxes meet are compared, found
// through a uniform grid of about one bucket per polygon, so the work grows
// with the number of polygons and their vertices, not with its square.
func ContiguityWeights(polys []orb.Polygon, kind Contiguity) Weights {
	n := len(polys)
	start := make([]int, n+1)
	count := 0
	for _, p := range polys {
		for _, r := range p {
			count += len(r)
		}
	}
	segs := make([][2]orb.Point, 0, count)
	for i, p := range polys {
		for _, r := range p {
			for k := 0; k+1 < len(r); k++ {
				segs = append(segs, [2]orb.Point{r[k], r[k+1]})
			}
			switch {
			case len(r) == 1:
				segs = append(segs, [2]orb.Point{r[0], r[0]})
			case len(r) > 1 && r[0] != r[len(r)-1]:
				segs = append(segs, [2]orb.Point{r[len(r)-1], r[0]})
			}
		}
		start[i+1] = len(segs)
	}
	boxes := make([]orb.Bound, n)
	for i := range polys {
		ss := segs[start[i]:start[i+1]]
		if len(ss) == 0 {
			continue
		}
		b := orb.Bound{Min: ss[0][0], Max: ss[0][0]}
		for _, s := range ss {
			b = b.Extend(s[0]).Extend(s[1])
		}
		boxes[i] = b.Pad(snapTol)
	}

	pairs := make([][2]int, 0, 3*n)
	degree := make([]int, n)
	var near [][2]orb.Point // scratch: j's segments near i's box
	boxPairs(boxes, start, func(i, j int) {
		// Segments that come within snapTol of each other meet both
		// padded boxes, so only those in their meet need comparing.
		bi, bj := boxes[i], boxes[j]
		clip := orb.Bound{
			Min: orb.Point{math.Max(bi.Min[0], bj.Min[0]), math.Max(bi.Min[1], bj.Min[1])},
			Max: orb.Point{math.Min(bi.Max[0], bj.Max[0]), math.Min(bi.Max[1], bj.Max[1])},
		}
		near = near[:0]
		for _, t := range segs[start[j]:start[j+1]] {
			if segMeetsBound(t, clip) {
				near = append(near, t)
			}
		}
		if adjacent(segs[start[i]:start[i+1]], near, clip, kind) {
			pairs = append(pairs, [2]int{i, j})
			degree[i]++
			degree[j]++
		}
	})
	// One backing array for all lists, each with room for exactly its
	// neighbours.
	flat := make([]int, 2*len(pairs))
	out := make([][]int, n)
	at := 0
	for i, d := range degree {
		if d > 0 {
			out[i] = flat[at : at : at+d]
			at += d
		}
	}
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
		out[p[1]] = append(out[p[1]], p[0])
	}
	for _, nb := range out {
		slices.Sort(nb)
	}
	return Weights{Neighbors: out}
}

// boxPairs calls fn once for each pair i < j of polygons with segments
// (start[i] < start[i+1]) whose boxes meet. Boxes are bucketed in a uniform
// grid sized by their mean extent; a pair is visited only in the first
// bucket both boxes share.
func boxPairs(boxes []orb.Bound, start []int, fn func(i, j int)) {
	var ids []int
	var all orb.Bound
	var extent float64
	for i, b := range boxes {
		if start[i] == start[i+1] {
			continue
		}
		if len(ids) == 0 {
			all = b
		} else {
			all = all.Union(b)
		}
		extent += math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
		ids = append(ids, i)
	}
	if len(ids) < 2 {
		return
	}
	size := extent / float64(len(ids))
	w, h := all.Max[0]-all.Min[0], all.Max[1]-all.Min[1]
	if !(size > 0) || math.IsInf(size, 0) {
		size = math.Max(w, h) + 1
	}
	cols := min(int(w/size)+1, 2*len(ids))
	rows := min(int(h/size)+1, 2*len(ids))
	axis := func(v, lo, ext float64, n int) int {
		if !(ext > 0) {
			return 0
		}
		return max(min(int((v-lo)/ext*float64(n)), n-1), 0)
	}
	span := func(b orb.Bound) (c0, r0, c1, r1 int) {
		return axis(b.Min[0], all.Min[0], w, cols), axis(b.Min[1], all.Min[1], h, rows),
			axis(b.Max[0], all.Min[0], w, cols), axis(b.Max[1], all.Min[1], h, rows)
	}

	first := make([]int, cols*rows+1)
	for _, i := range ids {
		c0, r0, c1, r1 := span(boxes[i])
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				first[r*cols+c+1]++
			}
		}
	}
	for k := 1; k < len(first); k++ {
		first[k] += first[k-1]
	}
	fill := append([]int(nil), first[:len(first)-1]...)
	members := make([]int32, first[len(first)-1])
	for _, i := range ids {
		c0, r0, c1, r1 := span(boxes[i])
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				members[fill[r*cols+c]] = int32(i)
				fill[r*cols+c]++
			}
		}
	}

	for cell := 0; cell < cols*rows; cell++ {
		bucket := members[first[cell]:first[cell+1]]
		for x, i := range bucket {
			bi := boxes[i]
			ic0, ir0, _, _ := span(bi)
			for _, j := range bucket[x+1:] {
				bj := boxes[j]
				if !bi.Intersects(bj) {
					continue
				}
				jc0, jr0, _, _ := span(bj)
				if max(ic0, jc0)+max(ir0, jr0)*cols != cell {
					continue
				}
				fn(int(min(i, j)), int(max(i, j)))
			}
		}
	}
}

// adjacent reports whether two polygons, given as their boundary segments
// near clip, the meet of their padded boxes, are neighbours of the given
// kind.
func adjacent(a, b [][2]orb.Point, clip orb.Bound, kind Contiguity) bool {
	if len(b) == 0 {
		return false
	}
	for _, s := range a {
		if !segMeetsBound(s, clip) {
			continue
		}
		for _, t := range b {
			if !segBoxesNear(s, t) {
				continue
			}
			if kind == Rook {
				if sharedLength(s, t) > snapTol {
					return true
				}
			} else if segmentsTouch(s, t) {
				return true
			}
		}
	}
	return false
}

// segMeetsBound reports whether the box of s meets b.
func segMeetsBound(s [2]orb.Point, b orb.Bound) bool {
	return math.Max(s[0][0], s[1][0]) >= b.Min[0] && math.Min(s[0][0], s[1][0]) <= b.Max[0] &&
		math.Max(s[0][1], s[1][1]) >= b.Min[1] && math.Min(s[0][1], s[1][1]) <= b.Max[1]
}

// segBoxesNear reports whether the boxes of s and t are within snapTol.
func segBoxesNear(s, t [2]orb.Point) bool {
	return math.Max(s[0][0], s[1][0])+snapTol >= math.Min(t[0][0], t[1][0]) &&
		math.Max(t[0][0], t[1][0])+snapTol >= math.Min(s[0][0], s[1][0]) &&
		math.Max(s[0][1], s[1][1])+snapTol >= math.Min(t[0][1], t[1][1]) &&
		math.Max(t[0][1], t[1][1])+snapTol >= math.Min(s[0][1], s[1][1])
}

// segmentsTouch reports whether the closed segments s and t cross or come
// within snapTol of each other.
func segmentsTouch(s, t [2]orb.Point) bool {
	// Distances first: they settle the shared vertices and edges of a
	// partition cheaply, where orient would need exact arithmetic.
	const tol2 = snapTol * snapTol
	if pointSegmentDist2(t[0], s) <= tol2 || pointSegmentDist2(t[1], s) <= tol2 ||
		pointSegmentDist2(s[0], t) <= tol2 || pointSegmentDist2(s[1], t) <= tol2 {
		return true
	}
	return orient(s[0], s[1], t[0])*orient(s[0], s[1], t[1]) < 0 &&
		orient(t[0], t[1], s[0])*orient(t[0], t[1], s[1]) < 0
}

// pointSegmentDist2 returns the squared distance from p to the closed
// segment s.
func pointSegmentDist2(p orb.Point, s [2]orb.Point) float64 {
	dx, dy := s[1][0]-s[0][0], s[1][1]-s[0][1]
	px, py := p[0]-s[0][0], p[1]-s[0][1]
	l2 := dx*dx + dy*dy
	if l2 > 0 {
		f := math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
		px, py = px-f*dx, py-f*dy
	}
	return px*px + py*py
}

// sharedLength returns the length of the stretch that segments s and t
// share: zero unless both ends of the shorter lie within snapTol of the
// longer's line, else the overlap of their projections on that line.
func sharedLength(s, t [2]orb.Point) float64 {
	ls := math.Hypot(s[1][0]-s[0][0], s[1][1]-s[0][1])
	lt := math.Hypot(t[1][0]-t[0][0], t[1][1]-t[0][1])
	if lt > ls {
		s, t, ls = t, s, lt
	}
	if !(ls > snapTol) {
		return 0
	}
	ux, uy := (s[1][0]-s[0][0])/ls, (s[1][1]-s[0][1])/ls
	var along [2]float64
	for k, p := range t {
		px, py := p[0]-s[0][0], p[1]-s[0][1]
		if math.Abs(px*uy-py*ux) > snapTol {
			return 0
		}
		along[k] = px*ux + py*uy
	}
	lo := math.Max(0, math.Min(along[0], along[1]))
	hi := math.Min(ls, math.Max(along[0], along[1]))
	return math.Max(0, hi-lo)
}
