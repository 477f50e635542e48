package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/data"
)

// badCase is a request that must fail with a status naming a field.
type badCase struct {
	name   string
	who    string
	path   string
	body   string
	status int
	field  string
}

func runBad(t *testing.T, s http.Handler, sc *scene, cases []badCase, headers ...string) {
	t.Helper()
	for _, c := range cases {
		r := sc.actors[c.who].post(t, s, c.path, c.body, headers...)
		if r.status != c.status {
			t.Errorf("%s: POST %s = %d %s; want %d", c.name, c.path, r.status, r.body, c.status)
			continue
		}
		if _, field := r.errorOf(t); field != c.field {
			t.Errorf("%s: error field = %q; want %q", c.name, field, c.field)
		}
	}
}

// auditCount counts the audit entries with the action and record.
func auditCount(t *testing.T, st data.Store, action, record string) int {
	t.Helper()
	_, n, err := st.Audit(context.Background(), data.AuditFilter{Action: action, Record: record})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMediationRecords(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	m := sc.actors["mediator"].user.MediatorID
	path := fmt.Sprintf("/api/incidents/%d/mediation", sc.inIncident)
	r := sc.actors["unit_cadre"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d],"at":"2026-03-02T10:00:00+08:00",
		"outcome":"agreement","agreement_text":"赔偿500元","agreement_ref":"安稳调〔2026〕3号","follow_up_on":"2026-04-01","note":"双方签字",
		"amount_agreed":12345.6,"prevented_crime":true}`, m))
	if r.status != http.StatusCreated {
		t.Fatalf("record as cadre = %d %s; want 201", r.status, r.body)
	}
	v := r.json(t)
	if v["outcome"] != "agreement" || v["agreement_ref"] != "安稳调〔2026〕3号" || v["at"] != "2026-03-02T02:00:00Z" ||
		v["follow_up_on"] != "2026-03-31T16:00:00Z" || v["amount_agreed"] != 12345.6 || v["prevented_crime"] != true ||
		v["prevented_petition"] != false || v["recorder_id"].(float64) != float64(sc.actors["unit_cadre"].user.ID) {
		t.Errorf("record as cadre = %s", r.body)
	}
	r = sc.actors["mediator"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d],"at":"2026-03-01","outcome":"ongoing"}`, m))
	if r.status != http.StatusCreated {
		t.Fatalf("record as the assigned mediator = %d %s; want 201", r.status, r.body)
	}

	runBad(t, s, sc, []badCase{
		{"no mediators", "admin", path, `{"outcome":"ongoing"}`, 400, "mediators"},
		{"unknown mediator", "admin", path, `{"mediators":[99999999],"outcome":"ongoing"}`, 400, "mediators"},
		{"mediator twice", "admin", path, fmt.Sprintf(`{"mediators":[%d,%d],"outcome":"ongoing"}`, m, m), 400, "mediators"},
		{"unknown outcome", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"success"}`, m), 400, "outcome"},
		{"agreement without text or ref", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement"}`, m), 400, "agreement_text"},
		{"negative amount", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"1号","amount_agreed":-1}`, m), 400, "amount_agreed"},
		{"amount with three decimals", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"1号","amount_agreed":1.005}`, m), 400, "amount_agreed"},
		{"amount in exponent form", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"1号","amount_agreed":1e3}`, m), 400, "amount_agreed"},
		{"amount as words", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"1号","amount_agreed":"五百"}`, m), 400, "amount_agreed"},
		{"amount without an agreement", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","amount_agreed":"20.50"}`, m), 400, "amount_agreed"},
		{"prevented flag not a boolean", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","prevented_crime":"yes"}`, m), 400, "prevented_crime"},
		{"leader with an amount", "leader", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"1号","amount_agreed":5}`, m), 403, ""},
		{"bad time", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","at":"yesterday"}`, m), 400, "at"},
		{"a session yet to be held", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","at":"2099-01-01"}`, m), 400, "at"},
		{"bad follow-up date", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","follow_up_on":"3/4"}`, m), 400, "follow_up_on"},
		{"unknown field", "admin", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","result":"ok"}`, m), 400, "result"},
		{"bad id", "admin", "/api/incidents/x/mediation", `{}`, 400, "id"},
		{"unknown incident", "admin", "/api/incidents/99999999/mediation", fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, m), 404, "id"},
		{"leader", "leader", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, m), 403, ""},
		{"grid worker", "grid_worker", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, m), 403, ""},
		{"viewer", "viewer", path, fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, m), 403, ""},
		{"cadre of another unit's incident", "unit_cadre", fmt.Sprintf("/api/incidents/%d/mediation", sc.outIncident),
			fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, m), 403, ""},
	})

	record := fmt.Sprint("incident:", sc.inIncident)
	before := auditCount(t, sc.store, "read_mediation", record)
	r = get(t, s, path, sc.actors["grid_worker"].header()...)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s as grid worker = %d %s", path, r.status, r.body)
	}
	rs := r.json(t)["records"].([]any)
	if len(rs) != 2 || rs[0].(map[string]any)["outcome"] != "ongoing" || rs[1].(map[string]any)["outcome"] != "agreement" {
		t.Errorf("GET %s = %s; want the ongoing session, then the agreement", path, r.body)
	}
	if got := auditCount(t, sc.store, "read_mediation", record); got != before+1 {
		t.Errorf("read_mediation entries = %d; want %d", got, before+1)
	}
	if r := get(t, s, path, sc.actors["leader"].header()...); r.status != http.StatusForbidden {
		t.Errorf("GET %s as leader (masked access) = %d; want 403", path, r.status)
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%d/events", sc.inIncident), sc.actors["admin"].header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != "mediation" || last["note"] != "ongoing" || last["actor_name"] != "t-mediator" {
		t.Errorf("last event = %v; want the mediator's ongoing session", last)
	}
}

