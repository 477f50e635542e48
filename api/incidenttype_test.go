package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/api"

	"gridmap/domain"
)

// TestIncidentTypeRecords: a configured type carries its English label,
// Open311 code and suggestion flags to /api/config, the Open311 services
// and the mediator suggestions.
func TestIncidentTypeRecords(t *testing.T) {
	t.Parallel()
	types, err := domain.ParseIncidentTypes("宅基地纠纷|Homestead plot|homestead|legal,邻里纠纷|||,其他")
	if err != nil {
		t.Fatal(err)
	}
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{IncidentTypes: types}, quietLog())

	details := get(t, s, "/api/config").json(t)["incident_type_details"]
	want := []any{
		map[string]any{"name": "宅基地纠纷", "english": "Homestead plot", "code": "homestead", "legal": true, "volatile": false, "category": "other"},
		map[string]any{"name": "邻里纠纷", "english": "Neighbour dispute", "code": "neighbour", "legal": false, "volatile": false, "category": "neighbour"},
		map[string]any{"name": "其他", "english": "Other", "code": "other", "legal": false, "volatile": false, "category": "other"},
	}
	if !reflect.DeepEqual(details, want) {
		t.Errorf("config incident_type_details = %v;\nwant %v", details, want)
	}
	services := string(get(t, s, "/open311/v2/services.json").body)
	if !strings.Contains(services, `"service_code":"homestead","service_name":"宅基地纠纷"`) {
		t.Errorf("services.json = %s; want homestead for 宅基地纠纷", services)
	}

	admin := sc.actors["admin"]
	// The ledger's import template offers the configured types.
	tpl := get(t, s, "/api/import/templates/incidents", admin.header()...)
	f, err := excelize.OpenReader(bytes.NewReader(tpl.body))
	if err != nil {
		t.Fatalf("template: %d %v", tpl.status, err)
	}
	guide, _ := f.GetRows("填写说明")
	f.Close()
	if !slices.ContainsFunc(guide, func(r []string) bool {
		return len(r) > 2 && r[0] == "类型" && r[2] == "宅基地纠纷、邻里纠纷、其他。"
	}) {
		t.Errorf("ledger template's 填写说明 = %q; want 类型 to list the configured types", guide)
	}

	lon, lat := cellLabel(t, s, sc.inCell)
	reasons := func(typ string) []string {
		t.Helper()
		r := admin.post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":%q,"summary":"x"}`, lon, lat, typ))
		if r.status != http.StatusCreated {
			t.Fatalf("report of %s = %d %s", typ, r.status, r.body)
		}
		sug := get(t, s, fmt.Sprintf("/api/incidents/%v/suggestions", r.json(t)["id"]), admin.header()...).json(t)["suggestions"].([]any)
		var codes []string
		for _, x := range sug {
			for _, rs := range x.(map[string]any)["reasons"].([]any) {
				codes = append(codes, rs.(map[string]any)["code"].(string))
			}
		}
		return codes
	}
	if got := reasons("宅基地纠纷"); !slices.Contains(got, "lawyer_legal") {
		t.Errorf("suggestion reasons for a configured legal type = %v; want lawyer_legal", got)
	}
	// 邻里纠纷 configured with an empty flags part has no flags: the police
	// officer is no longer suggested for safety.
	if got := reasons("邻里纠纷"); slices.Contains(got, "police_safety") || slices.Contains(got, "lawyer_legal") {
		t.Errorf("suggestion reasons for a type without flags = %v; want neither police_safety nor lawyer_legal", got)
	}
}
