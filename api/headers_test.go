package api_test

import (
	"crypto/tls"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"gridmap/api"
	"gridmap/data"
	"gridmap/frontend"
)

// TestContentSecurityPolicy: the app's pages carry a policy that allows
// its own scripts only (no inline script or style), images from itself,
// data and blob URLs and the configured basemap's tile servers, and no
// framing by other sites, base URL or plugins.
func TestContentSecurityPolicy(t *testing.T) {
	t.Parallel()
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>gridmap</title>")}, "app.js": {Data: []byte("1")}}
	tests := []struct {
		name    string
		basemap *api.Basemap
		img     string
	}{
		{"no basemap", nil, "img-src 'self' data: blob:;"},
		{"OpenStreetMap", &api.Basemap{URL: "https://tile.openstreetmap.org/{z}/{x}/{y}.png"},
			"img-src 'self' data: blob: https://tile.openstreetmap.org;"},
		{"Tianditu with subdomains", &api.Basemap{URL: "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&tk=KEY", Subdomains: "01"},
			"img-src 'self' data: blob: https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn;"},
		{"Leaflet's default subdomains", &api.Basemap{URL: "http://{s}.tile.example.org:8080/{z}/{x}/{y}.png"},
			"img-src 'self' data: blob: http://a.tile.example.org:8080 http://b.tile.example.org:8080 http://c.tile.example.org:8080;"},
		{"a placeholder the policy cannot name", &api.Basemap{URL: "https://{r}tiles.example.org/{z}/{x}/{y}.png"},
			"img-src 'self' data: blob: https:;"},
	}
	store := newSmallSQLiteStore(t) // the servers read only app files from it
	for _, tt := range tests {
		s := api.New(store, api.Config{Frontend: app, Basemap: tt.basemap}, quietLog())
		for _, path := range []string{"/", "/app.js"} {
			csp := get(t, s, path).header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self';", "script-src 'self';", "style-src 'self';", tt.img,
				"connect-src 'self';", "frame-ancestors 'self';", "base-uri 'none';", "object-src 'none';"} {
				if !strings.Contains(csp+";", want) {
					t.Errorf("%s: GET %s: Content-Security-Policy %q lacks %q", tt.name, path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("%s: GET %s: Content-Security-Policy %q allows something unsafe", tt.name, path, csp)
			}
		}
	}
}

// TestAppHasNoInlineCode: the policy forbids inline scripts, styles and
// event handlers, so the app's HTML must have none (the browser tests
// load the app under the policy and fail on any violation).
func TestAppHasNoInlineCode(t *testing.T) {
	t.Parallel()
	script := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`)
	inline := regexp.MustCompile(`(?i)<style|\son[a-z]+\s*=|\sstyle\s*=|javascript:`)
	err := fs.WalkDir(frontend.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(frontend.FS(), path)
		if err != nil {
			return err
		}
		for _, m := range script.FindAllSubmatch(b, -1) {
			if !regexp.MustCompile(`(?i)\ssrc\s*=`).Match(m[1]) || len(strings.TrimSpace(string(m[2]))) > 0 {
				t.Errorf("%s: inline script %.80q, which the Content-Security-Policy blocks", path, m[0])
			}
		}
		for _, m := range inline.FindAllIndex(b, -1) {
			t.Errorf("%s: inline style or handler %.60q, which the Content-Security-Policy blocks", path, b[m[0]:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPersonalAnswersNotStored: every answer with personal data carries
// Cache-Control: no-store, whatever its handler set; public answers keep
// their ETag caching.
func TestPersonalAnswersNotStored(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors[data.RoleAdmin]
	inc := fmt.Sprintf("/api/incidents/%d", sc.inIncident)
	r := admin.upload(t, s, inc+"/attachments", multipartBody(t, "file", "p.png", "image/png", tinyPNG(t)))
	if r.status != http.StatusCreated {
		t.Fatalf("upload = %d %.300s", r.status, r.body)
	}
	photo := fmt.Sprintf("/api/attachments/%v", r.json(t)["id"])
	personal := []string{
		"/api/auth/me", "/api/auth/tokens", "/api/users", "/api/audit", "/api/export/residents.csv?cell=" + sc.inCell,
		"/api/residents?cell=" + sc.inCell, "/api/mediators?cell=" + sc.inCell, "/api/cells/" + sc.inCell,
		"/api/incidents", inc, inc + "/events", inc + "/mediation", inc + "/attachments", inc + "/suggestions", photo,
		"/ogc/collections/incidents/items", fmt.Sprintf("/ogc/collections/incidents/items/%d", sc.inIncident),
		"/open311/v2/requests.json", fmt.Sprintf("/open311/v2/requests/%d.json", sc.inIncident),
		"/tiles/incidents/0/0/0.mvt", "/tiles/incidents.json", "/api/notifications",
	}
	for _, path := range personal {
		r := get(t, s, path, admin.header()...)
		if r.status != http.StatusOK {
			t.Errorf("GET %s as admin = %d %.200s; want 200", path, r.status, r.body)
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q; want no-store", path, cc)
		}
	}
	if r := get(t, s, "/api/incidents"); r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET /api/incidents anonymously = %d with Cache-Control %q; want no-store on the refusal too", r.status, r.header.Get("Cache-Control"))
	}
	for _, path := range []string{"/api/cells", "/api/units", "/api/town", "/api/cells.topojson", "/ogc/collections/cells/items", "/api/stats",
		"/tiles/cells/0/0/0.mvt", "/tiles/units.json"} {
		r := get(t, s, path, admin.header()...)
		if r.status != http.StatusOK || r.header.Get("Cache-Control") == "no-store" || r.header.Get("ETag") == "" {
			t.Errorf("GET %s = %d, Cache-Control %q, ETag %q; want 200 with an ETag and no no-store", path, r.status, r.header.Get("Cache-Control"), r.header.Get("ETag"))
		}
	}
}

// TestStrictTransportSecurity: HSTS is sent over TLS, and behind a proxy
// that says it terminated TLS, but only when the proxy is trusted: anyone
// can send X-Forwarded-Proto.
func TestStrictTransportSecurity(t *testing.T) {
	t.Parallel()
	store := newSQLiteStore(t)
	direct := api.New(store, api.Config{}, quietLog())
	proxied := api.New(store, api.Config{TrustProxy: true}, quietLog())
	tests := []struct {
		name  string
		s     http.Handler
		tls   bool
		proto string
		want  string
	}{
		{"plain HTTP", direct, false, "", ""},
		{"TLS", direct, true, "", "max-age=31536000"},
		{"a forged X-Forwarded-Proto", direct, false, "https", ""},
		{"a trusted proxy over TLS", proxied, false, "https", "max-age=31536000"},
		{"a trusted proxy over plain HTTP", proxied, false, "http", ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/api/cells", nil)
		if tt.tls {
			req.TLS = &tls.ConnectionState{}
		}
		if tt.proto != "" {
			req.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		rec := httptest.NewRecorder()
		tt.s.ServeHTTP(rec, req)
		if got := rec.Header().Get("Strict-Transport-Security"); got != tt.want {
			t.Errorf("%s: Strict-Transport-Security %q; want %q", tt.name, got, tt.want)
		}
	}
}
