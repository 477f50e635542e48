package geofile

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestWriteRoundTrip writes layers read from GDAL's files in every export
// format, checks that GDAL reads each output (ogrinfo, and ogr2ogr giving
// the same geometry), and that Read gives the layer back unchanged.
func TestWriteRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := writeSource(t, dir)
	ogrinfo := gdalTool(t, "ogrinfo")
	ogr2ogr(t, "-f", "GPKG", "-a_srs", "EPSG:4490", "-nln", "cells", filepath.Join(dir, "cgcs.gpkg"), src)
	ogr2ogr(t, "-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4527", filepath.Join(dir, "gk"), src)
	lonlat, err := Read(filepath.Join(dir, "cgcs.gpkg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	gk, err := Read(filepath.Join(dir, "gk", "cells.shp"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	gk.SRS.EPSG = 4527 // as geo/crs identifies the .prj
	cases := []struct {
		name, format, ext string
		layer             *Layer
		epsg              int  // read back
		wkt               bool // the WKT comes back
		tol               float64
	}{
		{"GeoJSON in CGCS2000", "geojson", ".geojson", lonlat, 4490, false, 1e-9},
		{"GeoJSON in Gauss-Krüger", "geojson", ".geojson", gk, 4527, false, 1e-4},
		{"shapefile in CGCS2000", "shp", ".zip", lonlat, 0, true, 1e-9},
		{"shapefile in Gauss-Krüger", "shp", ".zip", gk, 0, true, 1e-4},
		{"KML", "kml", ".kml", lonlat, 4326, false, 1e-9},
		{"GeoPackage in CGCS2000", "gpkg", ".gpkg", lonlat, 4490, true, 1e-9},
		{"GeoPackage in Gauss-Krüger", "gpkg", ".gpkg", gk, 4527, true, 1e-4},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "out"+string(rune('a'+i))+c.ext)
			if err := Write(path, c.format, c.layer); err != nil {
				t.Fatalf("Write(%s) = %v", c.format, err)
			}
			gdalPath := path
			if c.format == "shp" {
				gdalPath = "/vsizip/" + path + "/cells.shp"
			}
			out, err := run(ogrinfo, "-ro", "-al", "-so", gdalPath)
			if err != nil {
				t.Fatalf("ogrinfo -al -so %s: %v\n%s", path, err, out)
			}
			if !strings.Contains(out, "Feature Count: 3") {
				t.Errorf("ogrinfo does not count 3 features:\n%s", out)
			}
			for _, f := range c.layer.Fields {
				if !regexp.MustCompile(`(?mi)^` + f + `: String`).MatchString(out) {
					t.Errorf("ogrinfo lists no text field %s:\n%s", f, out)
				}
			}
			ref := gdalReference(t, gdalPath)
			if c.format == "kml" { // GDAL adds Name and Description fields
				for i := range ref.Features {
					ref.Features[i].Attrs = c.layer.Features[i].Attrs
				}
			}
			sameLayer(t, ref, c.layer, c.tol)

			back, err := Read(path, Options{})
			if err != nil {
				t.Fatalf("Read(%s) = %v", path, err)
			}
			if !slices.Equal(back.Fields, c.layer.Fields) || back.Name != c.layer.Name {
				t.Errorf("read back layer %q with fields %q; want %q, %q", back.Name, back.Fields, c.layer.Name, c.layer.Fields)
			}
			if back.SRS.EPSG != c.epsg || (back.SRS.WKT == c.layer.SRS.WKT) != c.wkt {
				t.Errorf("read back SRS %d %.60q; want EPSG %d and the WKT %v", back.SRS.EPSG, back.SRS.WKT, c.epsg, c.wkt)
			}
			sameLayer(t, back, c.layer, 0)
			for i, f := range back.Features {
				_, m1 := f.Geometry.(orb.MultiPolygon)
				_, m2 := c.layer.Features[i].Geometry.(orb.MultiPolygon)
				if m1 != m2 && len(polygons(f.Geometry)) > 1 {
					t.Errorf("feature %d read back as %T; want %T", i+1, f.Geometry, c.layer.Features[i].Geometry)
				}
			}
		})
	}
}

// TestWriteShapefileFieldNames checks that names longer than dBASE's ten
// bytes are cut at a character and kept apart, and that values keep their
// Chinese text.
func TestWriteShapefileFieldNames(t *testing.T) {
	t.Parallel()
	src, err := readGeoJSON("cells.geojson", []byte(sourceGeoJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	src.Fields = []string{"所属村（社区）", "所属村（社区）名称", "name"}
	for i := range src.Features {
		a := src.Features[i].Attrs
		a["所属村（社区）"], a["所属村（社区）名称"] = a["unit"], a["unit"]+"村民委员会"
	}
	path := filepath.Join(t.TempDir(), "cells.zip")
	if err := Write(path, "shp", src); err != nil {
		t.Fatal(err)
	}
	back, err := Read(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"所属村", "所属_1", "name"}
	if !slices.Equal(back.Fields, want) {
		t.Fatalf("fields %q; want %q", back.Fields, want)
	}
	if got := back.Features[0].Attrs["所属_1"]; got != "新华村村民委员会" {
		t.Errorf("所属_1 = %q; want 新华村村民委员会", got)
	}
}

// run runs a program and returns what it printed.
func run(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// TestWriteRefusesWhatItCannotSay checks that a layer is not written where
// its coordinate system would be lost or misread: GeoJSON names a system
// only by its EPSG code, and KML is WGS 84 longitude/latitude.
func TestWriteRefusesWhatItCannotSay(t *testing.T) {
	t.Parallel()
	l, err := readGeoJSON("cells.geojson", []byte(sourceGeoJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, format string
		srs          SRS
	}{
		{"GeoJSON of a WKT without code", "geojson", SRS{WKT: `PROJCS["CGCS2000_3_Degree_GK_Zone_39"]`}},
		{"KML of a projected layer", "kml", SRS{EPSG: 4527}},
		{"KML of a WKT without code", "kml", SRS{WKT: `PROJCS["CGCS2000_3_Degree_GK_Zone_39"]`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := *l
			l.SRS = c.srs
			path := filepath.Join(t.TempDir(), "cells."+c.format)
			err := Write(path, c.format, &l)
			if err == nil {
				t.Fatalf("Write(%s) of %+v succeeded; want an error", c.format, c.srs)
			}
			if _, serr := os.Stat(path); serr == nil {
				t.Errorf("Write(%s) failed but left %s behind", c.format, path)
			}
		})
	}
}
