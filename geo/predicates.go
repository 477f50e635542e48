package geo

import (
	"math"
	"math/big"

	"github.com/paulmach/orb"
)

// orient reports on which side of the directed line a→b the point c lies:
// +1 to the left (counter-clockwise), -1 to the right, 0 on the line. The
// sign is exact: a floating-point determinant is trusted only beyond its
// error bound, otherwise it is recomputed with rationals.
func orient(a, b, c orb.Point) int {
	bx, by := b[0]-a[0], b[1]-a[1]
	cx, cy := c[0]-a[0], c[1]-a[1]
	// A difference is zero exactly when the coordinates are equal, and its
	// sign is always right: axis-parallel cases need no arithmetic.
	lz, rz := bx == 0 || cy == 0, by == 0 || cx == 0
	switch {
	case lz && rz:
		return 0
	case lz:
		return -sign(by) * sign(cx)
	case rz:
		return sign(bx) * sign(cy)
	}
	l := float64(bx * cy)
	r := float64(by * cx)
	det := l - r
	bound := 1e-15 * (math.Abs(l) + math.Abs(r))
	switch {
	case det > bound:
		return 1
	case det < -bound:
		return -1
	}
	return orientExact(a, b, c)
}

func sign(x float64) int {
	if x > 0 {
		return 1
	}
	return -1
}

func orientExact(a, b, c orb.Point) int {
	// Differences of nearby coordinates are usually exact (Sterbenz); then
	// the determinant is a sum of four exact product terms whose sign an
	// expansion gives without rounding (Shewchuk, "Adaptive Precision
	// Floating-Point Arithmetic", 1997).
	bx, ok1 := exactDiff(b[0], a[0])
	by, ok2 := exactDiff(b[1], a[1])
	cx, ok3 := exactDiff(c[0], a[0])
	cy, ok4 := exactDiff(c[1], a[1])
	if ok1 && ok2 && ok3 && ok4 {
		p1 := float64(bx * cy)
		e1 := math.FMA(bx, cy, -p1)
		p2 := float64(by * cx)
		e2 := math.FMA(by, cx, -p2)
		return expansionSign(p1, e1, -p2, -e2)
	}
	rat := func(f float64) *big.Rat { return new(big.Rat).SetFloat64(f) }
	bxr := new(big.Rat).Sub(rat(b[0]), rat(a[0]))
	byr := new(big.Rat).Sub(rat(b[1]), rat(a[1]))
	cxr := new(big.Rat).Sub(rat(c[0]), rat(a[0]))
	cyr := new(big.Rat).Sub(rat(c[1]), rat(a[1]))
	l := new(big.Rat).Mul(bxr, cyr)
	r := new(big.Rat).Mul(byr, cxr)
	return l.Cmp(r)
}

// expansionSign returns the sign of the exact sum of terms. It grows a
// non-overlapping expansion term by term (Shewchuk's Grow-Expansion), whose
// largest non-zero component has the sign of the whole.
func expansionSign(terms ...float64) int {
	var h [4]float64
	n := 0
	for _, b := range terms {
		q := b
		for i := 0; i < n; i++ {
			q, h[i] = twoSum(q, h[i])
		}
		h[n] = q
		n++
	}
	for i := n - 1; i >= 0; i-- {
		if h[i] != 0 {
			return sign(h[i])
		}
	}
	return 0
}

// twoSum returns s = fl(x+y) and the exact error e, so that x+y = s+e.
func twoSum(x, y float64) (s, e float64) {
	s = x + y
	bv := s - x
	av := s - bv
	return s, (x - av) + (y - bv)
}

// exactDiff returns x-y and whether it is exact.
func exactDiff(x, y float64) (float64, bool) {
	d, e := twoSum(x, -y)
	return d, e == 0
}

// relation is how two segments meet.
type relation int

const (
	relNone    relation = iota // no common point
	relShared                  // only a common endpoint of both
	relTouch                   // an endpoint of one lies inside the other
	relCross                   // they cross at a point inside both
	relOverlap                 // collinear, with a common part of positive length
)

// relate classifies how segments ab and cd meet and returns a common point
// (approximate for crossings).
func relate(a, b, c, d orb.Point) (relation, orb.Point) {
	if !boxesMeet(a, b, c, d) {
		return relNone, orb.Point{}
	}
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1 == 0 && o2 == 0 {
		return relateCollinear(a, b, c, d)
	}
	if o1*o2 < 0 && o3*o4 < 0 {
		return relCross, crossing(a, b, c, d)
	}
	// At most one endpoint lies on the other segment's line, or they are
	// apart. Check each endpoint against the other segment.
	switch {
	case o1 == 0 && onSegment(a, b, c):
		return touchOrShared(c, a, b), c
	case o2 == 0 && onSegment(a, b, d):
		return touchOrShared(d, a, b), d
	case o3 == 0 && onSegment(c, d, a):
		return touchOrShared(a, c, d), a
	case o4 == 0 && onSegment(c, d, b):
		return touchOrShared(b, c, d), b
	}
	return relNone, orb.Point{}
}

func touchOrShared(p, a, b orb.Point) relation {
	if p == a || p == b {
		return relShared
	}
	return relTouch
}

func relateCollinear(a, b, c, d orb.Point) (relation, orb.Point) {
	// Project on the axis along which ab is longest.
	ax := 0
	if math.Abs(b[1]-a[1]) > math.Abs(b[0]-a[0]) {
		ax = 1
	}
	lo1, hi1 := math.Min(a[ax], b[ax]), math.Max(a[ax], b[ax])
	lo2, hi2 := math.Min(c[ax], d[ax]), math.Max(c[ax], d[ax])
	lo, hi := math.Max(lo1, lo2), math.Min(hi1, hi2)
	switch {
	case lo > hi:
		return relNone, orb.Point{}
	case lo < hi:
		for _, p := range []orb.Point{a, b, c, d} {
			if p[ax] == lo {
				return relOverlap, p
			}
		}
		return relOverlap, a
	}
	// A single common point: an endpoint of both.
	for _, p := range []orb.Point{a, b} {
		if p[ax] == lo {
			return touchOrShared(p, c, d), p
		}
	}
	return relShared, a
}

// onSegment reports whether p, known to be on the line ab, lies within the
// closed segment ab.
func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

func boxesMeet(a, b, c, d orb.Point) bool {
	return math.Max(a[0], b[0]) >= math.Min(c[0], d[0]) &&
		math.Max(c[0], d[0]) >= math.Min(a[0], b[0]) &&
		math.Max(a[1], b[1]) >= math.Min(c[1], d[1]) &&
		math.Max(c[1], d[1]) >= math.Min(a[1], b[1])
}

// crossing returns the (approximate) intersection of the lines ab and cd.
func crossing(a, b, c, d orb.Point) orb.Point {
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	den := float64(rx*sy) - float64(ry*sx)
	if den == 0 {
		return a
	}
	t := (float64((c[0]-a[0])*sy) - float64((c[1]-a[1])*sx)) / den
	return orb.Point{a[0] + float64(t*rx), a[1] + float64(t*ry)}
}
