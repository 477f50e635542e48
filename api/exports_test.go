package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// TestExportRoles checks who may download which layer: cells and units
// everyone, incidents those who list them (in their area), residents
// admins alone; and that refusals are the documented JSON errors.
func TestExportRoles(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	all := [7]int{ok, ok, ok, ok, ok, ok, ok}
	cases := []struct {
		path string
		want [7]int
	}{
		{"/api/export/cells?format=geojson", all},
		{"/api/export/units?format=kml", all},
		{"/api/export/incidents?format=csv", [7]int{unau, forb, ok, ok, ok, ok, ok}},
		{"/api/export/residents?format=csv", [7]int{unau, forb, forb, forb, forb, forb, ok}},
		// The role is checked before the format: no hint to those refused.
		{"/api/export/residents?format=dxf", [7]int{unau, forb, forb, forb, forb, forb, http.StatusBadRequest}},
	}
	for _, c := range cases {
		for i, role := range roles {
			r := get(t, s, c.path, sc.actors[role].header()...)
			if r.status != c.want[i] {
				t.Errorf("GET %s as %s = %d; want %d\n%.200s", c.path, role, r.status, c.want[i], r.body)
			}
			if r.status != ok {
				var e struct {
					Error struct{ Code, Message string }
				}
				mustJSON(t, r.body, &e)
				if e.Error.Code == "" || e.Error.Message == "" || r.header.Get("Content-Disposition") != "" {
					t.Errorf("GET %s as %s: %s with Content-Disposition %q; want an error body, no file", c.path, role, r.body, r.header.Get("Content-Disposition"))
				}
			}
		}
	}
}

func TestExportRefusesBadInput(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	for _, c := range []struct{ path, field string }{
		{"/api/export/households?format=csv", "layer"},
		{"/api/export/cells", "format"},
		{"/api/export/cells?format=dxf", "format"},
	} {
		r := get(t, s, c.path, sc.actors["admin"].header()...)
		var e struct {
			Error struct{ Code, Field string }
		}
		mustJSON(t, r.body, &e)
		if r.status != http.StatusBadRequest || e.Error.Code != "invalid" || e.Error.Field != c.field {
			t.Errorf("GET %s = %d %s; want 400 invalid naming %s", c.path, r.status, r.body, c.field)
		}
	}
}

// TestExportDownload checks the answer of a download: type, file name,
// length, and that a HEAD sends the headers alone, unaudited.
func TestExportDownload(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	r := get(t, s, "/api/export/cells?format=shp", admin.header()...)
	if r.status != ok || r.header.Get("Content-Type") != "application/zip" || !bytes.HasPrefix(r.body, []byte("PK")) {
		t.Fatalf("GET cells.shp = %d %q %.20q", r.status, r.header.Get("Content-Type"), r.body)
	}
	cd := r.header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, `attachment; filename="`) || !strings.Contains(cd, "-cells-") || !strings.Contains(cd, `.zip"`) ||
		!strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, "%E7%BD%91%E6%A0%BC") { // 网格
		t.Errorf("Content-Disposition %q; want the town, the layer and the date, in ASCII and UTF-8", cd)
	}
	if n, _ := strconv.Atoi(r.header.Get("Content-Length")); n != len(r.body) {
		t.Errorf("Content-Length %q; body %d bytes", r.header.Get("Content-Length"), len(r.body))
	}
	h := do(t, s, http.MethodHead, "/api/export/residents?format=xlsx", nil, admin.header()...)
	if h.status != ok || len(h.body) != 0 || !strings.Contains(h.header.Get("Content-Disposition"), ".xlsx") ||
		h.header.Get("Cache-Control") != "no-store" {
		t.Errorf("HEAD residents.xlsx = %d, %d bytes, %v", h.status, len(h.body), h.header)
	}
	if h := do(t, s, http.MethodHead, "/api/export/residents?format=xlsx", nil, sc.actors["leader"].header()...); h.status != forb {
		t.Errorf("HEAD residents.xlsx as leader = %d; want 403", h.status)
	}
	es, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "export_residents"})
	if err != nil || len(es) != 0 {
		t.Errorf("a HEAD was audited: %+v, %v", es, err)
	}
}

