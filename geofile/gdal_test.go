package geofile

import (
	"archive/zip"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// sourceGeoJSON is the test layer: cells of 安稳镇 with Chinese names, a
// hole in the first cell and two parts in the second.
const sourceGeoJSON = `{"type":"FeatureCollection","name":"cells","features":[
{"type":"Feature","properties":{"code":"500110119201001","name":"新华村第一网格","unit":"新华村","population":412,"area_ha":35.25,"网格长":"王芳"},"geometry":{"type":"Polygon","coordinates":[[[106.60,28.90],[106.61,28.90],[106.61,28.91],[106.60,28.91],[106.60,28.90]],[[106.603,28.903],[106.603,28.906],[106.606,28.906],[106.606,28.903],[106.603,28.903]]]}},
{"type":"Feature","properties":{"code":"500110119201002","name":"新华村第二网格","unit":"新华村","population":388,"area_ha":12.5,"网格长":"李明"},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.61,28.90],[106.62,28.90],[106.62,28.91],[106.61,28.91],[106.61,28.90]]],[[[106.63,28.90],[106.64,28.90],[106.64,28.91],[106.63,28.90]]]]}},
{"type":"Feature","properties":{"code":"500110119001001","name":"安稳社区第一网格","unit":"安稳社区","population":1024,"area_ha":8.75,"网格长":"张秀英"},"geometry":{"type":"Polygon","coordinates":[[[106.60,28.91],[106.61,28.91],[106.61,28.92],[106.60,28.92],[106.60,28.91]]]}}
]}`

var sourceFields = []string{"code", "name", "unit", "population", "area_ha", "网格长"}

// gdalTool finds a GDAL program, skipping the test when it is missing unless
// GRIDMAP_REQUIRE_GDAL=1.
func gdalTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			t.Fatalf("%s not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin", name)
		}
		t.Skipf("%s not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead", name)
	}
	return p
}

