package api_test

import (
	"fmt"
	"gridmap/api"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if r := get(t, s, "/healthz"); r.status != http.StatusOK || r.json(t)["status"] != "ok" {
		t.Errorf("GET /healthz = %d %s; want 200 ok", r.status, r.body)
	}
}

func TestCells(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := get(t, s, "/api/cells")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/cells = %d; want 200", r.status)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
		t.Errorf("Content-Type = %q; want application/geo+json", ct)
	}
	fc := r.json(t)
	features := fc["features"].([]any)
	if len(features) != 138 {
		t.Fatalf("GET /api/cells has %d features; want 138", len(features))
	}
	codes := map[string]bool{}
	for _, f := range features {
		p := f.(map[string]any)["properties"].(map[string]any)
		for _, key := range []string{"code", "name", "unit_code", "unit_name", "kind", "population", "households", "open_incidents", "label"} {
			if _, ok := p[key]; !ok {
				t.Fatalf("cell %v lacks property %q", p["code"], key)
			}
		}
		code := p["code"].(string)
		if len(code) != 15 || !strings.HasPrefix(code, p["unit_code"].(string)) {
			t.Errorf("cell code %q is not its unit code %v + 3 digits", code, p["unit_code"])
		}
		codes[code] = true
	}
	if len(codes) != 138 {
		t.Errorf("%d distinct cell codes; want 138", len(codes))
	}
}

func TestCellsConditionalAndGzip(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	plain := get(t, s, "/api/cells")
	tag := plain.header.Get("ETag")
	if tag == "" || plain.header.Get("Content-Encoding") != "" {
		t.Fatalf("plain GET: ETag %q, Content-Encoding %q; want a tag and no encoding", tag, plain.header.Get("Content-Encoding"))
	}
	zipped := get(t, s, "/api/cells", "Accept-Encoding: gzip")
	if zipped.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET with Accept-Encoding gzip: Content-Encoding %q; want gzip", zipped.header.Get("Content-Encoding"))
	}
	if string(zipped.body) != string(plain.body) {
		t.Errorf("gzip body differs from the plain body once decompressed")
	}
	if !strings.Contains(plain.header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q; want Accept-Encoding", plain.header.Get("Vary"))
	}
	for _, tc := range []struct{ name, tag string }{{"plain tag", tag}, {"gzip tag", zipped.header.Get("ETag")}} {
		if r := get(t, s, "/api/cells", "If-None-Match: "+tc.tag); r.status != http.StatusNotModified || len(r.body) != 0 {
			t.Errorf("%s: GET If-None-Match %s = %d with %d bytes; want 304 and none", tc.name, tc.tag, r.status, len(r.body))
		}
	}
	if r := get(t, s, "/api/cells", `If-None-Match: "stale"`); r.status != http.StatusOK {
		t.Errorf("GET with a stale tag = %d; want 200", r.status)
	}
	for _, path := range []string{"/api/units", "/api/town", "/ogc/collections/cells/items", "/api/cells/" + firstCell(t, s)} {
		if r := get(t, s, path); r.header.Get("ETag") == "" {
			t.Errorf("GET %s has no ETag", path)
		}
	}
}

// firstCell returns the code of the first cell of the sample.
func firstCell(t *testing.T, s http.Handler) string {
	t.Helper()
	fc := get(t, s, "/api/cells").json(t)
	return fc["features"].([]any)[0].(map[string]any)["id"].(string)
}

// cellLabel returns a cell's label point, which lies inside it.
func cellLabel(t *testing.T, s http.Handler, code string) (lon, lat float64) {
	t.Helper()
	r := get(t, s, "/api/cells/"+code)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/cells/%s = %d %.200s", code, r.status, r.body)
	}
	var f struct {
		Properties struct {
			Label []float64 `json:"label"`
		} `json:"properties"`
	}
	mustJSON(t, r.body, &f)
	if len(f.Properties.Label) != 2 {
		t.Fatalf("GET /api/cells/%s: label %v; want a point", code, f.Properties.Label)
	}
	return f.Properties.Label[0], f.Properties.Label[1]
}

func TestCellDetail(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	code := firstCell(t, s)
	r := get(t, s, "/api/cells/"+code)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/cells/%s = %d; want 200", code, r.status)
	}
	p := r.json(t)["properties"].(map[string]any)
	if p["code"] != code {
		t.Errorf("code = %v; want %s", p["code"], code)
	}
	if ws := p["grid_workers"].([]any); len(ws) == 0 {
		t.Errorf("cell %s has no grid workers", code)
	}
	if ms := p["mediators"].([]any); len(ms) < 6 {
		t.Errorf("cell %s has %d mediators; want at least 6 (secretary, director, 综治专干, police, lawyer, elder)", code, len(ms))
	}
	counts := p["incident_counts"].(map[string]any)
	for _, st := range []string{"reported", "accepted", "mediating", "resolved", "escalated", "closed"} {
		if _, ok := counts[st]; !ok {
			t.Errorf("incident_counts lacks %q", st)
		}
	}
}

