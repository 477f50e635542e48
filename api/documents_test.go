package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// documentCase files a dispute between a resident of the scene's cell and
// a stranger, takes it through an agreement (by the scene's mediator) to a
// passed 回访, and returns its ID and the resident.
func documentCase(t *testing.T, s http.Handler, sc *scene) (string, data.Resident) {
	t.Helper()
	rs, _, err := sc.store.Residents(t.Context(), data.ResidentFilter{CellCode: sc.inCell})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range rs {
		count[r.Name]++
	}
	var res data.Resident
	for _, r := range rs {
		if count[r.Name] == 1 && r.Phone != "" && r.Gender != "" {
			res = r
			break
		}
	}
	if res.ID == 0 {
		t.Fatalf("cell %s has no resident with a unique name and a phone", sc.inCell)
	}
	cadre := sc.actors["unit_cadre"]
	med := sc.actors["mediator"].user.MediatorID
	id := fmt.Sprint(report(t, s, sc, cadre, fmt.Sprintf(`,"parties":[%q,"外村人王五"],"description":"两户因排水沟堵塞争执"`, res.Name)).json(t)["id"])
	if r := cadre.post(t, s, "/api/incidents/"+id+"/mediators", fmt.Sprintf(`{"mediators":[%d]}`, med)); r.status != http.StatusOK {
		t.Fatalf("assign = %d %s", r.status, r.body)
	}
	for _, to := range []string{"accepted", "mediating"} {
		if r := transition(t, s, cadre, id, to, ""); r.status != http.StatusOK {
			t.Fatalf("-> %s = %d %s", to, r.status, r.body)
		}
	}
	rec := fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_text":"王五三日内疏通排水沟","agreement_ref":"安调协〔2026〕7号","note":"双方到场"}`, med)
	if r := sc.actors["mediator"].post(t, s, "/api/incidents/"+id+"/mediation", rec); r.status != http.StatusCreated {
		t.Fatalf("mediation = %d %s", r.status, r.body)
	}
	if r := transition(t, s, cadre, id, "resolved", ""); r.status != http.StatusOK {
		t.Fatalf("-> resolved = %d %s", r.status, r.body)
	}
	if r := cadre.post(t, s, "/api/incidents/"+id+"/followups", `{"method":"visit","reached":true,"performed":"yes","satisfaction":"satisfied","note":"沟已疏通"}`); r.status != http.StatusCreated {
		t.Fatalf("回访 = %d %s", r.status, r.body)
	}
	return id, res
}

