package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// TestEditParties: the unit's cadre replaces a case's parties after
// intake (a resident of its cell linked, a named person added): the answer
// carries them in full, the version moves on, the timeline gains a
// "parties" event naming no one and the audit log an edit_parties entry;
// leaders (masked), viewers, the anonymous and mediators not assigned are
// refused, a resident of another cell, a bad party and a stale version
// too; every answer fits the OpenAPI document.
func TestEditParties(t *testing.T) {
	t.Parallel()
	ss := newSimilarScene(t)
	s := api.New(ss.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/incidents/{id}/parties")
	if item == nil || item.Post == nil {
		t.Fatalf("/incidents/{id}/parties: %+v; want a POST", item)
	}
	cadre := ss.actors["unit_cadre"]
	id := ss.first["id"]
	path := fmt.Sprintf("/api/incidents/%v/parties", id)
	fits := func(what string, status int, r response) map[string]any {
		t.Helper()
		return answerFits(t, item.Post, what+": POST "+path, status, r)
	}
	record := fmt.Sprint("incident:", id)
	audits := auditCount(t, ss.store, "edit_parties", record)
	version := ss.first["version"].(float64)
	r := ss.resident
	body := fmt.Sprintf(`{"version":%v,"party_details":[{"name":"新当事人","phone":"138 0000 2222"},{"resident_id":%d}]}`, version, r.ID)
	got := fits("cadre", http.StatusOK, cadre.post(t, s, path, body))
	want := fmt.Sprintf("[map[name:新当事人 phone:13800002222] map[name:%s phone:%s resident_id:%d]]", r.Name, r.Phone, r.ID)
	if fmt.Sprint(got["party_details"]) != want || fmt.Sprint(got["parties"]) != fmt.Sprintf("[新当事人 %s]", r.Name) ||
		got["version"] != version+1 || got["incident_version"] != version+1 {
		t.Errorf("edit as cadre = party_details %v, parties %v, version %v; want %s, version %v", got["party_details"], got["parties"], got["version"], want, version+1)
	}
	if n := auditCount(t, ss.store, "edit_parties", record); n != audits+1 {
		t.Errorf("edit_parties audit entries = %d; want %d", n, audits+1)
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%v/events", id), ss.actors["admin"].header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != data.EventParties || last["note"] != "2" || last["actor_name"] != "t-cadre" {
		t.Errorf("last event = %v; want the cadre's parties edit, noting 2 parties", last)
	}

	others, _, err := ss.store.Residents(t.Context(), data.ResidentFilter{CellCode: ss.outCell, Limit: 1})
	if err != nil || len(others) == 0 {
		t.Fatalf("Residents(%s) = %v, %v", ss.outCell, others, err)
	}
	for _, tt := range []struct {
		name, who, body string
		status          int
		field           string
	}{
		{"leader (masked)", "leader", `{"party_details":[{"name":"甲"}]}`, 403, "party_details"},
		{"viewer", "viewer", `{"party_details":[{"name":"甲"}]}`, 403, ""},
		{"anonymous", "anonymous", `{"party_details":[{"name":"甲"}]}`, 401, ""},
		{"mediator not assigned", "mediator", `{"party_details":[{"name":"甲"}]}`, 403, ""},
		{"a resident of another cell", "unit_cadre", fmt.Sprintf(`{"party_details":[{"resident_id":%d}]}`, others[0].ID), 400, "party_details[0].resident_id"},
		{"no party_details", "unit_cadre", `{"version":1}`, 400, "party_details"},
		{"a party without a name", "unit_cadre", `{"party_details":[{"phone":"13800001111"}]}`, 400, "party_details[0].name"},
		{"a bad phone", "unit_cadre", `{"party_details":[{"name":"乙","phone":"call me"}]}`, 400, "party_details[0].phone"},
		{"an unknown field", "unit_cadre", `{"party_details":[{"name":"乙"}],"parties":["乙"]}`, 400, "parties"},
		{"stale version", "unit_cadre", fmt.Sprintf(`{"version":%v,"party_details":[{"name":"乙"}]}`, version), 409, ""},
	} {
		r := ss.actors[tt.who].post(t, s, path, tt.body)
		fits(tt.name, tt.status, r)
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: error field = %q; want %q", tt.name, field, tt.field)
		}
	}
	if after := get(t, s, fmt.Sprint("/api/incidents/", id), cadre.header()...).json(t); fmt.Sprint(after["party_details"]) != want {
		t.Errorf("after refused edits: party_details %v; want %s", after["party_details"], want)
	}
	if r := ss.actors["grid_worker"].post(t, s, path, `{"party_details":[]}`); r.status != http.StatusOK || fmt.Sprint(r.json(t)["parties"]) != "[]" {
		t.Errorf("the cell's grid worker clearing the parties = %d %s; want 200 with none", r.status, r.body)
	}
}

// TestPartyLinkUnmasksNoResident: a mediator, who sees the unit's
// residents masked, cannot read one in full by linking them as a party of
// a case assigned to them (whose parties they read in full): the new link
// is refused naming it, and the case shows nothing of that resident. A
// resident linked already (by the cell's grid worker) is kept, and a party
// named with a phone is taken, as the app's form sends them.
func TestPartyLinkUnmasksNoResident(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	rs, _, err := sc.store.Residents(t.Context(), data.ResidentFilter{CellCode: sc.inCell, Limit: 2})
	if err != nil || len(rs) < 2 {
		t.Fatalf("Residents(%s) = %v, %v; want two", sc.inCell, rs, err)
	}
	linked, other := rs[0], rs[1]
	path := fmt.Sprintf("/api/incidents/%d/parties", sc.inIncident)
	if r := sc.actors["grid_worker"].post(t, s, path, fmt.Sprintf(`{"party_details":[{"resident_id":%d}]}`, linked.ID)); r.status != http.StatusOK {
		t.Fatalf("the grid worker linking resident %d = %d %s; want 200", linked.ID, r.status, r.body)
	}
	mediator := sc.actors["mediator"]
	r := mediator.post(t, s, path, fmt.Sprintf(`{"party_details":[{"resident_id":%d},{"resident_id":%d}]}`, linked.ID, other.ID))
	if r.status != http.StatusForbidden {
		t.Errorf("the mediator linking resident %d = %d %s; want 403", other.ID, r.status, r.body)
	} else if _, field := r.errorOf(t); field != "party_details[1].resident_id" {
		t.Errorf("the mediator linking resident %d: error field = %q; want party_details[1].resident_id", other.ID, field)
	}
	detail := get(t, s, fmt.Sprint("/api/incidents/", sc.inIncident), mediator.header()...)
	if strings.Contains(string(detail.body), other.Name) || strings.Contains(string(detail.body), other.Phone) {
		t.Errorf("the case as the mediator reads it shows resident %d (%s, %s): %s", other.ID, other.Name, other.Phone, detail.body)
	}
	r = mediator.post(t, s, path, fmt.Sprintf(`{"party_details":[{"resident_id":%d},{"name":"乙方","phone":"13800003333"}]}`, linked.ID))
	if r.status != http.StatusOK || fmt.Sprint(r.json(t)["parties"]) != fmt.Sprintf("[%s 乙方]", linked.Name) {
		t.Errorf("the mediator keeping resident %d and naming 乙方 = %d %s; want 200 with both", linked.ID, r.status, r.body)
	}
}
