package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
	"gridmap/mask"
)

// similarScene is a scene with two reports by the grid worker in its cell
// between the same two parties (a resident of the cell, and an outsider
// by name and phone), and one by the admin in the out-of-scope cell with
// the outsider.
type similarScene struct {
	*scene
	s        http.Handler
	resident data.Resident
	first    map[string]any
	second   map[string]any
	outside  map[string]any
}

const outsider = `{"name":"外来户","phone":"138-0000-1111"}`

func newSimilarScene(t *testing.T) *similarScene {
	t.Helper()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	rs, _, err := sc.store.Residents(t.Context(), data.ResidentFilter{CellCode: sc.inCell, Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatalf("Residents(%s) = %v, %v; want one", sc.inCell, rs, err)
	}
	ss := &similarScene{scene: sc, s: s, resident: rs[0]}
	worker := sc.actors["grid_worker"]
	parties := fmt.Sprintf(`,"party_details":[{"resident_id":%d},%s]`, rs[0].ID, outsider)
	file := func(a *actor, lon, lat float64, summary, extra string) map[string]any {
		t.Helper()
		body := fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":%q%s}`, lon, lat, summary, extra)
		r := a.post(t, s, "/api/incidents", body)
		if r.status != http.StatusCreated {
			t.Fatalf("report %s = %d %s; want 201", body, r.status, r.body)
		}
		return r.json(t)
	}
	lon, lat := sc.inCellLabel(t, s)
	ss.first = file(worker, lon, lat, "外来户与邻居争执院坝", parties)
	ss.second = file(worker, lon, lat, "外来户与邻居又起争执", parties)
	olon, olat := cellLabel(t, s, sc.outCell)
	ss.outside = file(sc.actors["admin"], olon, olat, "外来户欠款", `,"party_details":[`+outsider+`]`)
	return ss
}

// similar asks /api/incidents/similar as a with the query q.
func (ss *similarScene) similar(t *testing.T, a *actor, q url.Values) response {
	t.Helper()
	return get(t, ss.s, "/api/incidents/similar?"+q.Encode(), a.header()...)
}

// ids lists the "id" of each object of list.
func ids(list any) []string {
	var out []string
	for _, v := range list.([]any) {
		out = append(out, fmt.Sprint(v.(map[string]any)["id"]))
	}
	return out
}

// TestReportPartyDetails: a report's parties as people come back in full
// to its reporter (a resident's name and phone from the record, the
// phone normalised), masked to a leader, with the names as parties; the
// second dispute between the same parties is flagged a repeat; faults
// name their field.
func TestReportPartyDetails(t *testing.T) {
	t.Parallel()
	ss := newSimilarScene(t)
	r := ss.resident
	ps, _ := ss.first["party_details"].([]any)
	want := fmt.Sprintf("[map[name:%s phone:%s resident_id:%d] map[name:外来户 phone:13800001111]]", r.Name, r.Phone, r.ID)
	if len(ps) != 2 || fmt.Sprint(ps) != want {
		t.Errorf("party_details of the first report = %v; want %s", ps, want)
	}
	if fmt.Sprint(ss.first["parties"]) != fmt.Sprintf("[%s 外来户]", r.Name) || ss.first["repeat"] != false {
		t.Errorf("first report: parties %v, repeat %v; want [%s 外来户], false", ss.first["parties"], ss.first["repeat"], r.Name)
	}
	if ss.second["repeat"] != true || ss.second["repeats"] != 1.0 {
		t.Errorf("second report: repeat %v, repeats %v; want true, 1", ss.second["repeat"], ss.second["repeats"])
	}
	path := fmt.Sprintf("/api/incidents/%v", ss.second["id"])
	got := get(t, ss.s, path, ss.actors["leader"].header()...).json(t)
	masked := fmt.Sprintf("[map[name:%s phone:%s resident_id:%d] map[name:外*户 phone:%s]]",
		mask.Name(r.Name), mask.Phone(r.Phone), r.ID, mask.Phone("13800001111"))
	if fmt.Sprint(got["party_details"]) != masked || got["repeat"] != true {
		t.Errorf("GET %s as leader: party_details %v, repeat %v; want %s, true", path, got["party_details"], got["repeat"], masked)
	}
	if got := get(t, ss.s, path, ss.actors["unit_cadre"].header()...).json(t); fmt.Sprint(got["party_details"]) != fmt.Sprint(ss.second["party_details"]) {
		t.Errorf("GET %s as the unit's cadre: party_details %v; want in full %v", path, got["party_details"], ss.second["party_details"])
	}

	others, _, err := ss.store.Residents(t.Context(), data.ResidentFilter{CellCode: ss.outCell, Limit: 1})
	if err != nil || len(others) == 0 {
		t.Fatalf("Residents(%s) = %v, %v", ss.outCell, others, err)
	}
	lon, lat := ss.inCellLabel(t, ss.s)
	body := func(extra string) string {
		return fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":"争执"%s}`, lon, lat, extra)
	}
	runBad(t, ss.s, ss.scene, []badCase{
		{"a resident of another cell", "grid_worker", "/api/incidents", body(fmt.Sprintf(`,"party_details":[{"resident_id":%d}]`, others[0].ID)), 400, "party_details[0].resident_id"},
		{"an unknown resident", "grid_worker", "/api/incidents", body(`,"party_details":[{"resident_id":999999999}]`), 400, "party_details[0].resident_id"},
		{"names and people", "grid_worker", "/api/incidents", body(`,"parties":["甲"],"party_details":[{"name":"乙"}]`), 400, "parties"},
		{"a party without a name", "grid_worker", "/api/incidents", body(`,"party_details":[{"phone":"13800001111"}]`), 400, "party_details[0].name"},
		{"a bad phone", "grid_worker", "/api/incidents", body(`,"party_details":[{"name":"乙","phone":"call me"}]`), 400, "party_details[0].phone"},
		{"an unknown field of a party", "grid_worker", "/api/incidents", body(`,"party_details":[{"name":"乙","id_number":"1"}]`), 400, "party_details[0].id_number"},
	})
}

// TestReportAsDuplicate: the reporter links a report to a case instead of
// opening another: it is kept as a duplicate of that case, whose timeline
// names it; a case the reporter may not see, or that does not exist, is
// refused naming duplicate_of.
func TestReportAsDuplicate(t *testing.T) {
	t.Parallel()
	ss := newSimilarScene(t)
	worker := ss.actors["grid_worker"]
	lon, lat := ss.inCellLabel(t, ss.s)
	body := func(dup any) string {
		return fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":"同一纠纷再次反映","duplicate_of":%v}`, lon, lat, dup)
	}
	r := worker.post(t, ss.s, "/api/incidents", body(ss.first["id"]))
	if r.status != http.StatusCreated {
		t.Fatalf("report linked to %v = %d %s; want 201", ss.first["id"], r.status, r.body)
	}
	got := r.json(t)
	if got["status"] != "duplicate" || fmt.Sprint(got["duplicate_of"]) != fmt.Sprint(ss.first["id"]) {
		t.Errorf("report linked to %v = %s of %v; want duplicate of %v", ss.first["id"], got["status"], got["duplicate_of"], ss.first["id"])
	}
	ev := get(t, ss.s, fmt.Sprintf("/api/incidents/%v/events", ss.first["id"]), worker.header()...).json(t)["events"].([]any)
	last := ev[len(ev)-1].(map[string]any)
	if last["kind"] != "linked" || last["note"] != fmt.Sprint(got["id"]) {
		t.Errorf("last event of %v = %v; want linked, naming %v", ss.first["id"], last, got["id"])
	}
	runBad(t, ss.s, ss.scene, []badCase{
		{"a case outside the scope", "grid_worker", "/api/incidents", body(ss.outside["id"]), 403, "duplicate_of"},
		{"no such case", "grid_worker", "/api/incidents", body(999999999), 400, "duplicate_of"},
		{"a duplicate", "grid_worker", "/api/incidents", body(got["id"]), 400, "duplicate_of"},
	})
}

// TestSimilarIncidents: the cases that may be the dispute being reported,
// with their reasons, and the parties' earlier disputes, only within the
// caller's scope and masked as the list of incidents masks them. Parties
// are no way to confirm what masking hides: a leader, who sees the
// parties masked, may not look cases up by party at all, and a mediator,
// who sees residents masked, not by a resident (403 naming parties).
func TestSimilarIncidents(t *testing.T) {
	t.Parallel()
	ss := newSimilarScene(t)
	lon, lat := ss.inCellLabel(t, ss.s)
	near := url.Values{"lon": {fmt.Sprint(lon)}, "lat": {fmt.Sprint(lat)}, "type": {"邻里纠纷"}}
	people := url.Values{"parties": {"外来户:13800001111"}}
	both := url.Values{"lon": near["lon"], "lat": near["lat"], "type": near["type"], "parties": {fmt.Sprintf("resident:%d", ss.resident.ID)}}
	first, second, outside := fmt.Sprint(ss.first["id"]), fmt.Sprint(ss.second["id"]), fmt.Sprint(ss.outside["id"])

	for _, tt := range []struct {
		name, who string
		q         url.Values
		reasons   string // of the first report among the candidates; "" when it is not one
		history   []string
	}{
		{"nearby, same type", "grid_worker", near, "nearby_same_type", nil},
		{"the same outsider, in the worker's cells only", "grid_worker", people, "same_parties", []string{second, first}},
		{"the same outsider, the whole town for the admin", "admin", people, "same_parties", []string{outside, second, first}},
		{"nearby and the same resident", "unit_cadre", both, "nearby_same_type same_parties", []string{second, first}},
		{"masked for the leader, by place and type", "leader", near, "nearby_same_type", nil},
		{"nothing for a mediator not assigned", "mediator", people, "", nil},
		{"a name alone matches nobody", "admin", url.Values{"parties": {"外来户"}}, "", nil},
		{"nothing asked, nothing found", "admin", url.Values{}, "", nil},
	} {
		r := ss.similar(t, ss.actors[tt.who], tt.q)
		if r.status != http.StatusOK {
			t.Errorf("%s: similar = %d %s; want 200", tt.name, r.status, r.body)
			continue
		}
		v := r.json(t)
		var reasons []string
		for _, c := range v["candidates"].([]any) {
			m := c.(map[string]any)
			if cell := fmt.Sprint(m["cell"]); tt.who == "grid_worker" && cell != ss.inCell || tt.who == "unit_cadre" && cell[:12] != ss.unit {
				t.Errorf("%s: candidate %v in cell %s, outside the caller's scope", tt.name, m["id"], cell)
			}
			if fmt.Sprint(m["id"]) == outside && tt.who != "admin" {
				t.Errorf("%s: candidate %s lies outside the caller's scope", tt.name, outside)
			}
			if fmt.Sprint(m["id"]) != first {
				continue
			}
			for _, rs := range m["reasons"].([]any) {
				rm := rs.(map[string]any)
				reasons = append(reasons, rm["reason"].(string))
				if rm["reason"] == "nearby_same_type" && rm["distance_m"] != nil && rm["distance_m"].(float64) > 1 {
					t.Errorf("%s: distance of %s = %v; want 0 (the same point)", tt.name, first, rm["distance_m"])
				}
			}
			wantSummary := "外来户与邻居争执院坝"
			if tt.who == "leader" {
				wantSummary = "外*户与邻居争执院坝"
			}
			if m["summary"] != wantSummary {
				t.Errorf("%s: summary of %s = %v; want %s", tt.name, first, m["summary"], wantSummary)
			}
		}
		if strings.Join(reasons, " ") != tt.reasons {
			t.Errorf("%s: reasons of %s = %v; want %q", tt.name, first, reasons, tt.reasons)
		}
		if h := ids(v["history"]); !slices.Equal(h, tt.history) || v["history_total"] != float64(len(tt.history)) {
			t.Errorf("%s: history = %v (total %v); want %v", tt.name, h, v["history_total"], tt.history)
		}
	}
	for _, tt := range []struct {
		name, who string
		q         url.Values
		status    int
		field     string
	}{
		{"anonymous", "anonymous", near, 401, ""},
		{"viewer", "viewer", near, 403, ""},
		{"lon without lat", "admin", url.Values{"lon": {"106.6"}}, 400, "lat"},
		{"unknown type", "admin", url.Values{"type": {"吵架"}}, 400, "type"},
		{"a resident that is no number", "admin", url.Values{"parties": {"resident:abc"}}, 400, "parties"},
		{"a phone of letters", "admin", url.Values{"parties": {"甲:abc"}}, 400, "parties[0].phone"},
		// A leader's guess of a party's name and phone in full, or of the
		// resident behind a masked party, would be confirmed by a match.
		{"a leader by name and phone", "leader", people, 403, "parties"},
		{"a leader by a resident", "leader", both, 403, "parties"},
		{"a leader's name alone", "leader", url.Values{"parties": {"外来户"}}, 403, "parties"},
		// A mediator's cases would show in full the resident they see masked.
		{"a mediator by a resident", "mediator", both, 403, "parties"},
	} {
		r := ss.similar(t, ss.actors[tt.who], tt.q)
		if r.status != tt.status {
			t.Errorf("%s: similar = %d %s; want %d", tt.name, r.status, r.body, tt.status)
			continue
		}
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: error field = %q; want %q", tt.name, field, tt.field)
		}
	}
}

