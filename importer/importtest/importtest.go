// Package importtest writes the files a town brings for the tests of the
// import commands, with the tools that write them in the field: GDAL's
// ogr2ogr for boundary files (Shapefile, GeoPackage, KML) and excelize for
// sheets (see roster/rostertest). It also counts what a store holds, so
// that a test can show that a refused import wrote nothing.
package importtest

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gridmap/data"
	"gridmap/data/sample"
)

// Ogr2ogr runs GDAL's ogr2ogr with args. Without GDAL the test is skipped
// with a message, unless GRIDMAP_REQUIRE_GDAL=1, which makes it a failure.
func Ogr2ogr(tb testing.TB, args ...string) {
	tb.Helper()
	bin, err := exec.LookPath("ogr2ogr")
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			tb.Fatal("ogr2ogr not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin")
		}
		tb.Skip("ogr2ogr not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead")
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		tb.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Sample returns the sample town's data set: the cells the files hold.
func Sample(tb testing.TB) *data.Dataset {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// Cell is one feature of a boundary file: the attributes a district's file
// has (网格编码, 网格名称, 所属村社区) and a polygon or multipolygon, as
// GeoJSON coordinates in WGS 84.
type Cell struct {
	Props    map[string]any
	Type     string // "Polygon" (the default) or "MultiPolygon"
	Geometry any
}

// Cells returns the sample town's cells as the features of a boundary file.
func Cells(ds *data.Dataset) []Cell {
	units := map[string]string{}
	for _, u := range ds.Units {
		units[u.Code] = u.Name
	}
	cs := make([]Cell, len(ds.Cells))
	for i, c := range ds.Cells {
		cs[i] = Cell{Props: map[string]any{"网格编码": c.Code, "网格名称": c.Name, "所属村社区": units[c.UnitCode]}, Geometry: c.Geometry}
	}
	return cs
}

// GeoJSON writes cells as a GeoJSON FeatureCollection (WGS 84) in dir and
// returns its path: the source ogr2ogr converts.
func GeoJSON(tb testing.TB, dir, name string, cells []Cell) string {
	tb.Helper()
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   map[string]any `json:"geometry"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Name     string    `json:"name"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Name: "cells"}
	for _, c := range cells {
		typ := c.Type
		if typ == "" {
			typ = "Polygon"
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", Properties: c.Props,
			Geometry: map[string]any{"type": typ, "coordinates": c.Geometry}})
	}
	b, err := json.Marshal(fc)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Shapefile writes cells with ogr2ogr as a Shapefile in a new directory
// under dir, its attributes in enc (GBK, UTF-8) and its coordinates in
// srs (EPSG:4524 ...), and returns the .shp's path. Without cpg the .cpg
// is removed, as older tools write none.
func Shapefile(tb testing.TB, dir, name string, cells []Cell, enc, srs string, cpg bool) string {
	tb.Helper()
	src := GeoJSON(tb, tb.TempDir(), "src.geojson", cells)
	out := filepath.Join(dir, name+".shp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	Ogr2ogr(tb, "-f", "ESRI Shapefile", "-lco", "ENCODING="+enc, "-t_srs", srs, "-nln", name, out, src)
	if !cpg {
		if err := os.Remove(strings.TrimSuffix(out, ".shp") + ".cpg"); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// Siblings are the files of a shapefile.
var Siblings = []string{".shp", ".shx", ".dbf", ".prj", ".cpg"}

// Zip zips the named files (those that exist) into out, under folder
// ("" or "dir/"), and returns out.
func Zip(tb testing.TB, out, folder string, files ...string) string {
	tb.Helper()
	return zipFiles(tb, out, folder, false, files)
}

// ZipGBK zips like Zip, but names the files in GBK without the zip's UTF-8
// flag, as Windows' 压缩文件夹 and WinRAR do on a Chinese system.
func ZipGBK(tb testing.TB, out string, files ...string) string {
	tb.Helper()
	return zipFiles(tb, out, "", true, files)
}

func zipFiles(tb testing.TB, out, folder string, gbk bool, files []string) string {
	tb.Helper()
	f, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		h := &zip.FileHeader{Name: folder + filepath.Base(p), Method: zip.Deflate}
		if gbk {
			if h.Name, err = simplifiedchinese.GBK.NewEncoder().String(h.Name); err != nil {
				tb.Fatal(err)
			}
			h.NonUTF8 = true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// ZipShapefile zips the shapefile at shp (with its siblings) into a .zip
// beside it and returns its path.
func ZipShapefile(tb testing.TB, shp string) string {
	tb.Helper()
	base := strings.TrimSuffix(shp, ".shp")
	return Zip(tb, base+".zip", "", shapefileParts(shp)...)
}

// ZipShapefileGBK zips the shapefile at shp as ZipGBK does, into a .zip
// named out, and returns out.
func ZipShapefileGBK(tb testing.TB, shp, out string) string {
	tb.Helper()
	return ZipGBK(tb, out, shapefileParts(shp)...)
}

func shapefileParts(shp string) []string {
	base := strings.TrimSuffix(shp, ".shp")
	files := make([]string, len(Siblings))
	for i, ext := range Siblings {
		files[i] = base + ext
	}
	return files
}

// Counts are the rows a store holds, noun by noun.
type Counts struct {
	Towns, Units, Cells, Versions int
	Households, Residents         int
	GridWorkers, Mediators, Users int
	Incidents                     int
}

// Count counts what st holds.
func Count(tb testing.TB, st data.Store) Counts {
	tb.Helper()
	ctx := context.Background()
	var c Counts
	check := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	_, err := st.Town(ctx)
	if err == nil {
		c.Towns = 1
	} else if data.ErrorCode(err) != data.ENOTFOUND {
		tb.Fatal(err)
	}
	units, err := st.Units(ctx)
	check(err)
	cells, err := st.Cells(ctx)
	check(err)
	vs, err := st.BoundaryVersions(ctx)
	check(err)
	c.Units, c.Cells, c.Versions = len(units), len(cells), len(vs)
	_, c.Households, err = st.Households(ctx, data.HouseholdFilter{Limit: 1})
	check(err)
	workers := map[int64]bool{}
	for _, cell := range cells {
		_, n, err := st.Residents(ctx, data.ResidentFilter{CellCode: cell.Code, Limit: 1})
		check(err)
		c.Residents += n
		for _, w := range cell.GridWorkers {
			workers[w.ID] = true
		}
	}
	c.GridWorkers = len(workers)
	ms, err := st.Mediators(ctx, data.MediatorFilter{})
	check(err)
	us, err := st.Users(ctx)
	check(err)
	c.Mediators, c.Users = len(ms), len(us)
	_, c.Incidents, err = st.Incidents(ctx, data.IncidentFilter{Limit: 1})
	check(err)
	return c
}
