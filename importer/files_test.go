package importer_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/importer"
	"gridmap/importer/importtest"
)

// realFile is a boundary file written by ogr2ogr from the sample town's
// cells, and what reading it must find.
type realFile struct {
	name     string
	path     string
	opt      importer.ReadOptions
	format   string
	encoding string // "" when the format has none to report
	srs      string
	layer    string // "" when not checked
}

// writeRealFiles writes the sample town's cells with ogr2ogr in the forms
// and coordinate systems towns bring them in.
func writeRealFiles(t *testing.T) []realFile {
	t.Helper()
	ds := importtest.Sample(t)
	cells := importtest.Cells(ds)
	dir := t.TempDir()
	src := importtest.GeoJSON(t, dir, "cells.geojson", cells)
	at := func(parts ...string) string { return filepath.Join(append([]string{dir}, parts...)...) }
	shp := func(sub, enc, srs string, cpg bool) string {
		return importtest.Shapefile(t, at(sub), "安稳镇网格", cells, enc, srs, cpg)
	}
	gbk4524 := shp("gbk4524", "GBK", "EPSG:4524", true)
	gbk4545 := shp("gbk4545", "GBK", "EPSG:4545", true)
	nocpg4545 := shp("nocpg4545", "GBK", "EPSG:4545", false)
	gbk4490 := shp("gbk4490", "GBK", "EPSG:4490", true)
	nocpg4490 := shp("nocpg4490", "GBK", "EPSG:4490", false)
	utf84326 := shp("utf84326", "UTF-8", "EPSG:4326", true)
	nocpg4326 := shp("nocpg4326", "UTF-8", "EPSG:4326", false)
	noprj4545 := shp("noprj4545", "GBK", "EPSG:4545", true)
	if err := os.Remove(strings.TrimSuffix(noprj4545, ".shp") + ".prj"); err != nil {
		t.Fatal(err)
	}

	// Eastings with the zone prefix (EPSG:4524's) in a file whose .prj says
	// EPSG:4545, the central meridian without the prefix: what many
	// district systems write.
	prefixed := filepath.Join(at("prefix4545"), "安稳镇网格.shp")
	if err := os.MkdirAll(at("prefix4545"), 0o755); err != nil {
		t.Fatal(err)
	}
	importtest.Ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4545", prefixed, gbk4524)

	gpkg := func(srs string) string {
		p := at("cells" + strings.TrimPrefix(srs, "EPSG:") + ".gpkg")
		importtest.Ogr2ogr(t, "-f", "GPKG", "-t_srs", srs, "-nln", "网格", p, src)
		return p
	}
	kml, kmz := at("cells.kml"), at("cells.kmz")
	importtest.Ogr2ogr(t, "-f", "KML", kml, src)
	importtest.Ogr2ogr(t, "-f", "LIBKML", kmz, src)

	return []realFile{
		{"shp GBK .cpg EPSG:4524 bare", gbk4524, importer.ReadOptions{}, "shp", "GBK", "EPSG:4524", ""},
		{"shp GBK .cpg EPSG:4524 zipped", importtest.ZipShapefile(t, gbk4524), importer.ReadOptions{}, "shp", "GBK", "EPSG:4524", "安稳镇网格"},
		{"shp GBK .cpg EPSG:4524 zipped on a Chinese Windows", importtest.ZipShapefileGBK(t, gbk4524, at("windows.zip")), importer.ReadOptions{}, "shp", "GBK", "EPSG:4524", "安稳镇网格"},
		{"shp GBK .cpg EPSG:4545 bare", gbk4545, importer.ReadOptions{}, "shp", "GBK", "EPSG:4545", ""},
		{"shp GBK no .cpg EPSG:4545 zipped", importtest.ZipShapefile(t, nocpg4545), importer.ReadOptions{}, "shp", "GB18030", "EPSG:4545", ""},
		{"shp GBK without .prj, -srs EPSG:4545", noprj4545, importer.ReadOptions{SRS: "EPSG:4545"}, "shp", "GBK", "EPSG:4545", ""},
		{"shp GBK EPSG:4545 with zone prefix", prefixed, importer.ReadOptions{}, "shp", "GBK", "EPSG:4524", ""},
		{"shp GBK .cpg EPSG:4490 zipped", importtest.ZipShapefile(t, gbk4490), importer.ReadOptions{}, "shp", "GBK", "EPSG:4490", ""},
		{"shp GBK no .cpg EPSG:4490 bare", nocpg4490, importer.ReadOptions{}, "shp", "GB18030", "EPSG:4490", ""},
		{"shp GBK no .cpg, -encoding GBK", nocpg4490, importer.ReadOptions{Encoding: "GBK"}, "shp", "GBK", "EPSG:4490", ""},
		// GDAL cuts UTF-8 field names at dBASE's 10 bytes, mid-character.
		{"shp UTF-8 EPSG:4326", utf84326, importer.ReadOptions{}, "shp", "UTF-8", "EPSG:4326", ""},
		{"shp UTF-8 no .cpg EPSG:4326 zipped", importtest.ZipShapefile(t, nocpg4326), importer.ReadOptions{}, "shp", "UTF-8", "EPSG:4326", ""},
		{"GeoPackage EPSG:4326", gpkg("EPSG:4326"), importer.ReadOptions{}, "gpkg", "", "EPSG:4326", ""},
		{"GeoPackage EPSG:4490", gpkg("EPSG:4490"), importer.ReadOptions{}, "gpkg", "", "EPSG:4490", ""},
		{"GeoPackage EPSG:4545", gpkg("EPSG:4545"), importer.ReadOptions{Layer: "网格"}, "gpkg", "", "EPSG:4545", ""},
		{"KML", kml, importer.ReadOptions{}, "kml", "", "EPSG:4326", ""},
		{"KMZ", kmz, importer.ReadOptions{}, "kmz", "", "EPSG:4326", ""},
	}
}

