package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// The CGCS2000 ellipsoid; WGS84 differs in the flattening by 1e-11 relative,
// which is far below anything a town map can show.
const (
	semiMajor  = 6378137.0
	flattening = 1 / 298.257222101
)

var (
	ecc2 = flattening * (2 - flattening)
	ecc  = math.Sqrt(ecc2)
)

// Area returns the area of p in square metres on the CGCS2000 (≈ WGS84)
// ellipsoid, holes subtracted, whatever the winding of its rings.
//
// It maps the points with the ellipsoidal cylindrical equal-area projection
// and sums the planar area there, so it is exact for regions whose edges are
// straight in that projection, such as longitude/latitude rectangles. For
// the geodesic edges of cells (at most a few kilometres long) the difference
// is far below 0.01%, smaller than the error of any survey the boundaries
// come from.
func Area(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(ellipsoidalRingArea(p[0]))
	for _, h := range p[1:] {
		a -= math.Abs(ellipsoidalRingArea(h))
	}
	return a
}

// ellipsoidalRingArea returns the signed area of r in square metres,
// positive for counter-clockwise rings.
func ellipsoidalRingArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	x0, y0 := r[0][0]*math.Pi/180, authalic(r[0][1])
	var sum float64
	px, py := 0.0, 0.0
	for i := 1; i < len(r); i++ {
		x, y := r[i][0]*math.Pi/180-x0, authalic(r[i][1])-y0
		sum += float64(px*y) - float64(x*py)
		px, py = x, y
	}
	// x is in radians (times a) and y is q/2 (times a): the projection is
	// x = a·λ, y = a·q(φ)/2, whose Jacobian equals the ellipsoid's M·N·cos φ.
	return sum / 2 * semiMajor * semiMajor
}

// authalic returns q(φ)/2 for latitude lat in degrees, where q is Snyder's
// authalic function (Map Projections: A Working Manual, eq. 3-12).
func authalic(lat float64) float64 {
	s := math.Sin(lat * math.Pi / 180)
	es := ecc * s
	q := (1 - ecc2) * (s/(1-float64(es*es)) + math.Atanh(es)/ecc)
	return q / 2
}

// planarArea returns the signed planar area of r in squared degrees,
// positive for counter-clockwise rings: enough to tell orientation and
// compare sizes within one town.
func planarArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	o := r[0]
	var sum float64
	for i := 1; i+1 < len(r); i++ {
		sum += float64((r[i][0]-o[0])*(r[i+1][1]-o[1])) - float64((r[i+1][0]-o[0])*(r[i][1]-o[1]))
	}
	return sum / 2
}
