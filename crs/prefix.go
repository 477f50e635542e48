package crs

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// FitPrefix checks a file's declared system c against the extent b of its
// coordinates and returns the system they are really in. Gauss-Krüger
// files are often declared with the wrong zone-prefix convention: eastings
// of 39 5xx xxx m under a zone without prefix (EPSG:4548), or 5xx xxx m
// under one with (EPSG:4527). Both name one projection, so the fix is sure:
// FitPrefix returns the same zone in the convention the eastings use. A
// prefix naming another zone than the declared central meridian, eastings
// spanning zones, degrees under a projected system or metres under a
// geographic one are refused with a *data.Error (field "srs") that says
// what the coordinates look like. b must be the extent of at least one
// point; c must not be nil.
func FitPrefix(c *CRS, b orb.Bound) (*CRS, error) {
	if c == nil {
		return nil, errNoCRS()
	}
	if !finite(b.Min) || !finite(b.Max) {
		return nil, data.FieldErrorf("geometry", "Coordinates must be finite numbers.")
	}
	extent := fmt.Sprintf("%.10g, %.10g … %.10g, %.10g", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	if c.Geographic() {
		if lonLat(b.Min) && lonLat(b.Max) {
			return c, nil
		}
		if g := guessGK(b); g != nil {
			return nil, data.FieldErrorf("srs", "The coordinates (%s) are not longitude and latitude as %s declares; they look like %s: choose that coordinate system.", extent, c.Name(), g.Name())
		}
		return nil, data.FieldErrorf("srs", "The coordinates (%s) are not longitude and latitude as %s declares; if they are Gauss-Kruger metres without the zone number, choose the zone by its central meridian (EPSG:4534-4554).",
			extent, c.Name())
	}
	if lonLat(b.Min) && lonLat(b.Max) {
		return nil, data.FieldErrorf("srs", "The coordinates (%s) look like longitude and latitude in degrees, not the metres of %s: choose EPSG:4490 or EPSG:4326.", extent, c.Name())
	}
	zmin, zmax := math.Floor(b.Min[0]/1e6), math.Floor(b.Max[0]/1e6)
	if zmin != zmax || zmin < 0 || b.Min[1] < 0 || b.Max[1] > gkMaxNorthing {
		return nil, data.FieldErrorf("srs", "The coordinates (%s) are not the eastings and northings of one Gauss-Kruger zone, as %s declares.", extent, c.Name())
	}
	z := int(zmin)
	if z == c.zone {
		return c, nil
	}
	if z == 0 {
		return c.withPrefix(false), nil
	}
	if f := gkByMeridian(c.lon0, z); f != nil {
		return f, nil
	}
	if g := guessGK(b); g != nil {
		return nil, data.FieldErrorf("srs", "The eastings (%s) begin with zone number %d, but %s declares central meridian %g°E; they look like %s: choose that coordinate system.", extent, z, c.Name(), c.lon0, g.Name())
	}
	return nil, data.FieldErrorf("srs", "The coordinates (%s) are not the eastings and northings of one Gauss-Kruger zone, as %s declares.", extent, c.Name())
}

// GuessGK returns the CGCS2000 3-degree Gauss-Krüger zone whose eastings,
// prefixed with its zone number, and northings b lies in, nil when there
// is none: the system to suggest for a file that declares none.
func GuessGK(b orb.Bound) *CRS { return guessGK(b) }

// guessGK returns the Gauss-Krüger zone whose prefixed eastings and
// northings b lies in, nil when there is none.
func guessGK(b orb.Bound) *CRS {
	z := math.Floor(b.Min[0] / 1e6)
	if z != math.Floor(b.Max[0]/1e6) || b.Min[1] < 0 || b.Max[1] > gkMaxNorthing {
		return nil
	}
	switch {
	case z >= 25 && z <= 45:
		return fromEPSG(gk3PrefixFirst + int(z) - 25)
	case z >= 13 && z <= 23:
		return fromEPSG(gk6PrefixFirst + int(z) - 13)
	}
	return nil
}
