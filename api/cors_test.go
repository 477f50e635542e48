package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"gridmap/api"
)

// publicPaths are the public read-only routes, which other origins may read.
var publicPaths = []string{
	"/healthz", "/api/config", "/api/town", "/api/units", "/api/cells", "/api/cells.topojson",
	"/ogc", "/ogc/", "/ogc/conformance", "/ogc/api", "/ogc/collections",
	"/ogc/collections/cells", "/ogc/collections/units/items", "/ogc/collections/cells/items/{cell}",
	"/tiles/cells.json", "/tiles/cells/0/0/0.mvt",
}

// personalPaths need an account; other origins get no CORS header from them.
var personalPaths = []string{
	"/ogc/collections/incidents", "/ogc/collections/incidents/items", "/ogc/collections/incidents/items/1",
	"/api/incidents", "/api/incidents/1", "/api/residents", "/api/auth/me", "/api/cells/{cell}", "/api/audit",
	"/tiles/incidents.json", "/tiles/incidents/0/0/0.mvt",
}

const (
	mapOrigin   = "https://map.example.cn"
	otherOrigin = "https://evil.example"
)

// preflight is the OPTIONS request a browser sends before a GET that sets
// Accept-Language.
func preflight(t *testing.T, s http.Handler, path, origin string) response {
	t.Helper()
	return do(t, s, http.MethodOptions, path, nil, "Origin: "+origin,
		"Access-Control-Request-Method: GET", "Access-Control-Request-Headers: accept-language")
}

// corsHeaders returns the Access-Control-* headers of an answer.
func corsHeaders(r response) map[string]string {
	out := map[string]string{}
	for k, v := range r.header {
		if strings.HasPrefix(k, "Access-Control-") {
			out[k] = strings.Join(v, ", ")
		}
	}
	return out
}

func TestCORSPublicRoutesAnyOrigin(t *testing.T) {
	t.Parallel()
	s := newServer(t) // the default: any origin
	code := firstCell(t, s)
	for _, p := range publicPaths {
		path := strings.ReplaceAll(p, "{cell}", code)
		r := get(t, s, path, "Origin: "+mapOrigin)
		if r.status != http.StatusOK || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s from %s = %d, Allow-Origin %q; want 200, *", path, mapOrigin, r.status, r.header.Get("Access-Control-Allow-Origin"))
		}
		if got := r.header.Get("Access-Control-Expose-Headers"); got != "ETag" {
			t.Errorf("GET %s Expose-Headers = %q; want ETag", path, got)
		}
		pf := preflight(t, s, path, mapOrigin)
		h := pf.header
		if pf.status != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" ||
			h.Get("Access-Control-Allow-Methods") != "GET, HEAD" || h.Get("Access-Control-Max-Age") == "" ||
			!strings.Contains(h.Get("Access-Control-Allow-Headers"), "Accept-Language") {
			t.Errorf("preflight of %s = %d %v; want 204 allowing any origin to GET with Accept-Language", path, pf.status, corsHeaders(pf))
		}
		if h.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("OPTIONS %s Allow = %q", path, h.Get("Allow"))
		}
	}
	// An error answer is readable too, so that the page can show it.
	r := get(t, s, "/ogc/collections/cells/items?limit=0", "Origin: "+mapOrigin)
	if r.status != http.StatusBadRequest || r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("a 400 from a public route = %d with Allow-Origin %q; want it readable", r.status, r.header.Get("Access-Control-Allow-Origin"))
	}
}

func TestCORSListedOrigins(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{CORSOrigins: []string{mapOrigin, "http://localhost:3000"}}, quietLog())
	for _, path := range []string{"/api/cells", "/ogc/collections/cells/items"} {
		r := get(t, s, path, "Origin: "+mapOrigin)
		if got := r.header.Get("Access-Control-Allow-Origin"); got != mapOrigin {
			t.Errorf("GET %s from %s: Allow-Origin = %q; want the origin", path, mapOrigin, got)
		}
		pf := preflight(t, s, path, mapOrigin)
		if pf.header.Get("Access-Control-Allow-Origin") != mapOrigin || pf.header.Get("Access-Control-Allow-Methods") == "" {
			t.Errorf("preflight of %s from %s = %v; want it allowed", path, mapOrigin, corsHeaders(pf))
		}
		for _, r := range []response{
			get(t, s, path, "Origin: "+otherOrigin), preflight(t, s, path, otherOrigin), get(t, s, path),
		} {
			if h := corsHeaders(r); len(h) > 0 {
				t.Errorf("%s from another origin or none: CORS headers %v; want none", path, h)
			}
			if !slices.Contains(r.header.Values("Vary"), "Origin") {
				t.Errorf("%s: Vary = %v; want Origin, since the answer depends on it", path, r.header.Values("Vary"))
			}
		}
	}
	none := api.New(newSQLiteStore(t), api.Config{CORSOrigins: []string{}}, quietLog())
	for _, r := range []response{get(t, none, "/api/cells", "Origin: "+mapOrigin), preflight(t, none, "/api/cells", mapOrigin)} {
		if h := corsHeaders(r); len(h) > 0 {
			t.Errorf("with no origin allowed, /api/cells answers CORS headers %v", h)
		}
	}
}

