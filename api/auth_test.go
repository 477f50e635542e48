package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/data"
)

// login posts credentials and returns the answer and the session cookie.
func login(t *testing.T, h http.Handler, username, password string) (response, string) {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)
	r := do(t, h, "POST", "/api/auth/login", strings.NewReader(body), "Content-Type: application/json", "Accept-Language: en")
	var cookie string
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == "gridmap_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	return r, cookie
}

func TestCookieSessionAndCSRF(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	r, cookie := login(t, s, "t-gridworker", testPassword)
	if r.status != http.StatusOK || cookie == "" {
		t.Fatalf("login = %d %s, cookie %q; want 200 and a session cookie", r.status, r.body, cookie)
	}
	setCookie := r.header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(setCookie, attr) {
			t.Errorf("Set-Cookie %q lacks %s", setCookie, attr)
		}
	}
	csrf, _ := r.json(t)["csrf_token"].(string)
	if csrf == "" {
		t.Fatalf("login answer has no csrf_token: %s", r.body)
	}
	me := get(t, s, "/api/auth/me", "Cookie: "+cookie)
	if v := me.json(t); me.status != 200 || v["role"] != "grid_worker" || v["csrf_token"] != csrf {
		t.Errorf("GET /api/auth/me = %d %s; want the grid worker and the same csrf_token", me.status, me.body)
	}
	if scope := me.json(t)["scope"].(map[string]any); scope["kind"] != "cells" {
		t.Errorf("scope = %v; want cells", scope)
	}
	write := func(headers ...string) response {
		return do(t, s, "POST", "/api/auth/tokens", strings.NewReader(`{"name":"x"}`), append(headers, "Content-Type: application/json", "Cookie: "+cookie)...)
	}
	if r := write(); r.status != http.StatusForbidden {
		t.Errorf("cookie write without X-CSRF-Token = %d; want 403", r.status)
	} else if _, field := r.errorOf(t); field != "X-CSRF-Token" {
		t.Errorf("CSRF error field = %q; want X-CSRF-Token", field)
	}
	if r := write("X-CSRF-Token: " + auth.NewSecret()); r.status != http.StatusForbidden {
		t.Errorf("cookie write with a wrong X-CSRF-Token = %d; want 403", r.status)
	}
	if r := write("X-CSRF-Token: " + csrf); r.status != http.StatusCreated {
		t.Errorf("cookie write with the CSRF token = %d %s; want 201", r.status, r.body)
	}
	if r := do(t, s, "POST", "/api/auth/logout", nil, "Cookie: "+cookie, "X-CSRF-Token: "+csrf); r.status != http.StatusNoContent {
		t.Errorf("logout = %d; want 204", r.status)
	}
	if r := get(t, s, "/api/auth/me", "Cookie: "+cookie); r.status != http.StatusOK || r.json(t)["role"] != "anonymous" || r.json(t)["user"] != nil {
		t.Errorf("GET /api/auth/me after logout = %d %s; want 200, anonymous", r.status, r.body)
	}
}

func TestSessionExpires(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	now := time.Now().UTC()
	s := api.New(sc.store, api.Config{Now: func() time.Time { return now }}, quietLog())
	_, cookie := login(t, s, "t-leader", testPassword)
	if r := get(t, s, "/api/auth/me", "Cookie: "+cookie); r.status != 200 {
		t.Fatalf("fresh session: /api/auth/me = %d", r.status)
	}
	now = now.Add(13 * time.Hour)
	if r := get(t, s, "/api/auth/me", "Cookie: "+cookie); r.json(t)["role"] != "anonymous" {
		t.Errorf("after 13 hours: /api/auth/me = %d %s; want anonymous", r.status, r.body)
	}
	if r := get(t, s, "/api/residents?cell="+sc.inCell, "Cookie: "+cookie); r.status != http.StatusUnauthorized {
		t.Errorf("after 13 hours: residents = %d; want 401", r.status)
	}
}

