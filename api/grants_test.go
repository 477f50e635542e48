package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// What a role gets for a privileged field: the write done, or the route
// refused before any field counts (401 for the anonymous, 403 without a
// field for the others); any other want is the field a 403 must name.
const (
	allow = "allow"
	route = "route"
)

// TestPrivilegedFieldsEveryRole sends each privileged field of each write
// body (the table in api/grants.go) as each role, with a few fields that
// grant nothing beside them as controls.
func TestPrivilegedFieldsEveryRole(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := t.Context()
	ms, err := sc.store.Mediators(ctx, data.MediatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	own := sc.actors["mediator"].user.MediatorID
	var other, town int64 // a mediator of another unit, one of the town centre
	for _, m := range ms {
		switch {
		case m.UnitCode == "" && town == 0:
			town = m.ID
		case m.UnitCode != "" && m.UnitCode != sc.unit && other == 0:
			other = m.ID
		}
	}
	if other == 0 || town == 0 {
		t.Fatal("the sample has no mediator of another unit or of the town centre")
	}
	lon, lat := cellLabel(t, s, sc.inCell)
	report := func(extra string) string {
		return fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"字段权限"%s}`, lon, lat, extra)
	}
	// fresh files a new incident in the scene's cell for each request that
	// changes one, so that no role's write changes another's case.
	fresh := func() int64 {
		in, _, err := sc.store.CreateIncident(ctx, &data.Incident{Kind: data.KindDispute, Type: "其他", Source: "网格员上报",
			Summary: "字段权限", CellCode: sc.inCell, Location: [2]float64{lon, lat}}, "")
		if err != nil {
			t.Fatal(err)
		}
		return in.ID
	}
	n := 0
	cases := []struct {
		name  string
		field string // the privileged field
		path  func() string
		body  func() string
		want  [7]string // anonymous, viewer, leader, unit_cadre, grid_worker, mediator, admin
	}{
		{"report: mediators of the unit", "mediators", nil, func() string { return report(fmt.Sprintf(`,"mediators":[%d]`, own)) },
			[7]string{route, route, allow, allow, "mediators", route, allow}},
		{"report: a mediator of another unit", "mediators", nil, func() string { return report(fmt.Sprintf(`,"mediators":[%d]`, other)) },
			[7]string{route, route, allow, "mediators", "mediators", route, allow}},
		{"report: a mediator of the town centre", "mediators", nil, func() string { return report(fmt.Sprintf(`,"mediators":[%d]`, town)) },
			[7]string{route, route, allow, allow, "mediators", route, allow}},
		{"report: no mediators", "mediators", nil, func() string { return report(`,"mediators":[]`) },
			[7]string{route, route, allow, allow, allow, route, allow}},
		{"report: source 信访", "source", nil, func() string { return report(`,"source":"信访"`) },
			[7]string{route, route, allow, allow, "source", route, allow}},
		{"report: source 群众来访", "source", nil, func() string { return report(`,"source":"群众来访"`) },
			[7]string{route, route, allow, allow, allow, route, allow}},
		{"report: priority urgent", "priority", nil, func() string { return report(`,"priority":"urgent"`) },
			[7]string{route, route, allow, allow, allow, route, allow}},
		{"transition: to accepted", "to", func() string { return fmt.Sprintf("/api/incidents/%d/transitions", fresh()) },
			func() string { return `{"to":"accepted"}` },
			[7]string{route, route, "to", allow, "to", route, allow}},
		// The status is checked first: whoever may not mark a duplicate hears of "to".
		{"transition: duplicate_of an incident of another unit", "duplicate_of", func() string { return fmt.Sprintf("/api/incidents/%d/transitions", fresh()) },
			func() string {
				return fmt.Sprintf(`{"to":"duplicate","note":"重复","duplicate_of":%d}`, sc.outIncident)
			},
			[7]string{route, route, "to", "duplicate_of", "to", route, allow}},
		{"transition: duplicate_of an incident in scope", "duplicate_of", func() string { return fmt.Sprintf("/api/incidents/%d/transitions", fresh()) },
			func() string {
				return fmt.Sprintf(`{"to":"duplicate","note":"重复","duplicate_of":%d}`, sc.inIncident)
			},
			[7]string{route, route, "to", allow, "to", route, allow}},
		{"assign: mediators of the unit", "mediators", func() string { return fmt.Sprintf("/api/incidents/%d/mediators", fresh()) },
			func() string { return fmt.Sprintf(`{"mediators":[%d]}`, own) },
			[7]string{route, route, allow, allow, "mediators", route, allow}},
		{"assign: a mediator of another unit", "mediators", func() string { return fmt.Sprintf("/api/incidents/%d/mediators", fresh()) },
			func() string { return fmt.Sprintf(`{"mediators":[%d]}`, other) },
			[7]string{route, route, allow, "mediators", "mediators", route, allow}},
		{"reassign: cell other than the near one", "cell", func() string { return fmt.Sprintf("/api/incidents/%d/cell", fresh()) },
			func() string { return fmt.Sprintf(`{"cell":%q,"reason":"核实"}`, sc.outCell) },
			[7]string{route, route, allow, "cell", route, route, allow}},
		{"user: role", "role", func() string { return "/api/users" },
			func() string {
				n++
				return fmt.Sprintf(`{"username":"t-field-%d","role":"admin","password":"a new long password"}`, n)
			},
			[7]string{route, route, route, route, route, route, allow}},
		{"user: unit_code", "unit_code", func() string { return fmt.Sprintf("/api/users/%d", sc.actors["unit_cadre"].user.ID) },
			func() string { return fmt.Sprintf(`{"unit_code":%q}`, sc.unit) },
			[7]string{route, route, route, route, route, route, allow}},
	}
	for _, c := range cases {
		for i, role := range roles {
			a := sc.actors[role]
			path := "/api/incidents"
			if c.path != nil {
				path = c.path()
			}
			method := http.MethodPost
			if strings.HasPrefix(path, "/api/users/") {
				method = http.MethodPatch
			}
			r := do(t, s, method, path, strings.NewReader(c.body()), append(a.header(), "Content-Type: application/json")...)
			var got string
			switch {
			case r.status < 300:
				got = allow
			case r.status == http.StatusForbidden || r.status == http.StatusUnauthorized:
				got = route
				if _, f := r.errorOf(t); f != "" {
					got = f
				}
				if r.status == http.StatusUnauthorized && role != "anonymous" {
					got = "401"
				}
			default:
				got = fmt.Sprint(r.status)
			}
			if got != c.want[i] {
				t.Errorf("%s as %s: %s %s = %d, %s; want %s\n%.300s", c.name, role, method, path, r.status, got, c.want[i], r.body)
			}
		}
	}
	// Who reports, records or acts is never read from a body: a body naming them is refused.
	for _, f := range []string{"reporter_id", "kind", "status", "cell"} {
		r := sc.actors["grid_worker"].post(t, s, "/api/incidents", report(fmt.Sprintf(`,%q:%q`, f, "1")))
		if _, got := r.errorOf(t); r.status != http.StatusBadRequest || got != f {
			t.Errorf("report naming %s = %d %s; want 400 naming it", f, r.status, r.body)
		}
	}
}

// TestReportCannotAssignAnotherUnitsMediator is the case: a grid
// worker's report naming a mediator of another unit is refused whole, and
// that mediator reads nothing of it.
func TestReportCannotAssignAnotherUnitsMediator(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	ctx := t.Context()
	ms, err := sc.store.Mediators(ctx, data.MediatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var other data.Mediator
	for _, m := range ms {
		if m.UnitCode != "" && m.UnitCode != sc.unit {
			other = m
			break
		}
	}
	outsider := addCadre(t, sc, "t-outsider", other.UnitCode)
	outsider.user.Role, outsider.user.MediatorID = data.RoleMediator, other.ID
	if err := sc.store.UpdateUser(ctx, outsider.user); err != nil {
		t.Fatal(err)
	}
	_, before, err := sc.store.Incidents(ctx, data.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	r := report(t, s, sc, sc.actors["grid_worker"], fmt.Sprintf(`,"parties":["赵秘密"],"mediators":[%d]`, other.ID))
	if code, f := r.errorOf(t); r.status != http.StatusForbidden || code != data.EFORBIDDEN || f != "mediators" {
		t.Fatalf("report naming mediator %d of unit %s = %d %s; want 403 naming mediators", other.ID, other.UnitCode, r.status, r.body)
	}
	if _, after, err := sc.store.Incidents(ctx, data.IncidentFilter{}); err != nil || after != before {
		t.Errorf("incidents after the refused report = %d, %v; want %d (nothing written)", after, err, before)
	}
	list := get(t, s, "/api/incidents?limit=1000", outsider.header()...)
	if list.status != http.StatusOK || strings.Contains(string(list.body), "赵秘密") || strings.Contains(string(list.body), "宅基地边界争执") {
		t.Errorf("the other unit's mediator lists = %d %.300s; want nothing of the refused report", list.status, list.body)
	}
}