// TestDocuments: each document of a case taken to a passed 回访 holds
// what was entered (parties with the resident's details for those who
// read the cell's residents in full, facts, mediators, agreement, 回访);
// every fetch is audited; a leader, who sees the case masked, and a
// viewer get 403; an unknown kind, and a document a fresh case lacks, 404
// naming kind. The checklist names what is missing and the 司法确认 window.
func TestDocuments(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	id, res := documentCase(t, s, sc)
	gw, mediator := sc.actors["grid_worker"], sc.actors["mediator"]
	want := map[string][]string{
		"application": {"人民调解申请书", "两户因排水沟堵塞争执", "申请人（签名）", "受理登记", "人民调解委员会"},
		"notice":      {"人民调解权利义务告知书", "选择或者接受人民调解员", "如实陈述纠纷事实", "当事人（签名）", "外村人王五"},
		"record":      {"人民调解记录", "第1次调解", "双方到场", "王五三日内疏通排水沟", "人民调解员（签名）"},
		"agreement":   {"人民调解协议书", "编号：安调协〔2026〕7号", "王五三日内疏通排水沟", "第三十三条", "三十日内", "人民调解委员会（印章）", "当事人（签名盖章或按指印）"},
		"followup":    {"人民调解回访记录", "入户回访", "已履行", "满意", "沟已疏通", "回访人（签名）"},
	}
	for kind, parts := range want {
		path := "/api/incidents/" + id + "/documents/" + kind
		before, _, err := sc.store.Audit(t.Context(), data.AuditFilter{Action: "read_document", Record: "incident:" + id})
		if err != nil {
			t.Fatal(err)
		}
		r := get(t, s, path, gw.header()...)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s as the grid worker = %d %s %.300s; want 200 HTML", path, r.status, r.header.Get("Content-Type"), r.body)
		}
		page := string(r.body)
		if kind != "notice" { // the notice names the parties only
			parts = append(parts, res.Phone)
		}
		for _, p := range append(parts, res.Name, "size: A4") {
			if !strings.Contains(page, p) {
				t.Errorf("GET %s lacks %q", path, p)
			}
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: CSP %q, Cache-Control %q; want default-src 'none' and no-store", path, csp, r.header.Get("Cache-Control"))
		}
		after, _, err := sc.store.Audit(t.Context(), data.AuditFilter{Action: "read_document", Record: "incident:" + id})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 || after[0].Detail != fmt.Sprintf("kind=%s residents=%d", kind, res.ID) || after[0].UserID != gw.user.ID {
			t.Errorf("audit after GET %s = %+v; want one more read_document by the grid worker naming the kind and resident %d", path, after, res.ID)
		}
		// The mediator sees the case in full but the cell's residents masked: the names only.
		m := get(t, s, path, mediator.header()...)
		if m.status != http.StatusOK || !strings.Contains(string(m.body), res.Name) || strings.Contains(string(m.body), res.Phone) {
			t.Errorf("GET %s as the mediator = %d; want 200 with the party's name and without the resident's phone %s", path, m.status, res.Phone)
		}
		for _, role := range []string{"leader", "viewer"} {
			if r := get(t, s, path, sc.actors[role].header()...); r.status != http.StatusForbidden {
				t.Errorf("GET %s as %s = %d %s; want 403", path, role, r.status, r.body)
			} else if code, _ := r.errorOf(t); code != "forbidden" {
				t.Errorf("GET %s as %s: error code %q; want forbidden", path, role, code)
			}
		}
	}
	if r := get(t, s, "/api/incidents/"+id+"/documents/minutes", gw.header()...); r.status != http.StatusNotFound {
		t.Errorf("unknown kind = %d %s; want 404", r.status, r.body)
	} else if _, field := r.errorOf(t); field != "kind" {
		t.Errorf("unknown kind names field %q; want kind", field)
	}

	// A fresh report: only what it has.
	fresh := fmt.Sprint(report(t, s, sc, gw, `,"parties":["赵六"]`).json(t)["id"])
	for kind, want := range map[string]int{"application": 200, "notice": 404, "record": 404, "agreement": 404, "followup": 404} {
		r := get(t, s, "/api/incidents/"+fresh+"/documents/"+kind, gw.header()...)
		if r.status != want {
			t.Errorf("GET %s of a fresh report = %d %.200s; want %d", kind, r.status, r.body, want)
		}
		if want == 404 {
			if _, field := r.errorOf(t); field != "kind" {
				t.Errorf("GET %s of a fresh report names field %q; want kind", kind, field)
			}
		}
	}
	list := get(t, s, "/api/incidents/"+fresh+"/documents", sc.actors["leader"].header()...).json(t)
	var missing []string
	for _, it := range list["items"].([]any) {
		m := it.(map[string]any)
		missing = append(missing, fmt.Sprint(m["kind"], ":", m["missing"]))
	}
	if got := strings.Join(missing, " "); got != "application:<nil> notice:not_accepted record:no_mediation agreement:no_agreement followup:no_followup" ||
		list["window"] != nil || list["readable"] != false {
		t.Errorf("checklist of a fresh report for the leader = %v; want the four missing, no window, not readable", list)
	}
	full := get(t, s, "/api/incidents/"+id+"/documents", gw.header()...).json(t)
	w, _ := full["window"].(map[string]any)
	if full["readable"] != true || w == nil || w["days_left"] != float64(30) || w["closing"] != false {
		t.Errorf("checklist of the agreed case = %v; want readable, 30 days left of the 司法确认 window", full)
	}
}

// TestDocumentsOpenAPI: the answers of /api/incidents/{id}/documents and
// /api/incidents/{id}/documents/{kind}, each status the test can bring
// about, fit the document's schemas; the document is text/html.
func TestDocumentsOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	list, one := doc.Paths.Value("/incidents/{id}/documents"), doc.Paths.Value("/incidents/{id}/documents/{kind}")
	if list == nil || list.Get == nil || one == nil || one.Get == nil {
		t.Fatalf("documents paths: %+v, %+v; want a GET each", list, one)
	}
	id, _ := documentCase(t, s, sc)
	admin := sc.actors["admin"]
	fits := func(item string, status int, r response) {
		t.Helper()
		op := list.Get
		if item == "one" {
			op = one.Get
		}
		resp := op.Responses.Status(status)
		if r.status != status || resp == nil {
			t.Fatalf("%s answer %d %.200s; want %d, documented", item, r.status, r.body, status)
		}
		if status == http.StatusOK && item == "one" {
			if resp.Value.Content.Get("text/html") == nil || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("document: %s, documented %v; want text/html", r.header.Get("Content-Type"), resp.Value.Content)
			}
			return
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s %d answer %s does not fit its schema: %v", item, status, r.body, err)
		}
	}
	fits("list", http.StatusOK, get(t, s, "/api/incidents/"+id+"/documents", admin.header()...))
	fits("list", http.StatusOK, get(t, s, fmt.Sprintf("/api/incidents/%d/documents", sc.outIncident), admin.header()...))
	fits("list", http.StatusNotFound, get(t, s, "/api/incidents/99999999/documents", admin.header()...))
	fits("list", http.StatusForbidden, get(t, s, "/api/incidents/"+id+"/documents", sc.actors["viewer"].header()...))
	fits("list", http.StatusBadRequest, get(t, s, "/api/incidents/x/documents", admin.header()...))
	fits("one", http.StatusOK, get(t, s, "/api/incidents/"+id+"/documents/agreement", admin.header()...))
	fits("one", http.StatusNotFound, get(t, s, "/api/incidents/"+id+"/documents/minutes", admin.header()...))
	fits("one", http.StatusForbidden, get(t, s, "/api/incidents/"+id+"/documents/agreement", sc.actors["leader"].header()...))
	fits("one", http.StatusUnauthorized, get(t, s, "/api/incidents/"+id+"/documents/agreement"))
}
