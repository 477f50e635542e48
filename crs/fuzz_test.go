package crs_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/crs"
	"gridmap/data"
)

// FuzzIdentify feeds arbitrary declarations to Identify: it must never
// panic, and everything it refuses is an *data.Error on "srs".
func FuzzIdentify(f *testing.F) {
	for _, s := range []string{
		`PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
		`GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`,
		`PROJCRS["x",BASEGEOGCRS["y",DATUM["z",ELLIPSOID["GRS 1980",6378137,298.257222101]]],CONVERSION["c",METHOD["Transverse Mercator"],PARAMETER["Longitude of natural origin",108,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["(E)",east,LENGTHUNIT["metre",1]],ID["EPSG",4545]]`,
		`BOUNDCRS[SOURCECRS[GEOGCRS["a",DATUM["b",ELLIPSOID["c",6378137,298.257223563]]]],TARGETCRS[]]`,
		`COMPD_CS["x",GEOGCS["y",DATUM["z",SPHEROID["s",6378137,298.257222101]]],VERT_CS["h"]]`,
		`A["""",(1,2)]`,
		"undefined",
		"",
	} {
		f.Add(0, s)
	}
	f.Add(4527, "")
	f.Add(3857, `GEOGCS["x"]`)
	f.Fuzz(func(t *testing.T, epsg int, wkt string) {
		c, err := crs.Identify(epsg, wkt)
		if err != nil {
			var de *data.Error
			if !errors.As(err, &de) || de.Field != "srs" {
				t.Fatalf("Identify(%d, %q) error %v is not an *data.Error on srs", epsg, wkt, err)
			}
			return
		}
		if c != nil && c.Name() == "" {
			t.Fatalf("Identify(%d, %q) = a system without a name", epsg, wkt)
		}
	})
}

// FuzzParse: user input to Parse never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"EPSG:4527", "4527", "gcj02", "高德", "urn:ogc:def:crs:EPSG::4490", "", "epsg:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := crs.Parse(s); err == nil && c.Name() == "" {
			t.Fatalf("Parse(%q) = a system without a name", s)
		}
	})
}

// FuzzTransform: any point either converts to finite coordinates or is
// refused with an error, in every kind of system, both ways.
func FuzzTransform(f *testing.F) {
	f.Add(4527, 39500000.0, 3320000.0)
	f.Add(4548, 500000.0, -9999999.0)
	f.Add(0, 121.5, 31.2)
	f.Add(4490, 180.0, 90.0)
	f.Fuzz(func(t *testing.T, code int, x, y float64) {
		c := crs.GCJ02()
		if code != 0 {
			var err error
			if c, err = crs.FromEPSG(4491 + int(uint(code)%64)); err != nil {
				t.Fatal(err)
			}
		}
		for _, conv := range []func(orb.Point) (orb.Point, error){c.ToWGS84, c.FromWGS84} {
			p, err := conv(orb.Point{x, y})
			if err == nil && (math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0)) {
				t.Fatalf("%s of (%g, %g) = %v without an error", c.Name(), x, y, p)
			}
		}
	})
}
