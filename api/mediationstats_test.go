package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// TestMediationStats: the month of the cadre's case counts an agreement
// recorded on it (its amount to the fen, 防止民转刑 and 防止群体性上访)
// in its unit's row of its type's category and in the town's; the cases
// accepted agree with /api/incidents; the town's total is its units'
// sum; leaders see any unit, cadres their own; bad months and places are
// 4xx naming the field; the workbook opens with the same totals; every
// answer fits the OpenAPI document.
func TestMediationStats(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin, cadre, leader := sc.actors["admin"], sc.actors["unit_cadre"], sc.actors["leader"]
	in := get(t, s, fmt.Sprint("/api/incidents/", sc.inIncident), admin.header()...).json(t)
	reported, err := time.Parse(time.RFC3339, in["reported_at"].(string))
	if err != nil {
		t.Fatal(err)
	}
	month := reported.In(data.CST).Format("2006-01")
	status, typ := in["status"].(string), in["type"].(string)
	if status == data.StatusReported || status == data.StatusDuplicate {
		t.Fatalf("incident %d is %s: the scene's case should count in the month", sc.inIncident, status)
	}
	category := domain.CategoryOf(domain.DefaultIncidentTypes(), typ)

	monthOf := func(who *actor, q string) map[string]any {
		t.Helper()
		r := get(t, s, "/api/stats/mediation?"+q, who.header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/stats/mediation?%s as %s = %d %s", q, who.role, r.status, r.body)
		}
		return r.json(t)
	}
	unitTable := func(m map[string]any) map[string]any {
		t.Helper()
		for _, u := range m["units"].([]any) {
			if u := u.(map[string]any); u["code"] == sc.unit {
				return u["table"].(map[string]any)
			}
		}
		t.Fatalf("no unit %s in %v", sc.unit, m["units"])
		return nil
	}
	rowOf := func(table map[string]any) map[string]any {
		for _, r := range table["rows"].([]any) {
			if r := r.(map[string]any); r["category"] == category {
				return r
			}
		}
		t.Fatalf("no row %s", category)
		return nil
	}
	hadAgreement := false
	for _, r := range get(t, s, fmt.Sprintf("/api/incidents/%d/mediation", sc.inIncident), admin.header()...).json(t)["records"].([]any) {
		hadAgreement = hadAgreement || r.(map[string]any)["outcome"] == "agreement"
	}

	before := monthOf(leader, "month="+month)
	m := sc.actors["mediator"].user.MediatorID
	r := cadre.post(t, s, fmt.Sprintf("/api/incidents/%d/mediation", sc.inIncident), fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement",
		"agreement_ref":"安稳调〔2026〕9号","amount_agreed":"1234.56","prevented_crime":true,"prevented_petition":true}`, m))
	if r.status != http.StatusCreated {
		t.Fatalf("recording the agreement = %d %s", r.status, r.body)
	}
	after := monthOf(leader, "month="+month)
	for _, x := range []struct {
		what          string
		before, after map[string]any
	}{
		{"unit row", rowOf(unitTable(before)), rowOf(unitTable(after))},
		{"town row", rowOf(before["table"].(map[string]any)), rowOf(after["table"].(map[string]any))},
		{"unit total", unitTable(before)["total"].(map[string]any), unitTable(after)["total"].(map[string]any)},
		{"town total", before["table"].(map[string]any)["total"].(map[string]any), after["table"].(map[string]any)["total"].(map[string]any)},
	} {
		diff := func(k string) float64 { return x.after[k].(float64) - x.before[k].(float64) }
		wantMediated := 1.0
		if hadAgreement {
			wantMediated = 0
		}
		if d := diff("amount_agreed"); fmt.Sprintf("%.2f", d) != "1234.56" {
			t.Errorf("%s: amount_agreed grew by %.4f; want 1234.56", x.what, d)
		}
		if diff("prevented_crime") != 1 || diff("prevented_petition") != 1 || diff("accepted") != 0 || diff("mediated") != wantMediated {
			t.Errorf("%s: %v -> %v; want one more case preventing each, %v more mediated, as many accepted", x.what, x.before, x.after, wantMediated)
		}
	}

	// The cases accepted are the unit's incidents of the month but those
	// awaiting acceptance and duplicates, as /api/incidents lists them.
	start, _ := time.ParseInLocation("2006-01", month, data.CST)
	q := url.Values{"unit": {sc.unit}, "from": {start.Format(time.RFC3339)}, "to": {start.AddDate(0, 1, 0).Format(time.RFC3339)},
		"status": {"accepted,mediating,resolved,escalated,closed"}, "limit": {"1"}}
	listed := get(t, s, "/api/incidents?"+q.Encode(), admin.header()...).json(t)["total"].(float64)
	if got := unitTable(after)["total"].(map[string]any)["accepted"].(float64); got != listed || got == 0 {
		t.Errorf("unit %s accepted %v in %s; /api/incidents lists %v", sc.unit, got, month, listed)
	}
	var sum, rows float64
	for _, u := range after["units"].([]any) {
		sum += u.(map[string]any)["table"].(map[string]any)["total"].(map[string]any)["accepted"].(float64)
	}
	for _, r := range after["table"].(map[string]any)["rows"].([]any) {
		rows += r.(map[string]any)["accepted"].(float64)
	}
	if total := after["table"].(map[string]any)["total"].(map[string]any)["accepted"].(float64); total != sum || total != rows {
		t.Errorf("town accepted %v; its units sum to %v, its rows to %v", total, sum, rows)
	}

	own := monthOf(cadre, "month="+month)
	if u, _ := own["unit"].(map[string]any); u == nil || u["code"] != sc.unit || len(own["units"].([]any)) != 1 {
		t.Errorf("a cadre's month = unit %v, %d units; want their unit alone", own["unit"], len(own["units"].([]any)))
	}
	outUnit := get(t, s, "/api/cells/"+sc.outCell).json(t)["properties"].(map[string]any)["unit_code"]
	_, doc := openAPIDoc(t, s)
	for _, tt := range []struct {
		name   string
		who    *actor
		q      string
		status int
		field  string
	}{
		{"leader, the town", leader, "month=" + month, 200, ""},
		{"cadre, own unit", cadre, "month=" + month + "&unit=" + sc.unit, 200, ""},
		{"leader, another unit", leader, fmt.Sprint("unit=", outUnit), 200, ""},
		{"cadre, another unit", cadre, fmt.Sprint("unit=", outUnit), 403, "unit"},
		{"grid worker", sc.actors["grid_worker"], "", 403, ""},
		{"viewer", sc.actors["viewer"], "", 403, ""},
		{"anonymous", sc.actors["anonymous"], "", 401, ""},
		{"bad month", leader, "month=2026-13", 400, "month"},
		{"a date, not a month", leader, "month=2026-03-01", 400, "month"},
		{"a month to come", leader, "month=" + time.Now().AddDate(0, 2, 0).Format("2006-01"), 400, "month"},
		{"unknown unit", leader, "unit=999", 404, "unit"},
	} {
		r := get(t, s, "/api/stats/mediation?"+tt.q, tt.who.header()...)
		if r.status != tt.status {
			t.Errorf("%s: GET /api/stats/mediation?%s = %d %s; want %d", tt.name, tt.q, r.status, r.body, tt.status)
			continue
		}
		if tt.field != "" {
			if _, field := r.errorOf(t); field != tt.field {
				t.Errorf("%s: error field = %q; want %q", tt.name, field, tt.field)
			}
		}
		resp := doc.Paths.Value("/stats/mediation").Get.Responses.Status(tt.status)
		if resp == nil {
			t.Errorf("%s: %d is not documented", tt.name, tt.status)
			continue
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s: answer %.300s does not fit its schema: %v", tt.name, r.body, err)
		}
	}

	r = get(t, s, "/api/stats/mediation.xlsx?month="+month, cadre.header()...)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("GET /api/stats/mediation.xlsx as cadre = %d %s", r.status, r.header.Get("Content-Type"))
	}
	if doc.Paths.Value("/stats/mediation.xlsx").Get.Responses.Status(200).Value.Content.Get(r.header.Get("Content-Type")) == nil {
		t.Errorf("the workbook's media type is not documented")
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("opening the workbook: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	unitName := own["unit"].(map[string]any)["name"].(string)
	cells, _ := f.GetRows(sheet)
	wantPlace := "填报单位：" + own["town"].(string) + " " + unitName
	if len(cells) < 19 || cells[1][0] != wantPlace || cells[2][0] != fmt.Sprintf("统计月份：%d年%d月", start.Year(), start.Month()) ||
		cells[18][0] != "合计" || cells[18][1] != fmt.Sprint(own["table"].(map[string]any)["total"].(map[string]any)["accepted"]) {
		t.Errorf("workbook %s = %q; want %q, the month and the totals of the JSON answer", sheet, cells, wantPlace)
	}
	if len(f.GetSheetList()) != 1 {
		t.Errorf("a unit's workbook has sheets %v; want the one", f.GetSheetList())
	}
	if r := get(t, s, "/api/stats/mediation.xlsx?month=x", leader.header()...); r.status != 400 {
		t.Errorf("GET /api/stats/mediation.xlsx?month=x = %d; want 400 in JSON", r.status)
	}
}
