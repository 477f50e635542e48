package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gridmap/api"
)

// TestGDALReadsEveryCollection runs GDAL's OAPIF driver, a real OGC API
// client, against the server: it must list and read every collection.
func TestGDALReadsEveryCollection(t *testing.T) {
	t.Parallel()
	ogrinfo := needOgrinfo(t)
	sc := newScene(t, newSQLiteStore(t))
	srv := httptest.NewServer(api.New(sc.store, api.Config{}, quietLog()))
	defer srv.Close()
	ds := "OAPIF:" + srv.URL + "/ogc"
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(ogrinfo, append([]string{"-ro", "--config", "CPL_DEBUG", "OFF"}, args...)...)
		cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=60", "CPL_CURL_VERBOSE=NO",
			"GDAL_HTTP_HEADERS=Authorization: Bearer "+sc.actors["leader"].token) // as QGIS would with a token
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	list := run(ds)
	for _, layer := range []string{"cells", "units", "incidents"} {
		if !regexp.MustCompile(`(?m)^\d+: ` + layer + `\b`).MatchString(list) {
			t.Errorf("ogrinfo does not list layer %s:\n%s", layer, list)
		}
	}
	want := map[string]int{"cells": 138, "units": 15}
	for layer, n := range want {
		out := run("-q", ds, layer)
		if got := strings.Count(out, "OGRFeature("+layer+")"); got != n {
			t.Errorf("ogrinfo read %d features of %s; want %d", got, layer, n)
		}
		if layer == "cells" && !strings.Contains(out, "POLYGON ((106.") {
			t.Errorf("ogrinfo shows no lon/lat polygons for cells")
		}
	}
	summary := run("-so", ds, "incidents")
	m := regexp.MustCompile(`Feature Count: (\d+)`).FindStringSubmatch(summary)
	if m == nil || len(m[1]) < 4 {
		t.Errorf("ogrinfo -so incidents reports no feature count in the thousands:\n%s", summary)
	}
}

// TestGDALReadsTiles runs GDAL's MVT driver on vector tiles the server
// gives (saved as files, georeferenced with the Z, X and Y open options, and unclipped so that
// features in the buffer count):
// it reads every feature of each with its properties, polygons for the
// cells and units, and incidents for an account that may list them.
func TestGDALReadsTiles(t *testing.T) {
	t.Parallel()
	ogrinfo := needOgrinfo(t)
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	_, centre := tileJSON(t, s, "cells")
	dir := t.TempDir()
	cases := []struct {
		layer, geom, field string
		z                  maptile.Zoom
	}{
		{"cells", "POLYGON", "code (String) = ", 11},
		{"cells", "POLYGON", "unit_name (String) = ", 15},
		{"units", "POLYGON", "households (Integer", 12},
		{"incidents", "POINT", "count (Integer", 10},
		{"incidents", "POINT", "status (String) = ", 14},
	}
	for _, c := range cases {
		tl := maptile.At(centre, c.z)
		path := tilePath(c.layer, tl)
		r := get(t, s, path, sc.actors["admin"].header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.status)
		}
		ls, err := mvt.Unmarshal(r.body)
		if err != nil || len(ls) != 1 || len(ls[0].Features) == 0 {
			t.Fatalf("GET %s: %v, %d layers; want features to read", path, err, len(ls))
		}
		file := filepath.Join(dir, fmt.Sprintf("%s-%d.mvt", c.layer, c.z))
		if err := os.WriteFile(file, r.body, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(ogrinfo, "-ro", "-al", "-oo", "CLIP=NO", "-oo", fmt.Sprintf("Z=%d", tl.Z), "-oo", fmt.Sprintf("X=%d", tl.X), "-oo", fmt.Sprintf("Y=%d", tl.Y), file)
		cmd.Env = append(os.Environ(), "CPL_DEBUG=OFF")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", path, err, out)
		}
		text := string(out)
		if got := strings.Count(text, "OGRFeature("+c.layer+")"); got != len(ls[0].Features) {
			t.Errorf("ogrinfo read %d features of %s; want the tile's %d\n%.2000s", got, path, len(ls[0].Features), text)
		}
		if !strings.Contains(text, "  "+c.geom+" ((") && !strings.Contains(text, "  MULTI"+c.geom) && !strings.Contains(text, "  "+c.geom+" (") {
			t.Errorf("ogrinfo shows no %s in %s:\n%.2000s", c.geom, path, text)
		}
		if !strings.Contains(text, c.field) {
			t.Errorf("ogrinfo shows no %q in %s:\n%.2000s", c.field, path, text)
		}
	}
}

// needOgrinfo returns the path of GDAL's ogrinfo, skipping the test when
// it is not installed, or failing it with GRIDMAP_REQUIRE_GDAL=1.
func needOgrinfo(t *testing.T) string {
	t.Helper()
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin")
		}
		t.Skip("ogrinfo not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead")
	}
	return ogrinfo
}
