package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// localFrame maps longitude/latitude to metres east and north of an origin
// with the ellipsoid's scales at the origin's latitude (an equirectangular
// projection). Over a town, tens of kilometres across, the scale is off by
// well under 1% (0.1% per 0.1° of latitude at 29°N), which is all a snapping
// tolerance or a thinness ratio needs.
type localFrame struct {
	lon0, lat0 float64
	kx, ky     float64 // metres per degree of longitude and of latitude
}

// newLocalFrame centres a frame on b.
func newLocalFrame(b orb.Bound) localFrame {
	lat := (b.Min[1] + b.Max[1]) / 2
	if !(lat >= -89 && lat <= 89) {
		lat = math.Max(-89, math.Min(89, lat))
	}
	phi := lat * math.Pi / 180
	s := math.Sin(phi)
	w := 1 - ecc2*s*s
	n := semiMajor / math.Sqrt(w)                    // prime vertical radius
	m := semiMajor * (1 - ecc2) / (w * math.Sqrt(w)) // meridian radius
	return localFrame{
		lon0: (b.Min[0] + b.Max[0]) / 2, lat0: lat,
		kx: n * math.Cos(phi) * math.Pi / 180,
		ky: m * math.Pi / 180,
	}
}

// xy returns p in metres.
func (f localFrame) xy(p orb.Point) (float64, float64) {
	return (p[0] - f.lon0) * f.kx, (p[1] - f.lat0) * f.ky
}

// dist returns the distance between p and q in metres.
func (f localFrame) dist(p, q orb.Point) float64 {
	return math.Hypot((p[0]-q[0])*f.kx, (p[1]-q[1])*f.ky)
}

// ringLength returns the length of a ring in metres.
func (f localFrame) ringLength(r orb.Ring) float64 {
	var l float64
	for i := 0; i+1 < len(r); i++ {
		l += f.dist(r[i], r[i+1])
	}
	return l
}