// TestExportPersonalData checks that residents and the admin's incidents
// are audited, and that others' incidents carry no parties and a masked
// summary.
func TestExportPersonalData(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := context.Background()
	in, err := sc.store.Incident(ctx, sc.inIncident)
	if err != nil || len(in.Parties) == 0 {
		t.Fatalf("incident %d: %+v, %v; want one with parties", sc.inIncident, in, err)
	}
	party := in.Parties[0]
	r := get(t, s, "/api/export/residents?format=csv", sc.actors["admin"].header()...)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\uFEFF")))).ReadAll()
	if r.status != ok || err != nil || len(rows) < 100 || rows[0][0] != "户号" || rows[0][4] != "公民身份号码" {
		t.Fatalf("residents.csv = %d, %v, %d rows; want the template's columns", r.status, err, len(rows))
	}
	byAdmin := string(get(t, s, "/api/export/incidents?format=geojson", sc.actors["admin"].header()...).body)
	if !strings.Contains(byAdmin, party) || !strings.Contains(byAdmin, `"parties"`) {
		t.Errorf("the admin's incidents lack parties (%s)", party)
	}
	for _, role := range []string{"leader", "unit_cadre", "grid_worker", "mediator"} {
		for _, format := range []string{"geojson", "csv", "kml"} {
			r := get(t, s, "/api/export/incidents?format="+format, sc.actors[role].header()...)
			if r.status != ok {
				t.Fatalf("incidents.%s as %s = %d", format, role, r.status)
			}
			if strings.Contains(string(r.body), party) || strings.Contains(string(r.body), `"parties"`) {
				t.Errorf("incidents.%s as %s shows parties", format, role)
			}
		}
	}
	for action, want := range map[string]int{"export_residents": 1, "export_incidents": 1} {
		es, _, err := sc.store.Audit(ctx, data.AuditFilter{Action: action})
		if err != nil || len(es) != want || es[0].Username != "t-admin" {
			t.Errorf("audit %s = %+v, %v; want %d entry by t-admin", action, es, err, want)
		}
	}
}

// TestExportOpenAPI: the OpenAPI document describes the export under the
// app API's server, GET and HEAD, with every layer and format the route
// takes, and answers of the types and shapes the route gives.
func TestExportOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/export/{layer}")
	if item == nil || item.Get == nil || item.Head == nil {
		t.Fatalf("/export/{layer}: %+v; want a GET and a HEAD", item)
	}
	if len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test/api" {
		t.Errorf("/export/{layer} servers = %v; want http://gridmap.test/api", item.Servers)
	}
	var layers, formats []any
	for _, p := range item.Get.Parameters {
		switch p.Value.Name {
		case "layer":
			layers = p.Value.Schema.Value.Enum
		case "format":
			formats = p.Value.Schema.Value.Enum
		}
	}
	admin := sc.actors["admin"]
	for _, l := range layers {
		for _, f := range formats {
			path := "/api/export/" + l.(string) + "?format=" + f.(string)
			r := get(t, s, path, admin.header()...)
			if r.status != ok {
				t.Errorf("GET %s = %d %.200s", path, r.status, r.body)
				continue
			}
			ctype, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
			if item.Get.Responses.Status(200).Value.Content.Get(ctype) == nil {
				t.Errorf("GET %s answers %s, not documented", path, ctype)
			}
		}
	}
	for _, c := range []struct {
		path, as string
		status   int
	}{
		{"/api/export/cells?format=x", "admin", 400},
		{"/api/export/residents?format=csv", "anonymous", 401},
		{"/api/export/residents?format=csv", "leader", 403},
	} {
		r := get(t, s, c.path, sc.actors[c.as].header()...)
		resp := item.Get.Responses.Status(c.status)
		if r.status != c.status || resp == nil {
			t.Errorf("GET %s as %s = %d; want %d, documented", c.path, c.as, r.status, c.status)
			continue
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("GET %s as %s does not fit its schema: %v", c.path, c.as, err)
		}
	}
}
