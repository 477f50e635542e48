package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// TestTextLimits: every text a client writes past its limit answers 400
// naming the field, in the caller's language, on every route that writes
// it; nothing is stored.
func TestTextLimits(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors[data.RoleAdmin]
	lon, lat := cellLabel(t, s, sc.inCell)
	long := func(n int) string { return strings.Repeat("纠", n) }
	q := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	reportWith := func(extra string) string {
		return fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"邻里纠纷","summary":"宅基地边界争执"%s}`, lon, lat, extra)
	}
	inc := fmt.Sprintf("/api/incidents/%d", sc.inIncident)
	eleven := "[1,2,3,4,5,6,7,8,9,10,11]"
	tests := []struct {
		name, path, body, field, label string
	}{
		{"summary", "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":%s}`, lon, lat, q(long(data.MaxSummary+1))), "summary", "摘要"},
		{"summary of two lines", "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"a\nb"}`, lon, lat), "summary", "摘要"},
		{"description", "/api/incidents", reportWith(`,"description":` + q(long(data.MaxDescription+1))), "description", "详细情况"},
		{"a party", "/api/incidents", reportWith(`,"parties":["张三",` + q(long(data.MaxPartyName+1)) + `]`), "parties", "当事人"},
		{"too many parties", "/api/incidents", reportWith(`,"parties":` + q(make([]string, data.MaxParties+1))), "parties", "当事人"},
		{"too many mediators", "/api/incidents", reportWith(`,"mediators":` + eleven), "mediators", "调解员"},
		{"transition note", inc + "/transitions", `{"to":"accepted","note":` + q(long(data.MaxNote+1)) + `}`, "note", "备注"},
		{"agreement text", inc + "/mediation", `{"mediators":[1],"outcome":"agreement","agreement_text":` + q(long(data.MaxAgreementText+1)) + `}`, "agreement_text", "协议内容"},
		{"agreement number", inc + "/mediation", `{"mediators":[1],"outcome":"agreement","agreement_ref":` + q(long(data.MaxAgreementRef+1)) + `}`, "agreement_ref", "协议书编号"},
		{"mediation note", inc + "/mediation", `{"mediators":[1],"outcome":"ongoing","note":` + q(long(data.MaxMediationNote+1)) + `}`, "note", "备注"},
		{"mediators of a record", inc + "/mediation", `{"mediators":` + eleven + `,"outcome":"ongoing"}`, "mediators", "调解员"},
		{"assigned mediators", inc + "/mediators", `{"mediators":` + eleven + `}`, "mediators", "调解员"},
		{"reassign reason", inc + "/cell", `{"cell":"` + sc.outCell + `","reason":` + q(long(data.MaxReason+1)) + `}`, "reason", "原因"},
		{"user name", "/api/users", `{"username":"limits","role":"viewer","password":"a long enough password","name":` + q(long(data.MaxUserName+1)) + `}`, "name", "名称"},
		{"token name", "/api/auth/tokens", `{"name":` + q(long(data.MaxTokenName+1)) + `}`, "name", "名称"},
		{"boundary reason", "/api/boundary/changesets", `{"base":1,"reason":` + q(long(data.MaxReason+1)) + `,"operations":[{"op":"merge","cells":["a","b"]}]}`, "reason", "原因"},
		{"split name", "/api/boundary/changesets", `{"base":1,"operations":[{"op":"split","cell":"a","name":` + q(long(data.MaxCellName+1)) + `}]}`, "operations[0].name", "operations[0].name"},
		{"restore reason", "/api/boundary/versions/1/restore", `{"base":1,"reason":` + q(long(data.MaxReason+1)) + `}`, "reason", "原因"},
	}
	login := admin.session(t, s) // a login makes tokens, not a token
	for _, tt := range tests {
		for _, lang := range []string{"zh", "en"} {
			auth := admin.header()
			if tt.path == "/api/auth/tokens" {
				auth = login
			}
			r := do(t, s, http.MethodPost, tt.path, strings.NewReader(tt.body), append(slices.Clone(auth), "Content-Type: application/json", "Accept-Language: "+lang)...)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s (%s): POST %s = %d %.300s; want 400", tt.name, lang, tt.path, r.status, r.body)
				continue
			}
			code, field := r.errorOf(t)
			msg := r.json(t)["error"].(map[string]any)["message"].(string)
			want := tt.label
			if lang == "en" {
				want = tt.field
			}
			if code != data.EINVALID || field != tt.field || !strings.Contains(msg, want) {
				t.Errorf("%s (%s): error %s, field %q, message %q; want invalid, %q, a message naming %q", tt.name, lang, code, field, msg, tt.field, want)
			}
		}
	}
	_, total, err := sc.store.Incidents(context.Background(), data.IncidentFilter{CellCode: sc.inCell, From: time.Now().Add(-time.Hour)})
	if err != nil || total != 0 {
		t.Errorf("incidents reported in the last hour after refused reports = %d, %v; want 0", total, err)
	}

	// Open311 refuses too, in its own error shape, naming the name's field
	// (last_name) or the parties it becomes.
	form := url.Values{"service_code": {"neighbour"}, "lat": {ftoa(lat)}, "long": {ftoa(lon)}, "description": {"噪音"},
		"last_name": {long(data.MaxPartyName)}, "first_name": {"三"}}
	r := do(t, s, http.MethodPost, "/open311/v2/requests.json", strings.NewReader(form.Encode()),
		append(admin.header(), "Content-Type: application/x-www-form-urlencoded")...)
	if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "last_name") && !strings.Contains(string(r.body), "parties") {
		t.Errorf("Open311 request with a name of %d characters = %d %.300s; want 400 naming last_name or parties", data.MaxPartyName+1, r.status, r.body)
	}
}

