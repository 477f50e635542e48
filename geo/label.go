package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// LabelPoint returns a point inside p at which to place its label: the
// area centroid when it lies inside, else the middle of the widest inside
// stretch of the horizontal line through the centroid (or through the
// middle of the bound, if that line misses). Concave cells, whose centroid
// can fall outside, still get their label on themselves.
func LabelPoint(p orb.Polygon) orb.Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return orb.Point{}
	}
	c, _ := planar.CentroidArea(p)
	if Contains(p, c) {
		return c
	}
	b := p.Bound()
	for _, y := range []float64{c[1], (b.Min[1] + b.Max[1]) / 2, b.Min[1] + (b.Max[1]-b.Min[1])/3, b.Min[1] + 2*(b.Max[1]-b.Min[1])/3} {
		if pt, ok := widestStretch(p, y); ok {
			return pt
		}
	}
	return p[0][0]
}

// widestStretch intersects the line at height y with every ring and returns
// the midpoint of the widest interval that lies inside p.
func widestStretch(p orb.Polygon, y float64) (orb.Point, bool) {
	var xs []float64
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a[1] > y) == (b[1] > y) {
				continue
			}
			xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
		}
	}
	sort.Float64s(xs)
	best, bestW := orb.Point{}, -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bestW {
			mid := orb.Point{(xs[i] + xs[i+1]) / 2, y}
			if Contains(p, mid) {
				best, bestW = mid, w
			}
		}
	}
	return best, bestW > 0 && !math.IsNaN(best[0])
}

// IntersectsBound reports whether polygon p and bound b share any point:
// a vertex of p in b, a corner of b in p, or an edge of p crossing b.
func IntersectsBound(p orb.Polygon, b orb.Bound) bool {
	if len(p) == 0 || !p.Bound().Intersects(b) {
		return false
	}
	for _, r := range p {
		for _, pt := range r {
			if b.Contains(pt) {
				return true
			}
		}
	}
	for _, c := range []orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}} {
		if Contains(p, c) {
			return true
		}
	}
	edges := [4][2]orb.Point{
		{b.Min, {b.Max[0], b.Min[1]}}, {{b.Max[0], b.Min[1]}, b.Max},
		{b.Max, {b.Min[0], b.Max[1]}}, {{b.Min[0], b.Max[1]}, b.Min},
	}
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			for _, e := range edges {
				if rel, _ := relate(r[i], r[i+1], e[0], e[1]); rel != relNone {
					return true
				}
			}
		}
	}
	return false
}
