package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// TestScopeRefusalNamesParameter sweeps every GET route of the router as
// a grid worker, a mediator and a unit cadre: a query parameter that
// turns an answer into a 403 (a cell, a unit or a mediator outside the
// account's area) must be named in the 403's error, in the route's error
// shape, as a 400 for a bad value is, so that a client knows which filter
// went too far. A route that refuses the account anyway (403 without the
// parameter) is not the parameter's doing and is left alone.
func TestScopeRefusalNamesParameter(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	ms, err := sc.store.Mediators(t.Context(), data.MediatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	other := int64(0) // a mediator not the scene's
	for _, m := range ms {
		if m.ID != sc.actors[data.RoleMediator].user.MediatorID {
			other = m.ID
			break
		}
	}
	probes := []struct{ param, value string }{
		{"cell", sc.outCell},
		{"unit", sc.outCell[:12]},
		{"unit", sc.unit}, // the grid worker's own unit: more than their cells
		{"mediator", fmt.Sprint(other)},
	}
	inc := fmt.Sprint(sc.inIncident)
	// Path parameters, filled so that the route answers the accounts.
	fill := strings.NewReplacer("export/:layer", "export/incidents", ":layer/:z/:x/:y", "incidents/0/0/0.mvt", ":layer", "incidents.json",
		"requests/:id", "requests/"+inc+".json", ":format", "json", "templates/:kind", "templates/residents",
		":kind", "application", "collections/:id", "collections/incidents", ":fid", inc, ":id", inc,
		":code", sc.inCell, ":n", "1", ":b", "1")
	// Parameters a route needs to answer at all.
	needs := map[string]string{"/api/residents": "q=张", "/api/locate": "lon=0&lat=0", "/api/export/incidents": "format=csv"}
	refusals := map[string]bool{} // route and parameter of each 403 a parameter caused
	for _, role := range []string{data.RoleGridWorker, data.RoleMediator, data.RoleUnitCadre} {
		a := sc.actors[role]
		for _, route := range s.Routes() {
			path, ok := strings.CutPrefix(route, "GET ")
			if !ok || path == "/*" {
				continue
			}
			path = fill.Replace(path)
			query := needs[path]
			url := func(extra string) string {
				q := strings.Trim(query+"&"+extra, "&")
				if q == "" {
					return path
				}
				return path + "?" + q
			}
			if r := get(t, s, url(""), a.header()...); r.status == http.StatusForbidden {
				continue // refused without the parameter
			}
			for _, pr := range probes {
				r := get(t, s, url(pr.param+"="+pr.value), a.header()...)
				if r.status != http.StatusForbidden {
					continue
				}
				refusals[route+" "+pr.param] = true
				if code, field := r.errorOf(t); code != data.EFORBIDDEN || field != pr.param {
					t.Errorf("GET %s as %s = 403 naming %q (code %q); want it to name %s\n%.300s", url(pr.param+"="+pr.value), role, field, code, pr.param, r.body)
				}
			}
		}
	}
	// The sweep must have met the refusals it is for, or it proves nothing.
	for _, want := range []string{"GET /api/incidents cell", "GET /api/incidents unit", "GET /api/incidents mediator",
		"GET /api/residents cell", "GET /api/stats/mediation unit", "GET /api/stats/mediation.xlsx unit"} {
		if !refusals[want] {
			t.Errorf("no 403 for %s; the sweep found %v", want, refusals)
		}
	}
}
