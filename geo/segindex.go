package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// segment is one edge of a ring, from a to b, of the given part.
type segment struct {
	a, b orb.Point
	part int
}

// pairsNear calls fn once for each pair of segments (i < j) whose bounding
// boxes meet. Segments are bucketed in a uniform grid of about one cell per
// segment, so the work grows with the number of segments and of close
// pairs, not with its square. fn returns false to stop early.
func pairsNear(segs []segment, fn func(i, j int) bool) {
	if len(segs) < 2 {
		return
	}
	b := orb.Bound{Min: segs[0].a, Max: segs[0].a}
	var total float64
	for _, s := range segs {
		b = b.Extend(s.a).Extend(s.b)
		total += math.Abs(s.b[0]-s.a[0]) + math.Abs(s.b[1]-s.a[1])
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	n := float64(len(segs))
	size := math.Max(math.Sqrt(w*h/n), total/n)
	if !(size > 0) || math.IsInf(size, 0) {
		size = math.Max(w, h) + 1
	}
	cols := min(int(w/size)+1, 2*len(segs))
	rows := min(int(h/size)+1, 2*len(segs))
	axis := func(v, lo, ext float64, n int) int {
		if ext == 0 {
			return 0
		}
		return max(min(int((v-lo)/ext*float64(n)), n-1), 0)
	}
	cellOf := func(p orb.Point) (int, int) {
		return axis(p[0], b.Min[0], w, cols), axis(p[1], b.Min[1], h, rows)
	}
	span := func(s segment) (c0, r0, c1, r1 int) {
		c0, r0 = cellOf(orb.Point{math.Min(s.a[0], s.b[0]), math.Min(s.a[1], s.b[1])})
		c1, r1 = cellOf(orb.Point{math.Max(s.a[0], s.b[0]), math.Max(s.a[1], s.b[1])})
		return
	}

	// Compressed buckets: count, prefix sums, fill.
	start := make([]int, cols*rows+1)
	for _, s := range segs {
		c0, r0, c1, r1 := span(s)
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				start[r*cols+c+1]++
			}
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	fill := append([]int(nil), start[:len(start)-1]...)
	ids := make([]int32, start[len(start)-1])
	for i, s := range segs {
		c0, r0, c1, r1 := span(s)
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				ids[fill[r*cols+c]] = int32(i)
				fill[r*cols+c]++
			}
		}
	}

	for cell := 0; cell < cols*rows; cell++ {
		bucket := ids[start[cell]:start[cell+1]]
		for x, i := range bucket {
			si := segs[i]
			ic0, ir0, _, _ := span(si)
			for _, j := range bucket[x+1:] {
				sj := segs[j]
				if !boxesMeet(si.a, si.b, sj.a, sj.b) {
					continue
				}
				// Visit the pair only in the first cell both boxes share.
				jc0, jr0, _, _ := span(sj)
				if max(ic0, jc0)+max(ir0, jr0)*cols != cell {
					continue
				}
				lo, hi := int(i), int(j)
				if lo > hi {
					lo, hi = hi, lo
				}
				if !fn(lo, hi) {
					return
				}
			}
		}
	}
}