// TestImportRealFiles imports the sample town's cells from files written
// by GDAL, in each format and coordinate system a town brings, into an
// empty store of each kind: a dry run that writes nothing, then the
// commit that creates the town, whose cells must be the sample's (code,
// name, unit, and area within 0.1 %).
func TestImportRealFiles(t *testing.T) {
	t.Parallel()
	ds := importtest.Sample(t)
	files := writeRealFiles(t)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			fs, rep, err := importer.ReadBoundaries(f.path, importer.ReadOptions{Layer: f.opt.Layer, Encoding: f.opt.Encoding, SRS: f.opt.SRS, SnapM: 0.5})
			if err != nil {
				t.Fatalf("ReadBoundaries(%s) = %v", filepath.Base(f.path), err)
			}
			if rep.Format != f.format || rep.SRS != f.srs || (f.encoding != "" && rep.Encoding != f.encoding) || rep.Features != len(ds.Cells) ||
				(f.layer != "" && rep.Layer != f.layer) {
				t.Errorf("read %s: format %s, SRS %s, encoding %s, layer %q, %d features; want %s, %s, %s, %q, %d",
					filepath.Base(f.path), rep.Format, rep.SRS, rep.Encoding, rep.Layer, rep.Features, f.format, f.srs, f.encoding, f.layer, len(ds.Cells))
			}
			eachStore(t, func(t *testing.T, st data.Store) {
				ctx := context.Background()
				opt := importer.BoundaryOptions{TownCode: "500110119", TownName: "安稳镇"}
				plan, err := importer.PlanBoundaries(ctx, st, fs, opt)
				if err != nil {
					t.Fatal(err)
				}
				if len(plan.Problems) > 0 {
					t.Fatalf("%d problems, the first %v", len(plan.Problems), plan.Problems[0])
				}
				if got := importtest.Count(t, st); got != (importtest.Counts{}) {
					t.Fatalf("the dry run wrote %+v", got)
				}
				if _, err := plan.Commit(ctx, st); err != nil {
					t.Fatal(err)
				}
				checkTown(t, st, ds)
			})
		})
	}
}

// checkTown fails unless st holds the sample town's units and cells: each
// cell's code, name and unit, and its area within 0.1 %.
func checkTown(t *testing.T, st data.Store, ds *data.Dataset) {
	t.Helper()
	ctx := context.Background()
	units, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != len(ds.Units) {
		t.Fatalf("%d units; want %d", len(units), len(ds.Units))
	}
	for i, u := range units {
		if w := ds.Units[i]; u.Code != w.Code || u.Name != w.Name || u.Kind != w.Kind {
			t.Errorf("unit %d: %s %s %s; want %s %s %s", i, u.Code, u.Name, u.Kind, w.Code, w.Name, w.Kind)
		}
	}
	cells, err := st.Cells(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != len(ds.Cells) {
		t.Fatalf("%d cells; want %d", len(cells), len(ds.Cells))
	}
	for i, c := range cells {
		w := ds.Cells[i]
		if c.Code != w.Code || c.Name != w.Name || c.UnitCode != w.UnitCode || c.UnitName != w.UnitName {
			t.Errorf("cell %d: %s %s in %s %s; want %s %s in %s %s", i, c.Code, c.Name, c.UnitCode, c.UnitName, w.Code, w.Name, w.UnitCode, w.UnitName)
		}
		if d := math.Abs(c.AreaM2-w.AreaM2) / w.AreaM2; d > 0.001 {
			t.Errorf("cell %s: area %.1f m²; want %.1f m² (%.3f%% off)", c.Code, c.AreaM2, w.AreaM2, 100*d)
		}
	}
}
