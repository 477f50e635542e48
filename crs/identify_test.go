package crs_test

import (
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"gridmap/crs"
	"gridmap/data"
)

// sameProjection reports whether got converts as the system with EPSG code
// want does: the same code, or the same zone under another code (a
// 6-degree zone's central meridian is also a 3-degree zone's, and a .prj
// without codes names only the parameters).
func sameProjection(got *crs.CRS, want int) bool {
	w, err := crs.FromEPSG(want)
	if err != nil || got == nil {
		return false
	}
	return got.EPSG() == want || (!w.Geographic() && !got.Geographic() &&
		got.CentralMeridian() == w.CentralMeridian() && got.FalseEasting() == w.FalseEasting())
}

var identifyCodes = []int{4326, 4490, 4513, 4522, 4527, 4533, 4534, 4542, 4548, 4554, 4491, 4497, 4502, 4509}

// TestIdentifyShapefilePrj identifies the .prj (ESRI WKT1, without EPSG
// codes) that ogr2ogr writes for a Shapefile in each system.
func TestIdentifyShapefilePrj(t *testing.T) {
	t.Parallel()
	for _, code := range identifyCodes {
		shp := ogr2ogr(t, "ESRI Shapefile", code)
		prj, err := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ".prj")
		if err != nil {
			t.Fatalf("ogr2ogr wrote no .prj for EPSG:%d: %v", code, err)
		}
		got, err := crs.Identify(0, string(prj))
		if err != nil || !sameProjection(got, code) {
			t.Errorf("Identify(0, .prj of EPSG:%d) = %v, %v; want EPSG:%d\n%s", code, got, err, code, prj)
		}
	}
}

// TestIdentifyGeoPackage identifies the srs of a GeoPackage ogr2ogr
// writes, from its organization_coordsys_id and from its WKT alone
// (gpkg_spatial_ref_sys.definition).
func TestIdentifyGeoPackage(t *testing.T) {
	t.Parallel()
	for _, code := range identifyCodes {
		path := ogr2ogr(t, "GPKG", code)
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		var org string
		var id int
		var def string
		err = db.QueryRow(`SELECT s.organization, s.organization_coordsys_id, s.definition
			FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id`).Scan(&org, &id, &def)
		db.Close()
		if err != nil {
			t.Fatalf("EPSG:%d GeoPackage: %v", code, err)
		}
		if !strings.EqualFold(org, "EPSG") {
			id = 0
		}
		for _, in := range []struct {
			epsg int
			wkt  string
		}{{id, def}, {0, def}, {id, ""}} {
			got, err := crs.Identify(in.epsg, in.wkt)
			if err != nil || got.EPSG() != code {
				t.Errorf("Identify(%d, %.60q…) of the EPSG:%d GeoPackage = %v, %v; want EPSG:%d", in.epsg, in.wkt, code, got, err, code)
			}
		}
	}
}

// TestIdentifyWKTVariants reads what GDAL writes in every WKT dialect for
// a zone, and for a Gauss-Krüger zone described only by its parameters
// (a custom PROJ string, as QGIS keeps a user-defined system).
func TestIdentifyWKTVariants(t *testing.T) {
	t.Parallel()
	srsinfo := tool(t, "gdalsrsinfo")
	cases := []struct {
		srs  string
		want int
	}{
		{"EPSG:4527", 4527},
		{"EPSG:4548", 4548},
		{"EPSG:4490", 4490},
		{"EPSG:4326", 4326},
		{"+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs", 4545},
		{"+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=36500000 +y_0=0 +ellps=GRS80 +units=m +no_defs", 4524},
		{"+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=19500000 +y_0=0 +ellps=GRS80 +units=m +no_defs", 4497},
		{"+proj=longlat +ellps=GRS80 +no_defs", 4490},
		{"+proj=tmerc +lon_0=117 +x_0=500000 +ellps=GRS80 +towgs84=0,0,0 +units=m", 4548}, // WKT2: a BOUNDCRS
		{"+proj=longlat +datum=WGS84 +no_defs", 4326},
	}
	for _, tc := range cases {
		for _, format := range []string{"wkt1", "wkt_esri", "wkt2_2015", "wkt2_2019"} {
			out, err := exec.Command(srsinfo, "-o", format, "--single-line", tc.srs).Output()
			if err != nil {
				t.Fatalf("gdalsrsinfo -o %s %s: %v", format, tc.srs, err)
			}
			got, err := crs.Identify(0, string(out))
			if err != nil || !sameProjection(got, tc.want) {
				t.Errorf("Identify(%s of %s) = %v, %v; want EPSG:%d\n%s", format, tc.srs, got, err, tc.want, out)
			}
		}
	}
}

