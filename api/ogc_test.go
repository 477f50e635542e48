package api_test

import (
	"gridmap/api"
	"net/http"
	"strings"
	"testing"
)

func linkHref(t *testing.T, v map[string]any, rel string) string {
	t.Helper()
	links, _ := v["links"].([]any)
	for _, l := range links {
		if m := l.(map[string]any); m["rel"] == rel {
			return m["href"].(string)
		}
	}
	return ""
}

func TestOGCLandingAndConformance(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	land := get(t, s, "/ogc").json(t)
	for rel, want := range map[string]string{
		"self": "http://gridmap.test/ogc", "service-desc": "http://gridmap.test/ogc/api",
		"conformance": "http://gridmap.test/ogc/conformance", "data": "http://gridmap.test/ogc/collections",
	} {
		if got := linkHref(t, land, rel); got != want {
			t.Errorf("landing link %q = %q; want %q", rel, got, want)
		}
	}
	conf := get(t, s, "/ogc/conformance").json(t)["conformsTo"].([]any)
	joined := ""
	for _, c := range conf {
		joined += c.(string) + " "
	}
	for _, want := range []string{"conf/core", "conf/geojson", "conf/oas30"} {
		if !strings.Contains(joined, want) {
			t.Errorf("conformsTo lacks %s: %v", want, conf)
		}
	}
	api := get(t, s, "/ogc/api")
	if ct := api.header.Get("Content-Type"); !strings.Contains(ct, "openapi") {
		t.Errorf("/ogc/api Content-Type = %q; want the OpenAPI media type", ct)
	}
	doc := api.json(t)
	if doc["openapi"] != "3.0.3" || doc["paths"].(map[string]any)["/collections/cells/items"] == nil {
		t.Errorf("/ogc/api is not an OpenAPI 3 document with the items path")
	}
}

func TestOGCCollections(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	v := get(t, s, "/ogc/collections").json(t)
	var ids []string
	for _, c := range v["collections"].([]any) {
		m := c.(map[string]any)
		ids = append(ids, m["id"].(string))
		if linkHref(t, m, "items") != "http://gridmap.test/ogc/collections/"+m["id"].(string)+"/items" {
			t.Errorf("collection %v has a wrong items link", m["id"])
		}
	}
	if strings.Join(ids, ",") != "cells,units" {
		t.Errorf("anonymous collections = %v; want cells, units (incidents need a login)", ids)
	}
	sc := newScene(t, newSQLiteStore(t))
	ids = nil
	for _, c := range get(t, api.New(sc.store, api.Config{}, quietLog()), "/ogc/collections", sc.actors["leader"].header()...).json(t)["collections"].([]any) {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	if strings.Join(ids, ",") != "cells,units,incidents" {
		t.Errorf("a leader's collections = %v; want cells, units, incidents", ids)
	}
	if r := get(t, s, "/ogc/collections/cells"); r.status != 200 || r.json(t)["id"] != "cells" {
		t.Errorf("GET /ogc/collections/cells = %d", r.status)
	}
}

func TestOGCItemsPaging(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	seen := map[string]bool{}
	path := "/ogc/collections/cells/items?limit=50"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		v := get(t, s, path).json(t)
		if v["numberMatched"].(float64) != 138 {
			t.Errorf("numberMatched = %v; want 138", v["numberMatched"])
		}
		fs := v["features"].([]any)
		if int(v["numberReturned"].(float64)) != len(fs) {
			t.Errorf("numberReturned = %v; %d features", v["numberReturned"], len(fs))
		}
		for _, f := range fs {
			seen[f.(map[string]any)["id"].(string)] = true
		}
		path = strings.TrimPrefix(linkHref(t, v, "next"), "http://gridmap.test")
	}
	if len(seen) != 138 {
		t.Errorf("paging through cells saw %d distinct cells; want 138", len(seen))
	}
	v := get(t, s, "/ogc/collections/cells/items").json(t)
	if n := len(v["features"].([]any)); n != 10 {
		t.Errorf("default page has %d features; want 10", n)
	}
	if v := get(t, s, "/ogc/collections/cells/items?limit=20000").json(t); len(v["features"].([]any)) != 138 {
		t.Errorf("limit above the maximum is not capped to return every cell")
	}
}

