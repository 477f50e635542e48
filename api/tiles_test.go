package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gridmap/api"
)

// tileJSON fetches a layer's TileJSON and returns the town's centre.
func tileJSON(t *testing.T, h http.Handler, layer string, headers ...string) (map[string]any, orb.Point) {
	t.Helper()
	r := get(t, h, "/tiles/"+layer+".json", headers...)
	if r.status != http.StatusOK {
		t.Fatalf("GET /tiles/%s.json = %d %.300s", layer, r.status, r.body)
	}
	doc := r.json(t)
	b, ok := doc["bounds"].([]any)
	if !ok || len(b) != 4 {
		t.Fatalf("TileJSON bounds = %v; want 4 numbers", doc["bounds"])
	}
	return doc, orb.Point{(b[0].(float64) + b[2].(float64)) / 2, (b[1].(float64) + b[3].(float64)) / 2}
}

func tilePath(layer string, t maptile.Tile) string {
	return fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", layer, t.Z, t.X, t.Y)
}

// decodeTile fetches and decodes one tile, failing on anything but 200.
func decodeTile(t *testing.T, h http.Handler, path string, headers ...string) mvt.Layers {
	t.Helper()
	r := get(t, h, path, headers...)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s = %d %.300s", path, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/vnd.mapbox-vector-tile" {
		t.Errorf("GET %s Content-Type = %q; want application/vnd.mapbox-vector-tile", path, ct)
	}
	ls, err := mvt.Unmarshal(r.body)
	if err != nil {
		t.Fatalf("GET %s: not a vector tile: %v", path, err)
	}
	return ls
}

