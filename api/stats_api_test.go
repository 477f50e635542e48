package api_test

import (
	"net/http"
	"testing"

	"gridmap/api"
)

// TestStatsFollowTheWorkflow resolves a new report and sees the cell's
// measures move; the per-cell rows add up to the unit's totals.
func TestStatsFollowTheWorkflow(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // counts that follow a case, on any town
	s := api.New(sc.store, api.Config{}, quietLog())
	stats := func(q string) map[string]any {
		r := get(t, s, "/api/stats?"+q)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/stats?%s = %d %s", q, r.status, r.body)
		}
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
	for _, k := range []string{"total", "resolved", "resolved_at_grassroots"} {
		if after[k].(float64) != before[k].(float64)+1 {
			t.Errorf("%s went from %v to %v; want +1", k, before[k], after[k])
		}
	}
	for _, bad := range []struct{ q, field string }{{"from=2025-02-30", "from"}, {"cell=nope", "cell"}, {"from=2025-01-01&to=2024-01-01", "to"}} {
		r := get(t, s, "/api/stats?"+bad.q)
		if _, field := r.errorOf(t); r.status/100 != 4 || field != bad.field {
			t.Errorf("GET /api/stats?%s = %d field %q; want 4xx naming %s", bad.q, r.status, field, bad.field)
		}
	}
}
