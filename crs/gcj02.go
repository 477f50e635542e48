package crs

import "math"

// GCJ-02 is WGS 84 moved by a smooth, deliberately obscure offset of a few
// hundred metres inside China. Its formulas are not published officially;
// these are the ones reconstructed from leaked code and used by every
// open converter, as in the eviltransform project (googollee/eviltransform,
// go/transform.go): the offset is computed with the Krassowsky ellipsoid.

// outOfChina is the rectangle outside which GCJ-02 equals WGS 84
// (eviltransform's bounds).
func outOfChina(lon, lat float64) bool {
	return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

// gcjDelta is the GCJ-02 offset, in degrees, at WGS 84 lon, lat.
func gcjDelta(lon, lat float64) (dlon, dlat float64) {
	const (
		a  = 6378245.0
		ee = 0.00669342162296594323
	)
	x, y := lon-105, lat-35
	xPi, yPi := x*math.Pi, y*math.Pi
	d := 20*math.Sin(6*xPi) + 20*math.Sin(2*xPi)
	dlat = (d + 20*math.Sin(yPi) + 40*math.Sin(yPi/3) + 160*math.Sin(yPi/12) + 320*math.Sin(yPi/30)) * 2 / 3
	dlon = (d + 20*math.Sin(xPi) + 40*math.Sin(xPi/3) + 150*math.Sin(xPi/12) + 300*math.Sin(xPi/30)) * 2 / 3
	dlat += -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dlon += 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))

	rad := lat * math.Pi / 180
	s := math.Sin(rad)
	magic := 1 - ee*s*s
	sqrtMagic := math.Sqrt(magic)
	dlat = dlat * 180 / (a * (1 - ee) / (magic * sqrtMagic) * math.Pi)
	dlon = dlon * 180 / (a / sqrtMagic * math.Cos(rad) * math.Pi)
	return dlon, dlat
}

// wgsToGCJ is the forward formula.
func wgsToGCJ(lon, lat float64) (float64, float64) {
	if outOfChina(lon, lat) {
		return lon, lat
	}
	dlon, dlat := gcjDelta(lon, lat)
	return lon + dlon, lat + dlat
}

// gcjTolerance is how closely gcjToWGS inverts wgsToGCJ, in degrees
// (about a millimetre).
const gcjTolerance = 1e-8

// gcjToWGS inverts wgsToGCJ by fixed-point iteration: the offset changes
// by less than 1e-4 of a degree per degree, so each step gains about four
// digits and three or four steps reach gcjTolerance. It reports false if
// the iteration did not converge, which happens only right at the edge of
// the rectangle where the offset jumps to zero.
func gcjToWGS(lon, lat float64) (float64, float64, bool) {
	if outOfChina(lon, lat) {
		return lon, lat, true
	}
	wLon, wLat := lon, lat
	for i := 0; i < 20; i++ {
		gLon, gLat := wgsToGCJ(wLon, wLat)
		dLon, dLat := gLon-lon, gLat-lat
		wLon, wLat = wLon-dLon, wLat-dLat
		if math.Abs(dLon) < gcjTolerance/10 && math.Abs(dLat) < gcjTolerance/10 {
			return wLon, wLat, true
		}
	}
	return wLon, wLat, false
}
