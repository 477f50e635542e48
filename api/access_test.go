package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// accessCase is one request and the status each role must get, in the
// order of roles: anonymous, viewer, leader, unit_cadre, grid_worker,
// mediator, admin.
type accessCase struct {
	route  string // the router's "METHOD /pattern"
	method string
	path   string
	body   string
	want   [7]int
}

const (
	ok   = http.StatusOK
	made = http.StatusCreated
	none = http.StatusNoContent
	unau = http.StatusUnauthorized
	forb = http.StatusForbidden
	nofo = http.StatusNotFound
)

// TestAccessEveryRouteEveryRole walks the router's own route list: every
// route must have access cases here, so a new route without a policy fails.
func TestAccessEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // who may do what, not what they find
	t.Log(sc)
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test",
		Frontend: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>gridmap</title>")}}}, quietLog())
	all := [7]int{ok, ok, ok, ok, ok, ok, ok}
	loggedIn := [7]int{unau, ok, ok, ok, ok, ok, ok}
	adminOnly := [7]int{unau, forb, forb, forb, forb, forb, ok}
	inScope := [7]int{unau, forb, ok, ok, ok, ok, ok}
	in, out := sc.inCell, sc.outCell
	inc, outInc := fmt.Sprint(sc.inIncident), fmt.Sprint(sc.outIncident)
	victim := sc.actors["viewer"].user.ID
	lon, lat := cellLabel(t, s, in)
	cur := get(t, s, "/api/incidents/"+inc, sc.actors["admin"].header()...).json(t)
	illegal := "" // a status the in-scope incident cannot move to, so the case changes nothing
	for _, st := range data.Statuses {
		if !slices.Contains(domain.NextStatuses(cur["status"].(string), int(cur["escalation"].(float64))), st) {
			illegal = st
			break
		}
	}
	ids := func(v map[string]any) string { // an incident's mediators as a JSON list
		b, err := json.Marshal(v["mediators"])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	curOut := get(t, s, "/api/incidents/"+outInc, sc.actors["admin"].header()...).json(t)
	record := fmt.Sprintf(`{"mediators":[%d],"outcome":"ongoing"}`, sc.actors["mediator"].user.MediatorID)
	bad := http.StatusBadRequest
	photo := tinyPNG(t)
	upload := multipartBody(t, "file", "现场.png", "image/png", photo)
	photos := map[int64]string{} // a photo of each incident, by incident
	for _, id := range []int64{sc.inIncident, sc.outIncident} {
		a := &data.Attachment{IncidentID: id, Name: "现场.png", ContentType: "image/png", UploaderID: sc.actors["admin"].user.ID}
		if _, err := sc.store.AddAttachment(t.Context(), a, photo); err != nil {
			t.Fatal(err)
		}
		photos[id] = fmt.Sprint(a.ID)
	}
	fullOnly := [7]int{unau, forb, forb, ok, ok, ok, ok}
	outFullOnly := [7]int{unau, forb, forb, forb, forb, forb, ok}
	conflict := [7]int{unau, forb, http.StatusConflict, http.StatusConflict, http.StatusConflict, http.StatusConflict, http.StatusConflict}
	cases := []accessCase{
		{"GET /healthz", "GET", "/healthz", "", all},
		{"GET /*", "GET", "/", "", all},
		{"GET /api/config", "GET", "/api/config", "", all},
		{"GET /api/town", "GET", "/api/town", "", all},
		{"GET /api/units", "GET", "/api/units", "", all},
		{"GET /api/cells", "GET", "/api/cells", "", all},
		{"GET /api/cells.topojson", "GET", "/api/cells.topojson", "", all},
		{"GET /tiles/:layer", "GET", "/tiles/cells.json", "", all},
		{"GET /tiles/:layer", "GET", "/tiles/incidents.json", "", inScope},
		{"GET /tiles/:layer/:z/:x/:y", "GET", "/tiles/units/0/0/0.mvt", "", all},
		{"GET /tiles/:layer/:z/:x/:y", "GET", "/tiles/incidents/0/0/0.mvt", "", inScope},
		{"GET /api/cells/:code", "GET", "/api/cells/" + in, "", all},
		{"GET /api/locate", "GET", "/api/locate?lon=0&lat=0", "", [7]int{nofo, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"GET /api/mediators", "GET", "/api/mediators?cell=" + in, "", all},
		{"GET /api/residents", "GET", "/api/residents?cell=" + in, "", [7]int{unau, forb, ok, ok, ok, ok, ok}},
		{"GET /api/residents", "GET", "/api/residents?cell=" + out, "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		{"GET /api/incidents", "GET", "/api/incidents", "", inScope},
		{"GET /api/incidents", "GET", "/api/incidents?cell=" + out, "", [7]int{unau, forb, ok, forb, forb, ok, ok}},
		{"GET /api/incidents/similar", "GET", fmt.Sprintf("/api/incidents/similar?lon=%v&lat=%v&type=其他", lon, lat), "", inScope},
		{"GET /api/incidents/:id", "GET", "/api/incidents/" + inc, "", inScope},
		{"GET /api/incidents/:id", "GET", "/api/incidents/" + outInc, "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		{"POST /api/incidents", "POST", "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵"}`, lon, lat), [7]int{unau, forb, made, made, made, forb, made}},
		{"POST /api/incidents", "POST", "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵","duplicate_of":%s}`, lon, lat, outInc), [7]int{unau, forb, made, forb, forb, forb, made}},
		{"POST /api/incidents/:id/transitions", "POST", "/api/incidents/" + inc + "/transitions", fmt.Sprintf(`{"to":%q}`, illegal), conflict},
		{"GET /api/incidents/:id/events", "GET", "/api/incidents/" + inc + "/events", "", inScope},
		{"GET /api/stats", "GET", "/api/stats?unit=" + sc.unit, "", all},
		{"POST /api/incidents/:id/parties", "POST", "/api/incidents/" + inc + "/parties", `{"party_details":[{"name":"甲"}]}`, fullOnly},
		{"POST /api/incidents/:id/parties", "POST", "/api/incidents/" + outInc + "/parties", `{"party_details":[{"name":"甲"}]}`, outFullOnly},
		// A dispute has no reply deadline: those who may extend one get 409 (a stale version too), nothing changes.
		{"POST /api/incidents/:id/extend", "POST", "/api/incidents/" + inc + "/extend", `{"days":5,"reason":"核实","version":1}`,
			[7]int{unau, forb, forb, http.StatusConflict, forb, forb, http.StatusConflict}},
		{"POST /api/incidents/:id/extend", "POST", "/api/incidents/" + outInc + "/extend", `{"days":5,"reason":"核实","version":1}`,
			[7]int{unau, forb, forb, forb, forb, forb, http.StatusConflict}},
		{"GET /api/stats/mediation", "GET", "/api/stats/mediation?unit=" + sc.unit, "", [7]int{unau, forb, ok, ok, forb, forb, ok}},
		{"GET /api/stats/mediation.xlsx", "GET", "/api/stats/mediation.xlsx", "", [7]int{unau, forb, ok, ok, forb, forb, ok}},
		{"GET /api/hotspots", "GET", "/api/hotspots?geometry=false", "", all},
		{"GET /api/hotspots/emerging", "GET", "/api/hotspots/emerging?geometry=false", "", all},
		{"GET /api/hotspots/trend", "GET", "/api/hotspots/trend?unit=" + sc.unit, "", all},
		{"GET /api/incidents/:id/suggestions", "GET", "/api/incidents/" + inc + "/suggestions", "", inScope},
		{"POST /api/incidents/:id/mediation", "POST", "/api/incidents/" + inc + "/mediation", record, [7]int{unau, forb, forb, made, forb, made, made}},
		{"POST /api/incidents/:id/mediation", "POST", "/api/incidents/" + outInc + "/mediation", record, [7]int{unau, forb, forb, forb, forb, forb, made}},
		{"GET /api/incidents/:id/mediation", "GET", "/api/incidents/" + inc + "/mediation", "", [7]int{unau, forb, forb, ok, ok, ok, ok}},
		{"GET /api/incidents/:id/mediation", "GET", "/api/incidents/" + outInc + "/mediation", "", [7]int{unau, forb, forb, forb, forb, forb, ok}},
		// An unreached 回访 of the resolved case in scope (it changes only its version); the other is not resolved.
		{"POST /api/incidents/:id/followups", "POST", "/api/incidents/" + inc + "/followups", `{"method":"phone","reached":false}`, [7]int{unau, forb, forb, made, made, made, made}},
		{"POST /api/incidents/:id/followups", "POST", "/api/incidents/" + outInc + "/followups", `{"method":"phone","reached":false}`, [7]int{unau, forb, forb, forb, forb, forb, http.StatusConflict}},
		{"GET /api/incidents/:id/followups", "GET", "/api/incidents/" + inc + "/followups", "", inScope},
		{"GET /api/incidents/:id/followups", "GET", "/api/incidents/" + outInc + "/followups", "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		// The case file: its checklist for all who see the incident, its documents for those who see it in full.
		{"GET /api/incidents/:id/documents", "GET", "/api/incidents/" + inc + "/documents", "", inScope},
		{"GET /api/incidents/:id/documents", "GET", "/api/incidents/" + outInc + "/documents", "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		{"GET /api/incidents/:id/documents/:kind", "GET", "/api/incidents/" + inc + "/documents/application", "", fullOnly},
		{"GET /api/incidents/:id/documents/:kind", "GET", "/api/incidents/" + outInc + "/documents/application", "", outFullOnly},
		// The same mediators again, so that the scene's mediator keeps the incident.
		{"POST /api/incidents/:id/mediators", "POST", "/api/incidents/" + inc + "/mediators", `{"mediators":` + ids(cur) + `}`, [7]int{unau, forb, ok, ok, forb, forb, ok}},
		{"POST /api/incidents/:id/mediators", "POST", "/api/incidents/" + outInc + "/mediators", `{"mediators":` + ids(curOut) + `}`, [7]int{unau, forb, ok, forb, forb, forb, ok}},
		// To the cell it is in: those who may move it get 400, and nothing moves.
		{"POST /api/incidents/:id/cell", "POST", "/api/incidents/" + inc + "/cell", `{"cell":"` + in + `","reason":"核实"}`, [7]int{unau, forb, bad, bad, forb, forb, bad}},
		{"POST /api/incidents/:id/cell", "POST", "/api/incidents/" + outInc + "/cell", `{"cell":"` + out + `","reason":"核实"}`, [7]int{unau, forb, bad, forb, forb, forb, bad}},
		{"POST /api/incidents/:id/attachments", "POST", "/api/incidents/" + inc + "/attachments", upload, [7]int{unau, forb, forb, made, made, made, made}},
		{"POST /api/incidents/:id/attachments", "POST", "/api/incidents/" + outInc + "/attachments", upload, [7]int{unau, forb, forb, forb, forb, forb, made}},
		{"GET /api/incidents/:id/attachments", "GET", "/api/incidents/" + inc + "/attachments", "", fullOnly},
		{"GET /api/incidents/:id/attachments", "GET", "/api/incidents/" + outInc + "/attachments", "", outFullOnly},
		{"GET /api/attachments/:id", "GET", "/api/attachments/" + photos[sc.inIncident], "", fullOnly},
		{"GET /api/attachments/:id", "GET", "/api/attachments/" + photos[sc.outIncident], "", outFullOnly},
		{"GET /open311/discovery.:format", "GET", "/open311/discovery.xml", "", all},
		{"GET /open311/v2/services.:format", "GET", "/open311/v2/services.json", "", all},
		{"GET /open311/v2/services.:format", "GET", "/open311/v2/services.xml", "", all},
		{"GET /open311/v2/requests.:format", "GET", "/open311/v2/requests.json", "", inScope},
		{"GET /open311/v2/requests.:format", "GET", "/open311/v2/requests.xml", "", inScope},
		{"POST /open311/v2/requests.:format", "POST", "/open311/v2/requests.json", fmt.Sprintf("service_code=neighbour&lat=%v&long=%v&description=x", lat, lon), [7]int{unau, forb, made, made, made, forb, made}},
		{"POST /open311/v2/requests.:format", "POST", "/open311/v2/requests.xml", fmt.Sprintf(`{"service_code":"neighbour","lat":%v,"long":%v}`, lat, lon), [7]int{unau, forb, made, made, made, forb, made}},
		{"GET /open311/v2/requests/:id", "GET", "/open311/v2/requests/" + inc + ".json", "", inScope},
		{"GET /open311/v2/requests/:id", "GET", "/open311/v2/requests/" + outInc + ".json", "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		// One username from one address: the fifth failure locks the pair, whoever asks.
		{"POST /api/auth/login", "POST", "/api/auth/login", `{"username":"nobody","password":"wrong password"}`, [7]int{unau, unau, unau, unau, http.StatusTooManyRequests, http.StatusTooManyRequests, http.StatusTooManyRequests}},
		// A wrong current password: refused for everyone, so nothing changes.
		{"POST /api/auth/password", "POST", "/api/auth/password", `{"current_password":"not the password","new_password":"a new long password"}`, [7]int{unau, bad, bad, bad, bad, bad, bad}},
		{"GET /api/auth/locks", "GET", "/api/auth/locks", "", adminOnly},
		{"DELETE /api/auth/locks", "DELETE", "/api/auth/locks?username=nobody&remote=192.0.2.99", "", adminOnly},
		{"GET /api/calendar", "GET", "/api/calendar?year=2026", "", loggedIn},
		{"PATCH /api/calendar/:date", "PATCH", "/api/calendar/2031-01-06", `{"kind":"rest"}`, adminOnly},
		{"GET /open311/v2/requests/:id", "GET", "/open311/v2/requests/" + outInc + ".xml", "", [7]int{unau, forb, ok, forb, forb, forb, ok}},
		{"echo_route_not_found /open311/*", "GET", "/open311/v2/nothing.xml", "", [7]int{nofo, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"POST /api/auth/logout", "POST", "/api/auth/logout", "", [7]int{none, none, none, none, none, none, none}},
		{"GET /api/auth/me", "GET", "/api/auth/me", "", all},
		{"GET /api/auth/tokens", "GET", "/api/auth/tokens", "", loggedIn},
		// A token may not make another (a login does: TestTokens).
		{"POST /api/auth/tokens", "POST", "/api/auth/tokens", `{"name":"qgis"}`, [7]int{unau, forb, forb, forb, forb, forb, forb}},
		{"DELETE /api/auth/tokens/:id", "DELETE", "/api/auth/tokens/999999", "", [7]int{unau, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"GET /api/users", "GET", "/api/users", "", adminOnly},
		{"GET /api/notifications", "GET", "/api/notifications", "", loggedIn},
		{"POST /api/notifications/read", "POST", "/api/notifications/read", "", loggedIn},
		{"POST /api/notifications/:id/read", "POST", "/api/notifications/999999/read", "", [7]int{unau, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"GET /api/notifications/deliveries", "GET", "/api/notifications/deliveries", "", adminOnly},
		{"POST /api/notifications/deliveries/:id/retry", "POST", "/api/notifications/deliveries/999999/retry", "", [7]int{unau, forb, forb, forb, forb, forb, nofo}},
		{"GET /api/notifications/webhooks", "GET", "/api/notifications/webhooks", "", adminOnly},
		{"PUT /api/units/:code/webhook", "PUT", "/api/units/" + in[:12] + "/webhook", `{"url":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k","format":"wecom"}`, adminOnly},
		{"DELETE /api/units/:code/webhook", "DELETE", "/api/units/" + in[:12] + "/webhook", "", [7]int{unau, forb, forb, forb, forb, forb, none}},
		{"POST /api/users", "POST", "/api/users", `{"username":"t-new","role":"viewer","password":"a new long password"}`, [7]int{unau, forb, forb, forb, forb, forb, made}},
		{"PATCH /api/users/:id", "PATCH", fmt.Sprintf("/api/users/%d", victim), `{"name":"改名"}`, adminOnly},
		{"GET /api/audit", "GET", "/api/audit", "", adminOnly},
		{"GET /api/export/residents.csv", "GET", "/api/export/residents.csv?cell=" + in, "", adminOnly},
		{"GET /api/export/:layer", "GET", "/api/export/cells?format=geojson", "", all},
		{"GET /api/export/:layer", "GET", "/api/export/incidents?format=csv", "", inScope},
		{"GET /api/export/:layer", "GET", "/api/export/residents?format=csv", "", adminOnly},
		{"GET /api/boundary/versions", "GET", "/api/boundary/versions", "", loggedIn},
		{"GET /api/boundary/versions/:n", "GET", "/api/boundary/versions/1", "", loggedIn},
		{"GET /api/boundary/versions/:n/diff/:b", "GET", "/api/boundary/versions/1/diff/1", "", loggedIn},
		// Restoring the current version, and an unknown operation: refused even for the admin, so nothing changes.
		{"POST /api/boundary/versions/:n/restore", "POST", "/api/boundary/versions/1/restore?dry_run=true", `{"base":1,"reason":"r","effective_date":"2026-12-01"}`, [7]int{unau, forb, forb, forb, forb, forb, bad}},
		{"POST /api/boundary/changesets", "POST", "/api/boundary/changesets?dry_run=true", `{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[{"op":"nope"}]}`, [7]int{unau, forb, forb, forb, forb, forb, bad}},
		// The town's own boundaries, a dry run: the admin's preview changes nothing.
		{"POST /api/import/boundaries", "POST", "/api/import/boundaries", importBody(t, "网格.geojson", boundaryGeoJSON(t, sampleBoundaries(t))), adminOnly},
		// The people import: an admin's bad option refused, so no job starts; no such job for anyone.
		{"GET /api/import/templates/:kind", "GET", "/api/import/templates/residents", "", adminOnly},
		{"POST /api/import/residents", "POST", "/api/import/residents", importBody(t, "r.csv", []byte("a,b\n"), "dry_run", "maybe"), [7]int{unau, forb, forb, forb, forb, forb, bad}},
		{"POST /api/import/staff", "POST", "/api/import/staff", importBody(t, "s.csv", []byte("a,b\n"), "dry_run", "maybe"), [7]int{unau, forb, forb, forb, forb, forb, bad}},
		{"POST /api/import/incidents", "POST", "/api/import/incidents", importBody(t, "i.csv", []byte("a,b\n"), "dry_run", "maybe"), [7]int{unau, forb, forb, forb, forb, forb, bad}},
		{"GET /api/import/jobs/:id", "GET", "/api/import/jobs/0123456789abcdef", "", [7]int{unau, forb, forb, forb, forb, forb, nofo}},
		{"GET /api/import/jobs/:id/errors.xlsx", "GET", "/api/import/jobs/0123456789abcdef/errors.xlsx", "", [7]int{unau, forb, forb, forb, forb, forb, nofo}},
		{"echo_route_not_found /api/*", "DELETE", "/api/nothing/here", "", [7]int{nofo, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"echo_route_not_found /ogc/*", "GET", "/ogc/nothing", "", [7]int{nofo, nofo, nofo, nofo, nofo, nofo, nofo}},
		{"GET /ogc", "GET", "/ogc", "", all},
		{"GET /ogc/", "GET", "/ogc/", "", all},
		{"GET /ogc/conformance", "GET", "/ogc/conformance", "", all},
		{"GET /ogc/api", "GET", "/ogc/api", "", all},
		{"GET /ogc/collections", "GET", "/ogc/collections", "", all},
		{"GET /ogc/collections/:id", "GET", "/ogc/collections/cells", "", all},
		{"GET /ogc/collections/:id", "GET", "/ogc/collections/incidents", "", inScope},
		{"GET /ogc/collections/:id/items", "GET", "/ogc/collections/units/items", "", all},
		{"GET /ogc/collections/:id/items", "GET", "/ogc/collections/incidents/items", "", inScope},
		{"GET /ogc/collections/:id/items/:fid", "GET", "/ogc/collections/cells/items/" + in, "", all},
		{"GET /ogc/collections/:id/items/:fid", "GET", "/ogc/collections/incidents/items/" + inc, "", inScope},
		{"GET /ogc/collections/:id/items/:fid", "GET", "/ogc/collections/incidents/items/" + outInc, "", [7]int{unau, forb, ok, nofo, nofo, nofo, ok}},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
	}
	for _, r := range s.Routes() {
		if strings.HasPrefix(r, "HEAD ") {
			r = "GET " + strings.TrimPrefix(r, "HEAD ") // HEAD routes answer as their GET twins
		}
		if strings.HasPrefix(r, "OPTIONS ") {
			continue // no data, for anyone: TestOptionsEveryRoute
		}
		if !covered[r] {
			t.Errorf("route %s has no access cases: add them (and a policy) to this test", r)
		}
	}
	uploads := 0
	for _, c := range cases {
		for i, role := range roles {
			a := sc.actors[role]
			var body *strings.Reader
			headers := a.header()
			switch {
			case strings.HasPrefix(c.body, "--"+uploadBoundary):
				headers = append(headers, "Content-Type: multipart/form-data; boundary="+uploadBoundary)
			case strings.HasPrefix(c.body, "{"):
				headers = append(headers, "Content-Type: application/json")
			case c.body != "":
				headers = append(headers, "Content-Type: application/x-www-form-urlencoded") // Open311
			}
			body = strings.NewReader(c.body)
			if c.body == upload { // another photo each time: the same one again is answered with the first (200)
				uploads++
				body = strings.NewReader(multipartBody(t, "file", "现场.png", "image/png", nthPNG(t, uploads)))
			}
			r := do(t, s, c.method, c.path, body, headers...)
			if r.status != c.want[i] {
				t.Errorf("%s %s as %s = %d; want %d\n%.300s", c.method, c.path, role, r.status, c.want[i], r.body)
			}
		}
	}
}