// ogr2ogr runs ogr2ogr with args and returns its standard output.
func ogr2ogr(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(gdalTool(t, "ogr2ogr"), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// writeSource writes sourceGeoJSON (in EPSG:4490) to dir and returns its path.
func writeSource(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "cells.geojson")
	if err := os.WriteFile(p, []byte(sourceGeoJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// zipDir zips the files of dir under folder in the zip.
func zipDir(t *testing.T, dir, folder, out string) {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(folder + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// gdalReference is GDAL's own reading of a file, as GeoJSON in the file's
// coordinates, read back: what our reader must agree with.
func gdalReference(t *testing.T, path string, layer ...string) *Layer {
	t.Helper()
	args := append([]string{"-f", "GeoJSON", "-lco", "RFC7946=NO", "-lco", "COORDINATE_PRECISION=9", "/vsistdout/", path}, layer...)
	out := ogr2ogr(t, args...)
	l, err := readGeoJSON("gdal.geojson", out, Options{})
	if err != nil {
		t.Fatalf("reading GDAL's GeoJSON of %s: %v", path, err)
	}
	return l
}

// sameLayer compares the features of got with want: their attributes
// exactly, their polygons (in any order within a multipolygon) within tol.
func sameLayer(t *testing.T, got, want *Layer, tol float64) {
	t.Helper()
	if len(got.Features) != len(want.Features) {
		t.Fatalf("read %d features; want %d", len(got.Features), len(want.Features))
	}
	for i, g := range got.Features {
		w := want.Features[i]
		if g.Index != i+1 {
			t.Errorf("feature %d has Index %d", i+1, g.Index)
		}
		for k, v := range w.Attrs {
			if g.Attrs[k] != v {
				t.Errorf("feature %d: %s = %q; want %q", i+1, k, g.Attrs[k], v)
			}
		}
		if len(g.Attrs) != len(w.Attrs) {
			t.Errorf("feature %d: attributes %v; want %v", i+1, g.Attrs, w.Attrs)
		}
		if !sameGeometry(g.Geometry, w.Geometry, tol) {
			t.Errorf("feature %d: geometry %v; want %v", i+1, g.Geometry, w.Geometry)
		}
	}
}

// sameGeometry reports whether a and b hold the same polygons, ring by ring
// and point by point within tol, the polygons in any order.
func sameGeometry(a, b orb.Geometry, tol float64) bool {
	pa, pb := polygons(a), polygons(b)
	if len(pa) != len(pb) || (a == nil) != (b == nil) {
		return false
	}
	used := make([]bool, len(pb))
	for _, p := range pa {
		found := false
		for j, q := range pb {
			if !used[j] && samePolygon(p, q, tol) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func samePolygon(p, q orb.Polygon, tol float64) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if len(p[i]) != len(q[i]) {
			return false
		}
		for k := range p[i] {
			if math.Abs(p[i][k][0]-q[i][k][0]) > tol || math.Abs(p[i][k][1]-q[i][k][1]) > tol {
				return false
			}
		}
	}
	return true
}

// TestReadGDALFiles reads files that GDAL wrote from one GeoJSON layer, in
// every format and encoding a town brings, and compares each with the
// source (same coordinates) or with GDAL's own reading (reprojected ones).
func TestReadGDALFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := writeSource(t, dir)
	source, err := Read(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(source.Fields, sourceFields) || len(source.Features) != 3 || source.Features[0].Attrs["name"] != "新华村第一网格" {
		t.Fatalf("source read as %+v", source)
	}
	at := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	shp := func(out string, lco string, srs string) {
		ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING="+lco, "-s_srs", "EPSG:4490", "-t_srs", srs, at(out), src)
	}
	shp("gbk4527", "GBK", "EPSG:4527")
	shp("utf8", "UTF-8", "EPSG:4490")
	shp("gbk4490", "GBK", "EPSG:4490")
	shp("nocpg", "GBK", "EPSG:4524")
	if err := os.Remove(at("nocpg", "cells.cpg")); err != nil {
		t.Fatal(err)
	}
	zipDir(t, at("gbk4527"), "网格数据/", at("gbk4527.zip"))
	ogr2ogr(t, "-f", "ESRI Shapefile", "-dim", "XYZ", "-lco", "ENCODING=UTF-8", "-a_srs", "EPSG:4490", at("z"), src)
	ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4490", "-nln", "units", at("two"), src)
	ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4490", "-nln", "cells", at("two"), src)
	zipDir(t, at("two"), "", at("two.zip"))
	ogr2ogr(t, "-f", "GPKG", "-dim", "XYZ", "-a_srs", "EPSG:4490", at("z.gpkg"), src)
	ogr2ogr(t, "-f", "KML", at("cells.kml"), src)
	ogr2ogr(t, "-f", "LIBKML", at("cells.kmz"), src)
	ogr2ogr(t, "-f", "GPKG", "-a_srs", "EPSG:4490", "-nln", "cells", at("two.gpkg"), src)
	ogr2ogr(t, "-f", "GPKG", "-update", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4524", "-nln", "units", at("two.gpkg"), src)
	ogr2ogr(t, "-f", "GeoJSON", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4527", at("cells4527.geojson"), src)
	copyFile(t, at("two.gpkg"), at("网格 边界.gpkg"), nil)

	const deg, metre = 1e-9, 1e-4
	cases := []struct {
		name     string
		path     string
		opt      Options
		format   string
		encoding string
		epsg     int
		wkt      string // a part of the WKT the file declares
		want     func() *Layer
		tol      float64
		upload   bool // read through ReadFrom as an upload too
	}{
		{"shapefile GBK in Gauss-Krüger zone 39", at("gbk4527", "cells.shp"), Options{}, "shp", "GBK", 0, "Zone_39",
			func() *Layer { return gdalReference(t, at("gbk4527", "cells.shp")) }, metre, false},
		{"shapefile UTF-8 in CGCS2000", at("utf8", "cells.shp"), Options{}, "shp", "UTF-8", 0, "China_2000",
			func() *Layer { return source }, deg, false},
		{"shapefile GBK in CGCS2000", at("gbk4490", "cells.shp"), Options{}, "shp", "GBK", 0, "China_2000",
			func() *Layer { return source }, deg, false},
		{"shapefile without .cpg", at("nocpg", "cells.shp"), Options{}, "shp", "GB18030", 0, "Zone_36",
			func() *Layer { return gdalReference(t, at("gbk4527", "cells.shp")) }, -1, false},
		{"shapefile without .cpg, encoding forced", at("nocpg", "cells.shp"), Options{Encoding: "cp936"}, "shp", "GBK", 0, "Zone_36",
			func() *Layer { return gdalReference(t, at("nocpg", "cells.shp"), "-oo", "ENCODING=CP936") }, metre, false},
		{"zipped shapefile in a folder", at("gbk4527.zip"), Options{}, "shp", "GBK", 0, "Zone_39",
			func() *Layer { return gdalReference(t, "/vsizip/"+at("gbk4527.zip", "网格数据", "cells.shp")) }, metre, true},
		{"PolygonZ shapefile", at("z", "cells.shp"), Options{}, "shp", "UTF-8", 0, "China_2000",
			func() *Layer { return source }, deg, false},
		{"zip of two shapefiles, one chosen", at("two.zip"), Options{Layer: "units"}, "shp", "GBK", 0, "China_2000",
			func() *Layer { return source }, deg, true},
		{"GeoPackage with Z", at("z.gpkg"), Options{}, "gpkg", "UTF-8", 4490, "",
			func() *Layer { return source }, deg, true},
		{"KML", at("cells.kml"), Options{}, "kml", "UTF-8", 4326, "",
			func() *Layer { return source }, deg, true},
		{"KML, a folder chosen", at("cells.kml"), Options{Layer: "cells"}, "kml", "UTF-8", 4326, "",
			func() *Layer { return source }, deg, false},
		{"KMZ by LIBKML", at("cells.kmz"), Options{}, "kmz", "UTF-8", 4326, "",
			func() *Layer { return source }, deg, true},
		{"GeoPackage layer in CGCS2000", at("two.gpkg"), Options{Layer: "cells"}, "gpkg", "UTF-8", 4490, "China Geodetic Coordinate System 2000",
			func() *Layer { return source }, deg, true},
		{"GeoPackage named in Chinese with a space", at("网格 边界.gpkg"), Options{Layer: "cells"}, "gpkg", "UTF-8", 4490, "",
			func() *Layer { return source }, deg, false},
		{"GeoPackage layer in Gauss-Krüger zone 36", at("two.gpkg"), Options{Layer: "units"}, "gpkg", "UTF-8", 4524, "zone 36",
			func() *Layer { return gdalReference(t, at("two.gpkg"), "units") }, metre, false},
		{"GeoJSON with a crs", at("cells4527.geojson"), Options{}, "geojson", "UTF-8", 4527, "",
			func() *Layer { return gdalReference(t, at("gbk4527", "cells.shp")) }, metre, true},
	}
	t.Run("zip of two shapefiles, none chosen", func(t *testing.T) {
		_, err := Read(at("two.zip"), Options{})
		wantFileError(t, err, "two.zip", "several layers (cells, units)")
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := Read(c.path, c.opt)
			if err != nil {
				t.Fatalf("Read(%s) = %v", c.path, err)
			}
			check := func(l *Layer) {
				t.Helper()
				if l.Format != c.format || l.Encoding != c.encoding || l.SRS.EPSG != c.epsg || !strings.Contains(l.SRS.WKT, c.wkt) {
					t.Errorf("Read(%s) = format %q, encoding %q, EPSG %d, WKT %.80q; want %q, %q, %d, WKT with %q",
						c.path, l.Format, l.Encoding, l.SRS.EPSG, l.SRS.WKT, c.format, c.encoding, c.epsg, c.wkt)
				}
				if c.format != "kml" && c.format != "kmz" && !slices.Equal(l.Fields, sourceFields) {
					t.Errorf("fields %q; want %q", l.Fields, sourceFields)
				}
				if c.format == "kml" || c.format == "kmz" {
					if got := slices.Sorted(slices.Values(l.Fields)); !slices.Equal(got, slices.Sorted(slices.Values(sourceFields))) {
						t.Errorf("fields %q; want %q in any order", l.Fields, sourceFields)
					}
				}
				if c.tol < 0 { // compare the attributes only: the geometry is another zone's
					for i, f := range l.Features {
						if f.Attrs["name"] != source.Features[i].Attrs["name"] {
							t.Errorf("feature %d: name %q; want %q", i+1, f.Attrs["name"], source.Features[i].Attrs["name"])
						}
					}
					return
				}
				sameLayer(t, l, c.want(), c.tol)
			}
			check(l)
			if c.upload {
				f, err := os.Open(c.path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				st, _ := f.Stat()
				l, err := ReadFrom(filepath.Base(c.path), f, st.Size(), c.opt)
				if err != nil {
					t.Fatalf("ReadFrom(%s) = %v", c.path, err)
				}
				check(l)
			}
		})
	}
}

// wantFileError checks that err is an invalid-input *data.Error whose
// message names file and says what is wrong (each part of says).
func wantFileError(t *testing.T, err error, file string, says ...string) {
	t.Helper()
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.EINVALID {
		t.Fatalf("error %v; want an invalid-input *data.Error", err)
	}
	if !strings.Contains(de.Message, file) {
		t.Errorf("error %q does not name the file %s", de.Message, file)
	}
	for _, s := range says {
		if !strings.Contains(de.Message, s) {
			t.Errorf("error %q does not say %q", de.Message, s)
		}
	}
}

// copyFile copies src to dst, changed by edit when it is not nil.
func copyFile(t *testing.T, src, dst string, edit func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		b = edit(b)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// damagedShapefile copies the GDAL shapefile in dir/good to dir/name with
// the file of extension ext edited, and returns the new .shp's path.
func damagedShapefile(t *testing.T, dir, name, ext string, edit func([]byte) []byte) string {
	t.Helper()
	for _, e := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
		var fn func([]byte) []byte
		if e == ext {
			fn = edit
		}
		copyFile(t, filepath.Join(dir, "good", "cells"+e), filepath.Join(dir, name, "cells"+e), fn)
	}
	return filepath.Join(dir, name, "cells.shp")
}

// TestReadRefusesBadFiles damages files GDAL wrote, one fault each, and
// checks each is refused with an error naming the file, the feature where
// there is one, and the fault.
func TestReadRefusesBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := writeSource(t, dir)
	ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4490", filepath.Join(dir, "good"), src)
	ogr2ogr(t, "-f", "KML", filepath.Join(dir, "cells.kml"), src)
	points := filepath.Join(dir, "points.geojson")
	copyFile(t, src, points, func([]byte) []byte {
		return []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"村委会"},"geometry":{"type":"Point","coordinates":[106.6,28.9]}}]}`)
	})
	ogr2ogr(t, "-f", "ESRI Shapefile", filepath.Join(dir, "points"), points)
	ogr2ogr(t, "-f", "KML", filepath.Join(dir, "points.kml"), points)
	ogr2ogr(t, "-f", "GPKG", filepath.Join(dir, "points.gpkg"), points)
	ogr2ogr(t, "-f", "GPKG", "-nln", "cells", filepath.Join(dir, "two.gpkg"), src)
	ogr2ogr(t, "-f", "GPKG", "-update", "-nln", "units", filepath.Join(dir, "two.gpkg"), src)
	// The first record's first point lies after the file header (100), the
	// record header (8), the shape type, box and counts (44) and its two
	// part starts (8).
	const firstPoint = 160

	cases := []struct {
		name string
		path func() string
		opt  Options
		file string
		says []string
	}{
		{"truncated .shp", func() string {
			return damagedShapefile(t, dir, "truncated", ".shp", func(b []byte) []byte { return b[:len(b)-10] })
		}, Options{}, "cells.shp", []string{"cut short"}},
		{"record breaking off", func() string {
			return damagedShapefile(t, dir, "breaks", ".shp", func(b []byte) []byte {
				b = b[:len(b)-10]
				putBE32(b[24:], uint32(len(b)/2))
				return b
			})
		}, Options{}, "cells.shp", []string{"feature 3", "breaks off"}},
		{".shx disagreeing", func() string {
			return damagedShapefile(t, dir, "shx", ".shx", func(b []byte) []byte {
				putBE32(b[100+8:], 60)
				return b
			})
		}, Options{}, "cells.shx", []string{"feature 2", "index places the record"}},
		{".shx missing a record", func() string {
			return damagedShapefile(t, dir, "shxshort", ".shx", func(b []byte) []byte { return b[:len(b)-8] })
		}, Options{}, "cells.shx", []string{"lists 2 records", "holds 3"}},
		{".dbf with fewer records", func() string {
			return damagedShapefile(t, dir, "dbf", ".dbf", func(b []byte) []byte {
				b[4] = 2
				return b
			})
		}, Options{}, "cells.dbf", []string{"2 records", "3 shapes"}},
		{".dbf cut short", func() string {
			return damagedShapefile(t, dir, "dbfcut", ".dbf", func(b []byte) []byte { return b[:len(b)-100] })
		}, Options{}, "cells.dbf", []string{"cut short", "announces 3 records"}},
		{"absurd record count", func() string {
			return damagedShapefile(t, dir, "absurd", ".dbf", func(b []byte) []byte {
				b[4], b[5], b[6], b[7] = 0, 0xca, 0x9a, 0x3b // 10⁹
				return b
			})
		}, Options{}, "cells.dbf", []string{"1000000000 records", "at most"}},
		{"NaN coordinate", func() string {
			return damagedShapefile(t, dir, "nan", ".shp", func(b []byte) []byte {
				copy(b[firstPoint:], []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
				return b
			})
		}, Options{}, "cells.shp", []string{"feature 1", "ring 1", "not a finite number"}},
		{"ring of three points", func() string {
			return damagedShapefile(t, dir, "three", ".shp", func(b []byte) []byte {
				// Feature 3 is one ring of 5 points: say it has 3.
				putLE32(b[record(b, 3)+8+40:], 3)
				return b
			})
		}, Options{}, "cells.shp", []string{"feature 3", "ring 1", "3 points"}},
		{"missing .dbf", func() string {
			p := damagedShapefile(t, dir, "nodbf", ".shp", nil)
			os.Remove(filepath.Join(dir, "nodbf", "cells.dbf"))
			return p
		}, Options{}, "cells.shp", []string{".dbf file is missing"}},
		{".cpg naming an unknown encoding", func() string {
			return damagedShapefile(t, dir, "cpg", ".cpg", func([]byte) []byte { return []byte("KOI8-R") })
		}, Options{}, "cells.cpg", []string{`"KOI8-R"`}},
		{".cpg saying UTF-8 of GBK text", func() string {
			return damagedShapefile(t, dir, "notutf8", ".cpg", func([]byte) []byte { return []byte("UTF-8") })
		}, Options{}, "cells.dbf", []string{"field 6", "name is not valid UTF-8"}},
		{".cpg saying UTF-8 of GBK values", func() string {
			p := damagedShapefile(t, dir, "valuesnotutf8", ".cpg", func([]byte) []byte { return []byte("UTF-8") })
			dbf := filepath.Join(dir, "valuesnotutf8", "cells.dbf")
			copyFile(t, dbf, dbf, func(b []byte) []byte {
				copy(b[32+5*32:], "leader\x00\x00\x00\x00\x00") // field 6 (网格长) renamed in ASCII
				return b
			})
			return p
		}, Options{}, "cells.dbf", []string{"feature 1", "field name", "not valid UTF-8"}},
		{"unknown encoding option", func() string { return filepath.Join(dir, "good", "cells.shp") },
			Options{Encoding: "EBCDIC"}, `"EBCDIC"`, nil},
		{"points in a shapefile", func() string { return filepath.Join(dir, "points", "points.shp") },
			Options{}, "points.shp", []string{"feature 1 is a Point"}},
		{"points in a KML", func() string { return filepath.Join(dir, "points.kml") },
			Options{}, "points.kml", []string{"feature 1 is a Point"}},
		{"points in a GeoPackage", func() string { return filepath.Join(dir, "points.gpkg") },
			Options{}, "points.gpkg", []string{"feature 1 is a Point"}},
		{"points in GeoJSON", func() string { return points },
			Options{}, "points.geojson", []string{"feature 1 is a Point"}},
		{"GeoPackage with two layers, none chosen", func() string { return filepath.Join(dir, "two.gpkg") },
			Options{}, "two.gpkg", []string{"several layers (cells, units)"}},
		{"GeoPackage layer that is not there", func() string { return filepath.Join(dir, "two.gpkg") },
			Options{Layer: "village"}, "two.gpkg", []string{`no layer "village"`, "cells, units"}},
		{"broken XML", func() string {
			p := filepath.Join(dir, "broken.kml")
			copyFile(t, filepath.Join(dir, "cells.kml"), p, func(b []byte) []byte { return b[:len(b)/2] })
			return p
		}, Options{}, "broken.kml", []string{"not valid XML (line"}},
		{"KML ring of three points", func() string {
			p := filepath.Join(dir, "three.kml")
			copyFile(t, filepath.Join(dir, "cells.kml"), p, func(b []byte) []byte {
				return []byte(strings.Replace(string(b), " 106.61,28.92 106.6,28.92 ", " ", 1))
			})
			return p
		}, Options{}, "three.kml", []string{"feature 3", "ring 1", "3 points"}},
		{"GeoJSON ring not closed", func() string {
			p := filepath.Join(dir, "open.geojson")
			copyFile(t, src, p, func(b []byte) []byte {
				return []byte(strings.Replace(string(b), "[106.60,28.92],[106.60,28.91]", "[106.60,28.92],[106.59,28.91]", 1))
			})
			return p
		}, Options{}, "open.geojson", []string{"feature 3", "ring 1", "not closed"}},
		{"broken JSON", func() string {
			p := filepath.Join(dir, "broken.geojson")
			copyFile(t, src, p, func(b []byte) []byte { return b[:len(b)-20] })
			return p
		}, Options{}, "broken.geojson", []string{"not valid JSON"}},
		{"zip without a .shp", func() string {
			d := filepath.Join(dir, "dbfonly")
			copyFile(t, filepath.Join(dir, "good", "cells.dbf"), filepath.Join(d, "cells.dbf"), nil)
			zipDir(t, d, "", filepath.Join(dir, "dbfonly.zip"))
			return filepath.Join(dir, "dbfonly.zip")
		}, Options{}, "dbfonly.zip", []string{"holds no layer"}},
		{"zip with a .shp but no .shx", func() string {
			d := filepath.Join(dir, "noshx")
			damagedShapefile(t, dir, "noshx", ".shp", nil)
			os.Remove(filepath.Join(d, "cells.shx"))
			zipDir(t, d, "", filepath.Join(dir, "noshx.zip"))
			return filepath.Join(dir, "noshx.zip")
		}, Options{}, "noshx.zip: cells.shp", []string{".shx file is missing"}},
		{"zip expanding past the limit", func() string {
			p := filepath.Join(dir, "bomb.zip")
			f, _ := os.Create(p)
			zw := zip.NewWriter(f)
			w, _ := zw.Create("cells.shp")
			zeros := make([]byte, 1<<20)
			for range 3 {
				w.Write(zeros)
			}
			zw.Close()
			f.Close()
			return p
		}, Options{MaxBytes: 2 << 20}, "bomb.zip", []string{"expand to more than 2 MB"}},
		{"a .shp upload alone", nil, Options{}, "cells.shp", []string{"send it as a .zip"}},
		{"not a format", func() string {
			p := filepath.Join(dir, "notes.txt")
			copyFile(t, src, p, func([]byte) []byte { return []byte("网格名单") })
			return p
		}, Options{}, "notes.txt", []string{"not in a format"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var l *Layer
			var err error
			if c.path == nil {
				l, err = ReadFrom("cells.shp", strings.NewReader("not read"), 8, c.opt)
			} else {
				l, err = Read(c.path(), c.opt)
			}
			if err == nil {
				t.Fatalf("read %d features; want an error", len(l.Features))
			}
			wantFileError(t, err, c.file, c.says...)
		})
	}
}

func putBE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}
func putLE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

// record is the offset of the n-th record (from 1) of a .shp.
func record(shp []byte, n int) int {
	p := 100
	for range n - 1 {
		p += 8 + 2*int(shp[p+4])<<24 + 2*int(shp[p+5])<<16 + 2*int(shp[p+6])<<8 + 2*int(shp[p+7])
	}
	return p
}
