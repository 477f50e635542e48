package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/sqlite"
	"gridmap/domain"
)

// TestNotifyAssignment: assigning a mediator puts a notification in the
// inbox of the mediator's account, which it alone sees and marks read,
// and queues one webhook message naming the case, its type, its cell and
// a link, and none of the case's personal data.
func TestNotifyAssignment(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "https://grid.example.cn", NotifyOutbound: true}, quietLog())
	admin, med := sc.actors["admin"], sc.actors["mediator"]
	path := fmt.Sprintf("/api/incidents/%d/mediators", sc.inIncident)
	if r := admin.post(t, s, path, `{"mediators":[]}`); r.status != http.StatusOK {
		t.Fatalf("unassign = %d %s", r.status, r.body)
	}
	if r := admin.post(t, s, path, fmt.Sprintf(`{"mediators":[%d]}`, med.user.MediatorID)); r.status != http.StatusOK {
		t.Fatalf("assign = %d %s", r.status, r.body)
	}
	inbox := get(t, s, "/api/notifications", med.header()...).json(t)
	items, _ := inbox["items"].([]any)
	if len(items) != 1 || inbox["unread"] != float64(1) {
		t.Fatalf("mediator's inbox = %v; want one unread notification", inbox)
	}
	n := items[0].(map[string]any)
	if n["kind"] != data.NotifyAssigned || n["incident_id"] != float64(sc.inIncident) || n["read_at"] != nil {
		t.Errorf("notification = %v; want assigned, incident %d, unread", n, sc.inIncident)
	}
	if other := get(t, s, "/api/notifications", sc.actors["unit_cadre"].header()...).json(t); other["unread"] != float64(0) {
		t.Errorf("cadre's inbox = %v; want nothing of the mediator's", other)
	}
	id := int64(n["id"].(float64))
	if r := sc.actors["unit_cadre"].post(t, s, fmt.Sprintf("/api/notifications/%d/read", id), ""); r.status != http.StatusNotFound {
		t.Errorf("cadre marks the mediator's notification read = %d; want 404", r.status)
	}
	if r := med.post(t, s, fmt.Sprintf("/api/notifications/%d/read", id), ""); r.status != http.StatusNoContent {
		t.Errorf("mark read = %d %s; want 204", r.status, r.body)
	}
	if inbox := get(t, s, "/api/notifications", med.header()...).json(t); inbox["unread"] != float64(0) {
		t.Errorf("inbox after marking read = %v; want unread 0", inbox)
	}

	ms, err := sc.store.Outbox(t.Context(), 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("Outbox() = %+v, %v; want one message", ms, err)
	}
	in, err := sc.store.Incident(t.Context(), sc.inIncident)
	if err != nil {
		t.Fatal(err)
	}
	cell, err := sc.store.Cell(t.Context(), in.CellCode)
	if err != nil {
		t.Fatal(err)
	}
	body := ms[0].Body
	for _, want := range []string{domain.ExportedNumber(in.ID), in.Type, cell.Name, fmt.Sprintf("https://grid.example.cn/#/cases?incident=%d", in.ID)} {
		if !strings.Contains(body, want) {
			t.Errorf("webhook message %s lacks %q", body, want)
		}
	}
	private := append([]string{in.Summary, in.Description, med.user.Name}, in.Parties...)
	for _, w := range cell.GridWorkers {
		private = append(private, w.Name, w.Phone)
	}
	for _, p := range private {
		if p != "" && strings.Contains(body, p) {
			t.Errorf("webhook message %s carries personal data %q", body, p)
		}
	}
	r := get(t, s, "/api/notifications/deliveries", admin.header()...)
	if msgs, _ := r.json(t)["messages"].([]any); r.status != http.StatusOK || len(msgs) != 1 {
		t.Errorf("GET deliveries = %d %s; want the one message", r.status, r.body)
	}
}

