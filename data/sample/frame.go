package sample

import (
	"math"

	"github.com/paulmach/orb"
)

// The generator works in a local plane, metres east (x) and north (y) of
// origin, and converts to longitude/latitude only at the end, with fixed
// factors (metres per degree at 28.55°N on the CGCS2000 ellipsoid), so that
// no trigonometry enters the committed coordinates.
var origin = orb.Point{106.65, 28.55}

const (
	metresPerDegLon = 97859.3
	metresPerDegLat = 110828.4
)

// lonLat converts a point of the plane to longitude/latitude rounded to 7
// decimals (about 1 cm). Every use of one shared vertex converts the same
// float64 values, so neighbours keep identical vertices.
func lonLat(p orb.Point) orb.Point {
	return orb.Point{round7(origin[0] + p[0]/metresPerDegLon), round7(origin[1] + p[1]/metresPerDegLat)}
}

func round7(v float64) float64 {
	return math.Round(v*1e7) / 1e7
}

// The helpers below keep every product rounded on its own: an explicit
// float64 conversion forbids the compiler to fuse a multiply and an add
// (Go spec, "Floating-point operators"), which some architectures would do
// and get different last bits, and different committed files.

func dot(a, b orb.Point) float64 {
	return float64(a[0]*b[0]) + float64(a[1]*b[1])
}

func cross(a, b orb.Point) float64 {
	return float64(a[0]*b[1]) - float64(a[1]*b[0])
}

func sub(a, b orb.Point) orb.Point { return orb.Point{a[0] - b[0], a[1] - b[1]} }

func add(a, b orb.Point) orb.Point { return orb.Point{a[0] + b[0], a[1] + b[1]} }

func scale(a orb.Point, k float64) orb.Point {
	return orb.Point{float64(a[0] * k), float64(a[1] * k)}
}

// lerp returns a + t·(b−a).
func lerp(a, b orb.Point, t float64) orb.Point {
	return add(a, scale(sub(b, a), t))
}

func dist2(a, b orb.Point) float64 {
	d := sub(a, b)
	return dot(d, d)
}

// ringContains reports whether p lies inside the ring pts (implicitly
// closed), by the crossing rule; points on the boundary may go either way.
func ringContains(pts []orb.Point, p orb.Point) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[j], pts[i]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + float64((p[1]-a[1])*(b[0]-a[0]))/(b[1]-a[1])
			if p[0] < x {
				in = !in
			}
		}
	}
	return in
}

// segmentDist2 returns the squared distance from p to segment ab and the
// parameter of the nearest point.
func segmentDist2(p, a, b orb.Point) (float64, float64) {
	ab := sub(b, a)
	l2 := dot(ab, ab)
	t := 0.0
	if l2 > 0 {
		t = max(0, min(1, dot(sub(p, a), ab)/l2))
	}
	return dist2(p, lerp(a, b, t)), t
}
