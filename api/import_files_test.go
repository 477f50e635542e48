package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data/storetest/stores"
	"gridmap/importer/importtest"
)

// TestImportBoundariesRealUploads uploads files written by GDAL to the
// admin page's import, on both stores: a zipped GBK shapefile in
// Gauss-Krüger (zipped on a Chinese Windows, its names in GBK), a
// GeoPackage in another zone and a KMZ import; damaged files are refused
// with a 400 whose message names the file, as a dry run and as a commit,
// and leave the store as it was.
func TestImportBoundariesRealUploads(t *testing.T) {
	t.Parallel()
	ds := importtest.Sample(t)
	cells := importtest.Cells(ds)
	dir := t.TempDir()
	shp := importtest.Shapefile(t, filepath.Join(dir, "shp"), "网格", cells, "GBK", "EPSG:4524", true)
	base := strings.TrimSuffix(shp, ".shp")
	windows := importtest.ZipShapefileGBK(t, shp, filepath.Join(dir, "网格.zip"))
	src := importtest.GeoJSON(t, dir, "src.geojson", cells)
	gpkg, kmz, empty := filepath.Join(dir, "网格.gpkg"), filepath.Join(dir, "网格.kmz"), filepath.Join(dir, "空.gpkg")
	importtest.Ogr2ogr(t, "-f", "GPKG", "-t_srs", "EPSG:4545", "-nln", "网格", gpkg, src)
	importtest.Ogr2ogr(t, "-f", "LIBKML", kmz, src)
	importtest.Ogr2ogr(t, "-f", "GPKG", "-where", "1=0", "-nln", "网格", empty, src)
	noPrj := importtest.Zip(t, filepath.Join(dir, "无prj.zip"), "", base+".shp", base+".shx", base+".dbf", base+".cpg")
	noShp := importtest.Zip(t, filepath.Join(dir, "无shp.zip"), "", base+".dbf", base+".prj", base+".cpg")
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	town := []string{"town_code", "500110119", "town_name", "安稳镇"}
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			for _, c := range []struct {
				name   string
				file   string
				fields []string
				want   []string // in the error's message
			}{
				{"no .prj", noPrj, nil, []string{"无prj.zip", "未声明坐标系", "EPSG:4524"}},
				{"zip without .shp", noShp, nil, []string{"无shp.zip"}},
				{"empty layer", empty, nil, []string{"空.gpkg", "没有要素"}},
				{"wrong layer", gpkg, []string{"layer", "cells"}, []string{"网格.gpkg", "cells"}},
				{"unknown srs", windows, []string{"srs", "EPSG:3857"}, []string{"EPSG:3857"}},
			} {
				t.Run(c.name, func(t *testing.T) {
					st := stores.Open(t, kind)
					s := api.New(st, api.Config{}, quietLog())
					admin := newAdmin(t, st)
					before := importtest.Count(t, st)
					for _, dry := range []string{"true", "false"} {
						fields := append(append(append([]string{}, town...), c.fields...), "dry_run", dry)
						r, ans := postImport(t, s, admin, importBody(t, filepath.Base(c.file), read(c.file), fields...))
						if r.status != http.StatusBadRequest || ans.Error == nil {
							t.Fatalf("dry_run %s: %d %.300s; want 400", dry, r.status, r.body)
						}
						for _, w := range c.want {
							if !strings.Contains(ans.Error.Message, w) {
								t.Errorf("dry_run %s: the message %q lacks %q", dry, ans.Error.Message, w)
							}
						}
						if after := importtest.Count(t, st); after != before {
							t.Errorf("dry_run %s: the store held %+v, now %+v", dry, before, after)
						}
					}
				})
			}
			for _, c := range []struct {
				name, file string
				fields     []string
			}{
				{"zipped GBK shapefile from a Chinese Windows", windows, nil},
				{"GeoPackage in EPSG:4545", gpkg, nil},
				{"KMZ", kmz, nil},
			} {
				t.Run(c.name, func(t *testing.T) {
					st := stores.Open(t, kind)
					s := api.New(st, api.Config{}, quietLog())
					admin := newAdmin(t, st)
					r, ans := postImport(t, s, admin, importBody(t, filepath.Base(c.file), read(c.file), town...))
					if r.status != http.StatusOK || len(ans.Problems) != 0 || ans.Read.Features != len(ds.Cells) || ans.Plan.Cells != len(ds.Cells) {
						t.Fatalf("dry run: %d %.500s; want 200, %d cells, no problems", r.status, r.body, len(ds.Cells))
					}
					r, ans = postImport(t, s, admin, importBody(t, filepath.Base(c.file), read(c.file), append(town, "dry_run", "false")...))
					if r.status != http.StatusCreated || !ans.Written {
						t.Fatalf("commit: %d %.300s; want 201, written", r.status, r.body)
					}
					if n := importtest.Count(t, st); n.Cells != len(ds.Cells) || n.Units != len(ds.Units) || n.Towns != 1 {
						t.Errorf("the store holds %+v; want the town's %d units, %d cells", n, len(ds.Units), len(ds.Cells))
					}
				})
			}
		})
	}
}