// TestNotifyMention: "@username" in a mediation record's note notifies
// that account, once; the author is not notified of mentioning themself.
func TestNotifyMention(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	med, cadre := sc.actors["mediator"], sc.actors["unit_cadre"]
	note := fmt.Sprintf("已约双方面谈，请 @%s 和 @%s 跟进。", cadre.user.Username, med.user.Username)
	r := med.post(t, s, fmt.Sprintf("/api/incidents/%d/mediation", sc.inIncident),
		fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing","note":%q}`, med.user.MediatorID, note))
	if r.status != http.StatusCreated {
		t.Fatalf("mediation record = %d %s", r.status, r.body)
	}
	inbox := get(t, s, "/api/notifications", cadre.header()...).json(t)
	items, _ := inbox["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["kind"] != data.NotifyMentioned {
		t.Errorf("cadre's inbox = %v; want one mention", inbox)
	}
	if own := get(t, s, "/api/notifications", med.header()...).json(t); own["unread"] != float64(0) {
		t.Errorf("author's inbox = %v; want no notification of their own mention", own)
	}
}

// TestOverdueScanIdempotent: two servers on two handles of one database
// scan at once, and again: every overdue case's people are notified once
// per stage, and the webhook gets one message per case and stage.
func TestOverdueScanIdempotent(t *testing.T) {
	t.Parallel()
	path := sampleCopy(t)
	later := func() time.Time { return time.Now().AddDate(1, 0, 0) } // every open case overdue
	var servers []*api.Server
	var stores []data.Store
	for range 2 {
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
		servers = append(servers, api.New(st, api.Config{Now: later, NotifyOutbound: true}, quietLog()))
	}
	sc := newScene(t, stores[0])
	scan := func() {
		var wg sync.WaitGroup
		for _, s := range servers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.ScanOverdue(t.Context()); err != nil {
					t.Errorf("ScanOverdue() = %v", err)
				}
			}()
		}
		wg.Wait()
	}
	scan()
	inbox, err := stores[1].Notifications(t.Context(), sc.actors["mediator"].user.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, n := range inbox.Items {
		k := fmt.Sprintf("%d:%s", n.IncidentID, n.Stage)
		if !(n.Kind == data.NotifyOverdue || n.Kind == data.NotifyFollowupDue && n.Stage == data.StatusResolved) || n.Stage == "" || seen[k] {
			t.Errorf("notification %+v: want overdue (or 回访 due), with a stage, once per case and stage", n)
		}
		seen[k] = true
	}
	if len(inbox.Items) == 0 {
		t.Errorf("mediator's inbox is empty; want their overdue cases")
	}
	for _, n := range inbox.Items {
		if in := mustIncident(t, stores[0], n.IncidentID); !slices.Contains(in.Mediators, sc.actors["mediator"].user.MediatorID) && in.ReporterID != n.UserID {
			t.Errorf("notification %+v: the case is not the mediator's", n)
		}
	}
	out1, err := stores[0].Outbox(t.Context(), 100)
	if err != nil || len(out1) == 0 {
		t.Fatalf("Outbox() = %d messages, %v; want some", len(out1), err)
	}
	scan()
	again, err := stores[0].Notifications(t.Context(), sc.actors["mediator"].user.ID, 0, 100)
	out2, err2 := stores[1].Outbox(t.Context(), 100)
	if err != nil || err2 != nil || len(again.Items) != len(inbox.Items) || len(out2) != len(out1) {
		t.Errorf("after scanning again: %d notifications, %d messages; want %d and %d", len(again.Items), len(out2), len(inbox.Items), len(out1))
	}
}

