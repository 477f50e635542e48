package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Index answers "which polygon contains this point" for a set of polygons
// that partition an area, such as a town's grid cells. It is immutable and
// safe for concurrent use; rebuild it when the polygons change.
//
// A point on a boundary shared by two cells belongs to exactly one of them,
// by the half-open rule of the crossing-number test: to the cell that lies
// immediately east of the point, or, on an east–west edge, immediately
// north of it. A point where several cells meet belongs to the cell that
// contains the points just north-east of it. Each shared edge is evaluated
// with its endpoints in one canonical order, so neighbours that share
// identical vertices always agree. Points outside every polygon, including
// points on the outer boundary whose eastern (northern) side is outside, are
// not found.
type Index struct {
	polys []indexedPolygon
	xs    []float64 // ring coordinates of all polygons, back to back
	ys    []float64

	bound  orb.Bound
	nx, ny int
	cw, ch float64 // bucket width and height
	start  []int32 // bucket b holds cand[start[b]:start[b+1]]
	cand   []int32
}

type indexedPolygon struct {
	bound orb.Bound
	rings []ringSpan
}

// ringSpan locates one closed ring in Index.xs/ys: points lo..hi-1, where the
// last point equals the first.
type ringSpan struct{ lo, hi int32 }

// NewIndex builds an index over polys; lookups return positions in polys.
// Empty polygons are never found.
func NewIndex(polys []orb.Polygon) *Index {
	ix := &Index{polys: make([]indexedPolygon, len(polys)), bound: orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}}
	for i, p := range polys {
		ip := indexedPolygon{bound: p.Bound()}
		for _, r := range p {
			if len(r) == 0 {
				continue
			}
			lo := int32(len(ix.xs))
			for _, pt := range r {
				ix.xs = append(ix.xs, pt[0])
				ix.ys = append(ix.ys, pt[1])
			}
			if r[0] != r[len(r)-1] { // close the ring
				ix.xs = append(ix.xs, r[0][0])
				ix.ys = append(ix.ys, r[0][1])
			}
			ip.rings = append(ip.rings, ringSpan{lo, int32(len(ix.xs))})
		}
		ix.polys[i] = ip
		if len(ip.rings) > 0 {
			ix.bound = ix.bound.Union(ip.bound)
		}
	}
	ix.buildGrid()
	return ix
}

// buildGrid buckets the polygons by bound into a uniform grid of about four
// buckets per polygon, so that a lookup tests one or two candidates.
func (ix *Index) buildGrid() {
	n := len(ix.polys)
	if n == 0 || ix.bound.Min[0] > ix.bound.Max[0] {
		ix.nx, ix.ny = 0, 0
		return
	}
	w := ix.bound.Max[0] - ix.bound.Min[0]
	h := ix.bound.Max[1] - ix.bound.Min[1]
	cells := float64(4 * n)
	if w <= 0 || h <= 0 {
		w, h = math.Max(w, 1e-12), math.Max(h, 1e-12)
	}
	ix.nx = max(1, int(math.Ceil(math.Sqrt(cells*w/h))))
	ix.ny = max(1, int(math.Ceil(cells/float64(ix.nx))))
	ix.cw = w / float64(ix.nx)
	ix.ch = h / float64(ix.ny)

	counts := make([]int32, ix.nx*ix.ny+1)
	ix.eachBucket(func(b, _ int) { counts[b+1]++ })
	for b := 1; b < len(counts); b++ {
		counts[b] += counts[b-1]
	}
	ix.start = counts
	ix.cand = make([]int32, counts[len(counts)-1])
	fill := make([]int32, ix.nx*ix.ny)
	ix.eachBucket(func(b, poly int) {
		ix.cand[ix.start[b]+fill[b]] = int32(poly)
		fill[b]++
	})
}

// eachBucket calls fn for every (bucket, polygon) pair whose bounds overlap,
// in polygon order, so candidates stay sorted by position.
func (ix *Index) eachBucket(fn func(bucket, poly int)) {
	for i, p := range ix.polys {
		if len(p.rings) == 0 {
			continue
		}
		x0, y0 := ix.bucketOf(p.bound.Min)
		x1, y1 := ix.bucketOf(p.bound.Max)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				fn(y*ix.nx+x, i)
			}
		}
	}
}