func TestOGCItemsFilters(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	code := firstCell(t, s)
	lon, lat := cellLabel(t, s, code)
	small := get(t, s, "/ogc/collections/cells/items?limit=1000&bbox="+bbox(lon, lat, 0.0005)).json(t)
	found := false
	for _, f := range small["features"].([]any) {
		found = found || f.(map[string]any)["id"] == code
	}
	if n := small["numberMatched"].(float64); !found || n < 1 || n > 6 {
		t.Errorf("a small bbox around cell %s matched %v cells (containing it: %v); want a few, it among them", code, n, found)
	}
	props := get(t, s, "/ogc/collections/cells/items?limit=1&properties=code,population").json(t)
	p := props["features"].([]any)[0].(map[string]any)["properties"].(map[string]any)
	if len(p) != 2 || p["code"] == nil || p["population"] == nil {
		t.Errorf("properties=code,population gave %v", p)
	}
	inc := get(t, s, "/ogc/collections/incidents/items?limit=5&datetime=2024-01-01T00:00:00Z/2024-12-31T23:59:59Z", sc.actors["leader"].header()...).json(t)
	for _, f := range inc["features"].([]any) {
		fp := f.(map[string]any)["properties"].(map[string]any)
		if at := fp["reported_at"].(string); at < "2024" || at >= "2025" {
			t.Errorf("datetime filter returned an incident reported at %s", at)
		}
		for _, personal := range []string{"parties", "description", "summary"} {
			if _, ok := fp[personal]; ok {
				t.Errorf("OGC incident carries %q", personal)
			}
		}
	}
}

func bbox(lon, lat, d float64) string {
	return strings.Join([]string{ftoa(lon - d), ftoa(lat - d), ftoa(lon + d), ftoa(lat + d)}, ",")
}

func TestOGCItem(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	for _, path := range []string{"/ogc/collections/cells/items/" + code, "/ogc/collections/units/items/" + code[:12], "/ogc/collections/incidents/items/1"} {
		r := get(t, s, path, sc.actors["admin"].header()...)
		if r.status != http.StatusOK || r.json(t)["type"] != "Feature" {
			t.Errorf("GET %s = %d %.200s; want a Feature", path, r.status, r.body)
		}
	}
}

func TestOGCBadRequests(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cases := []struct {
		name, path string
		status     int
		field      string
	}{
		{"unknown collection", "/ogc/collections/people/items", 404, "collectionId"},
		{"unknown feature", "/ogc/collections/cells/items/nope", 404, "featureId"},
		{"limit zero", "/ogc/collections/cells/items?limit=0", 400, "limit"},
		{"limit negative", "/ogc/collections/cells/items?limit=-5", 400, "limit"},
		{"limit not a number", "/ogc/collections/cells/items?limit=many", 400, "limit"},
		{"offset negative", "/ogc/collections/cells/items?offset=-1", 400, "offset"},
		{"bbox with three numbers", "/ogc/collections/cells/items?bbox=1,2,3", 400, "bbox"},
		{"bbox not numbers", "/ogc/collections/cells/items?bbox=a,b,c,d", 400, "bbox"},
		{"bbox beyond the world", "/ogc/collections/cells/items?bbox=-200,0,0,10", 400, "bbox"},
		{"unknown property", "/ogc/collections/cells/items?properties=secret", 400, "properties"},
		{"unknown parameter", "/ogc/collections/cells/items?colour=red", 400, "colour"},
		{"datetime on cells", "/ogc/collections/cells/items?datetime=2024-01-01T00:00:00Z", 400, "datetime"},
		{"bad datetime", "/ogc/collections/incidents/items?datetime=soon", 400, "datetime"},
		{"html format", "/ogc/collections?f=html", 400, "f"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, s, c.path, sc.actors["leader"].header()...)
			if r.status != c.status {
				t.Fatalf("GET %s = %d %s; want %d", c.path, r.status, r.body, c.status)
			}
			if _, field := r.errorOf(t); field != c.field {
				t.Errorf("GET %s field = %q; want %q", c.path, field, c.field)
			}
		})
	}
}
