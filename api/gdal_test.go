package api_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"gridmap/api"
)

// TestGDALReadsEveryCollection runs GDAL's OAPIF driver, a real OGC API
// client, against the server: it must list and read every collection.
func TestGDALReadsEveryCollection(t *testing.T) {
	t.Parallel()
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin")
		}
		t.Skip("ogrinfo not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead")
	}
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
