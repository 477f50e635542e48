package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/data"
	"gridmap/mask"
)

// TestResidentsByName: GET /api/residents?q= finds residents by name
// without a cell, scoped as the cell listing is (a grid worker their cells,
// a cadre their unit in full, a mediator their unit masked, a leader the
// town masked, an admin the town in full; a viewer 403, the anonymous
// 401), bounded, paged, and audited for full reads with the query and the
// count, never the names found.
func TestResidentsByName(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := t.Context()
	inside, _, err := sc.store.Residents(ctx, data.ResidentFilter{CellCode: sc.inCell, Limit: 1})
	if err != nil || len(inside) != 1 {
		t.Fatalf("Residents(%s) = %v, %v", sc.inCell, inside, err)
	}
	outside, _, err := sc.store.Residents(ctx, data.ResidentFilter{CellCode: sc.outCell, Limit: 1})
	if err != nil || len(outside) != 1 {
		t.Fatalf("Residents(%s) = %v, %v", sc.outCell, outside, err)
	}
	in, out := inside[0], outside[0]
	type page struct {
		Residents []data.Resident `json:"residents"`
		Total     int             `json:"total"`
		Limit     int             `json:"limit"`
	}
	search := func(role, query string) page {
		t.Helper()
		path := "/api/residents?" + query
		r := get(t, s, path, sc.actors[role].header()...)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s as %s = %d; want 200: %.300s", path, role, r.status, r.body)
		}
		var p page
		mustJSON(t, r.body, &p)
		return p
	}
	find := func(p page, id int64) *data.Resident {
		for i := range p.Residents {
			if p.Residents[i].ID == id {
				return &p.Residents[i]
			}
		}
		return nil
	}
	q := func(name string) string { return "q=" + url.QueryEscape(name) + "&limit=50" }
	for _, tt := range []struct {
		role   string
		masked bool
		within func(cell string) bool // the cells the role may find residents in
	}{
		{"grid_worker", false, func(cell string) bool { return cell == sc.inCell }},
		{"unit_cadre", false, func(cell string) bool { return strings.HasPrefix(cell, sc.unit) }},
		{"mediator", true, func(cell string) bool { return strings.HasPrefix(cell, sc.unit) }},
		{"leader", true, func(string) bool { return true }},
		{"admin", false, func(string) bool { return true }},
	} {
		for _, r := range []data.Resident{in, out} {
			name := r.Name
			if tt.masked { // by what the role sees: TestResidentsByMaskedName
				name = mask.Name(r.Name)
			}
			p := search(tt.role, q(name))
			got := find(p, r.ID)
			switch {
			case !tt.within(r.CellCode) && got != nil:
				t.Errorf("q=%s as %s found resident %d of cell %s, outside the scope", r.Name, tt.role, r.ID, r.CellCode)
			case tt.within(r.CellCode) && got == nil:
				t.Errorf("q=%s as %s = %+v; want resident %d of cell %s", r.Name, tt.role, p, r.ID, r.CellCode)
			case got != nil && tt.masked && (*got != mask.Resident(withoutLocation(r)) || got.Name == r.Name):
				t.Errorf("q=%s as %s = %+v; want it masked: %+v", r.Name, tt.role, *got, mask.Resident(r))
			case got != nil && !tt.masked && *got != withoutLocation(r):
				t.Errorf("q=%s as %s = %+v; want it in full: %+v", r.Name, tt.role, *got, r)
			}
			for _, x := range p.Residents {
				if !tt.within(x.CellCode) {
					t.Errorf("q=%s as %s found resident %d of cell %s, outside the scope", r.Name, tt.role, x.ID, x.CellCode)
				}
			}
			if p.Total < len(p.Residents) || p.Limit != 50 {
				t.Errorf("q=%s as %s: total %d, limit %d for %d residents", r.Name, tt.role, p.Total, p.Limit, len(p.Residents))
			}
		}
	}

	// A page of a common surname: bounded, paged, the same total.
	surname := string([]rune(in.Name)[:1])
	first, second := search("admin", "q="+url.QueryEscape(surname)+"&limit=2"), search("admin", "q="+url.QueryEscape(surname)+"&limit=2&offset=2")
	if first.Total < 3 || second.Total != first.Total || len(first.Residents) != 2 || len(second.Residents) == 0 || first.Residents[1].ID >= second.Residents[0].ID {
		t.Errorf("q=%s pages: %+v then %+v; want two pages of one list ordered by ID", surname, first, second)
	}
	if p := search("admin", "q="+url.QueryEscape(surname)); p.Limit != 20 {
		t.Errorf("q=%s without a limit: limit %d; want 20", surname, p.Limit)
	}
	if p := search("unit_cadre", "cell="+sc.inCell+"&"+q(in.Name)); find(p, in.ID) == nil || len(p.Residents) != p.Total {
		t.Errorf("cell=%s&q=%s as unit_cadre = %+v; want resident %d", sc.inCell, in.Name, p, in.ID)
	}

	// The cadre's full read is audited with the query and a count; the
	// leader's masked one is not, as for a cell's list.
	entries, _, err := sc.store.Audit(ctx, data.AuditFilter{Action: "read_residents", Record: "residents"})
	if err != nil {
		t.Fatal(err)
	}
	byUser := map[string][]string{}
	for _, e := range entries {
		byUser[e.Username] = append(byUser[e.Username], e.Detail)
		for _, r := range []data.Resident{in, out} {
			if strings.Contains(e.Detail, r.Name) && !strings.Contains(e.Detail, fmt.Sprintf("%q", r.Name)) {
				t.Errorf("audit detail %q names a resident found, not just the query", e.Detail)
			}
		}
	}
	wantDetail := fmt.Sprintf("whose name contains %q", in.Name)
	if d := byUser["t-cadre"]; len(d) == 0 || !strings.Contains(strings.Join(d, "\n"), wantDetail) {
		t.Errorf("the cadre's audited searches %q; want one %s", d, wantDetail)
	}
	if d := byUser["t-leader"]; len(d) != 0 {
		t.Errorf("the leader's masked searches were audited as full reads: %q", d)
	}

	for _, tt := range []struct {
		name, role, query string
		status            int
		field             string
	}{
		{"anonymous", "anonymous", q(in.Name), http.StatusUnauthorized, ""},
		{"viewer", "viewer", q(in.Name), http.StatusForbidden, ""},
		{"neither cell nor q", "admin", "limit=5", http.StatusBadRequest, "cell"},
		{"one letter", "admin", "q=a", http.StatusBadRequest, "q"},
		{"one digit and a space", "admin", "q=1+", http.StatusBadRequest, "q"},
		{"only punctuation", "admin", "q=%25_", http.StatusBadRequest, "q"},
		{"too long", "admin", "q=" + url.QueryEscape(strings.Repeat("张", 33)), http.StatusBadRequest, "q"},
		{"a search page past 50", "admin", "q=" + url.QueryEscape(surname) + "&limit=51", http.StatusBadRequest, "limit"},
		{"the grid worker's search in another cell", "grid_worker", "cell=" + sc.outCell + "&" + q(out.Name), http.StatusForbidden, "cell"},
		{"an unknown cell", "admin", "cell=500110119999999&" + q(in.Name), http.StatusNotFound, "cell"},
	} {
		r := get(t, s, "/api/residents?"+tt.query, sc.actors[tt.role].header()...)
		if r.status != tt.status {
			t.Errorf("%s: GET /api/residents?%s as %s = %d; want %d: %.200s", tt.name, tt.query, tt.role, r.status, tt.status, r.body)
			continue
		}
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: error field %q; want %q", tt.name, field, tt.field)
		}
	}
	if p := search("admin", "q=ab"); p.Total != 0 {
		t.Errorf("q=ab (two letters, no such name) = %+v; want none", p)
	}
}

