package api_test

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// post sends a JSON body as the actor.
func (a *actor) post(t *testing.T, h http.Handler, path, body string, headers ...string) response {
	t.Helper()
	return do(t, h, "POST", path, strings.NewReader(body), append(append(a.header(), "Content-Type: application/json"), headers...)...)
}

// report files an incident at the label point of the scene's cell.
func report(t *testing.T, s http.Handler, sc *scene, a *actor, extra string, headers ...string) response {
	t.Helper()
	lon, lat := sc.inCellLabel(t, s)
	body := fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":"宅基地边界争执"%s}`, lon, lat, extra)
	return a.post(t, s, "/api/incidents", body, headers...)
}

func TestReportIncident(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	gw := sc.actors["grid_worker"]
	r := report(t, s, sc, gw, `,"parties":["张三","李四"],"description":"两户因院坝边界争执"`)
	if r.status != http.StatusCreated {
		t.Fatalf("report = %d %s; want 201", r.status, r.body)
	}
	v := r.json(t)
	if v["cell"] != sc.inCell || v["status"] != "reported" || v["version"].(float64) != 1 || v["priority"] != "normal" || v["kind"] != "dispute" {
		t.Errorf("report answer = %s; want cell %s, reported, version 1, normal, dispute", r.body, sc.inCell)
	}
	if r.header.Get("Location") != fmt.Sprintf("/api/incidents/%v", v["id"]) {
		t.Errorf("Location = %q", r.header.Get("Location"))
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%v/events", v["id"]), gw.header()...).json(t)["events"].([]any)
	if len(ev) != 1 || ev[0].(map[string]any)["kind"] != "created" {
		t.Errorf("events of a new incident = %v; want one created event", ev)
	}
	lon, lat := cellLabel(t, s, sc.outCell)
	cases := []struct {
		name   string
		who    string
		body   string
		status int
		field  string
	}{
		{"anonymous", "anonymous", `{"lon":106.6,"lat":28.5,"type":"其他","summary":"x"}`, 401, ""},
		{"viewer", "viewer", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"x"}`, lon, lat), 403, ""},
		{"grid worker outside their cells", "grid_worker", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"x"}`, lon, lat), 403, ""},
		{"no latitude", "grid_worker", `{"lon":106.6,"type":"其他","summary":"x"}`, 400, "lat"},
		{"outside the town", "admin", `{"lon":100,"lat":20,"type":"其他","summary":"x"}`, 400, "lon"},
		{"unknown type", "admin", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"打架","summary":"x"}`, lon, lat), 400, "type"},
		{"no summary", "admin", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他"}`, lon, lat), 400, "summary"},
		{"unknown priority", "admin", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"x","priority":"asap"}`, lon, lat), 400, "priority"},
		{"lon as text", "admin", `{"lon":"106.6","lat":28.5}`, 400, "lon"},
	}
	for _, c := range cases {
		r := sc.actors[c.who].post(t, s, "/api/incidents", c.body)
		if r.status != c.status {
			t.Errorf("%s: report = %d %s; want %d", c.name, r.status, r.body, c.status)
			continue
		}
		if _, field := r.errorOf(t); c.field != "" && field != c.field {
			t.Errorf("%s: error field = %q; want %q", c.name, field, c.field)
		}
	}
}

func TestReportIdempotent(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	gw := sc.actors["grid_worker"]
	before := get(t, s, "/api/incidents?limit=1", gw.header()...).json(t)["total"].(float64)
	var wg sync.WaitGroup
	res := make([]response, 4)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = report(t, s, sc, gw, "", "Idempotency-Key: weak-network-retry-1")
		}()
	}
	wg.Wait()
	created, ids := 0, map[any]bool{}
	for _, r := range res {
		switch r.status {
		case http.StatusCreated:
			created++
		case http.StatusOK:
			if r.header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("a replay lacks Idempotent-Replayed: true")
			}
		default:
			t.Fatalf("report = %d %s", r.status, r.body)
		}
		ids[r.json(t)["id"]] = true
	}
	after := get(t, s, "/api/incidents?limit=1", gw.header()...).json(t)["total"].(float64)
	if created != 1 || len(ids) != 1 || after != before+1 {
		t.Errorf("4 retries with one key: %d created, %d distinct ids, %v→%v incidents; want 1, 1, +1", created, len(ids), before, after)
	}
}

func TestNearBoundaryFlag(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // the cells' shapes, all in the small sample
	s := api.New(sc.store, api.Config{}, quietLog())
	cell := get(t, s, "/api/cells/"+sc.inCell).json(t)
	ring := cell["geometry"].(map[string]any)["coordinates"].([]any)[0].([]any)
	lon, lat := cellLabel(t, s, sc.inCell)
	// Step from the label point towards a boundary vertex until about 5 m
	// short of it, at a vertex whose approach stays inside the cell.
	var px, py float64
	for _, x := range ring {
		v := x.([]any)
		vx, vy := v[0].(float64), v[1].(float64)
		f := 1 - 5/(111000*math.Hypot(vx-lon, vy-lat))
		px, py = lon+(vx-lon)*f, lat+(vy-lat)*f
		if get(t, s, fmt.Sprintf("/api/locate?lon=%v&lat=%v", px, py)).json(t)["code"] == sc.inCell {
			break
		}
	}
	if loc := get(t, s, fmt.Sprintf("/api/locate?lon=%v&lat=%v", px, py)).json(t); loc["near_cell"] == nil || loc["near_cell"] == loc["code"] {
		t.Errorf("locate 5 m from a vertex = %v; want a near_cell to warn before sending", loc)
	}
	r := sc.actors["admin"].post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"边界附近"}`, px, py))
	if r.status != http.StatusCreated {
		t.Fatalf("report near the boundary = %d %s", r.status, r.body)
	}
	got := r.json(t)
	if got["near_cell"] == nil || got["near_cell"] == got["cell"] || got["near_distance_m"].(float64) > 50 {
		t.Errorf("report 5 m from a vertex: cell %v, near_cell %v at %v m; want a neighbour within 50 m", got["cell"], got["near_cell"], got["near_distance_m"])
	}
	far := report(t, s, sc, sc.actors["admin"], "").json(t)
	if _, flagged := far["near_cell"]; flagged && far["near_distance_m"].(float64) > 50 {
		t.Errorf("a report at the cell's label point is flagged %v", far["near_cell"])
	}
}

