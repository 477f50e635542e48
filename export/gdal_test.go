package export_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/export"
	"gridmap/roster/rostertest"
)

// ogrinfo finds GDAL's ogrinfo, skipping the test when it is missing
// unless GRIDMAP_REQUIRE_GDAL=1.
func ogrinfo(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin")
		}
		t.Skip("ogrinfo not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead")
	}
	return p
}

// TestGDALReadsEveryExport exports every layer in every format and checks
// with ogrinfo that GDAL opens the file and finds every feature (every
// row of a sheet) and the layer's fields, and for map formats the
// geometry type and WGS 84.
func TestGDALReadsEveryExport(t *testing.T) {
	t.Parallel()
	tool := ogrinfo(t)
	townWithPeople(t, func(t *testing.T, st data.Store) {
		fields := map[string][]string{
			export.Cells:     {"code", "name", "unit_code", "population"},
			export.Units:     {"code", "name", "kind", "cells"},
			export.Incidents: {"number", "type", "status", "summary", "parties"},
			export.Residents: {"hh_no", "head_name", "name", "id_number", "phone", "approx"},
		}
		headers := map[string][]string{
			export.Cells:     {"网格编码", "网格名称"},
			export.Units:     {"编码", "名称"},
			export.Incidents: {"编号", "类型", "当事人"},
			export.Residents: {"户号", "户主姓名", "姓名", "公民身份号码"},
		}
		geometry := map[string]string{export.Cells: "Polygon", export.Units: "Polygon", export.Incidents: "Point", export.Residents: "Point"}
		dir := t.TempDir()
		for _, layer := range export.Layers {
			for _, format := range export.Formats {
				t.Run(layer+"."+format, func(t *testing.T) {
					b, res := exportBytes(t, st, layer, format, true)
					path := filepath.Join(dir, layer+export.Ext(format))
					if err := os.WriteFile(path, b, 0o644); err != nil {
						t.Fatal(err)
					}
					open := path
					args := []string{"-ro", "-al", "-so"}
					switch format {
					case "shp":
						open = "/vsizip/" + path + "/" + layer + ".shp"
					case "xlsx":
						args = append(args, "--config", "OGR_XLSX_HEADERS", "FORCE", "--config", "OGR_XLSX_FIELD_TYPES", "STRING")
					}
					out, err := exec.Command(tool, append(args, open)...).CombinedOutput()
					if err != nil {
						t.Fatalf("ogrinfo %s: %v\n%s", path, err, out)
					}
					want := []string{"Feature Count: " + strconv.Itoa(res.Features)}
					if format == "xlsx" || format == "csv" {
						want = append(want, headers[layer]...)
					} else {
						want = append(want, fields[layer]...)
						want = append(want, "WGS 84")
						if format != "kml" { // LIBKML says Unknown (any)
							want = append(want, geometry[layer])
						}
					}
					for _, w := range want {
						if !strings.Contains(string(out), w) {
							t.Errorf("ogrinfo of %s.%s does not say %q:\n%s", layer, format, w, out)
						}
					}
				})
			}
		}
	})
}

// TestShapefileZip checks the members of a shapefile export: the five
// files, the .cpg saying UTF-8.
func TestShapefileZip(t *testing.T) {
	t.Parallel()
	st := stores.Open(t, "sqlite")
	town, _ := rostertest.Town(t)
	if err := st.Load(t.Context(), town); err != nil {
		t.Fatal(err)
	}
	b, _ := exportBytes(t, st, export.Units, "shp", false)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		if f.Name == "units.cpg" {
			r, _ := f.Open()
			cpg, _ := io.ReadAll(r)
			if string(cpg) != "UTF-8" {
				t.Errorf("units.cpg = %q; want UTF-8", cpg)
			}
		}
	}
	slices.Sort(names)
	if want := []string{"units.cpg", "units.dbf", "units.prj", "units.shp", "units.shx"}; !slices.Equal(names, want) {
		t.Errorf("the zip holds %q; want %q", names, want)
	}
}