// TestResidentsByMaskedName: a leader or a mediator, who see residents'
// names masked, search them by what they see (张, 丰, 张*丰), matched
// against the names as masked, so that a name guessed in full cannot be
// confirmed: a query holding more of a name than masking shows (张三丰,
// 张三) is refused 403 naming q, and a hidden character (the 三 of
// 张三丰) finds nobody by it. Full readers search the names in full.
func TestResidentsByMaskedName(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := t.Context()
	all, _, err := sc.store.Residents(ctx, data.ResidentFilter{CellCode: sc.inCell})
	if err != nil {
		t.Fatal(err)
	}
	var in data.Resident // one of three characters or more, whose middle ones masking hides
	for _, r := range all {
		if rs := []rune(r.Name); len(rs) >= 3 && rs[1] != rs[0] && rs[1] != rs[len(rs)-1] {
			in = r
			break
		}
	}
	if in.ID == 0 {
		t.Fatalf("cell %s has no resident with a name of three characters", sc.inCell)
	}
	rs := []rune(in.Name)
	surname, hidden := string(rs[:1]), string(rs[1])
	type page struct {
		Residents []data.Resident `json:"residents"`
		Total     int             `json:"total"`
	}
	search := func(role, query string) (response, page) {
		t.Helper()
		r := get(t, s, "/api/residents?"+query, sc.actors[role].header()...)
		var p page
		if r.status == http.StatusOK {
			mustJSON(t, r.body, &p)
		}
		return r, p
	}
	for _, role := range []string{"leader", "mediator"} {
		for _, guess := range []string{in.Name, string(rs[:2]), string(rs[1:])} {
			r, _ := search(role, "q="+url.QueryEscape(guess))
			if r.status != http.StatusForbidden {
				t.Errorf("q=%s as %s = %d %.200s; want 403", guess, role, r.status, r.body)
				continue
			}
			if code, field := r.errorOf(t); code != data.EFORBIDDEN || field != "q" {
				t.Errorf("q=%s as %s names %q (%s); want q", guess, role, field, code)
			}
			if !strings.Contains(string(r.body), "只能按看到的部分查找") {
				t.Errorf("q=%s as %s in zh-CN: %.300s; want the reason", guess, role, r.body)
			}
		}
		// The name as shown, with a full-width ＊ too, finds the resident, masked.
		for _, shown := range []string{mask.Name(in.Name), strings.ReplaceAll(mask.Name(in.Name), "*", "＊")} {
			r, p := search(role, "cell="+sc.inCell+"&q="+url.QueryEscape(shown))
			if r.status != http.StatusOK || !slices.ContainsFunc(p.Residents, func(x data.Resident) bool { return x.ID == in.ID && x.Name == mask.Name(in.Name) }) {
				t.Errorf("q=%s as %s = %d %+v; want resident %d masked", shown, role, r.status, p, in.ID)
			}
		}
		// What masking hides is not searched: the middle character finds
		// only names that show it.
		_, p := search(role, "cell="+sc.inCell+"&limit=50&q="+url.QueryEscape(hidden))
		for _, x := range p.Residents {
			if !strings.Contains(x.Name, hidden) {
				t.Errorf("q=%s as %s found %q, which shows no %s", hidden, role, x.Name, hidden)
			}
		}
		// A surname finds exactly the masked names that show it, paged.
		want := 0
		for _, r := range all {
			if mask.NameHas(r.Name, surname) {
				want++
			}
		}
		_, first := search(role, "cell="+sc.inCell+"&limit=2&q="+url.QueryEscape(surname))
		_, second := search(role, "cell="+sc.inCell+"&limit=2&offset=2&q="+url.QueryEscape(surname))
		if first.Total != want || second.Total != want || want > 2 && (len(first.Residents) != 2 || len(second.Residents) == 0 || first.Residents[1].ID >= second.Residents[0].ID) {
			t.Errorf("q=%s in cell %s as %s: pages %+v, %+v; want %d in all, paged by ID", surname, sc.inCell, role, first, second, want)
		}
	}
	// Those who read the names in full search them in full.
	for _, role := range []string{"grid_worker", "unit_cadre", "admin"} {
		if r, p := search(role, "q="+url.QueryEscape(in.Name)); r.status != http.StatusOK || !slices.ContainsFunc(p.Residents, func(x data.Resident) bool { return x.ID == in.ID && x.Name == in.Name }) {
			t.Errorf("q=%s as %s = %d %+v; want resident %d in full", in.Name, role, r.status, p, in.ID)
		}
	}
}