// transition moves an incident as the actor.
func transition(t *testing.T, s http.Handler, a *actor, id any, to, note string, headers ...string) response {
	t.Helper()
	return a.post(t, s, fmt.Sprintf("/api/incidents/%v/transitions", id), fmt.Sprintf(`{"to":%q,"note":%q}`, to, note), headers...)
}

func TestWorkflowHappyPathAndTimeline(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cadre := sc.actors["unit_cadre"]
	rep := report(t, s, sc, sc.actors["grid_worker"], "").json(t)
	id := rep["id"]
	if next := fmt.Sprint(rep["next"]); next != "[]" {
		t.Errorf("the grid worker may move a new report to %s; want nothing", next)
	}
	if next := fmt.Sprint(get(t, s, fmt.Sprintf("/api/incidents/%v", id), cadre.header()...).json(t)["next"]); next != "[accepted duplicate]" {
		t.Errorf("the cadre may move a new report to %s; want [accepted duplicate]", next)
	}
	for i, to := range []string{"accepted", "mediating", "resolved", "closed"} {
		if to == "closed" {
			r := transition(t, s, cadre, id, to, "")
			if r.status != http.StatusConflict || !strings.Contains(string(r.body), `"field":"followup"`) {
				t.Errorf("-> closed without a 回访 = %d %s; want 409 naming the followup", r.status, r.body)
			}
			if next := fmt.Sprint(get(t, s, fmt.Sprintf("/api/incidents/%v", id), cadre.header()...).json(t)["next"]); next != "[mediating]" {
				t.Errorf("a resolved case without a passed 回访 offers %s; want [mediating]", next)
			}
			f := cadre.post(t, s, fmt.Sprintf("/api/incidents/%v/followups", id),
				`{"method":"visit","reached":true,"performed":"yes","satisfaction":"satisfied"}`)
			if f.status != http.StatusCreated || !strings.Contains(fmt.Sprint(f.json(t)["incident"].(map[string]any)["next"]), "closed") {
				t.Fatalf("passed 回访 = %d %s; want 201 offering closed", f.status, f.body)
			}
			i++ // the 回访 moved the version on
		}
		r := transition(t, s, cadre, id, to, "")
		if r.status != http.StatusOK {
			t.Fatalf("-> %s = %d %s", to, r.status, r.body)
		}
		v := r.json(t)
		if v["status"] != to || v["version"].(float64) != float64(i+2) {
			t.Errorf("-> %s: status %v version %v; want %s, %d", to, v["status"], v["version"], to, i+2)
		}
		if to == "resolved" && v["resolved_at"] == nil {
			t.Errorf("resolved without resolved_at")
		}
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%v/events", id), cadre.header()...).json(t)["events"].([]any)
	var path []string
	for _, e := range ev {
		m := e.(map[string]any)
		to, _ := m["to"].(string)
		path = append(path, fmt.Sprint(m["kind"], ":", to))
		if m["actor_name"] == "" {
			t.Errorf("event %v has no actor", m)
		}
	}
	if strings.Join(path, " ") != "created: transition:accepted transition:mediating transition:resolved followup: transition:closed" {
		t.Errorf("timeline = %v", path)
	}
	r := transition(t, s, cadre, id, "mediating", "")
	if r.status != http.StatusBadRequest {
		t.Errorf("reopen without a note = %d; want 400", r.status)
	} else if _, field := r.errorOf(t); field != "note" {
		t.Errorf("reopen without a note: field %q; want note", field)
	}
	if r := transition(t, s, cadre, id, "mediating", "当事人反悔，重新调解"); r.status != http.StatusOK || r.json(t)["resolved_at"] != nil {
		t.Errorf("reopen = %d %s; want 200 with resolved_at cleared", r.status, r.body)
	}
}

func TestWorkflowRefusals(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	id := report(t, s, sc, sc.actors["grid_worker"], "").json(t)["id"]
	r := transition(t, s, sc.actors["admin"], id, "closed", "")
	if r.status != http.StatusConflict || !strings.Contains(string(r.body), `"reported"`) {
		t.Errorf("reported -> closed = %d %s; want 409 naming reported", r.status, r.body)
	} else if cur := r.json(t)["incident"].(map[string]any); cur["status"] != "reported" {
		t.Errorf("409 carries incident status %v; want reported", cur["status"])
	}
	for _, who := range []string{"grid_worker", "mediator", "viewer"} {
		want := http.StatusForbidden
		if r := transition(t, s, sc.actors[who], id, "accepted", ""); r.status != want {
			t.Errorf("%s accepting = %d %s; want %d", who, r.status, r.body, want)
		}
	}
	if r := transition(t, s, sc.actors["anonymous"], id, "accepted", ""); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous accepting = %d; want 401", r.status)
	}
	if r := transition(t, s, sc.actors["admin"], id, "lost", ""); r.status != http.StatusBadRequest {
		t.Errorf("unknown status = %d; want 400", r.status)
	}
	if r := transition(t, s, sc.actors["admin"], id, "accepted", "", `If-Match: "9"`); r.status != http.StatusConflict {
		t.Errorf("stale If-Match = %d %s; want 409", r.status, r.body)
	}
	if r := sc.actors["admin"].post(t, s, fmt.Sprintf("/api/incidents/%v/transitions", id), `{"to":"duplicate","note":"重复上报","duplicate_of":999999}`); r.status != http.StatusBadRequest {
		t.Errorf("duplicate of a missing incident = %d; want 400", r.status)
	}
}

