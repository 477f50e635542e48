package api_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gridmap/api"
)

// topology is the part of a TopoJSON Topology the tests read.
type topology struct {
	Type    string `json:"type"`
	Objects map[string]struct {
		Type       string `json:"type"`
		Geometries []struct {
			Type       string         `json:"type"`
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
			Arcs       [][]int        `json:"arcs"`
		} `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

// ring follows arc references as the TopoJSON specification says: ^i (that
// is -i-1) runs arc i backwards, and each arc after the first starts where
// the one before ended.
func (tp *topology) ring(t *testing.T, refs []int) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, ref := range refs {
		arc := tp.Arcs[max(ref, ^ref)]
		if ref < 0 {
			arc = slices.Clone(arc)
			slices.Reverse(arc)
		}
		if len(out) > 0 {
			if out[len(out)-1] != arc[0] {
				t.Fatalf("arc %d starts at %v, not where the ring got to, %v", ref, arc[0], out[len(out)-1])
			}
			arc = arc[1:]
		}
		out = append(out, arc...)
	}
	return out
}

// sameRing reports whether two closed rings have the same points in the
// same cyclic order, whatever point each starts at.
func sameRing(a, b [][2]float64) bool {
	if len(a) != len(b) || len(a) < 2 {
		return false
	}
	n := len(a) - 1
	start := slices.Index(b[:n], a[0])
	if start < 0 {
		return false
	}
	for i := range n {
		if a[i] != b[(start+i)%n] {
			return false
		}
	}
	return true
}

// TestCellsTopoJSON rebuilds every cell from the TopoJSON's arcs and wants
// the rings of /api/cells, coordinate for coordinate; shared boundaries are
// stored once, and the properties are those of /api/cells.
func TestCellsTopoJSON(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	res := get(t, s, "/api/cells.topojson", "Accept-Encoding: gzip")
	if res.status != http.StatusOK || res.header.Get("ETag") == "" || res.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET /api/cells.topojson = %d, ETag %q, encoding %q; want 200, a tag, gzip", res.status, res.header.Get("ETag"), res.header.Get("Content-Encoding"))
	}
	var tp topology
	mustJSON(t, res.body, &tp)
	var cells struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Coordinates [][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	mustJSON(t, get(t, s, "/api/cells").body, &cells)
	obj, ok := tp.Objects["cells"]
	if tp.Type != "Topology" || !ok || obj.Type != "GeometryCollection" {
		t.Fatalf("TopoJSON has type %q and objects %v; want a Topology with the GeometryCollection cells", tp.Type, tp.Objects)
	}
	if len(obj.Geometries) != len(cells.Features) || len(cells.Features) != 138 {
		t.Fatalf("TopoJSON has %d cells, /api/cells %d; want 138 each", len(obj.Geometries), len(cells.Features))
	}
	uses := make([]int, len(tp.Arcs))
	for i, g := range obj.Geometries {
		f := cells.Features[i]
		if g.Type != "Polygon" || g.ID != f.ID {
			t.Fatalf("geometry %d is a %s with id %q; want the Polygon %q", i, g.Type, g.ID, f.ID)
		}
		for _, k := range []string{"code", "name", "unit_code", "unit_name", "kind", "population", "households"} {
			if g.Properties[k] != f.Properties[k] {
				t.Errorf("cell %s: property %s = %v; /api/cells says %v", g.ID, k, g.Properties[k], f.Properties[k])
			}
		}
		if len(g.Arcs) != len(f.Geometry.Coordinates) {
			t.Fatalf("cell %s has %d rings; /api/cells has %d", g.ID, len(g.Arcs), len(f.Geometry.Coordinates))
		}
		for r, refs := range g.Arcs {
			if got, want := tp.ring(t, refs), f.Geometry.Coordinates[r]; !sameRing(got, want) {
				t.Errorf("cell %s ring %d from arcs = %v; /api/cells has %v", g.ID, r, got, want)
			}
			for _, ref := range refs {
				uses[max(ref, ^ref)]++
			}
		}
	}
	shared := 0
	for i, n := range uses {
		switch n {
		case 1:
		case 2:
			shared++
		default:
			t.Errorf("arc %d is used %d times; want 1 (town boundary) or 2 (shared)", i, n)
		}
	}
	if shared < len(tp.Arcs)/2 {
		t.Errorf("%d of %d arcs are shared by two cells; want most", shared, len(tp.Arcs))
	}
	if again := get(t, s, "/api/cells.topojson", "If-None-Match: "+res.header.Get("ETag")); again.status != http.StatusNotModified {
		t.Errorf("GET with the ETag = %d; want 304", again.status)
	}
}

// TestGDALReadsTopoJSON has GDAL's TopoJSON driver read the cells, from a
// file and from the URL.
func TestGDALReadsTopoJSON(t *testing.T) {
	t.Parallel()
	ogrinfo := needOgrinfo(t)
	srv := httptest.NewServer(api.New(newSQLiteStore(t), api.Config{}, quietLog()))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "cells.topojson")
	if err := os.WriteFile(file, get(t, srv.Config.Handler, "/api/cells.topojson").body, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ds := range []string{file, "TopoJSON:" + srv.URL + "/api/cells.topojson"} {
		cmd := exec.Command(ogrinfo, "-ro", "-al", "-so", ds)
		cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=60")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo -ro -al -so %s: %v\n%s", ds, err, out)
		}
		m := regexp.MustCompile(`(?m)^Layer name: cells\s*$[\s\S]*?^Feature Count: (\d+)`).FindStringSubmatch(string(out))
		if m == nil || m[1] != "138" {
			t.Errorf("ogrinfo %s does not read 138 features in layer cells:\n%s", ds, out)
		}
		if !strings.Contains(string(out), "Geometry: Polygon") {
			t.Errorf("ogrinfo %s reads no polygons:\n%s", ds, out)
		}
	}
}