// withoutLocation is r as the API shows it: the household's position is
// not part of a resident's JSON.
func withoutLocation(r data.Resident) data.Resident {
	r.Location = orb.Point{}
	return r
}

// TestResidentsOpenAPI: the OpenAPI document describes GET /api/residents
// as it answers: under /api, for signed-in callers, every documented
// parameter accepted, every field and answer documented and fitting its
// schema.
func TestResidentsOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	item := appAPIItem(t, s, "/residents")
	samples := map[string]string{"cell": sc.inCell, "q": url.QueryEscape("张"), "limit": "5", "offset": "1"}
	admin := sc.actors["admin"]
	for _, p := range item.Get.Parameters {
		v, ok := samples[p.Value.Name]
		if !ok {
			t.Errorf("documented parameter %q has no sample here", p.Value.Name)
			continue
		}
		path := "/api/residents?cell=" + sc.inCell + "&" + p.Value.Name + "=" + v
		if r := get(t, s, path, admin.header()...); r.status != http.StatusOK {
			t.Errorf("GET %s = %d %.200s", path, r.status, r.body)
		}
	}
	// The answers' shapes: TestOGCOpenAPIValid. Every field documented:
	props := item.Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value.Properties["residents"].Value.Items.Value.Properties
	for _, as := range []string{"admin", "leader"} {
		r := get(t, s, "/api/residents?q="+url.QueryEscape("张"), sc.actors[as].header()...)
		for _, x := range r.json(t)["residents"].([]any) {
			for k := range x.(map[string]any) {
				if props[k] == nil {
					t.Errorf("GET /api/residents as %s answers field %q, not documented", as, k)
				}
			}
		}
	}
}

// appAPIItem returns the path item of an app API route (under /api) in the
// OpenAPI document of s, served at http://gridmap.test: it must have a GET
// and name the app API's server.
func appAPIItem(t *testing.T, s http.Handler, path string) *openapi3.PathItem {
	t.Helper()
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value(path)
	if item == nil || item.Get == nil {
		t.Fatalf("%s: %+v; want a GET", path, item)
	}
	if len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test/api" {
		t.Errorf("%s servers = %v; want http://gridmap.test/api", path, item.Servers)
	}
	return item
}
