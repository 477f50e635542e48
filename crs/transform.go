package crs

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// Limits of the coordinates a Gauss-Krüger zone converts: eastings within
// gkHalfWidth of the false easting, northings within gkMaxNorthing of the
// equator, longitudes within gkMaxDlon of the central meridian. A zone is
// 3 or 6 degrees wide; these are generous, so a town straddling a zone
// edge still converts, and refuse only what is no coordinate of the zone.
const (
	gkHalfWidth   = 1e6
	gkMaxNorthing = 1e7
	gkMaxDlon     = 20.0
)

const deg = math.Pi / 180

// ToWGS84 converts p from c to WGS 84 longitude, latitude. CGCS2000 is
// taken as WGS 84 (see CGCS2000). A point that is not a finite coordinate
// of c is a *data.Error (field "geometry").
func (c *CRS) ToWGS84(p orb.Point) (orb.Point, error) {
	if !finite(p) {
		return p, data.FieldErrorf("geometry", "Coordinates must be finite numbers.")
	}
	switch c.kind {
	case gaussKruger:
		x, y := p[0]-c.fe, p[1]
		if math.Abs(x) > gkHalfWidth || math.Abs(y) > gkMaxNorthing {
			return p, outside(p, c)
		}
		dlon, lat := c.tm.inverse(x, y)
		return orb.Point{c.lon0 + dlon/deg, lat / deg}, nil
	case gcj02:
		if !lonLat(p) {
			return p, outside(p, c)
		}
		lon, lat, ok := gcjToWGS(p[0], p[1])
		if !ok {
			return p, outside(p, c)
		}
		return orb.Point{lon, lat}, nil
	}
	if !lonLat(p) {
		return p, outside(p, c)
	}
	return p, nil
}

// FromWGS84 converts a WGS 84 longitude, latitude p to c, for exports.
func (c *CRS) FromWGS84(p orb.Point) (orb.Point, error) {
	if !finite(p) {
		return p, data.FieldErrorf("geometry", "Coordinates must be finite numbers.")
	}
	if !lonLat(p) {
		return p, outside(p, WGS84())
	}
	switch c.kind {
	case gaussKruger:
		dlon := math.Remainder(p[0]-c.lon0, 360)
		if math.Abs(dlon) > gkMaxDlon || math.Abs(p[1]) > 85 {
			return p, outside(p, c)
		}
		x, y := c.tm.forward(dlon*deg, p[1]*deg)
		return orb.Point{x + c.fe, y}, nil
	case gcj02:
		lon, lat := wgsToGCJ(p[0], p[1])
		return orb.Point{lon, lat}, nil
	}
	return p, nil
}

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsInf(p[0], 0) && !math.IsNaN(p[1]) && !math.IsInf(p[1], 0)
}

func lonLat(p orb.Point) bool { return math.Abs(p[0]) <= 180 && math.Abs(p[1]) <= 90 }

func outside(p orb.Point, c *CRS) error {
	return data.FieldErrorf("geometry", "The point (%.10g, %.10g) lies outside the area of %s.", p[0], p[1], c.Name())
}

// ToWGS84 returns a copy of g converted from c to WGS 84; g is unchanged.
func ToWGS84(c *CRS, g orb.Geometry) (orb.Geometry, error) {
	if c == nil {
		return nil, errNoCRS()
	}
	return Apply(orb.Clone(g), c.ToWGS84)
}

// FromWGS84 returns a copy of the WGS 84 geometry g converted to c.
func FromWGS84(c *CRS, g orb.Geometry) (orb.Geometry, error) {
	if c == nil {
		return nil, errNoCRS()
	}
	return Apply(orb.Clone(g), c.FromWGS84)
}

// errNoCRS is the error for a nil *CRS, such as Identify's answer for a
// file that declares nothing, passed on without a decision: a bug of the
// caller, so an internal error.
func errNoCRS() error {
	return data.Errorf(data.EINTERNAL, "No coordinate system was given for the conversion.")
}

// Apply converts every point of g with f, in place: the slices of g are
// overwritten, and the result is g again (a new value for a Point, which
// is not a slice). At the first error it stops, leaving g partly
// converted; callers who need g whole use ToWGS84 or FromWGS84 on a copy.
// A Bound or an unknown type is refused: its corners alone do not convert.
func Apply(g orb.Geometry, f func(orb.Point) (orb.Point, error)) (orb.Geometry, error) {
	var err error
	points := func(ps []orb.Point) {
		for i := range ps {
			if err != nil {
				return
			}
			ps[i], err = f(ps[i])
		}
	}
	switch g := g.(type) {
	case orb.Point:
		return f(g)
	case orb.MultiPoint:
		points(g)
	case orb.LineString:
		points(g)
	case orb.Ring:
		points(g)
	case orb.MultiLineString:
		for _, l := range g {
			points(l)
		}
	case orb.Polygon:
		for _, r := range g {
			points(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				points(r)
			}
		}
	case orb.Collection:
		for i := range g {
			if err != nil {
				break
			}
			g[i], err = Apply(g[i], f)
		}
	default:
		return g, data.FieldErrorf("geometry", "A %s geometry cannot be converted to another coordinate system.", fmt.Sprintf("%T", g))
	}
	return g, err
}