// TestIdentifyRefuses checks that systems gridmap cannot convert are
// refused with an *data.Error naming the field "srs" and saying why.
func TestIdentifyRefuses(t *testing.T) {
	t.Parallel()
	srsinfo := tool(t, "gdalsrsinfo")
	cases := []struct {
		name, srs string
		says      string // in the message
	}{
		{"Beijing 1954 zone by code", "EPSG:2436", "Beijing 1954"},
		{"Beijing 1954 zone by parameters", "+proj=tmerc +lon_0=117 +x_0=39500000 +ellps=krass +units=m", "Beijing 1954"},
		{"Xian 1980 zone", "EPSG:2385", "Xian 1980"},
		{"UTM", "EPSG:32650", "UTM"},
		{"Web Mercator", "EPSG:3857", "not supported"},
		{"a zone in feet", "+proj=tmerc +lon_0=117 +x_0=500000 +ellps=GRS80 +units=ft", "metres"},
		{"UTM-like scale", "+proj=tmerc +lon_0=117 +k=0.9996 +x_0=500000 +ellps=GRS80 +units=m", "not supported"},
		{"prefix of another zone", "+proj=tmerc +lon_0=117 +x_0=38500000 +ellps=GRS80 +units=m", "not supported"},
		{"Lambert", "+proj=lcc +lat_1=30 +lat_2=40 +lon_0=110 +ellps=GRS80 +units=m", "not supported"},
	}
	for _, tc := range cases {
		for _, format := range []string{"wkt1", "wkt_esri", "wkt2_2019"} {
			out, err := exec.Command(srsinfo, "-o", format, "--single-line", tc.srs).Output()
			if err != nil {
				t.Fatalf("gdalsrsinfo -o %s %s: %v", format, tc.srs, err)
			}
			got, err := crs.Identify(0, string(out))
			checkRefusal(t, tc.name+" "+format, got, err, tc.says)
		}
	}
}

func checkRefusal(t *testing.T, name string, got *crs.CRS, err error, says string) {
	t.Helper()
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.EINVALID || de.Field != "srs" {
		t.Errorf("%s: got %v, %v; want an invalid *data.Error on srs", name, got, err)
		return
	}
	if !strings.Contains(de.Message, says) {
		t.Errorf("%s: message %q does not say %q", name, de.Message, says)
	}
}

