package geofile

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"gridmap/data"
	"gridmap/geo"
)

// checkRing refuses a ring that cannot bound an area: fewer than 4 points,
// not closed, or with a coordinate that is not a finite number. n counts
// the feature's rings from 1.
func checkRing(file string, feature, n int, r orb.Ring) error {
	for _, p := range r {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return data.FieldErrorf("file", "%s, feature %d: ring %d has a coordinate that is not a finite number.", file, feature, n)
		}
	}
	if len(r) < 4 {
		return data.FieldErrorf("file", "%s, feature %d: ring %d has %d points; a ring needs at least 4 (the last repeating the first).", file, feature, n, len(r))
	}
	if r[0] != r[len(r)-1] {
		return data.FieldErrorf("file", "%s, feature %d: ring %d is not closed: its last point is not its first.", file, feature, n)
	}
	return nil
}

// checkPolygons checks every ring of g, an orb.Polygon or orb.MultiPolygon,
// and returns it wound as RFC 7946 asks.
func checkPolygons(file string, feature int, g orb.Geometry) (orb.Geometry, error) {
	n := 0
	check := func(p orb.Polygon) (orb.Polygon, error) {
		if len(p) == 0 {
			return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, feature)
		}
		for _, r := range p {
			n++
			if err := checkRing(file, feature, n, r); err != nil {
				return nil, err
			}
		}
		return geo.RightHand(p), nil
	}
	switch g := g.(type) {
	case orb.Polygon:
		return check(g)
	case orb.MultiPolygon:
		if len(g) == 0 {
			return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, feature)
		}
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			q, err := check(p)
			if err != nil {
				return nil, err
			}
			out[i] = q
		}
		return out, nil
	case nil:
		return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, feature)
	}
	return nil, notPolygon(file, feature, g.GeoJSONType())
}

// notPolygon is the error for a feature of another kind in a polygon layer.
func notPolygon(file string, feature int, kind string) error {
	return data.FieldErrorf("file", "%s, feature %d is a %s; boundaries must be polygons.", file, feature, kind)
}

// assembleRings builds polygons from a shapefile's rings: clockwise rings
// are exteriors, counter-clockwise ones holes, each hole going to the
// smallest exterior that holds it. A hole that no exterior holds is taken
// as an exterior, as GDAL does. One exterior gives an orb.Polygon, several
// an orb.MultiPolygon.
func assembleRings(rings []orb.Ring) orb.Geometry {
	var outers []orb.Polygon
	var areas []float64
	var holes []orb.Ring
	for _, r := range rings {
		if r.Orientation() == orb.CCW {
			holes = append(holes, r)
			continue
		}
		outers = append(outers, orb.Polygon{r})
		areas = append(areas, math.Abs(planar.Area(r)))
	}
	for _, h := range holes {
		best := -1
		for i, o := range outers {
			if (best < 0 || areas[i] < areas[best]) && holds(o[0], h) {
				best = i
			}
		}
		if best < 0 {
			outers = append(outers, orb.Polygon{h})
			areas = append(areas, math.Abs(planar.Area(h)))
			continue
		}
		outers[best] = append(outers[best], h)
	}
	for i, p := range outers {
		outers[i] = geo.RightHand(p)
	}
	if len(outers) == 1 {
		return outers[0]
	}
	return orb.MultiPolygon(outers)
}

// holds reports whether ring o holds ring h: the first vertex of h not on
// o's boundary lies inside o. A ring that runs along o all the way round
// is not held by it (a lake around an island of the same outline).
func holds(o, h orb.Ring) bool {
	for _, p := range h {
		if !onBoundary(o, p) {
			return planar.RingContains(o, p)
		}
	}
	return false
}

// onBoundary reports whether p lies on an edge of r.
func onBoundary(r orb.Ring, p orb.Point) bool {
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
		if cross == 0 && min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1]) {
			return true
		}
	}
	return false
}