// TestCORSPersonalRoutes: routes with personal data answer no CORS header,
// whoever asks, and no route anywhere shares with credentials.
func TestCORSPersonalRoutes(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // the answers, not the data, are the point
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	for _, p := range personalPaths {
		path := strings.ReplaceAll(p, "{cell}", code)
		for _, r := range []response{
			get(t, s, path, append(sc.actors["admin"].header(), "Origin: "+mapOrigin)...),
			get(t, s, path, "Origin: "+mapOrigin),
			preflight(t, s, path, mapOrigin),
		} {
			if h := corsHeaders(r); len(h) > 0 {
				t.Errorf("%s (%d): CORS headers %v; want none on personal data", path, r.status, h)
			}
		}
	}
	// Every route: credentials are never allowed, and only the public ones
	// answer CORS at all.
	public := map[string]bool{}
	for _, p := range publicPaths {
		public[strings.ReplaceAll(p, "{cell}", code)] = true
	}
	for _, route := range s.Routes() {
		method, tmpl, _ := strings.Cut(route, " ")
		if method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer(":layer/:z/:x/:y", "cells/0/0/0.mvt", ":layer", "cells.json", ":fid", "1", ":id", "1", ":code", code, ":n", "1", ":b", "1", ":format", "json").Replace(tmpl)
		for _, r := range []response{
			get(t, s, path, append(sc.actors["admin"].header(), "Origin: "+mapOrigin)...),
			preflight(t, s, path, mapOrigin),
		} {
			h := corsHeaders(r)
			if _, ok := h["Access-Control-Allow-Credentials"]; ok {
				t.Errorf("%s allows credentials: %v", path, h)
			}
			if len(h) > 0 && !public[path] && !strings.HasPrefix(tmpl, "/ogc/collections/:id") {
				t.Errorf("%s (%d), not a public route, answers CORS headers %v", path, r.status, h)
			}
		}
	}
}

// TestOptionsEveryRoute: OPTIONS on every route answers 204 with the
// route's methods in Allow and no body, for anyone; CORS headers only
// where the route is public.
func TestOptionsEveryRoute(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	public := map[string]bool{}
	for _, p := range publicPaths {
		public[strings.ReplaceAll(p, "{cell}", code)] = true
	}
	want := map[string]string{ // a few by hand; the rest must at least name OPTIONS
		"/api/incidents":            "GET, HEAD, POST, OPTIONS",
		"/api/users/1":              "PATCH, OPTIONS",
		"/api/auth/tokens/1":        "DELETE, OPTIONS",
		"/api/auth/login":           "POST, OPTIONS",
		"/api/cells":                "GET, HEAD, OPTIONS",
		"/open311/v2/requests.json": "GET, HEAD, POST, OPTIONS",
	}
	seen := map[string]bool{}
	for _, route := range s.Routes() {
		_, tmpl, _ := strings.Cut(route, " ")
		path := strings.NewReplacer(":layer/:z/:x/:y", "cells/0/0/0.mvt", ":layer", "cells.json", ":fid", "1", ":id", "1", ":code", code, ":n", "1", ":b", "1", ":format", "json").Replace(tmpl)
		if seen[path] || strings.HasSuffix(path, "*") {
			continue
		}
		seen[path] = true
		for _, role := range []string{"anonymous", "admin"} {
			r := do(t, s, http.MethodOptions, path, nil, sc.actors[role].header()...)
			allow := r.header.Get("Allow")
			if r.status != http.StatusNoContent || len(r.body) > 0 || !strings.HasSuffix(allow, "OPTIONS") {
				t.Errorf("OPTIONS %s as %s = %d, Allow %q, %d bytes; want 204 naming the methods", path, role, r.status, allow, len(r.body))
			}
			if w, ok := want[path]; ok && allow != w {
				t.Errorf("OPTIONS %s Allow = %q; want %q", path, allow, w)
			}
		}
		r := preflight(t, s, path, mapOrigin)
		if h := corsHeaders(r); (len(h) > 0) != (public[path] || strings.HasPrefix(tmpl, "/ogc/collections/:id")) {
			t.Errorf("preflight of %s: CORS headers %v; want them on public routes only", path, h)
		}
	}
	for path := range want {
		if !seen[path] {
			t.Errorf("no route %s", path)
		}
	}
}