func TestLoginErrorsAndLockout(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{LoginMaxFailures: 3}, quietLog())
	cases := []struct {
		name, body, ctype string
		status            int
		field             string
	}{
		{"not JSON", `username=a`, "application/x-www-form-urlencoded", 400, "Content-Type"},
		{"broken JSON", `{"username":`, "application/json", 400, "body"},
		{"unknown field", `{"username":"a","password":"b","remember":true}`, "application/json", 400, "remember"},
		{"wrong type", `{"username":5,"password":"b"}`, "application/json", 400, "username"},
		{"no password", `{"username":"t-viewer"}`, "application/json", 400, "password"},
		{"unknown user", `{"username":"ghost","password":"whatever it is"}`, "application/json", 401, "password"},
	}
	for _, c := range cases {
		r := do(t, s, "POST", "/api/auth/login", strings.NewReader(c.body), "Content-Type: "+c.ctype)
		if r.status != c.status {
			t.Errorf("%s: login = %d %s; want %d", c.name, r.status, r.body, c.status)
			continue
		}
		if _, field := r.errorOf(t); field != c.field {
			t.Errorf("%s: error field = %q; want %q", c.name, field, c.field)
		}
	}
	for i := 1; i <= 2; i++ {
		r, _ := login(t, s, "t-viewer", "not the password")
		if code, field := r.errorOf(t); r.status != http.StatusUnauthorized || code != "unauthorized" || field != "password" {
			t.Errorf("failure %d: %d %s; want 401 naming the password", i, r.status, r.body)
		}
		for _, k := range []string{"attempts_left", "lock_minutes"} {
			if _, ok := r.json(t)[k]; ok {
				t.Errorf("failure %d answers %s, which tells that the username exists: %s", i, k, r.body)
			}
		}
	}
	r, _ := login(t, s, "t-viewer", "not the password")
	if code, _ := r.errorOf(t); r.status != http.StatusTooManyRequests || code != "locked" || r.header.Get("Retry-After") == "" {
		t.Errorf("third failure = %d %s (Retry-After %q); want 429 locked", r.status, r.body, r.header.Get("Retry-After"))
	}
	if r, _ := login(t, s, "t-viewer", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password while locked = %d; want 429", r.status)
	}
	entries, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "login_failed"})
	if err != nil || len(entries) < 3 {
		t.Errorf("audit has %d login_failed entries (err %v); want at least 3", len(entries), err)
	}
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	// Two a minute, so that a slow machine (a login costs a second under
	// -race on a busy one) cannot earn a new attempt meanwhile.
	s := api.New(newSmallSQLiteStore(t), api.Config{LoginsPerMinute: 2}, quietLog())
	limited := false
	for i := 0; i < 15 && !limited; i++ {
		r, _ := login(t, s, fmt.Sprintf("user%d", i), "wrong password")
		limited = r.status == http.StatusTooManyRequests
	}
	if !limited {
		t.Errorf("15 logins from one address in a moment were never rate limited")
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	now := time.Now().UTC()
	s := api.New(sc.store, api.Config{Now: func() time.Time { return now }}, quietLog())
	leader := sc.actors["leader"]
	r := do(t, s, "POST", "/api/auth/tokens", strings.NewReader(`{"name":"QGIS","expires_in_days":1}`), append(leader.session(t, s), "Content-Type: application/json")...)
	if r.status != http.StatusCreated {
		t.Fatalf("create token = %d %s", r.status, r.body)
	}
	v := r.json(t)
	secret, id := v["token"].(string), int64(v["id"].(float64))
	bearer := "Authorization: Bearer " + secret
	if r := get(t, s, "/api/auth/me", bearer); r.status != 200 {
		t.Fatalf("the new token: /api/auth/me = %d", r.status)
	}
	// A token makes no other, which would outlive its revocation.
	if r := do(t, s, "POST", "/api/auth/tokens", strings.NewReader(`{"name":"copy","expires_in_days":365}`), bearer, "Content-Type: application/json", "Accept-Language: en"); r.status != http.StatusForbidden || !strings.Contains(string(r.body), "cannot make another") {
		t.Errorf("a token making a token = %d %s; want 403", r.status, r.body)
	}
	if strings.Contains(string(get(t, s, "/api/auth/tokens", bearer).body), secret) {
		t.Errorf("GET /api/auth/tokens shows a token's secret")
	}
	now = now.Add(25 * time.Hour)
	if r := get(t, s, "/api/auth/me", bearer, "Accept-Language: en"); r.status != http.StatusUnauthorized || !strings.Contains(string(r.body), "expired") {
		t.Errorf("an expired token: %d %s; want 401 expired", r.status, r.body)
	}
	now = now.Add(-25 * time.Hour)
	if r := do(t, s, "DELETE", fmt.Sprintf("/api/auth/tokens/%d", id), nil, bearer); r.status != http.StatusNoContent {
		t.Fatalf("revoke = %d %s", r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", bearer, "Accept-Language: en"); r.status != http.StatusUnauthorized || !strings.Contains(string(r.body), "revoked") {
		t.Errorf("a revoked token: %d %s; want 401 revoked", r.status, r.body)
	}
	for _, h := range []string{"Authorization: Bearer nonsense", "Authorization: Basic dXNlcjpwYXNz"} {
		if r := get(t, s, "/api/cells", h); r.status != http.StatusUnauthorized {
			t.Errorf("GET /api/cells with %q = %d; want 401", h, r.status)
		}
	}
}

func TestMaskingByRole(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	path := "/api/residents?cell=" + sc.inCell + "&limit=5"
	cases := []struct {
		role   string
		masked bool
	}{
		{"leader", true}, {"mediator", true}, {"unit_cadre", false}, {"grid_worker", false}, {"admin", false},
	}
	for _, c := range cases {
		r := get(t, s, path, sc.actors[c.role].header()...)
		rs := r.json(t)["residents"].([]any)
		if len(rs) == 0 {
			t.Fatalf("%s: no residents in %s", c.role, sc.inCell)
		}
		id := rs[0].(map[string]any)["id_number"].(string)
		if got := strings.Contains(id, "*"); got != c.masked {
			t.Errorf("%s sees id_number %q; masked = %v, want %v", c.role, id, got, c.masked)
		}
	}
	inc := fmt.Sprintf("/api/incidents/%d", sc.inIncident)
	lead := get(t, s, inc, sc.actors["leader"].header()...).json(t)
	if lead["masked"] != true || lead["description"] != nil {
		t.Errorf("leader's incident view: masked %v, description %v; want masked without description", lead["masked"], lead["description"])
	}
	gw := get(t, s, inc, sc.actors["grid_worker"].header()...).json(t)
	if gw["masked"] != false || gw["description"] == nil {
		t.Errorf("grid worker's incident view: masked %v, description %v; want the full record", gw["masked"], gw["description"])
	}
}

func TestFullReadsAreAudited(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := context.Background()
	get(t, s, "/api/residents?cell="+sc.inCell, sc.actors["grid_worker"].header()...)
	get(t, s, fmt.Sprintf("/api/incidents/%d", sc.inIncident), sc.actors["admin"].header()...)
	get(t, s, "/api/residents?cell="+sc.inCell, sc.actors["leader"].header()...) // masked: not audited
	cases := []struct{ action, record, user string }{
		{"read_residents", "cell:" + sc.inCell, "t-gridworker"},
		{"read_incident", fmt.Sprintf("incident:%d", sc.inIncident), "t-admin"},
	}
	for _, c := range cases {
		es, _, err := sc.store.Audit(ctx, data.AuditFilter{Action: c.action, Record: c.record})
		if err != nil || len(es) != 1 || es[0].Username != c.user || es[0].Remote == "" {
			t.Errorf("audit of %s %s = %+v, %v; want one entry by %s with the address", c.action, c.record, es, err, c.user)
		}
	}
	es, _, _ := sc.store.Audit(ctx, data.AuditFilter{UserID: sc.actors["leader"].user.ID})
	if len(es) != 0 {
		t.Errorf("a masked read was audited: %+v", es)
	}
	r := get(t, s, "/api/audit?action=read_residents", sc.actors["admin"].header()...)
	if r.status != 200 || r.json(t)["total"].(float64) != 1 {
		t.Errorf("GET /api/audit?action=read_residents = %d %s; want one entry", r.status, r.body)
	}
}

// TestAnonymousSeesNoPersonalData requests every GET route anonymously and
// scans the answers for any resident's identity number, phone or name, and
// any incident party.
func TestAnonymousSeesNoPersonalData(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ds := sampleData(t)
	public := map[string]bool{} // grid workers' and mediators' posted names and phones
	for _, c := range ds.Cells {
		for _, w := range c.GridWorkers {
			public[w.Phone], public[w.Name] = true, true
		}
	}
	for _, m := range ds.Mediators {
		public[m.Phone], public[m.Name] = true, true
	}
	secret := map[string]string{}
	for _, r := range ds.Residents {
		secret[r.IDNumber] = "identity number"
		if !public[r.Phone] {
			secret[r.Phone] = "resident phone"
		}
	}
	for _, in := range ds.Incidents {
		for _, p := range in.Parties {
			if !public[p] {
				secret[p] = "incident party"
			}
		}
	}
	digits := regexp.MustCompile(`\d{11,18}X?`)
	names := regexp.MustCompile(`[\p{Han}]{2,4}`)
	paths := []string{"/api/config", "/api/town", "/api/units", "/api/cells", "/api/cells/" + sc.inCell,
		"/api/mediators", "/api/residents?cell=" + sc.inCell, "/api/incidents", fmt.Sprintf("/api/incidents/%d", sc.inIncident),
		"/ogc/collections", "/ogc/collections/cells/items?limit=1000", "/ogc/collections/units/items",
		"/ogc/collections/incidents/items", "/api/audit", "/api/users", "/api/stats",
		"/api/hotspots", "/api/hotspots?method=moran", "/api/hotspots/emerging", "/api/hotspots/trend?cell=" + sc.inCell}
	for _, p := range paths {
		r := get(t, s, p)
		if r.status >= 500 {
			t.Errorf("GET %s = %d", p, r.status)
		}
		for _, m := range digits.FindAllString(string(r.body), -1) {
			if what, bad := secret[m]; bad {
				t.Errorf("anonymous GET %s shows a %s: %s", p, what, m)
			}
		}
		for _, m := range names.FindAllString(string(r.body), -1) {
			if what, bad := secret[m]; bad && what == "incident party" {
				t.Errorf("anonymous GET %s shows an incident party: %s", p, m)
			}
		}
		var v any
		if json.Unmarshal(r.body, &v) != nil {
			t.Errorf("GET %s is not JSON", p)
		}
	}
}

func TestExportResidentsAudited(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	r := get(t, s, "/api/export/residents.csv?unit="+sc.unit, sc.actors["admin"].header()...)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export = %d %q", r.status, r.header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(r.body), "\uFEFF")), "\n")
	if len(lines) < 100 || !strings.HasPrefix(lines[0], "id,household_id,cell,name") {
		t.Fatalf("export has %d lines, header %q; want a header and the unit's residents", len(lines), lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, ","+sc.unit) {
			t.Fatalf("exported a resident outside unit %s: %s", sc.unit, l)
		}
	}
	es, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "export_residents"})
	if err != nil || len(es) != 1 || es[0].Record != "unit:"+sc.unit || es[0].Detail != fmt.Sprintf("%d residents", len(lines)-1) {
		t.Errorf("export audit = %+v, %v; want one entry for unit %s with the count", es, err, sc.unit)
	}
}
