package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gridmap/api"
)

// goToken matches text of Go and its libraries that must never reach a
// user: package prefixes, type names, fmt's complaints.
var goToken = regexp.MustCompile(`geo:|json:|strconv|float64|float32|int64|uint|orb\.|reflect|%!|<nil>|runtime|syntax error|unexpected EOF`)

// englishSentence matches three English words in a row.
var englishSentence = regexp.MustCompile(`[A-Za-z]+ [A-Za-z]+ [A-Za-z]+`)

// errorMessages returns the messages of an error answer: the app's
// {"error":{...}} or Open311's [{"code","description"}].
func errorMessages(body []byte) (msgs, fields []string) {
	var app struct {
		Error struct{ Message, Field string } `json:"error"`
	}
	if json.Unmarshal(body, &app) == nil && app.Error.Message != "" {
		return []string{app.Error.Message}, []string{app.Error.Field}
	}
	var o311 []struct{ Description string }
	if json.Unmarshal(body, &o311) == nil {
		for _, e := range o311 {
			msgs = append(msgs, e.Description)
			fields = append(fields, "")
		}
	}
	return msgs, fields
}

// TestChineseMessages walks the routes with bad input of many kinds (bad
// paths, methods, query parameters, bodies and fields of the wrong type,
// edits geo refuses, short passwords) as an administrator and anonymously,
// and checks that every error answer in zh-CN is Chinese: no English
// sentence, no Go type or package name. A few answers must also name the
// right field.
func TestChineseMessages(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // the answers, not the data, are the point
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	inc := strconv.FormatInt(sc.inIncident, 10)
	concrete := strings.NewReplacer(
		"/auth/tokens/:id", "/auth/tokens/999999",
		"/users/:id", "/users/"+strconv.FormatInt(sc.actors["viewer"].user.ID, 10),
		"/collections/:id", "/collections/incidents",
		"/attachments/:id", "/attachments/999999",
		":id", inc, ":code", sc.inCell, ":n", "1", ":b", "1", ":fid", "1")

	checked := 0
	check := func(what string, r response, wantField string) {
		t.Helper()
		if r.status >= 500 {
			t.Errorf("%s = %d; want no server error\n%.300s", what, r.status, r.body)
			return
		}
		if r.status < 400 {
			if wantField != "" {
				t.Errorf("%s = %d; want an error naming %s", what, r.status, wantField)
			}
			return
		}
		msgs, fields := errorMessages(r.body)
		if len(msgs) == 0 && r.header.Get("Content-Type") != "" && strings.Contains(r.header.Get("Content-Type"), "json") {
			t.Errorf("%s = %d with no error message: %.300s", what, r.status, r.body)
		}
		for i, m := range msgs {
			checked++
			switch {
			case !strings.ContainsFunc(m, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
				t.Errorf("%s = %d %q: not Chinese", what, r.status, m)
			case englishSentence.MatchString(m):
				t.Errorf("%s = %d %q: an English sentence in Chinese", what, r.status, englishSentence.FindString(m))
			case goToken.MatchString(m):
				t.Errorf("%s = %d %q: Go's own text %q", what, r.status, m, goToken.FindString(m))
			}
			if wantField != "" && fields[i] != wantField {
				t.Errorf("%s names field %q; want %q (%s)", what, fields[i], wantField, m)
			}
		}
	}

	// Query parameters, one bad value at a time.
	params := []string{"limit=x", "limit=-1", "offset=x", "bbox=1,2", "bbox=a,b,c,d", "from=yesterday", "to=2021-13-45",
		"datetime=x/y", "status=nope", "type=nope", "lon=x", "lat=1e400", "cell=nope", "unit=nope", "f=xml", "zzz=1",
		"version=x", "measure=nope", "window=x", "alpha=x", "dry_run=maybe", "overdue=x", "properties=nope",
		"service_code=nope", "start_date=x", "q=%ff"}
	writeFields := []string{"summary", "description", "type", "lon", "lat", "parties", "mediators", "to", "note", "cell",
		"reason", "base", "operations", "username", "password", "role", "name", "unit_code", "cells", "mediator_id",
		"disabled", "expires_in_days", "effective_date", "kind", "result", "agreement_no", "duplicate_of", "outer_may_change", "priority", "source"}
	for _, route := range s.Routes() {
		method, pattern, _ := strings.Cut(route, " ")
		path := concrete.Replace(pattern)
		if pattern == "/*" {
			continue
		}
		for _, a := range []*actor{admin, sc.actors["anonymous"]} {
			params, writeFields := params, writeFields
			if a != admin { // most answers are 401 before the input is read
				params, writeFields = params[:1], writeFields[:1]
			}
			if pattern == "/api/export/residents.csv" { // a second per answer; it reads these
				params = []string{"cell=nope", "unit=nope", "cell=" + sc.inCell + "&unit=" + sc.unit}
			}
			switch method {
			case http.MethodGet:
				for _, q := range params {
					p := path + "?" + q
					check(a.role+" GET "+p, get(t, s, p, a.header()...), "")
				}
			case http.MethodPost, http.MethodPatch, http.MethodDelete:
				var bodies []string
				bodies = append(bodies, `{`, `[]`, `"x"`, `{"zzz":1}`, `{"operations":[{},{},{},{"op":"move_vertex","from":"a"}]}`)
				for _, f := range writeFields {
					bodies = append(bodies, `{"`+f+`":{}}`, `{"`+f+`":"x"}`, `{"`+f+`":1e400}`)
				}
				for _, b := range bodies {
					r := do(t, s, method, path, strings.NewReader(b), append(a.header(), "Content-Type: application/json")...)
					check(fmt.Sprintf("%s %s %s %s", a.role, method, path, b), r, "")
				}
			}
		}
	}
	for _, p := range []string{"/api/%ff", "/api/nope", "/ogc/nope", "/open311/v2/nope"} {
		check("GET "+p, get(t, s, p), "")
	}
	check("DELETE /api/cells", do(t, s, http.MethodDelete, "/api/cells", nil), "")

	// Fields named by their full path, in Chinese.
	changeset := func(ops string) string {
		return `{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[` + ops + `]}`
	}
	bad := `{"op":"move_vertex","from":[1,1],"to":[1,1]}`
	check("an operation's point of the wrong type", admin.post(t, s, "/api/boundary/changesets?dry_run=true",
		changeset(bad+","+bad+","+bad+`,{"op":"move_vertex","from":"a","to":[1,1]}`)), "operations[3].from")
	check("a coordinate of the wrong type", admin.post(t, s, "/api/boundary/changesets?dry_run=true",
		changeset(`{"op":"move_vertex","from":[1,"x"],"to":[1,1]}`)), "operations[0].from[1]")
	check("an unknown member of an operation", admin.post(t, s, "/api/boundary/changesets?dry_run=true",
		changeset(bad+`,{"op":"move_vertex","zzz":1}`)), "operations[1].zzz")
	check("parties as text", report(t, s, sc, admin, `,"parties":"x"`), "parties")
	check("a short password", admin.post(t, s, "/api/users", `{"username":"zz-short","password":"short","role":"viewer"}`), "password")
	check("a short new password", do(t, s, http.MethodPatch, "/api/users/"+strconv.FormatInt(sc.actors["viewer"].user.ID, 10),
		strings.NewReader(`{"password":"short"}`), append(admin.header(), "Content-Type: application/json")...), "password")

	// A boundary redrawn to end off its old ends, which geo refuses.
	var topo struct {
		Arcs [][][2]float64 `json:"arcs"`
	}
	mustJSON(t, get(t, s, "/api/cells.topojson").body, &topo)
	var arc [][2]float64
	for _, a := range topo.Arcs {
		if len(a) >= 3 {
			arc = a
			break
		}
	}
	if arc == nil {
		t.Fatal("the TopoJSON has no arc of 3 or more points")
	}
	on := [2]float64{(arc[0][0] + arc[1][0]) / 2, (arc[0][1] + arc[1][1]) / 2}
	off := [][2]float64{{arc[0][0] + 1e-3, arc[0][1] + 1e-3}, arc[len(arc)-1]}
	line, _ := json.Marshal(off)
	r := admin.post(t, s, "/api/boundary/changesets?dry_run=true",
		changeset(fmt.Sprintf(`{"op":"replace_edge","on":[%v,%v],"line":%s}`, on[0], on[1], line)))
	check("a redrawn boundary off its ends", r, "operations[0]")
	if r.status != http.StatusBadRequest {
		t.Errorf("a redrawn boundary off its ends = %d; want 400", r.status)
	}
	if checked < 1000 {
		t.Errorf("checked only %d messages", checked)
	}
	t.Logf("checked %d error messages", checked)
}

// TestEnglishTypeErrors checks the English of JSON type errors: words for
// people, not Go's type names.
func TestEnglishTypeErrors(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	for _, tc := range []struct{ path, body, field, want string }{
		{"/api/incidents", `{"lon":"x"}`, "lon", "lon must be a number."},
		{"/api/incidents", `{"lon":1e400}`, "lon", "lon is a number out of range."},
		{"/api/incidents", `{"parties":"x"}`, "parties", "parties must be a list."},
		{"/api/incidents", `{"summary":{}}`, "summary", "summary must be text."},
		{"/api/incidents", `[]`, "body", "body must be an object."},
		{"/api/boundary/changesets", `{"base":"1"}`, "base", "base must be a whole number."},
		{"/api/boundary/changesets", `{"outer_may_change":1}`, "outer_may_change", "outer_may_change must be true or false."},
		{"/api/boundary/changesets", `{"operations":[{"op":"split","line":[[1,2]]},{"from":7}]}`, "operations[1].from", "operations[1].from must be a point: [longitude, latitude]."},
	} {
		r := admin.post(t, s, tc.path, tc.body, "Accept-Language: en")
		msgs, fields := errorMessages(r.body)
		if r.status != http.StatusBadRequest || len(msgs) != 1 || msgs[0] != tc.want || fields[0] != tc.field {
			t.Errorf("POST %s %s = %d %s; want 400 %q naming %s", tc.path, tc.body, r.status, r.body, tc.want, tc.field)
		}
	}
}
