package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
	"gridmap/notify"
)

// TestUnitWebhooks: an admin sets a unit's own webhook (the robot's key in
// its URL and the 钉钉 secret answered masked only; a PUT without the URL,
// or with the masked one sent back, keeps the URL; a masked URL for
// another unit, a URL with credentials or another scheme refused,
// other roles refused); a case event of the unit is queued for it besides
// the town's webhook and the worker posts it there, without personal data;
// a failed message is retried on demand; every answer fits the OpenAPI
// document.
func TestUnitWebhooks(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "https://grid.example.cn", NotifyOutbound: true}, quietLog())
	_, doc := openAPIDoc(t, s)
	admin, cadre, med := sc.actors["admin"], sc.actors["unit_cadre"], sc.actors["mediator"]
	in := mustIncident(t, sc.store, sc.inIncident)
	cell, err := sc.store.Cell(t.Context(), in.CellCode)
	if err != nil {
		t.Fatal(err)
	}
	unit := cell.UnitCode

	units, err := sc.store.Units(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var other string // a unit without a webhook
	for _, u := range units {
		if u.Code != unit {
			other = u.Code
		}
	}

	var mu sync.Mutex
	var bodies, tokens []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		tokens = append(tokens, r.URL.Query().Get("access_token"))
		mu.Unlock()
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	t.Cleanup(hook.Close)

	put := func(a *actor, unit, body string) response {
		t.Helper()
		var h []string
		if a != nil {
			h = a.header()
		}
		return do(t, s, http.MethodPut, "/api/units/"+unit+"/webhook", strings.NewReader(body), append(h, "Content-Type: application/json")...)
	}
	const secret = "SECb4c5d6e7f8a9"
	const token = "7d3f0c9a1b2e4f6a8c0d2e4f6a8cb9e1" // the robot's key in its URL
	robot := hook.URL + "/robot/send?access_token=" + token
	masked := hook.URL + "/robot/send?access_token=****b9e1"
	for _, c := range []struct {
		name   string
		r      response
		status int
		field  string
	}{
		{"dingtalk with a secret", put(admin, unit, fmt.Sprintf(`{"url":%q,"format":"dingtalk","secret":%q}`, robot, secret)), 200, ""},
		{"ftp", put(admin, unit, `{"url":"ftp://x.cn/h","format":"json"}`), 400, "url"},
		{"credentials", put(admin, unit, `{"url":"https://a:b@x.cn/h","format":"json"}`), 400, "url"},
		{"format", put(admin, unit, `{"url":"https://x.cn/h","format":"slack"}`), 400, "format"},
		{"unknown field", put(admin, unit, `{"url":"https://x.cn/h","format":"json","token":"x"}`), 400, "token"},
		{"unknown unit", put(admin, "500110119999", `{"url":"https://x.cn/h","format":"json"}`), 404, ""},
		{"cadre", put(cadre, unit, `{"url":"https://x.cn/h","format":"json"}`), 403, ""},
		{"anonymous", put(nil, unit, `{"url":"https://x.cn/h","format":"json"}`), 401, ""},
		{"the secret kept", put(admin, unit, fmt.Sprintf(`{"url":%q,"format":"dingtalk"}`, robot)), 200, ""},
		{"the URL left out kept", put(admin, unit, `{"format":"dingtalk"}`), 200, ""},
		{"the masked URL sent back kept", put(admin, unit, fmt.Sprintf(`{"url":%q,"format":"dingtalk"}`, masked)), 200, ""},
		{"a masked URL for another unit", put(admin, other, fmt.Sprintf(`{"url":%q,"format":"dingtalk"}`, masked)), 400, "url"},
		{"no URL for a unit without one", put(admin, other, `{"format":"json"}`), 400, "url"},
	} {
		if c.r.status != c.status {
			t.Fatalf("%s: PUT = %d %s; want %d", c.name, c.r.status, c.r.body, c.status)
		}
		if c.field != "" {
			if e := c.r.json(t)["error"].(map[string]any); e["field"] != c.field {
				t.Errorf("%s: error %v; want field %s", c.name, e, c.field)
			}
		}
		if strings.Contains(string(c.r.body), secret) || strings.Contains(string(c.r.body), token) {
			t.Errorf("%s: PUT answers the secret or the robot's key in full: %s", c.name, c.r.body)
		}
		if c.status == 200 && c.r.json(t)["url"] != masked {
			t.Errorf("%s: PUT answers url %v; want %s", c.name, c.r.json(t)["url"], masked)
		}
		fitsDocument(t, doc, http.MethodPut, "/units/{code}/webhook", c.r)
	}
	list := get(t, s, "/api/notifications/webhooks", admin.header()...)
	fitsDocument(t, doc, http.MethodGet, "/notifications/webhooks", list)
	ws, _ := list.json(t)["webhooks"].([]any)
	if len(ws) != 1 || ws[0].(map[string]any)["unit"] != unit || ws[0].(map[string]any)["secret"] != "SEC****a9" || ws[0].(map[string]any)["unit_name"] == "" ||
		ws[0].(map[string]any)["url"] != masked || strings.Contains(string(list.body), token) {
		t.Errorf("GET webhooks = %s; want the unit's, named, its URL masked %s and its secret masked SEC****a9", list.body, masked)
	}
	for _, a := range []*actor{cadre, sc.actors["leader"]} {
		if r := get(t, s, "/api/notifications/webhooks", a.header()...); r.status != http.StatusForbidden {
			t.Errorf("%s: GET webhooks = %d; want 403", a.user.Username, r.status)
		}
	}

	reassign(t, s, sc)
	ms, err := sc.store.Outbox(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]int{}
	for _, m := range ms {
		targets[m.Target]++
	}
	if targets[""] != 1 || targets[unit] != 1 || len(ms) != 2 {
		t.Fatalf("outbox after the assignment: %+v; want one message for the town, one for unit %s", ms, unit)
	}
	w := notify.New(sc.store, notify.Config{}, quietLog()) // no town webhook: the unit's alone
	if n, err := w.RunOnce(t.Context()); err != nil || n != 1 || len(bodies) != 1 {
		t.Fatalf("RunOnce() = %d, %v, %d posts; want the unit's message posted", n, err, len(bodies))
	}
	if tokens[0] != token {
		t.Errorf("the unit's robot was posted with access_token %q; want the full key kept by the PUTs, %q", tokens[0], token)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(bodies[0]), &got); err != nil || !strings.Contains(bodies[0], domain.ExportedNumber(in.ID)) {
		t.Errorf("the unit's robot got %s (%v); want a markdown message naming %s", bodies[0], err, domain.ExportedNumber(in.ID))
	}
	for _, p := range append([]string{in.Summary, in.Description, med.user.Name}, in.Parties...) {
		if p != "" && strings.Contains(bodies[0], p) {
			t.Errorf("the unit's robot got personal data %q: %s", p, bodies[0])
		}
	}

	var town data.OutboxMessage
	for _, m := range ms {
		if m.Target == "" {
			town = m
		}
	}
	if err := sc.store.RecordDelivery(t.Context(), deliveryOf(town.ID, 0, "connection refused"), nil); err != nil {
		t.Fatal(err)
	}
	retry := func(a *actor, id string) response {
		t.Helper()
		return a.post(t, s, "/api/notifications/deliveries/"+id+"/retry", "")
	}
	for _, c := range []struct {
		name   string
		r      response
		status int
	}{
		{"cadre", retry(cadre, fmt.Sprint(town.ID)), 403},
		{"failed", retry(admin, fmt.Sprint(town.ID)), 204},
		{"again", retry(admin, fmt.Sprint(town.ID)), 409},
		{"unknown", retry(admin, "99999"), 404},
		{"bad id", retry(admin, "x"), 400},
	} {
		if c.r.status != c.status {
			t.Errorf("%s: POST retry = %d %s; want %d", c.name, c.r.status, c.r.body, c.status)
		}
		fitsDocument(t, doc, http.MethodPost, "/notifications/deliveries/{id}/retry", c.r)
	}
	if ms, _ := sc.store.Outbox(t.Context(), 10); !slices.ContainsFunc(ms, func(m data.OutboxMessage) bool { return m.ID == town.ID && !m.Failed }) {
		t.Errorf("outbox after the retry: %+v; want message %d no longer failed", ms, town.ID)
	}

	del := func(a *actor) response {
		t.Helper()
		return do(t, s, http.MethodDelete, "/api/units/"+unit+"/webhook", nil, a.header()...)
	}
	for _, c := range []struct {
		r      response
		status int
	}{{del(cadre), 403}, {del(admin), 204}, {del(admin), 404}} {
		if c.r.status != c.status {
			t.Errorf("DELETE webhook = %d %s; want %d", c.r.status, c.r.body, c.status)
		}
		fitsDocument(t, doc, http.MethodDelete, "/units/{code}/webhook", c.r)
	}
}
