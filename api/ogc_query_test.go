package api_test

import (
	"net/http"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
)

// TestOGCUnknownParameters: every OGC route refuses a query parameter its
// API definition does not list, naming it, and accepts f=json.
func TestOGCUnknownParameters(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	for _, path := range []string{
		"/ogc", "/ogc/", "/ogc/conformance", "/ogc/api", "/ogc/collections",
		"/ogc/collections/cells", "/ogc/collections/incidents",
		"/ogc/collections/cells/items", "/ogc/collections/units/items", "/ogc/collections/incidents/items",
		"/ogc/collections/cells/items/" + code, "/ogc/collections/incidents/items/1",
	} {
		t.Run(path, func(t *testing.T) {
			if r := get(t, s, path+"?f=json", sc.actors["leader"].header()...); r.status != http.StatusOK {
				t.Errorf("GET %s?f=json = %d %.200s; want 200", path, r.status, r.body)
			}
			r := get(t, s, path+"?f=json&colour=red", sc.actors["leader"].header()...)
			if r.status != http.StatusBadRequest {
				t.Fatalf("GET %s?colour=red = %d %.200s; want 400", path, r.status, r.body)
			}
			if code, field := r.errorOf(t); code != data.EINVALID || field != "colour" {
				t.Errorf("GET %s?colour=red = %s naming %q; want invalid naming colour", path, code, field)
			}
		})
	}
	// Parameters of the items route are not parameters of the others.
	for _, path := range []string{"/ogc/collections?limit=5", "/ogc/collections/cells/items/" + code + "?offset=1"} {
		r := get(t, s, path)
		if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field == "" {
			t.Errorf("GET %s = %d naming %q; want 400 naming the parameter", path, r.status, field)
		}
	}
}

// TestOGCItemProperties: properties selects the properties of a single
// feature as it does of a page.
func TestOGCItemProperties(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	cases := []struct {
		path string
		want []string
	}{
		{"/ogc/collections/cells/items/" + code + "?properties=code,population", []string{"code", "population"}},
		{"/ogc/collections/units/items/" + code[:12] + "?properties=name", []string{"name"}},
		{"/ogc/collections/incidents/items/1?properties=status,reported_at", []string{"status", "reported_at"}},
	}
	for _, c := range cases {
		r := get(t, s, c.path, sc.actors["admin"].header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d %.200s", c.path, r.status, r.body)
		}
		p := r.json(t)["properties"].(map[string]any)
		if len(p) != len(c.want) {
			t.Errorf("GET %s properties = %v; want only %v", c.path, p, c.want)
		}
		for _, k := range c.want {
			if _, ok := p[k]; !ok {
				t.Errorf("GET %s properties = %v; want %s among them", c.path, p, k)
			}
		}
	}
	r := get(t, s, "/ogc/collections/cells/items/"+code+"?properties=secret")
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "properties" {
		t.Errorf("unknown property on one item = %d naming %q; want 400 naming properties", r.status, field)
	}
}

// TestOGCTemporalExtent: the incidents collection declares the interval
// from the earliest to the latest report its reader may list, in the
// Gregorian calendar; cells and units have no time.
func TestOGCTemporalExtent(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	for _, role := range []string{data.RoleAdmin, data.RoleGridWorker} {
		f := data.IncidentFilter{}
		if role == data.RoleGridWorker {
			f.Cells = []string{sc.inCell}
		}
		all, _, err := sc.store.Incidents(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		var first, last time.Time
		for i, in := range all {
			if i == 0 || in.ReportedAt.Before(first) {
				first = in.ReportedAt
			}
			if i == 0 || in.ReportedAt.After(last) {
				last = in.ReportedAt
			}
		}
		r := get(t, s, "/ogc/collections/incidents", sc.actors[role].header()...)
		temporal, _ := r.json(t)["extent"].(map[string]any)["temporal"].(map[string]any)
		if temporal == nil {
			t.Fatalf("%s: incidents have no extent.temporal: %.300s", role, r.body)
		}
		if temporal["trs"] != "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" {
			t.Errorf("%s: temporal trs = %v", role, temporal["trs"])
		}
		iv := temporal["interval"].([]any)[0].([]any)
		got := [2]time.Time{}
		for i := range got {
			if got[i], err = time.Parse(time.RFC3339Nano, iv[i].(string)); err != nil {
				t.Fatal(err)
			}
		}
		if !got[0].Equal(first) || !got[1].Equal(last) {
			t.Errorf("%s: temporal interval = %v; want [%v, %v] over %d incidents", role, iv, first, last, len(all))
		}
	}
	for _, path := range []string{"/ogc/collections/cells", "/ogc/collections/units"} {
		if ext := get(t, s, path).json(t)["extent"].(map[string]any); ext["temporal"] != nil {
			t.Errorf("%s declares a temporal extent %v", path, ext["temporal"])
		}
	}
	for _, c := range get(t, s, "/ogc/collections", sc.actors["leader"].header()...).json(t)["collections"].([]any) {
		m := c.(map[string]any)
		if _, ok := m["extent"].(map[string]any)["temporal"]; ok != (m["id"] == "incidents") {
			t.Errorf("collection %v in the list: temporal extent present = %v", m["id"], ok)
		}
	}
}
