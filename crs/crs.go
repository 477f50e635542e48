// Package crs names the coordinate reference systems a town's boundary files
// come in and converts their coordinates to and from WGS 84 longitude and
// latitude, the system gridmap stores. It is pure computation: callers read
// the files (the EPSG code and WKT a file declares) and pass them in.
//
// Supported: EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000), the CGCS2000
// Gauss-Krüger zones (3-degree EPSG:4513-4554 and 6-degree EPSG:4491-4512,
// each with and without the zone number in front of the easting) and GCJ-02,
// the offset system of 高德 and 腾讯 maps, which no file declares.
//
// Points are orb.Points in x, y order: longitude, latitude for the
// geographic systems; easting, northing for the projected ones, the order
// Shapefiles and GeoPackages keep them in whatever the EPSG axis order is.
package crs

import (
	"fmt"
)

type kind int

const (
	geographic  kind = iota // WGS 84 or CGCS2000 longitude, latitude
	gcj02                   // GCJ-02 longitude, latitude
	gaussKruger             // a transverse Mercator zone on the CGCS2000 ellipsoid
)

// CRS is one supported coordinate reference system. Values come from
// Parse, Identify, FromEPSG and FitPrefix; the zero value is not valid.
type CRS struct {
	kind  kind
	epsg  int
	title string
	// Gauss-Krüger only:
	lon0   float64 // central meridian, degrees east
	fe     float64 // false easting, metres (zone*1e6+500000 with the prefix)
	zone   int     // the zone number in front of the easting, 0 without one
	degree int     // zone width: 3 or 6
	tm     *tmerc  // the projection of the CGCS2000 ellipsoid, shared
}

// Name is the code users write for c: "EPSG:4527", or "GCJ-02".
func (c *CRS) Name() string {
	if c.kind == gcj02 {
		return "GCJ-02"
	}
	return fmt.Sprintf("EPSG:%d", c.epsg)
}

// String returns Name and Title, for messages and logs.
func (c *CRS) String() string { return c.Name() + " (" + c.title + ")" }

// Title is c's name as the EPSG registry gives it, for people.
func (c *CRS) Title() string { return c.title }

// EPSG is c's EPSG code, 0 for GCJ-02, which has none.
func (c *CRS) EPSG() int { return c.epsg }

// Geographic reports whether c's coordinates are longitude and latitude in
// degrees (WGS 84, CGCS2000, GCJ-02) rather than metres.
func (c *CRS) Geographic() bool { return c.kind != gaussKruger }

// GCJ02 reports whether c is GCJ-02, the offset system of Chinese web maps.
func (c *CRS) GCJ02() bool { return c.kind == gcj02 }

// CentralMeridian is the central meridian of a Gauss-Krüger zone in
// degrees east; 0 for the geographic systems.
func (c *CRS) CentralMeridian() float64 { return c.lon0 }

// FalseEasting is the easting of a Gauss-Krüger zone's central meridian in
// metres: 500000, or zone*1000000+500000 with the zone prefix.
func (c *CRS) FalseEasting() float64 { return c.fe }

// Zone is the zone number written in front of the easting, 0 when c has
// no zone prefix or is geographic.
func (c *CRS) Zone() int { return c.zone }

// WGS84 is EPSG:4326, the system gridmap stores coordinates in.
func WGS84() *CRS {
	return &CRS{kind: geographic, epsg: 4326, title: "WGS 84"}
}

// CGCS2000 is EPSG:4490. It and WGS 84 differ by a few centimetres in
// China (both are realisations of the ITRS, CGCS2000 at epoch 2000.0), far
// below what grid boundaries are drawn to, so coordinates pass between
// them unchanged, as gridmap has always stored them.
func CGCS2000() *CRS {
	return &CRS{kind: geographic, epsg: 4490, title: "China Geodetic Coordinate System 2000"}
}

// GCJ02 is the offset system of 高德 (AMap), 腾讯 (Tencent) and Google's
// China maps.
func GCJ02() *CRS {
	return &CRS{kind: gcj02, title: "GCJ-02 (高德/腾讯 web maps)"}
}

