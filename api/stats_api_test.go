package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"gridmap/api"
)

// TestStatsFollowTheWorkflow resolves a new report and sees the cell's
// measures move; the per-cell rows add up to the unit's totals. The case
// counts as resolved at the grassroots only once closed after a passed
// 回访, and the 回访 records give the satisfaction and performance shares.
// Every answer fits the OpenAPI document.
func TestStatsFollowTheWorkflow(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // counts that follow a case, on any town
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/stats")
	if item == nil || item.Get == nil {
		t.Fatalf("/stats: %+v; want a GET", item)
	}
	fits := func(q string, r response) {
		t.Helper()
		resp := item.Get.Responses.Status(r.status)
		if resp == nil {
			t.Fatalf("GET /api/stats?%s answers %d, not documented", q, r.status)
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("GET /api/stats?%s %d answer %.300s does not fit its schema: %v", q, r.status, r.body, err)
		}
	}
	stats := func(q string) map[string]any {
		t.Helper()
		r := get(t, s, "/api/stats?"+q)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/stats?%s = %d %s", q, r.status, r.body)
		}
		fits(q, r)
		return r.json(t)
	}
	unit := stats("unit=" + sc.unit)
	sum := 0.0
	for _, c := range unit["cells"].([]any) {
		sum += c.(map[string]any)["total"].(float64)
	}
	if total := unit["stats"].(map[string]any)["total"].(float64); total == 0 || sum != total {
		t.Errorf("unit total %v, sum of its cells %v; want equal and non-zero", total, sum)
	}
	before := stats("cell=" + sc.inCell)["stats"].(map[string]any)
	id := report(t, s, sc, sc.actors["grid_worker"], "").json(t)["id"]
	for _, to := range []string{"accepted", "mediating", "resolved"} {
		if r := transition(t, s, sc.actors["unit_cadre"], id, to, ""); r.status != http.StatusOK {
			t.Fatalf("-> %s = %d %s", to, r.status, r.body)
		}
	}
	after := stats("cell=" + sc.inCell)["stats"].(map[string]any)
	for k, plus := range map[string]float64{"total": 1, "resolved": 1, "resolved_at_grassroots": 0} {
		if after[k].(float64) != before[k].(float64)+plus {
			t.Errorf("resolved: %s went from %v to %v; want +%v", k, before[k], after[k], plus)
		}
	}
	cadre := sc.actors["unit_cadre"]
	path := fmt.Sprintf("/api/incidents/%v/followups", id)
	if r := cadre.post(t, s, path, `{"method":"phone","reached":false}`); r.status != http.StatusCreated {
		t.Fatalf("POST %s (not reached) = %d %s", path, r.status, r.body)
	}
	if r := cadre.post(t, s, path, `{"method":"visit","reached":true,"performed":"yes","satisfaction":"basically_satisfied"}`); r.status != http.StatusCreated {
		t.Fatalf("POST %s (passed) = %d %s", path, r.status, r.body)
	}
	if r := transition(t, s, cadre, id, "closed", ""); r.status != http.StatusOK {
		t.Fatalf("-> closed = %d %s", r.status, r.body)
	}
	closed := stats("cell=" + sc.inCell)["stats"].(map[string]any)
	if closed["resolved_at_grassroots"].(float64) != before["resolved_at_grassroots"].(float64)+1 {
		t.Errorf("closed after a passed 回访: resolved_at_grassroots went from %v to %v; want +1",
			before["resolved_at_grassroots"], closed["resolved_at_grassroots"])
	}
	fu := closed["followups"].(map[string]any)
	bf := before["followups"].(map[string]any)
	if fu["total"].(float64) != bf["total"].(float64)+2 || fu["reached"].(float64) != bf["reached"].(float64)+1 ||
		fu["passed"].(float64) != bf["passed"].(float64)+1 {
		t.Errorf("followups = %v, before %v; want 2 more, 1 reached, 1 passed", fu, bf)
	}
	if bf["reached"].(float64) == 0 { // the scene's cell had none: the shares are this 回访's
		perf, sat := fu["performance_shares"].(map[string]any), fu["satisfaction_shares"].(map[string]any)
		if perf["yes"] != 1.0 || perf["partly"] != 0.0 || sat["basically_satisfied"] != 1.0 || sat["satisfied"] != 0.0 {
			t.Errorf("shares = %v, %v; want all yes and basically_satisfied", perf, sat)
		}
	}
	for _, bad := range []struct{ q, field string }{{"from=2025-02-30", "from"}, {"cell=nope", "cell"}, {"from=2025-01-01&to=2024-01-01", "to"}} {
		r := get(t, s, "/api/stats?"+bad.q)
		if _, field := r.errorOf(t); r.status/100 != 4 || field != bad.field {
			t.Errorf("GET /api/stats?%s = %d field %q; want 4xx naming %s", bad.q, r.status, field, bad.field)
		}
		fits(bad.q, r)
	}
}