// sampleCopy is the path of a copy of the sample town's database, the
// test's own.
func sampleCopy(t *testing.T) string {
	t.Helper()
	src, err := sampleDB()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gridmap.db")
	if err := copyFile(src, path); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustIncident(t *testing.T, st data.Store, id int64) *data.Incident {
	t.Helper()
	in, err := st.Incident(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestNotifyReturned: a case sent back (退回) to reported notifies its
// reporter, and the reason's @mention its account.
func TestNotifyReturned(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	gw, admin, cadre := sc.actors["grid_worker"], sc.actors["admin"], sc.actors["unit_cadre"]
	lon, lat := sc.inCellLabel(t, s)
	r := gw.post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵"}`, lon, lat))
	if r.status != http.StatusCreated {
		t.Fatalf("report = %d %s", r.status, r.body)
	}
	id := int64(r.json(t)["id"].(float64))
	path := fmt.Sprintf("/api/incidents/%d/transitions", id)
	if r := admin.post(t, s, path, `{"to":"accepted"}`); r.status != http.StatusOK {
		t.Fatalf("accept = %d %s", r.status, r.body)
	}
	note := fmt.Sprintf(`{"to":"reported","note":"位置不对，请 @%s 核实"}`, cadre.user.Name)
	if r := admin.post(t, s, path, note); r.status != http.StatusOK {
		t.Fatalf("return = %d %s", r.status, r.body)
	}
	for _, c := range []struct {
		who  *actor
		kind string
	}{{gw, data.NotifyReturned}, {cadre, data.NotifyMentioned}} {
		inbox := get(t, s, "/api/notifications", c.who.header()...).json(t)
		items, _ := inbox["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["kind"] != c.kind || items[0].(map[string]any)["incident_id"] != float64(id) {
			t.Errorf("%s's inbox = %v; want one %s notification of case %d", c.who.user.Username, inbox, c.kind, id)
		}
	}
}

// TestFollowupDueScan: a resolved case past its 回访's deadline (working
// days after 化解) without a passed 回访 makes one "回访 due" notice for
// each of its unit's cadres and its cell's grid workers, once however
// often the scan runs; a case whose 回访 passed makes none, and neither
// does one not yet due.
func TestFollowupDueScan(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	cadre, gw := sc.actors["unit_cadre"], sc.actors["grid_worker"]
	now := time.Now()
	clock := func() time.Time { return now }
	s := api.New(sc.store, api.Config{Now: clock, Deadlines: domain.Deadlines{}, WorkDays: map[string]int{data.StatusResolved: 15}}, quietLog())
	resolve := func() any {
		t.Helper()
		id := report(t, s, sc, gw, "").json(t)["id"]
		for _, to := range []string{"accepted", "mediating", "resolved"} {
			if r := transition(t, s, cadre, id, to, ""); r.status != http.StatusOK {
				t.Fatalf("-> %s = %d %s", to, r.status, r.body)
			}
		}
		return id
	}
	due, passed := resolve(), resolve()
	path := fmt.Sprintf("/api/incidents/%v/followups", passed)
	if r := cadre.post(t, s, path, `{"method":"visit","reached":true,"performed":"yes","satisfaction":"satisfied"}`); r.status != http.StatusCreated {
		t.Fatalf("POST %s = %d %s", path, r.status, r.body)
	}
	dueNotices := func(a *actor) map[int64]int {
		t.Helper()
		page, err := sc.store.Notifications(t.Context(), a.user.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]int{}
		for _, n := range page.Items {
			if n.Kind == data.NotifyFollowupDue {
				out[n.IncidentID]++
			}
		}
		return out
	}
	if _, err := s.ScanOverdue(t.Context()); err != nil {
		t.Fatal(err)
	}
	dueID, passedID := int64(due.(float64)), int64(passed.(float64))
	if n := dueNotices(cadre)[dueID]; n != 0 {
		t.Errorf("before the deadline: cadre has %d 回访-due notices of case %d; want 0", n, dueID)
	}
	now = now.AddDate(0, 2, 0) // past 15 working days whatever the calendar
	for range 2 {
		if _, err := s.ScanOverdue(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []*actor{cadre, gw} {
		got := dueNotices(a)
		if got[dueID] != 1 || got[passedID] != 0 {
			t.Errorf("%s's 回访-due notices = %v; want one of case %d, none of %d (its 回访 passed)", a.user.Username, got, dueID, passedID)
		}
	}
}

// TestOverdueScanListLink: a scan that notifies anything queues, last,
// for the town's webhook the link to the work list of the overdue cases
// (#/cases?overdue=true) with how many it has, and for a unit's own
// webhook that got messages the unit's list (&unit=CODE): each count is
// the total the list answers for those filters. A scan that notifies
// nothing new queues none.
func TestOverdueScanListLink(t *testing.T) {
	t.Parallel()
	path := sampleCopy(t)
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := api.New(st, api.Config{NotifyOutbound: true, BaseURL: "https://grid.example.cn/"}, quietLog()) // the sample has overdue cases today

	admin := newScene(t, st).actors["admin"]
	total := func(query string) any {
		t.Helper()
		r := get(t, s, "/api/incidents?limit=1&"+query, admin.header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/incidents?%s = %d %s", query, r.status, r.body)
		}
		return r.json(t)["total"]
	}
	units, err := st.Units(t.Context())
	if err != nil || len(units) < 2 {
		t.Fatalf("Units() = %d, %v", len(units), err)
	}
	for _, u := range units { // every unit has a webhook of its own
		if err := st.SetWebhook(t.Context(), &data.Webhook{Unit: u.Code, URL: "https://x.cn/h?key=k", Format: "json", UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	lists := func() map[string]map[string]any {
		t.Helper()
		ms, err := st.Outbox(t.Context(), 100)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]map[string]any{}
		for _, m := range ms {
			var body map[string]any
			if err := json.Unmarshal([]byte(m.Body), &body); err != nil {
				t.Fatal(err)
			}
			if body["kind"] == "overdue_list" {
				if out[m.Target] != nil {
					t.Errorf("a second list for target %q: %s", m.Target, m.Body)
				}
				out[m.Target] = body
			}
		}
		return out
	}
	if _, err := s.ScanOverdue(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := lists()
	if len(got) < 2 {
		t.Fatalf("lists queued for %d targets; want the town's and those of the units notified", len(got))
	}
	for target, l := range got {
		query := "overdue=true"
		if target != "" {
			query += "&unit=" + target
		}
		n := total(query)
		want := "https://grid.example.cn/#/cases?" + query
		if l["link"] != want || l["count"] != n {
			t.Errorf("the list queued for target %q = %v; want link %s and count %v, the list's total", target, l, want, n)
		}
	}
	if got[""] == nil {
		t.Errorf("no list queued for the town's webhook")
	}
	before, _ := st.Outbox(t.Context(), 100)
	if _, err := s.ScanOverdue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if after, _ := st.Outbox(t.Context(), 100); len(before) == 0 || after[0].ID != before[0].ID {
		t.Errorf("a scan notifying nothing new queued message %+v; want none", after[0])
	}
}
