package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"gridmap/api"
	"gridmap/data"
)

// TestPetitionDeadline: a petition accepted on Monday 2026-06-01 is due
// to be answered 60 calendar days later (the end of Friday 07-31), in
// mediation as in any reply stage: the case, the overdue list, /api/stats
// and the overdue scan agree that it is not overdue past its mediation
// stage's 15 working days, and that it is just after its reply deadline.
// A cadre of its unit extends it once by 30 days for a reason (to the end
// of Monday 08-31, 08-30 being a Sunday): the timeline gains an "extended"
// event with the days and the reason, the audit log an extend_reply entry.
// Over 30 days, no reason, no version, a dispute, a second extension and
// the roles that may not are refused; every answer fits the OpenAPI
// document.
func TestPetitionDeadline(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	clock := time.Date(2026, 6, 1, 9, 0, 0, 0, data.ChinaTime)
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test", Now: func() time.Time { return clock }}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/incidents/{id}/extend")
	if item == nil || item.Post == nil {
		t.Fatalf("/incidents/{id}/extend: %+v; want a POST", item)
	}
	admin, cadre := sc.actors["admin"], sc.actors["unit_cadre"]
	petition := report(t, s, sc, admin, `,"source":"信访","parties":["孙七"]`).json(t)
	dispute := report(t, s, sc, admin, "").json(t)
	id := petition["id"]
	if petition["kind"] != data.KindPetition {
		t.Fatalf("a report from 信访 = kind %v; want a petition", petition["kind"])
	}
	for _, to := range []string{"accepted", "mediating"} {
		for _, in := range []any{id, dispute["id"]} {
			if r := transition(t, s, cadre, in, to, ""); r.status != http.StatusOK {
				t.Fatalf("-> %s = %d %s", to, r.status, r.body)
			}
		}
		clock = clock.Add(48 * time.Hour)
	}
	path := fmt.Sprint("/api/incidents/", id)
	replyDue := time.Date(2026, 8, 1, 0, 0, 0, 0, data.ChinaTime).UTC()
	state := func(when string) (due string, overdue bool, listed bool, statsOverdue float64) {
		t.Helper()
		d := get(t, s, path, admin.header()...).json(t)
		if d["reply_due"] != d["due_at"] {
			t.Errorf("%s: reply_due %v, due_at %v; want the same", when, d["reply_due"], d["due_at"])
		}
		list := get(t, s, "/api/incidents?overdue=true&limit=1000", admin.header()...).json(t)["incidents"].([]any)
		for _, in := range list {
			listed = listed || in.(map[string]any)["id"] == id
		}
		st := get(t, s, "/api/stats?from=2026-06-01T00:00:00%2B08:00&to=2026-06-02T00:00:00%2B08:00", admin.header()...).json(t)
		due, _ = d["reply_due"].(string)
		return due, d["overdue"] == true, listed, st["stats"].(map[string]any)["overdue"].(float64)
	}
	unread := func() []any {
		t.Helper()
		if _, err := s.ScanOverdue(t.Context()); err != nil {
			t.Fatal(err)
		}
		var on []any
		for _, n := range get(t, s, "/api/notifications", admin.header()...).json(t)["items"].([]any) {
			if n := n.(map[string]any); n["kind"] == "overdue" {
				on = append(on, n["incident_id"])
			}
		}
		return on
	}

	clock = time.Date(2026, 7, 15, 12, 0, 0, 0, data.ChinaTime) // past mediation's 15 working days, not the reply's 60 days
	due, overdue, listed, n := state("07-15")
	if due != replyDue.Format(time.RFC3339) || overdue || listed || n != 1 {
		t.Errorf("07-15: reply_due %s, overdue %v, listed %v, stats overdue %v; want %s, not overdue, not listed, 1 (the dispute)",
			due, overdue, listed, n, replyDue.Format(time.RFC3339))
	}
	if on := unread(); slices.Contains(on, id) || !slices.Contains(on, dispute["id"]) {
		t.Errorf("07-15: overdue notices on %v; want the dispute's (%v), not the petition's (%v)", on, dispute["id"], id)
	}
	clock = replyDue.Add(time.Second)
	if _, overdue, listed, n := state("08-01"); !overdue || !listed || n != 2 {
		t.Errorf("08-01 00:00:01: overdue %v, listed %v, stats overdue %v; want overdue, listed, 2", overdue, listed, n)
	}
	if on := unread(); !slices.Contains(on, id) {
		t.Errorf("08-01: overdue notices on %v; want the petition's (%v) too", on, id)
	}

	fits := func(what string, status int, r response) map[string]any {
		t.Helper()
		return answerFits(t, item.Post, what, status, r)
	}
	version := get(t, s, path, admin.header()...).json(t)["version"]
	extend := path + "/extend"
	for _, tt := range []struct {
		name, who, path, body string
		status                int
		field                 string
	}{
		{"31 days", "unit_cadre", extend, fmt.Sprintf(`{"days":31,"reason":"需补充调查","version":%v}`, version), 400, "days"},
		{"no days", "unit_cadre", extend, fmt.Sprintf(`{"reason":"需补充调查","version":%v}`, version), 400, "days"},
		{"no reason", "unit_cadre", extend, fmt.Sprintf(`{"days":30,"reason":" ","version":%v}`, version), 400, "reason"},
		{"no version", "unit_cadre", extend, `{"days":30,"reason":"需补充调查"}`, 400, "version"},
		{"leader", "leader", extend, fmt.Sprintf(`{"days":30,"reason":"需补充调查","version":%v}`, version), 403, ""},
		{"mediator", "mediator", extend, fmt.Sprintf(`{"days":30,"reason":"需补充调查","version":%v}`, version), 403, ""},
		{"anonymous", "anonymous", extend, fmt.Sprintf(`{"days":30,"reason":"需补充调查","version":%v}`, version), 401, ""},
		{"a dispute", "unit_cadre", fmt.Sprintf("/api/incidents/%v/extend", dispute["id"]), `{"days":30,"reason":"需补充调查","version":3}`, 409, "status"},
		{"stale version", "unit_cadre", extend, `{"days":30,"reason":"需补充调查","version":1}`, 409, ""},
		{"no such incident", "admin", "/api/incidents/99999999/extend", `{"days":30,"reason":"需补充调查","version":1}`, 404, "id"},
	} {
		r := sc.actors[tt.who].post(t, s, tt.path, tt.body)
		fits(tt.name, tt.status, r)
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: error field = %q; want %q", tt.name, field, tt.field)
		}
	}
	record := fmt.Sprint("incident:", id)
	audits := auditCount(t, sc.store, "extend_reply", record)
	got := fits("cadre", http.StatusOK, cadre.post(t, s, extend, fmt.Sprintf(`{"days":30,"reason":"需补充调查","version":%v}`, version)))
	extended := time.Date(2026, 9, 1, 0, 0, 0, 0, data.ChinaTime).UTC().Format(time.RFC3339)
	if got["reply_due"] != extended || got["extension_days"] != 30.0 || got["overdue"] != false || got["version"] != version.(float64)+1 {
		t.Errorf("extension = reply_due %v, extension_days %v, overdue %v, version %v; want %s, 30, false, %v",
			got["reply_due"], got["extension_days"], got["overdue"], got["version"], extended, version.(float64)+1)
	}
	if n := auditCount(t, sc.store, "extend_reply", record); n != audits+1 {
		t.Errorf("extend_reply audit entries = %d; want %d", n, audits+1)
	}
	ev := get(t, s, path+"/events", admin.header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != data.EventExtended || last["note"] != "30: 需补充调查" || last["actor_name"] != "t-cadre" {
		t.Errorf("last event = %v; want the cadre's extension by 30 days", last)
	}
	if _, overdue, listed, n := state("08-01, extended"); overdue || listed || n != 1 {
		t.Errorf("08-01 after the extension: overdue %v, listed %v, stats overdue %v; want not overdue, not listed, 1", overdue, listed, n)
	}
	again := cadre.post(t, s, extend, fmt.Sprintf(`{"days":1,"reason":"再延一次","version":%v}`, got["version"]))
	fits("a second extension", http.StatusConflict, again)
	if _, field := again.errorOf(t); field != "days" {
		t.Errorf("a second extension: error field = %q; want days", field)
	}
}

// answerFits fails the test unless r has the status and op documents it
// with a JSON schema the body fits; it returns the body.
func answerFits(t *testing.T, op *openapi3.Operation, what string, status int, r response) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: answer %d %.300s; want %d", what, r.status, r.body, status)
	}
	resp := op.Responses.Status(status)
	if resp == nil {
		t.Fatalf("%s: %d is not documented", what, status)
	}
	var v any
	mustJSON(t, r.body, &v)
	if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
		t.Errorf("%s: %d answer %.300s does not fit its schema: %v", what, status, r.body, err)
	}
	return r.json(t)
}
