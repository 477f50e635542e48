package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// The personal identifiers the test incident's texts hold, and how a
// masked reader must see them.
const (
	freeID             = "500222198001011234"
	freeIDX            = "50022219800101123X"
	freeIDGroups       = "500222 19790202 4321" // as the card groups it
	freePhone          = "13812345678"
	freePhone2         = "13912345678"
	freeParty          = "张三丰"
	freeParty2         = "李四"
	freeIDMasked       = "5002**********1234"
	freeIDXMasked      = "5002**********123X"
	freeIDGroupsMasked = "5002** ******** 4321"
	freePhoneMasked    = "138****5678"
	freePartyMasked    = "张*丰"
)

// keysOf returns the sorted keys of a JSON object.
func keysOf(v any) []string {
	m, _ := v.(map[string]any)
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestFreeTextMaskedLikeItsIncident files an incident whose summary, note
// and photo name hold an identity number, phones and the parties' names,
// then reads it as the leader (who sees incidents masked) and as the
// admin: the leader's list, detail, timeline, write answers and 409s show
// them masked and nothing is audited; the admin's show them verbatim, each
// read audited once; the answers have the same shape either way.
func TestFreeTextMaskedLikeItsIncident(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cadre, leader, admin := sc.actors["unit_cadre"], sc.actors["leader"], sc.actors["admin"]
	lon, lat := cellLabel(t, s, sc.inCell)
	summary := freeParty + "（" + freeID + "）电话" + freePhone + "与邻居争执"
	r := cadre.post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":%q,"parties":[%q,%q]}`,
		lon, lat, summary, freeParty, freeParty2))
	if r.status != http.StatusCreated {
		t.Fatalf("report = %d %s", r.status, r.body)
	}
	id := int64(r.json(t)["id"].(float64))
	inc := fmt.Sprintf("/api/incidents/%d", id)
	note := freeParty2 + "称" + freeParty + "欠款，电话 " + freePhone2 + "，身份证" + freeIDX
	if r := transition(t, s, cadre, id, "accepted", note); r.status != http.StatusOK {
		t.Fatalf("accept = %d %s", r.status, r.body)
	}
	if r := transition(t, s, cadre, id, "escalated", "上交镇综治中心，另一方身份证 "+freeIDGroups); r.status != http.StatusOK {
		t.Fatalf("escalate = %d %s", r.status, r.body)
	}
	if r := cadre.upload(t, s, inc+"/attachments", multipartBody(t, "file", freeParty2+freePhone+".png", "image/png", tinyPNG(t))); r.status != http.StatusCreated {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	secrets := []string{freeID, freeIDX, freeIDGroups, freePhone, freePhone2, freeParty, freeParty2}
	shows := func(body []byte) []string {
		var found []string
		for _, x := range secrets {
			if strings.Contains(string(body), x) {
				found = append(found, x)
			}
		}
		return found
	}
	record := fmt.Sprintf("incident:%d", id)
	audits := func(a *actor, action string) []data.AuditEntry {
		t.Helper()
		es, _, err := sc.store.Audit(t.Context(), data.AuditFilter{UserID: a.user.ID, Action: action})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	leaderAudits := func() int {
		t.Helper()
		es, _, err := sc.store.Audit(t.Context(), data.AuditFilter{UserID: leader.user.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}

	// The leader: every text masked, nothing audited.
	lev := get(t, s, inc+"/events", leader.header()...)
	ldet := get(t, s, inc, leader.header()...)
	llist := get(t, s, "/api/incidents?cell="+sc.inCell+"&limit=1000", leader.header()...)
	lopen := get(t, s, fmt.Sprintf("/open311/v2/requests/%d.json", id), leader.header()...)
	for _, c := range []struct {
		name string
		r    response
		want []string
	}{
		{"events", lev, []string{freePartyMasked, "李*", freePhoneMasked, "139****5678", freeIDXMasked, freeIDGroupsMasked}},
		{"detail", ldet, []string{freePartyMasked, freeIDMasked, freePhoneMasked}},
		{"list", llist, []string{freePartyMasked, freeIDMasked, freePhoneMasked}},
		{"Open311 request", lopen, []string{freePartyMasked, freeIDMasked, freePhoneMasked}},
	} {
		if c.r.status != http.StatusOK {
			t.Fatalf("leader's %s = %d %s", c.name, c.r.status, c.r.body)
		}
		if found := shows(c.r.body); len(found) > 0 {
			t.Errorf("the leader's %s shows %v verbatim:\n%s", c.name, found, c.r.body)
		}
		for _, w := range c.want {
			if !strings.Contains(string(c.r.body), w) {
				t.Errorf("the leader's %s lacks the masked %q:\n%s", c.name, w, c.r.body)
			}
		}
	}
	if n := leaderAudits(); n != 0 {
		t.Errorf("the leader's masked reads wrote %d audit entries; want none", n)
	}

	// The leader's write answer and 409 are masked too.
	w := leader.post(t, s, inc+"/transitions", `{"to":"accepted","note":"退回村里办理"}`)
	if w.status != http.StatusOK || len(shows(w.body)) > 0 || w.json(t)["masked"] != true || w.json(t)["description"] != nil {
		t.Errorf("the leader's transition answer = %d, shows %v:\n%s\nwant 200, masked, without the description", w.status, shows(w.body), w.body)
	}
	stale := leader.post(t, s, inc+"/transitions", `{"to":"closed","version":1}`)
	if stale.status != http.StatusConflict || len(shows(stale.body)) > 0 || !strings.Contains(string(stale.body), freeIDMasked) {
		t.Errorf("the leader's stale transition = %d, shows %v:\n%s\nwant 409 with the summary masked", stale.status, shows(stale.body), stale.body)
	}
	if n := leaderAudits(); n != 0 {
		t.Errorf("the leader's writes wrote %d audit entries; want none", n)
	}

	// The admin: verbatim, and each read audited once.
	aev := get(t, s, inc+"/events", admin.header()...)
	if found := shows(aev.body); len(found) != len(secrets)-1 || slices.Contains(found, freeID) {
		t.Errorf("the admin's events show %v; want all of %v but the summary's %s verbatim:\n%s", found, secrets, freeID, aev.body)
	}
	if es := audits(admin, "read_incident_events"); len(es) != 1 || es[0].Record != record {
		t.Errorf("the admin's read of the events wrote %+v; want one read_incident_events entry for %s", es, record)
	}
	alist := get(t, s, "/api/incidents?cell="+sc.inCell+"&limit=1000", admin.header()...)
	if !strings.Contains(string(alist.body), summary) {
		t.Errorf("the admin's list lacks the summary verbatim")
	}
	if es := audits(admin, "read_incident_list"); len(es) != 1 || es[0].Record != "incidents" || !slices.Contains(strings.Split(es[0].Detail, ","), record) {
		t.Errorf("the admin's list audit = %+v; want one read_incident_list entry naming %s", es, record)
	}
	adet := get(t, s, inc, admin.header()...)
	if es := audits(admin, "read_incident"); !strings.Contains(string(adet.body), summary) || len(es) != 1 || es[0].Record != record {
		t.Errorf("the admin's detail: summary verbatim %v, audit %+v; want true, one read_incident entry for %s",
			strings.Contains(string(adet.body), summary), es, record)
	}

	// Same shape: the same events with the same members; the same list item members.
	var le, ae struct{ Events []map[string]any }
	mustJSON(t, get(t, s, inc+"/events", leader.header()...).body, &le)
	mustJSON(t, aev.body, &ae)
	if len(le.Events) != len(ae.Events) || len(le.Events) != 5 {
		t.Fatalf("events: leader %d, admin %d; want 5 each (created, accepted, escalated, attachment, accepted)", len(le.Events), len(ae.Events))
	}
	for i := range le.Events {
		if !slices.Equal(keysOf(le.Events[i]), keysOf(ae.Events[i])) || le.Events[i]["kind"] != ae.Events[i]["kind"] {
			t.Errorf("event %d: leader %v, admin %v; want the same members and kind", i, le.Events[i], ae.Events[i])
		}
	}
	item := func(r response) any {
		var v struct{ Incidents []map[string]any }
		mustJSON(t, r.body, &v)
		for _, in := range v.Incidents {
			if in["id"] == float64(id) {
				return in
			}
		}
		t.Fatalf("incident %d not in the list", id)
		return nil
	}
	if lk, ak := keysOf(item(llist)), keysOf(item(alist)); !slices.Equal(lk, ak) {
		t.Errorf("list item members: leader %v, admin %v; want the same", lk, ak)
	}
	var ld, ad map[string]any
	if err := json.Unmarshal(ldet.body, &ld); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(adet.body, &ad); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keysOf(ld), keysOf(ad)) {
		t.Errorf("detail members: leader %v, admin %v; want the same", keysOf(ld), keysOf(ad))
	}
}
