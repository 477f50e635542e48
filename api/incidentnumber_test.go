package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/data"
)

// TestIncidentsByNumber: GET /api/incidents?number= finds an incident by
// its ID or its ledger number (台账编号), within the caller's scope only
// (outside it the list is empty, as for any other filter), with the
// ledger number in the answer; on both stores.
func TestIncidentsByNumber(t *testing.T) {
	t.Parallel()
	for _, store := range []struct {
		name string
		open func(*testing.T) data.Store
	}{{"sqlite", newSQLiteStore}, {"postgis", newPostGISStore}} {
		t.Run(store.name, func(t *testing.T) {
			t.Parallel()
			sc := newScene(t, store.open(t))
			s := api.New(sc.store, api.Config{}, quietLog())
			lon, lat := sc.inCellLabel(t, s)
			at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
			if _, err := sc.store.ImportIncidents(t.Context(), []data.Incident{{Kind: data.KindDispute, Type: "邻里纠纷", Source: "群众来访",
				Status: data.StatusAccepted, Summary: "台账里的纠纷", Parties: []string{}, CellCode: sc.inCell, Location: orb.Point{lon, lat},
				ReportedAt: at, UpdatedAt: at, StageSince: at, LedgerNumber: "2024-017"}}); err != nil {
				t.Fatalf("ImportIncidents: %v", err)
			}
			ids := func(role, number string) []string {
				t.Helper()
				path := "/api/incidents?number=" + number
				res := get(t, s, path, sc.actors[role].header()...)
				if res.status != http.StatusOK {
					t.Fatalf("GET %s as %s = %d; want 200: %s", path, role, res.status, res.body)
				}
				var out []string
				for _, x := range res.json(t)["incidents"].([]any) {
					in := x.(map[string]any)
					out = append(out, fmt.Sprintf("%v/%v", in["id"], in["ledger_number"]))
				}
				return out
			}
			in, out := fmt.Sprint(sc.inIncident), fmt.Sprint(sc.outIncident)
			ledger := ids("admin", "2024-017")
			if len(ledger) != 1 || !strings.HasSuffix(ledger[0], "/2024-017") {
				t.Fatalf("number=2024-017 as admin = %v; want the imported incident with its ledger number", ledger)
			}
			for _, tt := range []struct {
				name, role, number string
				want               []string
			}{
				{"own incident by ID", "grid_worker", in, []string{in + "/<nil>"}},
				{"own incident by ledger number", "grid_worker", "2024-017", ledger},
				{"own ledger incident by ID", "grid_worker", strings.Split(ledger[0], "/")[0], ledger},
				{"another unit's incident hidden", "grid_worker", out, nil},
				{"another unit's incident hidden from the cadre", "unit_cadre", out, nil},
				{"the town for the leader", "leader", out, []string{out + "/<nil>"}},
				{"no such number", "admin", "2024-999", nil},
			} {
				if got := ids(tt.role, tt.number); strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Errorf("%s: number=%s as %s = %v; want %v", tt.name, tt.number, tt.role, got, tt.want)
				}
			}
			for _, tt := range []struct {
				name, role, path string
				status           int
				field            string
			}{
				{"anonymous", "anonymous", "/api/incidents?number=" + in, http.StatusUnauthorized, ""},
				{"viewer", "viewer", "/api/incidents?number=" + in, http.StatusForbidden, ""},
				{"too long", "admin", "/api/incidents?number=" + strings.Repeat("9", 65), http.StatusBadRequest, "number"},
			} {
				res := get(t, s, tt.path, sc.actors[tt.role].header()...)
				if res.status != tt.status {
					t.Errorf("%s: GET %s = %d; want %d", tt.name, tt.path, res.status, tt.status)
					continue
				}
				if _, field := res.errorOf(t); field != tt.field {
					t.Errorf("%s: error field %q; want %q", tt.name, field, tt.field)
				}
			}
		})
	}
}

// TestIncidentsOpenAPI: the OpenAPI document describes GET /api/incidents
// as it answers: under /api, for signed-in callers, every documented
// parameter accepted, number among them, and every field of the answer
// documented.
func TestIncidentsOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/incidents")
	if item == nil || item.Get == nil {
		t.Fatalf("/incidents: %+v; want a GET", item)
	}
	if len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test/api" {
		t.Errorf("/incidents servers = %v; want http://gridmap.test/api", item.Servers)
	}
	samples := map[string]string{"number": fmt.Sprint(sc.inIncident), "cell": sc.inCell, "unit": sc.unit, "status": "open",
		"from": "2020-01-01", "to": "2030-01-01", "bbox": "100,20,120,40", "overdue": "true", "limit": "5", "offset": "0",
		"type": url.QueryEscape("邻里纠纷"), "mediator": fmt.Sprint(sc.actors["mediator"].user.MediatorID)}
	leader := sc.actors["leader"]
	var names []string
	for _, p := range item.Get.Parameters {
		names = append(names, p.Value.Name)
		v, ok := samples[p.Value.Name]
		if !ok {
			t.Errorf("documented parameter %q has no sample here", p.Value.Name)
			continue
		}
		path := "/api/incidents?" + p.Value.Name + "=" + v
		if r := get(t, s, path, leader.header()...); r.status != http.StatusOK {
			t.Errorf("GET %s = %d %.200s", path, r.status, r.body)
		}
	}
	if !strings.Contains(strings.Join(names, ","), "number") {
		t.Errorf("documented parameters %v; want number among them", names)
	}
	props := item.Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value.Properties["incidents"].Value.Items.Value.Properties
	r := get(t, s, "/api/incidents?limit=50", leader.header()...)
	for _, x := range r.json(t)["incidents"].([]any) {
		for k := range x.(map[string]any) {
			if props[k] == nil {
				t.Errorf("GET /api/incidents answers field %q, not documented", k)
			}
		}
	}
	if r := get(t, s, "/api/incidents", sc.actors["anonymous"].header()...); r.status != http.StatusUnauthorized || len(*item.Get.Security) == 0 {
		t.Errorf("anonymous GET /api/incidents = %d; documented security %v", r.status, item.Get.Security)
	}
}