func TestLocate(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	code := firstCell(t, s)
	lon, lat := cellLabel(t, s, code)
	r := get(t, s, fmt.Sprintf("/api/locate?lon=%v&lat=%v", lon, lat))
	if r.status != http.StatusOK || r.json(t)["code"] != code {
		t.Errorf("locate(%v, %v) = %d %s; want cell %s", lon, lat, r.status, r.body, code)
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	leader := sc.actors["leader"].header()
	cases := []struct {
		name, path string
		status     int
		code       string
		field      string
	}{
		{"lon not a number", "/api/locate?lon=abc&lat=28.5", 400, "invalid", "lon"},
		{"lon missing", "/api/locate?lat=28.5", 400, "invalid", "lon"},
		{"lat out of range", "/api/locate?lon=106.6&lat=91", 400, "invalid", "lat"},
		{"lon out of range", "/api/locate?lon=-181&lat=28", 400, "invalid", "lon"},
		{"lon NaN", "/api/locate?lon=NaN&lat=28", 400, "invalid", "lon"},
		{"point outside the town", "/api/locate?lon=0&lat=0", 404, "not_found", "lon"},
		{"unknown cell", "/api/cells/500110119999999", 404, "not_found", "code"},
		{"residents without a cell", "/api/residents", 400, "invalid", "cell"},
		{"residents of an unknown cell", "/api/residents?cell=123", 404, "not_found", "cell"},
		{"residents limit zero", "/api/residents?cell=x&limit=0", 400, "invalid", "limit"},
		{"residents limit not a number", "/api/residents?cell=x&limit=ten", 400, "invalid", "limit"},
		{"residents negative offset", "/api/residents?cell=x&offset=-1", 400, "invalid", "offset"},
		{"incidents unknown status", "/api/incidents?status=lost", 400, "invalid", "status"},
		{"incidents bad from", "/api/incidents?from=yesterday", 400, "invalid", "from"},
		{"incidents to before from", "/api/incidents?from=2024-01-01&to=2023-01-01", 400, "invalid", "to"},
		{"incidents unknown cell", "/api/incidents?cell=42", 404, "not_found", "cell"},
		{"incidents bad bbox", "/api/incidents?bbox=1,2,3", 400, "invalid", "bbox"},
		{"incidents inverted bbox", "/api/incidents?bbox=107,29,106,28", 400, "invalid", "bbox"},
		{"incident id not a number", "/api/incidents/abc", 400, "invalid", "id"},
		{"unknown incident", "/api/incidents/99999999", 404, "not_found", "id"},
		{"mediators of an unknown unit", "/api/mediators?unit=1", 404, "not_found", "unit"},
		{"mediators of a cell and an unknown unit", "/api/mediators?cell=500110119001001&unit=1", 404, "not_found", "unit"},
		{"incidents of a cell and an unknown unit", "/api/incidents?cell=500110119001001&unit=1", 404, "not_found", "unit"},
		{"unknown route", "/api/nothing", 404, "not_found", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, s, c.path, leader...)
			if r.status != c.status {
				t.Fatalf("GET %s = %d %s; want %d", c.path, r.status, r.body, c.status)
			}
			code, field := r.errorOf(t)
			if code != c.code || field != c.field {
				t.Errorf("GET %s error = %q field %q; want %q field %q", c.path, code, field, c.code, c.field)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := do(t, s, http.MethodPost, "/api/cells", strings.NewReader(strings.Repeat("x", 2<<20)), "Content-Type: application/json")
	if r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("POST 2 MiB = %d; want 413", r.status)
	}
	r.errorOf(t)
}

var (
	maskedID    = regexp.MustCompile(`^\d{4}\*{10}[\dX]{4}$`)
	maskedPhone = regexp.MustCompile(`^1\d{2}\*{4}\d{4}$`)
)

func TestResidentsMaskedForLeaders(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	code := firstCell(t, s)
	r := get(t, s, "/api/residents?cell="+code+"&limit=20", sc.actors["leader"].header()...)
	if r.status != http.StatusOK {
		t.Fatalf("GET residents = %d %s", r.status, r.body)
	}
	v := r.json(t)
	rs := v["residents"].([]any)
	if len(rs) == 0 || v["total"].(float64) < float64(len(rs)) {
		t.Fatalf("residents: %d returned, total %v", len(rs), v["total"])
	}
	for _, x := range rs {
		res := x.(map[string]any)
		if id := res["id_number"].(string); !maskedID.MatchString(id) {
			t.Errorf("id_number %q is not masked like 5001**********1234", id)
		}
		if ph := res["phone"].(string); !maskedPhone.MatchString(ph) {
			t.Errorf("phone %q is not masked like 138****5678", ph)
		}
		if name := res["name"].(string); !strings.Contains(name, "*") {
			t.Errorf("name %q is not masked", name)
		}
		if res["cell"] != code {
			t.Errorf("resident of cell %v listed for %s", res["cell"], code)
		}
	}
}

func TestIncidentsFilters(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	fetch := func(path string) map[string]any { return get(t, s, path, sc.actors["leader"].header()...).json(t) }
	all := fetch("/api/incidents?limit=1")["total"].(float64)
	if all < 2000 {
		t.Fatalf("sample has %v incidents; want about 3,000", all)
	}
	open := fetch("/api/incidents?status=open&limit=1000")
	for _, x := range open["incidents"].([]any) {
		switch st := x.(map[string]any)["status"]; st {
		case "resolved", "closed":
			t.Errorf("status=open returned a %v incident", st)
		}
	}
	year := fetch("/api/incidents?from=2023-01-01&to=2024-01-01&limit=1000")
	if n := year["total"].(float64); n <= 0 || n >= all {
		t.Errorf("incidents in 2023: %v of %v; want some, not all", n, all)
	}
	prev := "9999"
	for _, x := range year["incidents"].([]any) {
		at := x.(map[string]any)["reported_at"].(string)
		if at < "2022-12-31T16:00:00Z" || at >= "2023-12-31T16:00:00Z" {
			t.Errorf("incident reported at %s is outside 2023 (CST)", at)
		}
		if at > prev {
			t.Errorf("incidents not newest first: %s after %s", at, prev)
		}
		prev = at
		for _, personal := range []string{"parties", "description"} {
			if _, ok := x.(map[string]any)[personal]; ok {
				t.Errorf("incident list carries personal field %q", personal)
			}
		}
	}
}

func TestMediators(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	all := get(t, s, "/api/mediators").json(t)["mediators"].([]any)
	town := 0
	for _, x := range all {
		if c := x.(map[string]any)["category"]; c == "town_centre" || c == "town_elder" {
			town++
		}
	}
	if town != 15 {
		t.Errorf("town-level mediators = %d; want 8 centre members + 7 elders", town)
	}
	code := firstCell(t, s)
	for _, x := range get(t, s, "/api/mediators?cell="+code).json(t)["mediators"].([]any) {
		if u := x.(map[string]any)["unit_code"]; u != code[:12] {
			t.Errorf("mediator of unit %v listed for cell %s", u, code)
		}
	}
}

// TestHead checks that HEAD answers like GET, without a body, over a real
// connection (net/http drops HEAD bodies).
func TestHead(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newServer(t))
	defer srv.Close()
	res, err := http.Head(srv.URL + "/api/cells")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == "" || res.ContentLength <= 0 {
		t.Errorf("HEAD /api/cells = %d, ETag %q, length %d; want 200 with the GET headers", res.StatusCode, res.Header.Get("ETag"), res.ContentLength)
	}
	if got := rawBodyLength(t, srv.URL, "HEAD", "/api/cells"); got != 0 {
		t.Errorf("HEAD /api/cells sent %d body bytes; want none", got)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q; want nosniff", res.Header.Get("X-Content-Type-Options"))
	}
}

// rawBodyLength sends one request over a raw connection and counts what
// follows the response headers until the server closes the connection.
func rawBodyLength(t *testing.T, base, method, path string) int {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", method, path)
	raw, _ := io.ReadAll(conn)
	_, body, found := strings.Cut(string(raw), "\r\n\r\n")
	if !found {
		t.Fatalf("%s %s: no response headers in %q", method, path, raw)
	}
	return len(body)
}

func TestUnknownPathsAnswerJSON(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{Frontend: fstest.MapFS{"index.html": {Data: []byte("<html>")}, "vendor/x.js": {Data: []byte("x")}}}, quietLog())
	for _, p := range []string{"/api/nope", "/api/cells/", "/ogc/nope", "/ogc/collections/cells/items/a/b", "/vendor/"} {
		r := get(t, s, p)
		if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s = %d %q; want a 404 JSON error", p, r.status, r.header.Get("Content-Type"))
			continue
		}
		if code, _ := r.errorOf(t); code != "not_found" {
			t.Errorf("GET %s error code = %q; want not_found", p, code)
		}
	}
	if r := get(t, s, "/vendor/x.js"); r.status != http.StatusOK || r.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("GET /vendor/x.js = %d, Cache-Control %q; want 200 no-cache", r.status, r.header.Get("Cache-Control"))
	}
}
