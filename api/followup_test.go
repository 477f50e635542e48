package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
)

// TestFollowups: a case through 化解, a failed 回访 by the cell's grid
// worker (back to mediating, the reason in the timeline), 化解 again, a
// passed 回访 by the cadre, resent under its Idempotency-Key; refusals of
// the wrong role, status, version and fields.
func TestFollowups(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cadre, worker := sc.actors["unit_cadre"], sc.actors["grid_worker"]
	id := report(t, s, sc, worker, "").json(t)["id"]
	path := fmt.Sprintf("/api/incidents/%v/followups", id)
	failed := `{"method":"visit","reached":true,"performed":"partly","satisfaction":"basically_satisfied","note":"尚欠赔偿款"}`
	if r := worker.post(t, s, path, failed); r.status != http.StatusConflict || !strings.Contains(string(r.body), `"reported"`) {
		t.Errorf("回访 of a reported case = %d %s; want 409 naming reported", r.status, r.body)
	}
	for _, to := range []string{"accepted", "mediating", "resolved"} {
		if r := transition(t, s, cadre, id, to, ""); r.status != http.StatusOK {
			t.Fatalf("-> %s = %d %s", to, r.status, r.body)
		}
	}
	runBad(t, s, sc, []badCase{
		{"viewer", "viewer", path, failed, 403, ""},
		{"leader", "leader", path, failed, 403, ""},
		{"no reached", "admin", path, `{"method":"visit"}`, 400, "reached"},
		{"unknown method", "admin", path, `{"method":"letter","reached":false}`, 400, "method"},
		{"unknown performance", "admin", path, `{"method":"visit","reached":true,"performed":"mostly","satisfaction":"satisfied"}`, 400, "performed"},
		{"no satisfaction", "admin", path, `{"method":"visit","reached":true,"performed":"yes"}`, 400, "satisfaction"},
		{"answers unreached", "admin", path, `{"method":"phone","reached":false,"satisfaction":"satisfied"}`, 400, "satisfaction"},
		{"unknown field", "admin", path, `{"method":"phone","reached":false,"score":5}`, 400, "score"},
		{"stale version", "admin", path, `{"method":"phone","reached":false,"version":1}`, 409, ""},
	})
	r := worker.post(t, s, path, failed)
	if r.status != http.StatusCreated {
		t.Fatalf("failed 回访 by the grid worker = %d %s; want 201", r.status, r.body)
	}
	v := r.json(t)
	if f, in := v["followup"].(map[string]any), v["incident"].(map[string]any); f["passed"] != false || in["status"] != "mediating" {
		t.Errorf("failed 回访 = %s; want not passed, the case mediating", r.body)
	}
	if r := transition(t, s, cadre, id, "resolved", ""); r.status != http.StatusOK {
		t.Fatalf("resolved again = %d %s", r.status, r.body)
	}
	version := get(t, s, fmt.Sprintf("/api/incidents/%v", id), cadre.header()...).json(t)["version"]
	passed := fmt.Sprintf(`{"method":"phone","reached":true,"performed":"yes","satisfaction":"satisfied","version":%v}`, version)
	first := cadre.post(t, s, path, passed, "Idempotency-Key: fu-1")
	if first.status != http.StatusCreated || first.json(t)["incident"].(map[string]any)["status"] != "resolved" {
		t.Fatalf("passed 回访 = %d %s; want 201, still resolved", first.status, first.body)
	}
	again := cadre.post(t, s, path, passed, "Idempotency-Key: fu-1")
	if again.status != http.StatusOK || fmt.Sprint(again.json(t)["followup"].(map[string]any)["id"]) != fmt.Sprint(first.json(t)["followup"].(map[string]any)["id"]) {
		t.Errorf("the passed 回访 resent = %d %s; want 200 with the first", again.status, again.body)
	}
	fs := get(t, s, path, cadre.header()...).json(t)["followups"].([]any)
	if len(fs) != 2 || fs[0].(map[string]any)["passed"] != false || fs[1].(map[string]any)["passed"] != true {
		t.Errorf("GET followups = %v; want the failed one, then the passed one", fs)
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%v/events", id), cadre.header()...).json(t)["events"].([]any)
	var kinds []string
	for _, e := range ev {
		m := e.(map[string]any)
		to, _ := m["to"].(string)
		kinds = append(kinds, fmt.Sprint(m["kind"], ":", to))
	}
	want := "created: transition:accepted transition:mediating transition:resolved followup: transition:mediating transition:resolved followup:"
	if strings.Join(kinds, " ") != want {
		t.Errorf("timeline = %v; want %s", kinds, want)
	}
}

// TestFollowupsOpenAPI: the answers of /api/incidents/{id}/followups, each
// status the document lists for it that the test can bring about, fit the
// schemas the document gives them.
func TestFollowupsOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/incidents/{id}/followups")
	if item == nil || item.Get == nil || item.Post == nil {
		t.Fatalf("/incidents/{id}/followups: %+v; want a GET and a POST", item)
	}
	admin := sc.actors["admin"]
	id := report(t, s, sc, admin, "").json(t)["id"]
	path := fmt.Sprintf("/api/incidents/%v/followups", id)
	body := `{"method":"phone","reached":true,"performed":"yes","satisfaction":"satisfied"}`
	fits := func(op string, status int, r response) {
		t.Helper()
		resp := item.Get.Responses.Status(status)
		if op == "POST" {
			resp = item.Post.Responses.Status(status)
		}
		if r.status != status {
			t.Fatalf("%s %s = %d %s; want %d", op, path, r.status, r.body, status)
		}
		if resp == nil {
			t.Fatalf("%s answers %d, not documented", op, status)
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s %d answer %s does not fit its schema: %v", op, status, r.body, err)
		}
	}
	fits("POST", http.StatusConflict, admin.post(t, s, path, body))
	fits("POST", http.StatusBadRequest, admin.post(t, s, path, `{"method":"letter","reached":false}`))
	for _, to := range []string{"accepted", "mediating", "resolved"} {
		if r := transition(t, s, admin, id, to, ""); r.status != http.StatusOK {
			t.Fatalf("-> %s = %d %s", to, r.status, r.body)
		}
	}
	fits("POST", http.StatusCreated, admin.post(t, s, path, body))
	fits("POST", http.StatusForbidden, sc.actors["viewer"].post(t, s, path, body))
	fits("GET", http.StatusOK, get(t, s, path, admin.header()...))
	fits("GET", http.StatusNotFound, get(t, s, "/api/incidents/99999999/followups", admin.header()...))
}