// TestTilesCells: the cells' TileJSON points at tiles that decode as MVT
// version 2 with one cells layer of polygons carrying the cells' public
// properties (not their workload), fewer vertices at low zoom, gzip when
// asked, and a 304 for the ETag already held.
func TestTilesCells(t *testing.T) {
	t.Parallel()
	s := api.New(newSmallSQLiteStore(t), api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	doc, centre := tileJSON(t, s, "cells")
	if doc["tilejson"] != "3.0.0" || !slices.Contains(doc["tiles"].([]any), any("http://gridmap.test/tiles/cells/{z}/{x}/{y}.mvt")) {
		t.Errorf("TileJSON = %v; want tilejson 3.0.0 and the cells' tile URL", doc)
	}
	vertices := map[maptile.Zoom]int{}
	for _, z := range []maptile.Zoom{10, 16} {
		path := tilePath("cells", maptile.At(centre, z))
		ls := decodeTile(t, s, path)
		if len(ls) != 1 || ls[0].Name != "cells" || ls[0].Version != 2 || ls[0].Extent != 4096 {
			t.Fatalf("GET %s layers = %+v; want one cells layer, version 2, extent 4096", path, ls)
		}
		if len(ls[0].Features) == 0 {
			t.Fatalf("GET %s has no cells", path)
		}
		for _, f := range ls[0].Features {
			if _, ok := f.Geometry.(orb.Polygon); !ok {
				if _, ok := f.Geometry.(orb.MultiPolygon); !ok {
					t.Fatalf("GET %s: a %s; want polygons", path, f.Geometry.GeoJSONType())
				}
			}
			var keys []string
			for k := range f.Properties {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"code", "households", "kind", "name", "population", "unit_code", "unit_name"}; !slices.Equal(keys, want) {
				t.Fatalf("GET %s feature properties %v; want %v", path, keys, want)
			}
			vertices[z] += len(f.Geometry.(orb.Polygon)[0])
		}
	}
	t.Logf("vertices in the centre tile: %v", vertices)

	path := tilePath("cells", maptile.At(centre, 13))
	plain := get(t, s, path)
	gz := get(t, s, path, "Accept-Encoding: gzip")
	if gz.header.Get("Content-Encoding") != "gzip" || string(gz.body) != string(plain.body) {
		t.Errorf("GET %s with gzip: Content-Encoding %q, same tile %v; want gzip of the same tile", path, gz.header.Get("Content-Encoding"), string(gz.body) == string(plain.body))
	}
	etag := plain.header.Get("ETag")
	if r := get(t, s, path, "If-None-Match: "+etag); r.status != http.StatusNotModified {
		t.Errorf("GET %s If-None-Match %s = %d; want 304", path, etag, r.status)
	}
}

// TestTilesErrors: bad coordinates answer 400 naming the coordinate, an
// unknown layer or format 404, each in the error shape.
func TestTilesErrors(t *testing.T) {
	t.Parallel()
	s := api.New(newSmallSQLiteStore(t), api.Config{}, quietLog())
	cases := []struct {
		name, path string
		status     int
		field      string
	}{
		{"zoom too deep", "/tiles/cells/21/0/0.mvt", 400, "z"},
		{"zoom not a number", "/tiles/cells/a/0/0.mvt", 400, "z"},
		{"x beyond the zoom", "/tiles/cells/2/4/0.mvt", 400, "x"},
		{"y negative", "/tiles/cells/2/0/-1.mvt", 400, "y"},
		{"y beyond the zoom", "/tiles/units/0/0/1.mvt", 400, "y"},
		{"unknown layer", "/tiles/roads/0/0/0.mvt", 404, "layer"},
		{"unknown layer's TileJSON", "/tiles/roads.json", 404, "layer"},
		{"not .mvt", "/tiles/cells/0/0/0.png", 404, "y"},
		{"incidents anonymously", "/tiles/incidents/0/0/0.mvt", 401, ""},
	}
	for _, c := range cases {
		r := get(t, s, c.path)
		if r.status != c.status {
			t.Errorf("%s: GET %s = %d; want %d", c.name, c.path, r.status, c.status)
			continue
		}
		if _, field := r.errorOf(t); field != c.field {
			t.Errorf("%s: GET %s error field %q; want %q", c.name, c.path, field, c.field)
		}
	}
}

// TestTilesIncidents: incidents need an account that may list them; at
// low zoom a point per cell counts the incidents the caller may list
// (all of them for an admin, only the grid worker's cell for the grid
// worker), at high zoom each incident is a point with id, type and status
// alone. A new incident changes the incidents tiles, not the cells'.
func TestTilesIncidents(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin, worker := sc.actors["admin"].header(), sc.actors["grid_worker"].header()
	if r := get(t, s, "/tiles/incidents/0/0/0.mvt", sc.actors["viewer"].header()...); r.status != http.StatusForbidden {
		t.Errorf("incidents tile as viewer = %d; want 403", r.status)
	}
	tileJSON(t, s, "incidents", admin...)
	total := incidentTotal(t, s, admin)
	counts := func(h []string) (sum int, cells []string) {
		t.Helper()
		for _, f := range decodeTile(t, s, "/tiles/incidents/0/0/0.mvt", h...)[0].Features {
			sum += int(f.Properties["count"].(float64))
			cells = append(cells, f.Properties["code"].(string))
		}
		return sum, cells
	}
	if sum, _ := counts(admin); sum != total || total == 0 {
		t.Errorf("admin's counts at zoom 0 add up to %d; want the %d incidents", sum, total)
	}
	if _, cells := counts(worker); !slices.Equal(cells, []string{sc.inCell}) {
		t.Errorf("grid worker's counts at zoom 0 are in cells %v; want only %s", cells, sc.inCell)
	}
	item := get(t, s, fmt.Sprintf("/ogc/collections/incidents/items/%d", sc.inIncident), admin...).json(t)
	xy := item["geometry"].(map[string]any)["coordinates"].([]any)
	at := orb.Point{xy[0].(float64), xy[1].(float64)}
	ls := decodeTile(t, s, tilePath("incidents", maptile.At(at, 14)), admin...)
	found := false
	for _, f := range ls[0].Features {
		found = found || f.Properties["id"] == float64(sc.inIncident)
		if _, ok := f.Geometry.(orb.Point); !ok {
			t.Fatalf("incident at zoom 14 is a %s; want a point", f.Geometry.GeoJSONType())
		}
		var keys []string
		for k := range f.Properties {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"id", "status", "type"}) {
			t.Fatalf("incident properties %v; want id, status, type", keys)
		}
	}
	if !found {
		t.Errorf("incident %d is not on the zoom 14 tile at its place %v", sc.inIncident, at)
	}

	cells := get(t, s, "/tiles/cells/0/0/0.mvt").header.Get("ETag")
	before := get(t, s, "/tiles/incidents/0/0/0.mvt", admin...).header.Get("ETag")
	lon, lat := cellLabel(t, s, sc.inCell)
	body := fmt.Sprintf(`{"type":"其他","summary":"路灯下争吵","lon":%g,"lat":%g}`, lon, lat)
	if r := do(t, s, http.MethodPost, "/api/incidents", strings.NewReader(body), append(admin, "Content-Type: application/json")...); r.status != http.StatusCreated {
		t.Fatalf("report = %d %.300s", r.status, r.body)
	}
	if sum, _ := counts(admin); sum != total+1 {
		t.Errorf("after a report the counts add up to %d; want %d", sum, total+1)
	}
	if after := get(t, s, "/tiles/incidents/0/0/0.mvt", admin...).header.Get("ETag"); after == before {
		t.Errorf("incidents tile ETag %s unchanged by a report", after)
	}
	if after := get(t, s, "/tiles/cells/0/0/0.mvt").header.Get("ETag"); after != cells {
		t.Errorf("cells tile ETag %s → %s; want it unchanged by a report", cells, after)
	}
}