// TestIncidentListBounded: whatever is stored, a page of /api/incidents
// (at most 1,000) stays under listBound. The worst case is incidents whose
// every text is at its limit and made of '<', which JSON writes as six
// bytes (\u003c); a list carries the summary and type but never the
// description or parties.
func TestIncidentListBounded(t *testing.T) {
	t.Parallel()
	// listBound is the README's bound of a page of 1,000 incidents:
	// 1,000 × (6 bytes × (MaxSummary + MaxTypeLen) + 1 KiB of fixed fields).
	const listBound = 1000 * (6*(data.MaxSummary+data.MaxTypeLen) + 1024)
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := context.Background()
	worst := func(n int) string { return strings.Repeat("<", n) }
	parties := make([]string, data.MaxParties)
	for i := range parties { // not '<', so that masking leaves the summaries whole
		parties[i] = strings.Repeat(">", data.MaxPartyName)
	}
	lon, lat := cellLabel(t, s, sc.inCell)
	at := time.Now().Add(time.Hour) // newest, so that they make the first page
	// In one write (the ledger import's bulk path): how they are stored is
	// not the point, and 1,000 single writes cost seconds under -race.
	ins := make([]data.Incident, 1000)
	for i := range ins {
		ins[i] = data.Incident{Type: worst(data.MaxTypeLen), Source: "网格员上报", Kind: domain.KindOf("网格员上报"),
			Summary: worst(data.MaxSummary), Description: worst(data.MaxDescription), Parties: parties,
			CellCode: sc.inCell, NearCell: sc.outCell, NearDistanceM: 49.987654321, Location: orb.Point{lon, lat},
			Priority: data.PriorityUrgent, Status: data.StatusReported, ReportedAt: at, UpdatedAt: at,
			LedgerNumber: fmt.Sprintf("L%04d", i)}
	}
	if _, err := sc.store.ImportIncidents(ctx, ins); err != nil {
		t.Fatalf("ImportIncidents(1,000 maximal) = %v", err)
	}
	for _, role := range []string{data.RoleLeader, data.RoleAdmin} {
		r := get(t, s, "/api/incidents?limit=1000", sc.actors[role].header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/incidents?limit=1000 as %s = %d %.300s", role, r.status, r.body)
		}
		if len(r.body) > listBound {
			t.Errorf("a page of 1,000 maximal incidents for %s is %d bytes; want at most %d", role, len(r.body), listBound)
		}
		if min := 1000 * 6 * data.MaxSummary; role == data.RoleAdmin && len(r.body) < min {
			t.Errorf("a page of 1,000 maximal incidents for %s is %d bytes; want the summaries (%d bytes at least)", role, len(r.body), min)
		}
		var page struct {
			Incidents []map[string]any `json:"incidents"`
		}
		mustJSON(t, r.body, &page)
		for _, in := range page.Incidents[:1] {
			for _, k := range []string{"description", "parties"} {
				if _, ok := in[k]; ok {
					t.Errorf("an incident listed for %s has %q; a list carries the summary only", role, k)
				}
			}
		}
		t.Logf("a page of 1,000 maximal incidents for %s: %d bytes (bound %d)", role, len(r.body), listBound)
	}

	// The OGC incidents carry no free text but the type; Open311's list
	// gives a leader (masked) the summary as the description.
	leader := sc.actors[data.RoleLeader].header()
	for _, tt := range []struct {
		path  string
		bound int
	}{
		{"/ogc/collections/incidents/items?limit=1000", 1000 * (6*data.MaxTypeLen + 1024)},
		{"/open311/v2/requests.json", listBound},
	} {
		r := get(t, s, tt.path, leader...)
		if r.status != http.StatusOK || len(r.body) > tt.bound {
			t.Errorf("GET %s as leader = %d, %d bytes; want 200 and at most %d", tt.path, r.status, len(r.body), tt.bound)
		}
		if strings.Contains(string(r.body), strings.Repeat(`\u003c`, data.MaxSummary+1)) {
			t.Errorf("GET %s as leader carries a text longer than a summary (a description or parties)", tt.path)
		}
	}
}