// TestSimilarOpenAPI: the answers of /api/incidents/similar, each status
// the document lists for it, fit the schemas the document gives them.
func TestSimilarOpenAPI(t *testing.T) {
	t.Parallel()
	ss := newSimilarScene(t)
	s := api.New(ss.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/incidents/similar")
	if item == nil || item.Get == nil {
		t.Fatalf("/incidents/similar: %+v; want a GET", item)
	}
	lon, lat := ss.inCellLabel(t, s)
	q := url.Values{"lon": {fmt.Sprint(lon)}, "lat": {fmt.Sprint(lat)}, "type": {"邻里纠纷"}, "parties": {"外来户:13800001111"}}
	for _, tt := range []struct {
		who    string
		q      url.Values
		status int
	}{
		{"admin", q, 200}, {"leader", url.Values{"lon": q["lon"], "lat": q["lat"], "type": q["type"]}, 200}, {"grid_worker", q, 200},
		{"admin", url.Values{"lat": {"x"}}, 400}, {"anonymous", q, 401}, {"viewer", q, 403}, {"leader", q, 403},
	} {
		r := get(t, s, "/api/incidents/similar?"+tt.q.Encode(), ss.actors[tt.who].header()...)
		if r.status != tt.status {
			t.Fatalf("%s: GET similar = %d %s; want %d", tt.who, r.status, r.body, tt.status)
		}
		resp := item.Get.Responses.Status(tt.status)
		if resp == nil {
			t.Fatalf("GET similar answers %d, not documented", tt.status)
		}
		var v any
		mustJSON(t, r.body, &v)
		if resp.Value.Content != nil {
			if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
				t.Errorf("%s: GET similar %d answer %.300s does not fit its schema: %v", tt.who, tt.status, r.body, err)
			}
		}
		if tt.status == 200 && len(v.(map[string]any)["candidates"].([]any)) == 0 {
			t.Errorf("%s: GET similar found no candidates; the schema of one was not checked", tt.who)
		}
	}
}
