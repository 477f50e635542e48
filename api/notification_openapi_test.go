package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"gridmap/api"
	"gridmap/data"
)

// fitsDocument fails t unless r's status is documented for method on the
// document's path with r's content type, and its JSON body (if the status
// has one) fits the schema given. Other bodies, such as vector tiles, are
// checked for their type only.
func fitsDocument(t *testing.T, doc *openapi3.T, method, path string, r response) {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s %s not documented", method, path)
	}
	resp := item.GetOperation(method).Responses.Status(r.status)
	if resp == nil && r.status >= 400 {
		resp = item.GetOperation(method).Responses.Default() // OpenAPI's answer for any status not listed
	}
	if resp == nil {
		t.Fatalf("%s %s answers %d %.200s, not documented", method, path, r.status, r.body)
	}
	if resp.Value.Content == nil {
		if len(r.body) != 0 {
			t.Errorf("%s %s %d answers %.200s; the document says no body", method, path, r.status, r.body)
		}
		return
	}
	ctype, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
	mt := resp.Value.Content.Get(ctype)
	if mt == nil {
		t.Errorf("%s %s %d answers %s, not documented", method, path, r.status, ctype)
		return
	}
	if !strings.HasSuffix(ctype, "json") {
		return
	}
	var v any
	mustJSON(t, r.body, &v)
	if err := mt.Schema.Value.VisitJSON(v); err != nil {
		t.Errorf("%s %s %d answer %.300s does not fit its schema: %v", method, path, r.status, r.body, err)
	}
}

// TestNotificationsOpenAPI: every notification route is in the document,
// and its answers (each status the test can bring about) fit the schemas
// given: the inbox with an unread and a read notice, marking read, and the
// delivery log with a message and an attempt.
func TestNotificationsOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test", NotifyOutbound: true}, quietLog())
	_, doc := openAPIDoc(t, s)
	admin, med, viewer := sc.actors["admin"], sc.actors["mediator"], sc.actors["viewer"]
	reassign(t, s, sc)
	ms, err := sc.store.Outbox(t.Context(), 10)
	if err != nil || len(ms) == 0 {
		t.Fatalf("Outbox() = %v, %v; want the assignment's message", ms, err)
	}
	if err := sc.store.RecordDelivery(t.Context(), deliveryOf(ms[0].ID, http.StatusBadGateway, "502 Bad Gateway"), nil); err != nil {
		t.Fatal(err)
	}

	inbox := get(t, s, "/api/notifications", med.header()...)
	fitsDocument(t, doc, http.MethodGet, "/notifications", inbox)
	items, _ := inbox.json(t)["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("mediator's inbox %s is empty: no notice's schema was checked", inbox.body)
	}
	id := int64(items[0].(map[string]any)["id"].(float64))
	for _, c := range []struct {
		method, doc string
		r           response
		status      int
	}{
		{"GET", "/notifications", get(t, s, "/api/notifications?limit=0", med.header()...), 400},
		{"GET", "/notifications", get(t, s, "/api/notifications?before=x", med.header()...), 400},
		{"GET", "/notifications", get(t, s, "/api/notifications"), 401},
		{"POST", "/notifications/{id}/read", med.post(t, s, fmt.Sprintf("/api/notifications/%d/read", id), ""), 204},
		{"POST", "/notifications/{id}/read", viewer.post(t, s, fmt.Sprintf("/api/notifications/%d/read", id), ""), 404},
		{"POST", "/notifications/{id}/read", med.post(t, s, "/api/notifications/x/read", ""), 400},
		{"GET", "/notifications", get(t, s, "/api/notifications", med.header()...), 200}, // one read now
		{"POST", "/notifications/read", med.post(t, s, "/api/notifications/read", ""), 200},
		{"GET", "/notifications/deliveries", get(t, s, "/api/notifications/deliveries", admin.header()...), 200},
		{"GET", "/notifications/deliveries", get(t, s, "/api/notifications/deliveries?limit=1000", admin.header()...), 400},
		{"GET", "/notifications/deliveries", get(t, s, "/api/notifications/deliveries", med.header()...), 403},
		{"GET", "/notifications/deliveries", get(t, s, "/api/notifications/deliveries"), 401},
	} {
		if c.r.status != c.status {
			t.Errorf("%s %s = %d %.200s; want %d", c.method, c.doc, c.r.status, c.r.body, c.status)
		}
		fitsDocument(t, doc, c.method, c.doc, c.r)
	}
	r := get(t, s, "/api/notifications/deliveries", admin.header()...)
	msgs, _ := r.json(t)["messages"].([]any)
	if len(msgs) == 0 || len(msgs[0].(map[string]any)["deliveries"].([]any)) != 1 {
		t.Errorf("GET deliveries = %s; want the message with its one attempt (the schemas of both checked)", r.body)
	}
}

// reassign takes the scene's mediator off the scene's case and assigns
// them again: an assignment event, notified.
func reassign(t *testing.T, s http.Handler, sc *scene) {
	t.Helper()
	path := fmt.Sprintf("/api/incidents/%d/mediators", sc.inIncident)
	for _, body := range []string{`{"mediators":[]}`, fmt.Sprintf(`{"mediators":[%d]}`, sc.actors["mediator"].user.MediatorID)} {
		if r := sc.actors["admin"].post(t, s, path, body); r.status != http.StatusOK {
			t.Fatalf("POST %s %s = %d %s", path, body, r.status, r.body)
		}
	}
}

func deliveryOf(outbox int64, status int, msg string) *data.Delivery {
	return &data.Delivery{OutboxID: outbox, Status: status, Error: msg}
}

// TestOversizedBodiesDocumented sends every JSON write the OpenAPI
// document describes a body past the server's limit, as an admin: the 413
// is answered in the error shape, and the document says so (its own
// status or the operation's default answer).
func TestOversizedBodiesDocumented(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test", MaxBodyBytes: 1 << 10}, quietLog())
	_, doc := openAPIDoc(t, s)
	big := `{"note":"` + strings.Repeat("x", 2<<10) + `"}`
	n := 0
	for path, item := range doc.Paths.Map() {
		prefix := "/ogc"
		if appRoute(item) {
			prefix = strings.TrimPrefix(item.Servers[0].URL, "http://gridmap.test")
		}
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				continue
			}
			n++
			concrete := strings.NewReplacer("{id}", "1", "{date}", "2026-02-03", "{code}", sc.unit).Replace(prefix + path)
			r := do(t, s, method, concrete, strings.NewReader(big), append(sc.actors["admin"].header(), "Content-Type: application/json")...)
			if r.status != http.StatusRequestEntityTooLarge {
				t.Errorf("%s %s with %d bytes = %d %.200s; want 413", method, concrete, len(big), r.status, r.body)
				continue
			}
			fitsDocument(t, doc, method, path, r)
		}
	}
	if n < 5 {
		t.Errorf("%d JSON writes in the document; want the followups, parties, extend, calendar and webhook ones at least", n)
	}
}
