package crs_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// tool returns the path of a GDAL program, skipping the test when it is
// missing unless GRIDMAP_REQUIRE_GDAL=1 (as CI sets it).
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("GRIDMAP_REQUIRE_GDAL") == "1" {
			t.Fatalf("%s not found and GRIDMAP_REQUIRE_GDAL=1: install gdal-bin", name)
		}
		t.Skipf("%s not found (apt-get install gdal-bin); set GRIDMAP_REQUIRE_GDAL=1 to fail instead", name)
	}
	return path
}

// gdaltransform converts pts from one EPSG system to another with GDAL,
// that is with PROJ, in x, y order (easting, northing; longitude,
// latitude).
func gdaltransform(t *testing.T, from, to int, pts []orb.Point) []orb.Point {
	t.Helper()
	var in bytes.Buffer
	for _, p := range pts {
		fmt.Fprintf(&in, "%.12f %.12f\n", p[0], p[1])
	}
	cmd := exec.Command(tool(t, "gdaltransform"), "-s_srs", fmt.Sprintf("EPSG:%d", from),
		"-t_srs", fmt.Sprintf("EPSG:%d", to), "-output_xy")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gdaltransform EPSG:%d -> EPSG:%d: %v\n%s", from, to, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(pts) {
		t.Fatalf("gdaltransform gave %d lines for %d points:\n%s", len(lines), len(pts), out)
	}
	res := make([]orb.Point, len(lines))
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) != 2 {
			t.Fatalf("gdaltransform line %q", l)
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("gdaltransform line %q", l)
		}
		res[i] = orb.Point{x, y}
	}
	return res
}

// ogr2ogr writes a one-point GeoJSON file as a Shapefile or GeoPackage
// in EPSG:code and returns the path of what it wrote.
func ogr2ogr(t *testing.T, format string, code int) string {
	t.Helper()
	dir := t.TempDir()
	src := dir + "/in.geojson"
	err := os.WriteFile(src, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature",`+
		`"properties":{"name":"网格"},"geometry":{"type":"Point","coordinates":[106.6,28.9]}}]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	dst := dir + "/out.shp"
	if format == "GPKG" {
		dst = dir + "/out.gpkg"
	}
	cmd := exec.Command(tool(t, "ogr2ogr"), "-f", format, "-s_srs", "EPSG:4326", "-t_srs",
		fmt.Sprintf("EPSG:%d", code), dst, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr -t_srs EPSG:%d: %v\n%s", code, err, out)
	}
	return dst
}
