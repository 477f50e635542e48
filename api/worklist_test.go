package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// TestIncidentsWorkListFilters checks the filters of the work lists (案件列表)
// GET /api/incidents takes beside place, status and time: type (any of
// several) and mediator, each answer exactly the incidents that match, the
// caller's scope kept, and bad values refused naming the field.
func TestIncidentsWorkListFilters(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := t.Context()
	all, _, err := sc.store.Incidents(ctx, data.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	mediator := sc.actors["mediator"].user.MediatorID
	typ := ""
	for _, in := range all {
		if in.CellCode[:12] == sc.unit && slices.Contains(in.Mediators, mediator) {
			typ = in.Type
			break
		}
	}
	// want counts the incidents of the sample that match, by hand.
	want := func(unit string, types []string, med int64, open bool) int {
		n := 0
		for _, in := range all {
			if (unit == "" || in.CellCode[:12] == unit) && (types == nil || slices.Contains(types, in.Type)) &&
				(med == 0 || slices.Contains(in.Mediators, med)) && (!open || domain.IsOpen(in.Status)) {
				n++
			}
		}
		return n
	}
	other := "邻里纠纷"
	if typ == other {
		other = "婚姻家庭"
	}
	tests := []struct {
		name, role, query string
		want              int
	}{
		{"a type, town", "leader", "type=" + url.QueryEscape(typ), want("", []string{typ}, 0, false)},
		{"two types, town", "leader", "type=" + url.QueryEscape(typ+","+other), want("", []string{typ, other}, 0, false)},
		{"a mediator, town", "leader", fmt.Sprintf("mediator=%d", mediator), want("", nil, mediator, false)},
		{"type and mediator and open, town", "leader", fmt.Sprintf("mediator=%d&status=open&type=%s", mediator, url.QueryEscape(typ)), want("", []string{typ}, mediator, true)},
		{"a type, the cadre's unit only", "unit_cadre", "type=" + url.QueryEscape(typ), want(sc.unit, []string{typ}, 0, false)},
		{"a mediator, the cadre's unit only", "unit_cadre", fmt.Sprintf("mediator=%d", mediator), want(sc.unit, nil, mediator, false)},
		{"a mediator naming themselves", "mediator", fmt.Sprintf("mediator=%d&type=%s", mediator, url.QueryEscape(typ)), want("", []string{typ}, mediator, false)},
	}
	for _, tt := range tests {
		r := get(t, s, "/api/incidents?limit=1&"+tt.query, sc.actors[tt.role].header()...)
		if r.status != http.StatusOK {
			t.Errorf("%s: GET ?%s = %d %.200s", tt.name, tt.query, r.status, r.body)
			continue
		}
		if got := int(r.json(t)["total"].(float64)); got != tt.want || got == 0 {
			t.Errorf("%s: GET ?%s total = %d; want %d (not 0)", tt.name, tt.query, got, tt.want)
		}
	}
	bad := []struct {
		name, role, query string
		status            int
		field             string
	}{
		{"unknown type", "leader", "type=" + url.QueryEscape("不存在"), http.StatusBadRequest, "type"},
		{"an empty type among types", "leader", "type=" + url.QueryEscape(typ+","), http.StatusBadRequest, "type"},
		{"mediator not a number", "leader", "mediator=abc", http.StatusBadRequest, "mediator"},
		{"mediator zero", "leader", "mediator=0", http.StatusBadRequest, "mediator"},
		{"mediator negative", "unit_cadre", "mediator=-3", http.StatusBadRequest, "mediator"},
		{"no such mediator", "leader", "mediator=999999", http.StatusNotFound, "mediator"},
		{"a mediator naming another", "mediator", fmt.Sprintf("mediator=%d", otherMediator(t, sc, mediator)), http.StatusForbidden, "mediator"},
	}
	for _, tt := range bad {
		r := get(t, s, "/api/incidents?"+tt.query, sc.actors[tt.role].header()...)
		if r.status != tt.status {
			t.Errorf("%s: GET ?%s = %d %.200s; want %d", tt.name, tt.query, r.status, r.body, tt.status)
			continue
		}
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: GET ?%s error field %q; want %q", tt.name, tt.query, field, tt.field)
		}
	}
}

// otherMediator returns a mediator of the sample other than id.
func otherMediator(t *testing.T, sc *scene, id int64) int64 {
	t.Helper()
	ms, err := sc.store.Mediators(t.Context(), data.MediatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.ID != id {
			return m.ID
		}
	}
	t.Fatal("the sample has one mediator only")
	return 0
}

// TestEventStageDeadlines checks that the timeline carries each stage's
// deadline on the event that began it, the current stage's the same as
// the incident's due_at, and no deadline on other events.
func TestEventStageDeadlines(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cadre := sc.actors["unit_cadre"]
	id := report(t, s, sc, sc.actors["grid_worker"], "").json(t)["id"]
	if r := transition(t, s, cadre, id, "accepted", ""); r.status != http.StatusOK {
		t.Fatalf("accept = %d %s", r.status, r.body)
	}
	in := get(t, s, fmt.Sprintf("/api/incidents/%v", id), cadre.header()...).json(t)
	events := get(t, s, fmt.Sprintf("/api/incidents/%v/events", id), cadre.header()...).json(t)["events"].([]any)
	var created, accepted map[string]any
	for _, x := range events {
		e := x.(map[string]any)
		switch {
		case e["kind"] == "created":
			created = e
		case e["kind"] == "transition" && e["to"] == "accepted":
			accepted = e
		default:
			if _, ok := e["due_at"]; ok {
				t.Errorf("event %v (%v) carries a deadline", e["id"], e["kind"])
			}
		}
	}
	if created == nil || accepted == nil {
		t.Fatalf("events %v; want a created and an accepted one", events)
	}
	if created["due_at"] == nil || created["late"] != nil {
		t.Errorf("created event: due_at %v, late %v; want the report's deadline, not late", created["due_at"], created["late"])
	}
	if accepted["due_at"] != in["due_at"] || in["due_at"] == nil {
		t.Errorf("accepted event due_at %v; want the incident's %v", accepted["due_at"], in["due_at"])
	}
	if created["due_at"].(string) >= accepted["due_at"].(string) {
		t.Errorf("the report's deadline %v is not before acceptance's %v", created["due_at"], accepted["due_at"])
	}
}
