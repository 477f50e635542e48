package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"gridmap/api"
)

// openAPIDoc returns the document at /ogc/api and kin-openapi's reading of it.
func openAPIDoc(t *testing.T, h http.Handler) ([]byte, *openapi3.T) {
	t.Helper()
	r := get(t, h, "/ogc/api")
	if r.status != http.StatusOK {
		t.Fatalf("GET /ogc/api = %d %.300s", r.status, r.body)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatalf("kin-openapi cannot load /ogc/api: %v", err)
	}
	return r.body, doc
}

// appRoute reports whether a path item is not an OGC route but the app
// API's (under /api) or the vector tiles' (under /tiles): the document
// marks those with a server of their own.
func appRoute(item *openapi3.PathItem) bool {
	return len(item.Servers) > 0
}

// TestOGCOpenAPIValid: the API definition is a valid OpenAPI 3.0 document
// (kin-openapi's validator), describes the bearer token and the answers
// 400, 401, 403 and 404 with the error schema, and describes the answers
// the routes really give: each is checked against its schema.
func TestOGCOpenAPIValid(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // the answers' shapes, not their length, are the point
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	body, doc := openAPIDoc(t, s)
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("/ogc/api is not a valid OpenAPI document: %v", err)
	}
	var raw any
	mustJSON(t, body, &raw)
	if at := nullAt(raw, "#"); at != "" { // kin-openapi reads a null list as empty
		t.Errorf("/ogc/api has null at %s", at)
	}
	bearer := doc.Components.SecuritySchemes["bearerAuth"]
	if bearer == nil || bearer.Value.Type != "http" || bearer.Value.Scheme != "bearer" {
		t.Errorf("no http bearer security scheme bearerAuth: %+v", bearer)
	}
	for path, item := range doc.Paths.Map() {
		if appRoute(item) {
			continue // an app API route, checked by its own OpenAPI test
		}
		op := item.Get
		if op == nil || op.Security == nil || len(*op.Security) == 0 {
			t.Errorf("%s has no GET with a security requirement", path)
			continue
		}
		personal := strings.HasPrefix(path, "/collections/incidents")
		anonymousToo := false
		for _, req := range *op.Security {
			anonymousToo = anonymousToo || len(req) == 0
		}
		if _, ok := (*op.Security)[len(*op.Security)-1]["sessionCookie"]; !ok || anonymousToo == personal {
			t.Errorf("GET %s security = %v; want tokens, cookies and anonymous callers unless it is the incidents collection", path, *op.Security)
		}
		want := []string{"200", "400", "401"}
		if personal {
			want = append(want, "403")
		}
		if strings.HasSuffix(path, "{featureId}") {
			want = append(want, "404")
		}
		want = append(want, "default") // any other error (413, 500, ...), in the same shape
		var got []string
		for code, resp := range op.Responses.Map() {
			got = append(got, code)
			if code != "200" && resp.Value.Content.Get("application/json").Schema.Ref != "#/components/schemas/Error" {
				t.Errorf("GET %s answer %s has no Error schema", path, code)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("GET %s documents answers %v; want %v", path, got, want)
		}
	}

	// The answers the routes give fit the schemas the document gives them.
	code := firstCell(t, s)
	cases := []struct {
		doc, path string
		status    int
		as        string
	}{
		{"/", "/ogc", 200, "admin"},
		{"/conformance", "/ogc/conformance", 200, "anonymous"},
		{"/collections", "/ogc/collections", 200, "admin"},
		{"/collections", "/ogc/collections?f=html", 400, "anonymous"},
		{"/collections/incidents", "/ogc/collections/incidents", 200, "leader"},
		{"/collections/incidents", "/ogc/collections/incidents", 401, "anonymous"},
		{"/collections/incidents", "/ogc/collections/incidents", 403, "viewer"},
		{"/collections/cells/items", "/ogc/collections/cells/items?limit=200", 200, "anonymous"},
		{"/collections/units/items", "/ogc/collections/units/items?limit=20", 200, "anonymous"},
		{"/collections/incidents/items", "/ogc/collections/incidents/items?limit=1000", 200, "admin"},
		{"/collections/cells/items/{featureId}", "/ogc/collections/cells/items/" + code, 200, "anonymous"},
		{"/collections/units/items/{featureId}", "/ogc/collections/units/items/" + code[:12], 200, "anonymous"},
		{"/collections/incidents/items/{featureId}", "/ogc/collections/incidents/items/1", 200, "admin"},
		{"/collections/incidents/items/{featureId}", "/ogc/collections/incidents/items/999999", 404, "admin"},
	}
	for _, c := range cases {
		r := get(t, s, c.path, sc.actors[c.as].header()...)
		if r.status != c.status {
			t.Errorf("GET %s as %s = %d; want %d", c.path, c.as, r.status, c.status)
			continue
		}
		fitsDocument(t, doc, http.MethodGet, c.doc, r)
	}
}

// nullAt returns the JSON pointer of the first null in v, "" if none.
func nullAt(v any, at string) string {
	switch v := v.(type) {
	case nil:
		return at
	case map[string]any:
		for k, x := range v {
			if p := nullAt(x, at+"/"+k); p != "" {
				return p
			}
		}
	case []any:
		for i, x := range v {
			if p := nullAt(x, at+"/"+strconv.Itoa(i)); p != "" {
				return p
			}
		}
	}
	return ""
}

// TestOGCOpenAPIRedocly lints /ogc/api with Redocly's CLI (frontend/e2e's
// pinned @redocly/cli, from npm ci there), offline, with the recommended
// rules of api/testdata/redocly.yaml: no error, no warning.
func TestOGCOpenAPIRedocly(t *testing.T) {
	t.Parallel()
	redocly, err := filepath.Abs("../frontend/e2e/node_modules/.bin/redocly")
	if err == nil {
		_, err = os.Stat(redocly)
	}
	if err != nil {
		if redocly, err = exec.LookPath("redocly"); err != nil {
			if os.Getenv("GRIDMAP_REQUIRE_REDOCLY") == "1" {
				t.Fatal("redocly not found and GRIDMAP_REQUIRE_REDOCLY=1: run npm ci in frontend/e2e")
			}
			t.Skip("redocly not found (npm ci in frontend/e2e); set GRIDMAP_REQUIRE_REDOCLY=1 to fail instead")
		}
	}
	sc := newScene(t, newSQLiteStore(t))
	body, _ := openAPIDoc(t, api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog()))
	file := filepath.Join(t.TempDir(), "ogc-api.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := filepath.Abs("testdata/redocly.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(redocly, "lint", "--config", cfg, "--format", "json", file)
	cmd.Dir = t.TempDir()
	// No telemetry, no update check: the tests run without a network.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "REDOCLY_SUPPRESS_NOTIFICATIONS=true")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var report struct {
		Totals   struct{ Errors, Warnings int }
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Message  string
			Location []struct{ Pointer string }
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("redocly lint: %v, %v\n%s\n%s", err, jerr, out, stderr.String())
	}
	for _, p := range report.Problems {
		at := ""
		if len(p.Location) > 0 {
			at = p.Location[0].Pointer
		}
		t.Errorf("redocly %s at %s: %s", p.RuleID, at, p.Message)
	}
	if err != nil || report.Totals.Errors+report.Totals.Warnings > 0 {
		t.Errorf("redocly lint: %v, %d errors, %d warnings", err, report.Totals.Errors, report.Totals.Warnings)
	}
}
