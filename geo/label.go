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
				if segmentsTouch(r[i], r[i+1], e[0], e[1]) {
					return true
				}
			}
		}
	}
	return false
}

// segmentsTouch reports whether segments ab and cd share a point.
func segmentsTouch(a, b, c, d orb.Point) bool {
	d1, d2 := turn(c, d, a), turn(c, d, b)
	d3, d4 := turn(a, b, c), turn(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && inSpan(c, d, a)) || (d2 == 0 && inSpan(c, d, b)) ||
		(d3 == 0 && inSpan(a, b, c)) || (d4 == 0 && inSpan(a, b, d))
}

// turn is twice the signed area of triangle abc: > 0 when c is left of ab.
func turn(a, b, c orb.Point) float64 {
	return float64((b[0]-a[0])*(c[1]-a[1])) - float64((b[1]-a[1])*(c[0]-a[0]))
}

func inSpan(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}