func TestAssignMediators(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ms, err := sc.store.Mediators(context.Background(), data.MediatorFilter{UnitCode: sc.unit})
	if err != nil || len(ms) < 2 {
		t.Fatalf("Mediators(%s) = %d, %v; want at least two", sc.unit, len(ms), err)
	}
	a, b := ms[0].ID, ms[1].ID
	path := fmt.Sprintf("/api/incidents/%d/mediators", sc.inIncident)
	cur := get(t, s, fmt.Sprintf("/api/incidents/%d", sc.inIncident), sc.actors["admin"].header()...).json(t)
	version := int64(cur["version"].(float64))
	r := sc.actors["unit_cadre"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d,%d],"version":%d}`, b, a, version))
	if r.status != http.StatusOK {
		t.Fatalf("assign as cadre = %d %s; want 200", r.status, r.body)
	}
	v := r.json(t)
	if got := fmt.Sprint(v["mediators"]); got != fmt.Sprintf("[%d %d]", a, b) || int64(v["version"].(float64)) != version+1 {
		t.Errorf("assign as cadre = mediators %s, version %v; want [%d %d], %d", got, v["version"], a, b, version+1)
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%d/events", sc.inIncident), sc.actors["admin"].header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != "assigned" || last["note"] != fmt.Sprintf("%d, %d", a, b) {
		t.Errorf("last event = %v; want assigned %d, %d", last, a, b)
	}

	r = sc.actors["leader"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d],"version":%d}`, a, version))
	if r.status != http.StatusConflict || r.json(t)["incident"].(map[string]any)["version"].(float64) != float64(version+1) {
		t.Errorf("stale version = %d %s; want 409 with version %d", r.status, r.body, version+1)
	}
	r = sc.actors["leader"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d]}`, a), fmt.Sprintf(`If-Match: "%d"`, version))
	if r.status != http.StatusConflict {
		t.Errorf("stale If-Match = %d %s; want 409", r.status, r.body)
	}
	r = sc.actors["leader"].post(t, s, path, fmt.Sprintf(`{"mediators":[%d],"version":%d}`, a, version+1))
	if r.status != http.StatusOK {
		t.Errorf("assign as leader = %d %s; want 200", r.status, r.body)
	}
	runBad(t, s, sc, []badCase{
		{"no mediators field", "admin", path, `{"version":0}`, 400, "mediators"},
		{"unknown mediator", "admin", path, `{"mediators":[99999999]}`, 400, "mediators"},
		{"mediator twice", "admin", path, fmt.Sprintf(`{"mediators":[%d,%d]}`, a, a), 400, "mediators"},
		{"version as text", "admin", path, `{"mediators":[],"version":"3"}`, 400, "version"},
		{"unknown incident", "admin", "/api/incidents/99999999/mediators", `{"mediators":[]}`, 404, "id"},
		{"grid worker", "grid_worker", path, `{"mediators":[]}`, 403, "mediators"},
		{"mediator", "mediator", path, `{"mediators":[]}`, 403, ""},
		{"cadre of another unit's incident", "unit_cadre", fmt.Sprintf("/api/incidents/%d/mediators", sc.outIncident), `{"mediators":[]}`, 403, ""},
	})
	runBad(t, s, sc, []badCase{{"bad If-Match", "admin", path, `{"mediators":[]}`, 400, "If-Match"}}, `If-Match: "abc"`)
}

// addCadre adds a unit cadre of unit to the scene under the given name.
func addCadre(t *testing.T, sc *scene, name, unit string) *actor {
	t.Helper()
	ctx := context.Background()
	u := &data.User{Username: name, Name: name, Role: data.RoleUnitCadre, UnitCode: unit, PasswordHash: sc.actors["admin"].user.PasswordHash}
	if err := sc.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	secret := auth.NewSecret()
	now := time.Now().UTC()
	if err := sc.store.CreateToken(ctx, &data.Token{UserID: u.ID, Name: "test", Hash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return &actor{role: u.Role, user: u, token: secret}
}

func TestReassignIncident(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := context.Background()
	lon, lat := cellLabel(t, s, sc.inCell)
	// Flagged near the other unit's cell, as a report by a boundary would be.
	in, _, err := sc.store.CreateIncident(ctx, &data.Incident{Type: "其他", Source: "网格员上报", Summary: "界边争执",
		CellCode: sc.inCell, Location: [2]float64{lon, lat}, NearCell: sc.outCell, NearDistanceM: 30}, "")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/incidents/%d/cell", in.ID)
	otherCadre := addCadre(t, sc, "t-cadre-2", sc.outCell[:12])
	sc.actors["other_cadre"] = otherCadre

	var third string // a cell of neither unit's near flag: not the incident's, not its near cell
	cells := get(t, s, "/api/cells", sc.actors["admin"].header()...)
	for _, f := range cells.json(t)["features"].([]any) {
		code := f.(map[string]any)["properties"].(map[string]any)["code"].(string)
		if code != sc.inCell && code != sc.outCell {
			third = code
			break
		}
	}
	runBad(t, s, sc, []badCase{
		{"no cell", "admin", path, `{"reason":"r"}`, 400, "cell"},
		{"no reason", "admin", path, `{"cell":"` + sc.outCell + `","reason":"  "}`, 400, "reason"},
		{"unknown cell", "admin", path, `{"cell":"999","reason":"r"}`, 400, "cell"},
		{"the cell it is in", "admin", path, `{"cell":"` + sc.inCell + `","reason":"r"}`, 400, "cell"},
		{"stale version", "admin", path, `{"cell":"` + sc.outCell + `","reason":"r","version":99}`, 409, ""},
		{"unknown incident", "admin", "/api/incidents/99999999/cell", `{"cell":"` + sc.outCell + `","reason":"r"}`, 404, "id"},
		{"cadre, not the near cell", "unit_cadre", path, `{"cell":"` + third + `","reason":"r"}`, 403, "cell"},
		{"grid worker", "grid_worker", path, `{"cell":"` + sc.outCell + `","reason":"r"}`, 403, ""},
		{"mediator", "mediator", path, `{"cell":"` + sc.outCell + `","reason":"r"}`, 403, ""},
		{"viewer", "viewer", path, `{"cell":"` + sc.outCell + `","reason":"r"}`, 403, ""},
	})

	// The cadre of the near cell's unit takes it over.
	record := fmt.Sprint("incident:", in.ID)
	r := otherCadre.post(t, s, path, fmt.Sprintf(`{"cell":%q,"reason":"实际发生在邻村","version":%d}`, sc.outCell, in.Version))
	if r.status != http.StatusOK {
		t.Fatalf("reassign as the near unit's cadre = %d %s; want 200", r.status, r.body)
	}
	v := r.json(t)
	if v["cell"] != sc.outCell || (v["near_cell"] != nil && v["near_cell"] != "") || v["version"].(float64) != float64(in.Version+1) {
		t.Errorf("reassign = %s; want cell %s, no near cell, version %d", r.body, sc.outCell, in.Version+1)
	}
	es, _, err := sc.store.Audit(ctx, data.AuditFilter{Action: "reassign_incident", Record: record})
	if err != nil || len(es) != 1 || es[0].Detail != "from "+sc.inCell+" to "+sc.outCell+": 实际发生在邻村" {
		t.Errorf("reassign_incident audit = %+v, %v; want one entry with from, to and reason", es, err)
	}
	ev := get(t, s, path[:len(path)-len("/cell")]+"/events", sc.actors["admin"].header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != "reassigned" || last["actor_name"] != "t-cadre-2" {
		t.Errorf("last event = %v; want reassigned by t-cadre-2", last)
	}
	// Moved and no longer flagged: the first unit's cadre may not move it back.
	if r := sc.actors["unit_cadre"].post(t, s, path, `{"cell":"`+sc.inCell+`","reason":"r"}`); r.status != http.StatusForbidden {
		t.Errorf("reassign back as the first unit's cadre = %d %s; want 403", r.status, r.body)
	}
	// A leader moves it anywhere.
	if r := sc.actors["leader"].post(t, s, path, `{"cell":"`+third+`","reason":"镇里核实"}`); r.status != http.StatusOK {
		t.Errorf("reassign as leader = %d %s; want 200", r.status, r.body)
	}
}

// A mediation record resent by its recorder (its first answer lost on the
// way) answers 200 with the record kept, never a second copy; the same
// session with another note, or recorded by someone else, is a record of
// its own.
func TestMediationResend(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	m := sc.actors["mediator"].user.MediatorID
	path := fmt.Sprintf("/api/incidents/%d/mediation", sc.inIncident)
	body := func(note string) string {
		return fmt.Sprintf(`{"mediators":[%d],"at":"2026-03-02T10:00:00+08:00","outcome":"ongoing","follow_up_on":"2026-04-01","note":%q}`, m, note)
	}
	cadre := sc.actors["unit_cadre"]
	first := cadre.post(t, s, path, body("初次调解"))
	if first.status != http.StatusCreated {
		t.Fatalf("record = %d %s; want 201", first.status, first.body)
	}
	again := cadre.post(t, s, path, body("初次调解"))
	if again.status != http.StatusOK {
		t.Fatalf("the same record again = %d %s; want 200", again.status, again.body)
	}
	f, a := first.json(t), again.json(t)
	if a["id"] != f["id"] || a["incident_version"] != f["incident_version"] {
		t.Errorf("the same record again = %s; want the first %s", again.body, first.body)
	}
	for _, c := range []struct {
		name string
		who  *actor
		body string
	}{
		{"another note", cadre, body("第二次调解")},
		{"another recorder", sc.actors["admin"], body("初次调解")},
	} {
		if r := c.who.post(t, s, path, c.body); r.status != http.StatusCreated {
			t.Errorf("%s = %d %s; want 201", c.name, r.status, r.body)
		}
	}
	if rs := get(t, s, path, cadre.header()...).json(t)["records"].([]any); len(rs) != 3 {
		t.Errorf("GET %s = %d records; want 3 (the resend not stored)", path, len(rs))
	}
}

// TestNegativeVersionRefused: a negative version in the body of any write
// to one incident is bad input, a 400 naming version, not the 409 of a
// version the incident has moved past.
func TestNegativeVersionRefused(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	base := fmt.Sprintf("/api/incidents/%d/", sc.inIncident)
	runBad(t, s, sc, []badCase{
		{"transition", "admin", base + "transitions", `{"to":"escalated","note":"上交","version":-5}`, 400, "version"},
		{"mediators", "admin", base + "mediators", `{"mediators":[],"version":-5}`, 400, "version"},
		{"cell", "admin", base + "cell", fmt.Sprintf(`{"cell":%q,"reason":"划错","version":-5}`, sc.outCell), 400, "version"},
		{"parties", "admin", base + "parties", `{"party_details":[],"version":-5}`, 400, "version"},
		{"followup", "admin", base + "followups", `{"method":"phone","reached":false,"version":-5}`, 400, "version"},
		{"extend", "admin", base + "extend", `{"days":10,"reason":"复杂","version":-5}`, 400, "version"},
	})
}