// The EPSG code ranges of the CGCS2000 Gauss-Krüger zones.
const (
	gk6PrefixFirst   = 4491 // zone 13 (75°E) .. 4501 zone 23 (135°E)
	gk6NoPrefixFirst = 4502 // CM 75°E .. 4512 CM 135°E
	gk3PrefixFirst   = 4513 // zone 25 (75°E) .. 4533 zone 45 (135°E)
	gk3NoPrefixFirst = 4534 // CM 75°E .. 4554 CM 135°E
	gkLast           = 4554
)

// FromEPSG returns the supported system with the given EPSG code, or a
// *data.Error (field "srs") listing the supported ones.
func FromEPSG(code int) (*CRS, error) {
	if c := fromEPSG(code); c != nil {
		return c, nil
	}
	return nil, unsupported(fmt.Sprintf("EPSG:%d", code))
}

func fromEPSG(code int) *CRS {
	switch {
	case code == 4326:
		return WGS84()
	case code == 4490:
		return CGCS2000()
	case code >= gk6PrefixFirst && code < gk6NoPrefixFirst:
		zone := 13 + code - gk6PrefixFirst
		return gk(code, 6, float64(6*zone-3), zone)
	case code >= gk6NoPrefixFirst && code < gk3PrefixFirst:
		return gk(code, 6, float64(75+6*(code-gk6NoPrefixFirst)), 0)
	case code >= gk3PrefixFirst && code < gk3NoPrefixFirst:
		zone := 25 + code - gk3PrefixFirst
		return gk(code, 3, float64(3*zone), zone)
	case code >= gk3NoPrefixFirst && code <= gkLast:
		return gk(code, 3, float64(75+3*(code-gk3NoPrefixFirst)), 0)
	}
	return nil
}

func gk(code, degree int, lon0 float64, zone int) *CRS {
	c := &CRS{kind: gaussKruger, epsg: code, lon0: lon0, fe: 500000, zone: zone, degree: degree,
		tm: newTmerc(cgcsA, cgcsF, 1)}
	if zone != 0 {
		c.fe += float64(zone) * 1e6
		c.title = fmt.Sprintf("CGCS2000 / %d-degree Gauss-Kruger zone %d", degree, zone)
	} else {
		c.title = fmt.Sprintf("CGCS2000 / %d-degree Gauss-Kruger CM %gE", degree, lon0)
	}
	return c
}

// esriName is the name ArcGIS (and GDAL's ESRI .prj) give c's zone:
// CGCS2000_3_Degree_GK_Zone_39, CGCS2000_3_Degree_GK_CM_117E, and
// CGCS2000_GK_Zone_20 or CGCS2000_GK_CM_117E for the 6-degree zones.
func (c *CRS) esriName() string {
	family := "CGCS2000_3_Degree_GK_"
	if c.degree == 6 {
		family = "CGCS2000_GK_"
	}
	if c.zone != 0 {
		return fmt.Sprintf("%sZone_%d", family, c.zone)
	}
	return fmt.Sprintf("%sCM_%gE", family, c.lon0)
}

// gkByMeridian returns the Gauss-Krüger system with central meridian lon0
// and the given zone prefix (0 for none), preferring the 3-degree family
// (whose central meridians include every 6-degree one): the projection is
// the same, only the code differs. Nil when there is none.
func gkByMeridian(lon0 float64, prefix int) *CRS {
	if lon0 < 75 || lon0 > 135 || lon0 != float64(int(lon0)) {
		return nil
	}
	m := int(lon0)
	switch {
	case prefix == 0 && m%3 == 0:
		return fromEPSG(gk3NoPrefixFirst + (m-75)/3)
	case prefix == 0:
		return nil
	case m%3 == 0 && prefix == m/3:
		return fromEPSG(gk3PrefixFirst + prefix - 25)
	case (m+3)%6 == 0 && prefix == (m+3)/6:
		return fromEPSG(gk6PrefixFirst + prefix - 13)
	}
	return nil
}

// withPrefix returns the system of c's zone with the zone prefix, or
// without it when prefix is false; nil when c's family has no such code.
func (c *CRS) withPrefix(prefix bool) *CRS {
	if c.kind != gaussKruger {
		return nil
	}
	if !prefix {
		return gkByMeridian(c.lon0, 0)
	}
	if c.degree == 6 {
		return gkByMeridian(c.lon0, (int(c.lon0)+3)/6)
	}
	return gkByMeridian(c.lon0, int(c.lon0)/3)
}
