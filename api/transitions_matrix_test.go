package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// pathTo is a legal way to bring a new report to each status.
var pathTo = map[string][]string{
	data.StatusReported:  {},
	data.StatusAccepted:  {"accepted"},
	data.StatusMediating: {"accepted", "mediating"},
	data.StatusResolved:  {"accepted", "mediating", "resolved"},
	data.StatusEscalated: {"accepted", "escalated"},
	data.StatusClosed:    {"accepted", "mediating", "resolved", "closed"},
	data.StatusDuplicate: {"duplicate"},
}

// TestEveryTransitionThroughTheAPI tries every (from, to) pair as the admin,
// on a fresh incident brought to from: legal moves answer 200 and land in
// to, illegal ones 409 naming from and change nothing.
func TestEveryTransitionThroughTheAPI(t *testing.T) {
	t.Parallel()
	// The small sample: the point is the status graph, not the data.
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	original := report(t, s, sc, admin, "").json(t)["id"]
	move := func(t *testing.T, id any, to string) response {
		if to == data.StatusClosed { // 办结 needs a passed 回访; refused unless resolved, changing nothing
			admin.post(t, s, fmt.Sprintf("/api/incidents/%v/followups", id),
				`{"method":"phone","reached":true,"performed":"yes","satisfaction":"satisfied"}`)
		}
		body := fmt.Sprintf(`{"to":%q,"note":"测试"}`, to)
		if to == data.StatusDuplicate {
			body = fmt.Sprintf(`{"to":%q,"note":"测试","duplicate_of":%v}`, to, original)
		}
		return admin.post(t, s, fmt.Sprintf("/api/incidents/%v/transitions", id), body)
	}
	// One subtest per status moved from, in parallel on the one server:
	// each files its own incidents, so they share only the original.
	for _, from := range data.Statuses {
		t.Run(from, func(t *testing.T) {
			t.Parallel()
			for _, to := range data.Statuses {
				id := report(t, s, sc, admin, "").json(t)["id"]
				for _, step := range pathTo[from] {
					if r := move(t, id, step); r.status != http.StatusOK {
						t.Fatalf("bringing %v to %s: -> %s = %d %s", id, from, step, r.status, r.body)
					}
				}
				r := move(t, id, to)
				escalation := 0
				if from == data.StatusEscalated {
					escalation = 1 // escalated once, to the town centre
				}
				legal := domain.CanTransition(from, to, escalation)
				switch {
				case legal && (r.status != http.StatusOK || r.json(t)["status"] != to):
					t.Errorf("%s -> %s = %d %.200s; want 200 in %s", from, to, r.status, r.body, to)
				case !legal && r.status != http.StatusConflict:
					t.Errorf("%s -> %s = %d; want 409", from, to, r.status)
				case !legal && r.json(t)["incident"].(map[string]any)["status"] != from:
					t.Errorf("%s -> %s: the 409 shows status %v; want %s", from, to, r.json(t)["incident"].(map[string]any)["status"], from)
				}
			}
		})
	}
}