// incidentTotal is how many incidents the caller may list.
func incidentTotal(t *testing.T, h http.Handler, headers []string) int {
	t.Helper()
	r := get(t, h, "/ogc/collections/incidents/items?limit=1", headers...)
	if r.status != http.StatusOK {
		t.Fatalf("incidents = %d %.300s", r.status, r.body)
	}
	return int(r.json(t)["numberMatched"].(float64))
}

// TestTilesOpenAPI: /ogc/api describes both tile routes under the
// service's root, and the answers they give (TileJSON, tiles, each error)
// fit what it documents.
func TestTilesOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	cases := []struct {
		doc, path string
		status    int
		as        string
	}{
		{"/tiles/{layer}.json", "/tiles/cells.json", 200, "anonymous"},
		{"/tiles/{layer}.json", "/tiles/incidents.json", 200, "leader"},
		{"/tiles/{layer}.json", "/tiles/incidents.json", 401, "anonymous"},
		{"/tiles/{layer}.json", "/tiles/incidents.json", 403, "viewer"},
		{"/tiles/{layer}.json", "/tiles/roads.json", 404, "anonymous"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/units/0/0/0.mvt", 200, "anonymous"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/incidents/0/0/0.mvt", 200, "admin"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/incidents/0/0/0.mvt", 401, "anonymous"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/incidents/0/0/0.mvt", 403, "viewer"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/cells/1/2/0.mvt", 400, "anonymous"},
		{"/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/cells/0/0/0.pbf", 404, "anonymous"},
	}
	for _, c := range cases {
		if item := doc.Paths.Value(c.doc); item == nil || len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test" {
			t.Errorf("%s: want it documented with the server http://gridmap.test", c.doc)
		}
		r := get(t, s, c.path, sc.actors[c.as].header()...)
		if r.status != c.status {
			t.Errorf("GET %s as %s = %d; want %d", c.path, c.as, r.status, c.status)
			continue
		}
		fitsDocument(t, doc, http.MethodGet, c.doc, r)
	}
}

// TestTilesConcurrent: tiles asked at once, before any is cached, come
// out the same as asked one by one (run with -race for the cache's locks).
func TestTilesConcurrent(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	_, centre := tileJSON(t, s, "cells")
	var paths []string
	for _, layer := range []string{"cells", "units", "incidents"} {
		for _, z := range []maptile.Zoom{9, 13, 15} {
			paths = append(paths, tilePath(layer, maptile.At(centre, z)))
		}
	}
	admin := sc.actors["admin"].header()
	got := make([][]byte, 4*len(paths))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
			req.Header.Set("Authorization", strings.TrimPrefix(admin[0], "Authorization: "))
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			got[i] = rec.Body.Bytes()
		})
	}
	wg.Wait()
	for i, b := range got {
		if want := get(t, s, paths[i%len(paths)], admin...).body; string(b) != string(want) || len(b) == 0 {
			t.Errorf("GET %s at once: %d bytes; want the %d of a lone request", paths[i%len(paths)], len(b), len(want))
		}
	}
}