func (ix *Index) bucketOf(p orb.Point) (int, int) {
	x := int((p[0] - ix.bound.Min[0]) / ix.cw)
	y := int((p[1] - ix.bound.Min[1]) / ix.ch)
	return min(max(x, 0), ix.nx-1), min(max(y, 0), ix.ny-1)
}

// Len returns the number of polygons indexed.
func (ix *Index) Len() int { return len(ix.polys) }

// Locate returns the position of the polygon containing p, by the rule in
// the Index documentation, or false when no polygon contains it.
func (ix *Index) Locate(p orb.Point) (int, bool) {
	if ix.nx == 0 || !(p[0] >= ix.bound.Min[0] && p[0] <= ix.bound.Max[0] && p[1] >= ix.bound.Min[1] && p[1] <= ix.bound.Max[1]) {
		return -1, false // also rejects NaN
	}
	x, y := ix.bucketOf(p)
	b := y*ix.nx + x
	for _, c := range ix.cand[ix.start[b]:ix.start[b+1]] {
		ip := &ix.polys[c]
		if p[0] < ip.bound.Min[0] || p[0] > ip.bound.Max[0] || p[1] < ip.bound.Min[1] || p[1] > ip.bound.Max[1] {
			continue
		}
		if ix.contains(ip, p[0], p[1]) {
			return int(c), true
		}
	}
	return -1, false
}

// contains is the crossing-number test over all rings of a polygon (holes
// flip parity), with each edge evaluated by crossesRight.
func (ix *Index) contains(ip *indexedPolygon, px, py float64) bool {
	in := false
	xs, ys := ix.xs, ix.ys
	for _, r := range ip.rings {
		for i := r.lo; i+1 < r.hi; i++ {
			if crossesRight(xs[i], ys[i], xs[i+1], ys[i+1], px, py) {
				in = !in
			}
		}
	}
	return in
}

// Contains reports whether polygon p contains point pt by the same half-open
// rule as Index.Locate.
func Contains(p orb.Polygon, pt orb.Point) bool {
	in := false
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			if crossesRight(r[i][0], r[i][1], r[i+1][0], r[i+1][1], pt[0], pt[1]) {
				in = !in
			}
		}
		if n := len(r); n > 1 && r[0] != r[n-1] {
			if crossesRight(r[n-1][0], r[n-1][1], r[0][0], r[0][1], pt[0], pt[1]) {
				in = !in
			}
		}
	}
	return in
}

// crossesRight reports whether the ray from (px,py) towards +x crosses the
// edge, counting the edge's lower endpoint but not its upper one and not
// counting the edge when the point lies on it. The endpoints are first put
// in canonical (lower, upper) order, so that the two cells sharing an edge
// compute bit-identical results whichever way their rings run.
func crossesRight(x1, y1, x2, y2, px, py float64) bool {
	if (y1 > py) == (y2 > py) {
		return false
	}
	if y1 > y2 {
		x1, y1, x2, y2 = x2, y2, x1, y1
	}
	return float64((x2-x1)*(py-y1)) > float64((px-x1)*(y2-y1))
}

// Bound returns the bound of the polygon at position i, computed once
// when the index was built.
func (ix *Index) Bound(i int) orb.Bound { return ix.polys[i].bound }

// Overlapping returns, ascending, the positions of the polygons whose
// bounds intersect b: the candidates of a bbox query, to be tested exactly
// (IntersectsBound) unless b contains their whole bound.
func (ix *Index) Overlapping(b orb.Bound) []int {
	var out []int
	if ix.nx == 0 || !ix.bound.Intersects(b) {
		return out
	}
	x0, y0 := ix.bucketOf(b.Min)
	x1, y1 := ix.bucketOf(b.Max)
	if (x1-x0+1)*(y1-y0+1) > len(ix.polys) { // wider than the polygons are many: scan them
		for i := range ix.polys {
			if len(ix.polys[i].rings) > 0 && ix.polys[i].bound.Intersects(b) {
				out = append(out, i)
			}
		}
		return out
	}
	seen := map[int32]bool{}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			bk := y*ix.nx + x
			for _, i := range ix.cand[ix.start[bk]:ix.start[bk+1]] {
				if seen[i] {
					continue
				}
				seen[i] = true
				if ix.polys[i].bound.Intersects(b) {
					out = append(out, int(i))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