func TestIdentifyWithoutOrBrokenDeclaration(t *testing.T) {
	if got, err := crs.Identify(0, ""); got != nil || err != nil {
		t.Errorf(`Identify(0, "") = %v, %v; want nil, nil: the caller decides`, got, err)
	}
	if got, err := crs.Identify(0, " undefined "); got != nil || err != nil {
		t.Errorf(`Identify(0, "undefined") = %v, %v; want nil, nil`, got, err)
	}
	if got, err := crs.Identify(4548, ""); err != nil || got.Name() != "EPSG:4548" {
		t.Errorf(`Identify(4548, "") = %v, %v; want EPSG:4548`, got, err)
	}
	for _, tc := range []struct {
		name, wkt string
		epsg      int
	}{
		{"unsupported code", "", 3857},
		{"truncated", `PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China`, 0},
		{"not WKT", "this is a .prj written by hand", 0},
		{"text after the end", `GEOGCS["x",DATUM["D",SPHEROID["S",6378137,298.257223563]]] extra`, 0},
		{"unclosed quote", `GEOGCS["x`, 0},
		{"geocentric", `GEOCCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]]`, 0},
		{"no ellipsoid", `GEOGCS["x",PRIMEM["Greenwich",0]]`, 0},
		{"Paris meridian", `GEOGCS["x",DATUM["D",SPHEROID["S",6378137,298.257223563]],PRIMEM["Paris",2.33722917]]`, 0},
		{"deep nesting", strings.Repeat("A[", 100) + strings.Repeat("]", 100), 0},
	} {
		got, err := crs.Identify(tc.epsg, tc.wkt)
		checkRefusal(t, tc.name, got, err, "")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"EPSG:4527", "EPSG:4527"},
		{"epsg:4548", "EPSG:4548"},
		{" 4527 ", "EPSG:4527"},
		{"urn:ogc:def:crs:EPSG::4490", "EPSG:4490"},
		{"http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326"},
		{"wgs84", "EPSG:4326"},
		{"WGS 84", "EPSG:4326"},
		{"CRS84", "EPSG:4326"},
		{"cgcs2000", "EPSG:4490"},
		{"CGCS-2000", "EPSG:4490"},
		{"gcj02", "GCJ-02"},
		{"GCJ-02", "GCJ-02"},
		{"高德", "GCJ-02"},
		{"腾讯", "GCJ-02"},
		{"EPSG: 4527", "EPSG:4527"},
		{"CGCS2000 / 3-degree Gauss-Kruger zone 39", "EPSG:4527"},
		{"CGCS2000_3_Degree_GK_CM_117E", "EPSG:4548"},
		{"CGCS2000_GK_Zone_20", "EPSG:4498"},
		{"cgcs2000 gk cm 117e", "EPSG:4509"},
	} {
		got, err := crs.Parse(tc.in)
		if err != nil || got.Name() != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "EPSG:3857", "bd09", "utm50", "-4527", "EPSG:abc", "4555"} {
		got, err := crs.Parse(in)
		checkRefusal(t, "Parse("+in+")", got, err, "EPSG:4490")
	}
}

func TestCodesAndNames(t *testing.T) {
	for _, tc := range []struct {
		code   int
		lon0   float64
		fe     float64
		zone   int
		prefix string // of the title
	}{
		{4513, 75, 25500000, 25, "CGCS2000 / 3-degree Gauss-Kruger zone 25"},
		{4527, 117, 39500000, 39, "CGCS2000 / 3-degree Gauss-Kruger zone 39"},
		{4533, 135, 45500000, 45, "CGCS2000 / 3-degree Gauss-Kruger zone 45"},
		{4534, 75, 500000, 0, "CGCS2000 / 3-degree Gauss-Kruger CM 75E"},
		{4548, 117, 500000, 0, "CGCS2000 / 3-degree Gauss-Kruger CM 117E"},
		{4554, 135, 500000, 0, "CGCS2000 / 3-degree Gauss-Kruger CM 135E"},
		{4491, 75, 13500000, 13, "CGCS2000 / 6-degree Gauss-Kruger zone 13"},
		{4501, 135, 23500000, 23, "CGCS2000 / 6-degree Gauss-Kruger zone 23"},
		{4502, 75, 500000, 0, "CGCS2000 / 6-degree Gauss-Kruger CM 75E"},
		{4512, 135, 500000, 0, "CGCS2000 / 6-degree Gauss-Kruger CM 135E"},
	} {
		c, err := crs.FromEPSG(tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if c.CentralMeridian() != tc.lon0 || c.FalseEasting() != tc.fe || c.Zone() != tc.zone ||
			c.Title() != tc.prefix || c.Geographic() || c.EPSG() != tc.code {
			t.Errorf("FromEPSG(%d) = %s lon0 %g fe %g zone %d; want %s lon0 %g fe %g zone %d",
				tc.code, c, c.CentralMeridian(), c.FalseEasting(), c.Zone(), tc.prefix, tc.lon0, tc.fe, tc.zone)
		}
	}
	if c := crs.GCJ02(); c.EPSG() != 0 || !c.Geographic() || !c.GCJ02() || c.Name() != "GCJ-02" {
		t.Errorf("GCJ02() = %s, EPSG %d", c, c.EPSG())
	}
}