func TestConcurrentTransitionsOneWins(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	id := report(t, s, sc, sc.actors["grid_worker"], "").json(t)["id"]
	var wg sync.WaitGroup
	res := make([]response, 6)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := []string{"unit_cadre", "admin"}[i%2]
			res[i] = transition(t, s, sc.actors[who], id, "accepted", "", `If-Match: "1"`)
		}()
	}
	wg.Wait()
	won := 0
	for _, r := range res {
		switch r.status {
		case http.StatusOK:
			won++
		case http.StatusConflict:
			if cur := r.json(t)["incident"].(map[string]any); cur["status"] != "accepted" || cur["version"].(float64) != 2 {
				t.Errorf("the loser's 409 shows %v v%v; want accepted v2", cur["status"], cur["version"])
			}
		default:
			t.Errorf("concurrent accept = %d %s", r.status, r.body)
		}
	}
	if won != 1 {
		t.Errorf("%d of 6 concurrent transitions won; want exactly 1", won)
	}
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	// Reports are stamped with the wall clock; the default deadline of a
	// report is the end of the next working day (domain.DefaultWorkDays) on
	// the calendar the store was seeded with.
	now := time.Now().UTC()
	s := api.New(sc.store, api.Config{Now: func() time.Time { return now }}, quietLog())
	id := report(t, s, sc, sc.actors["grid_worker"], "").json(t)["id"]
	leader := sc.actors["leader"].header()
	overdue := func() map[any]bool {
		ids := map[any]bool{}
		r := get(t, s, "/api/incidents?overdue=true&limit=1000", leader...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/incidents?overdue=true = %d %s", r.status, r.body)
		}
		for _, x := range r.json(t)["incidents"].([]any) {
			m := x.(map[string]any)
			if m["overdue"] != true {
				t.Errorf("overdue=true listed incident %v not marked overdue", m["id"])
			}
			ids[m["id"]] = true
		}
		return ids
	}
	if overdue()[id] {
		t.Errorf("a fresh report is overdue")
	}
	cal, err := sc.store.Calendar(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	due := domain.WorkdaysDue(cal, now, 1)
	for _, at := range []struct {
		now  time.Time
		want bool
	}{{now.Add(23 * time.Hour), false}, {due.Add(-time.Minute), false}, {due.Add(time.Minute), true}} {
		now = at.now // the actors' API tokens last an hour: log the leader in again
		_, cookie := login(t, s, "t-leader", testPassword)
		leader = []string{"Cookie: " + cookie}
		if got := overdue()[id]; got != at.want {
			t.Errorf("a report not accepted by %v (due %v) overdue: %v; want %v", at.now.In(data.ChinaTime), due.In(data.ChinaTime), got, at.want)
		}
	}
	if r := get(t, s, "/api/incidents?overdue=yes", leader...); r.status != http.StatusBadRequest {
		t.Errorf("overdue=yes = %d; want 400", r.status)
	}
}

func TestConfiguredIncidentTypes(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{IncidentTypes: []data.IncidentType{{Name: "宅基地纠纷"}, {Name: "其他"}}}, quietLog())
	lon, lat := cellLabel(t, s, sc.inCell)
	admin := sc.actors["admin"]
	if r := admin.post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"宅基地纠纷","summary":"x"}`, lon, lat)); r.status != http.StatusCreated {
		t.Errorf("a configured type = %d %s; want 201", r.status, r.body)
	}
	r := admin.post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":"x"}`, lon, lat))
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "type" {
		t.Errorf("a default type this instance dropped = %d field %q; want 400 naming type", r.status, field)
	}
	services := string(get(t, s, "/open311/v2/services.json").body)
	if !strings.Contains(services, `"service_code":"type-1","service_name":"宅基地纠纷"`) || !strings.Contains(services, `"service_code":"other"`) || strings.Contains(services, "neighbour") {
		t.Errorf("services.json = %s; want type-1 宅基地纠纷 and other only", services)
	}
	if byType := get(t, s, "/api/stats?cell="+sc.inCell).json(t)["stats"].(map[string]any)["by_type"].(map[string]any); byType["宅基地纠纷"] != 1.0 {
		t.Errorf("stats by_type = %v; want 宅基地纠纷 counted", byType)
	}
	if types := get(t, s, "/api/config").json(t)["incident_types"]; !reflect.DeepEqual(types, []any{"宅基地纠纷", "其他"}) {
		t.Errorf("config incident_types = %v; want the configured 宅基地纠纷, 其他", types)
	}
	if r := get(t, s, "/api/hotspots?type="+url.QueryEscape("宅基地纠纷")); r.status != http.StatusOK {
		t.Errorf("hotspots of a configured type = %d %s; want 200", r.status, r.body)
	}
}

// TestOverdueFilterAgreesWithView: the overdue filter lists exactly the
// incidents the view marks overdue, even for a library caller whose
// deadlines name a status that is not open (closed has no deadline).
func TestOverdueFilterAgreesWithView(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	closed, _, err := sc.store.Incidents(t.Context(), data.IncidentFilter{Statuses: []string{data.StatusClosed}, Limit: 1})
	if err != nil || len(closed) == 0 || time.Since(closed[0].StageSince) < time.Hour {
		t.Fatalf("closed incidents: %+v, %v; want one closed over an hour ago, which the deadline would make overdue", closed, err)
	}
	// PetitionDays -1: no petition's reply deadline either.
	s := api.New(sc.store, api.Config{Deadlines: domain.Deadlines{data.StatusClosed: time.Hour}, PetitionDays: -1}, quietLog())
	r := get(t, s, "/api/incidents?overdue=true&limit=1000", sc.actors["leader"].header()...)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/incidents?overdue=true = %d %s", r.status, r.body)
	}
	if list := r.json(t)["incidents"].([]any); len(list) != 0 {
		t.Errorf("overdue=true with a deadline only for closed listed %d incidents, e.g. %v; want none", len(list), list[0])
	}
}
