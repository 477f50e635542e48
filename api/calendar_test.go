package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
)

// TestCalendar: every signed-in user reads a year's marked dates (the
// seeded 2026 calendar); an admin marks a date 休 or 班 or returns it to
// its weekday, audited, and the next read shows it; others may not; bad
// dates, kinds and years are 400s naming the field, nothing written.
func TestCalendar(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin, viewer := sc.actors["admin"].header(), sc.actors["viewer"].header()
	days := func(year string) map[string]string {
		t.Helper()
		r := get(t, s, "/api/calendar?year="+year, viewer...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/calendar?year=%s = %d %s", year, r.status, r.body)
		}
		out := map[string]string{}
		for _, d := range r.json(t)["days"].([]any) {
			m := d.(map[string]any)
			out[m["date"].(string)] = m["kind"].(string)
		}
		return out
	}
	if got, want := days("2026"), domain.China2026(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("2026 = %v; want China's 2026 calendar %v", got, want)
	}
	if got := days("2027"); len(got) != 0 {
		t.Errorf("2027 = %v; want no marks", got)
	}
	patch := func(date, body string, who []string) response {
		return do(t, s, http.MethodPatch, "/api/calendar/"+date, strings.NewReader(body), append([]string{"Content-Type: application/json"}, who...)...)
	}
	for _, c := range []struct{ date, body string }{{"2027-02-08", `{"kind":"rest"}`}, {"2027-02-06", `{"kind":"work"}`}, {"2027-02-06", `{"kind":"rest"}`}} {
		if r := patch(c.date, c.body, admin); r.status != http.StatusOK {
			t.Fatalf("PATCH %s %s = %d %s", c.date, c.body, r.status, r.body)
		}
	}
	if r := patch("2026-10-01", `{"kind":""}`, admin); r.status != http.StatusOK {
		t.Fatalf("PATCH 2026-10-01 back to its weekday = %d %s", r.status, r.body)
	}
	if got := days("2027"); fmt.Sprint(got) != fmt.Sprint(map[string]string{"2027-02-06": "rest", "2027-02-08": "rest"}) {
		t.Errorf("2027 after marking = %v", got)
	}
	if _, ok := days("2026")["2026-10-01"]; ok {
		t.Errorf("2026-10-01 still marked after kind \"\"")
	}
	es, _, err := sc.store.Audit(t.Context(), data.AuditFilter{Action: "calendar_day_set"})
	if err != nil || len(es) != 4 || es[0].Record != "calendar:2026-10-01" || es[0].Username != sc.actors["admin"].user.Username {
		t.Errorf("audit calendar_day_set = %+v, %v; want 4 entries, the newest for calendar:2026-10-01 by the admin", es, err)
	}

	for _, c := range []struct {
		name, date, body string
		who              []string
		status           int
		field            string
	}{
		{"a viewer", "2027-03-01", `{"kind":"rest"}`, viewer, http.StatusForbidden, ""},
		{"anonymous", "2027-03-01", `{"kind":"rest"}`, nil, http.StatusUnauthorized, ""},
		{"no such date", "2027-02-30", `{"kind":"rest"}`, admin, http.StatusBadRequest, "date"},
		{"not a date", "tomorrow", `{"kind":"rest"}`, admin, http.StatusBadRequest, "date"},
		{"year out of range", "3027-03-01", `{"kind":"rest"}`, admin, http.StatusBadRequest, "date"},
		{"unknown kind", "2027-03-01", `{"kind":"holiday"}`, admin, http.StatusBadRequest, "kind"},
		{"no kind", "2027-03-01", `{}`, admin, http.StatusBadRequest, "kind"},
		{"kind not text", "2027-03-01", `{"kind":1}`, admin, http.StatusBadRequest, "kind"},
	} {
		r := patch(c.date, c.body, c.who)
		if r.status != c.status {
			t.Errorf("%s: PATCH %s %s = %d %s; want %d", c.name, c.date, c.body, r.status, r.body, c.status)
			continue
		}
		if _, field := r.errorOf(t); field != c.field {
			t.Errorf("%s: error field %q; want %q", c.name, field, c.field)
		}
	}
	if got := days("2027"); len(got) != 2 {
		t.Errorf("2027 after refused writes = %v; want the two marks", got)
	}
	for _, y := range []string{"26", "3000", "x", "2026.5"} {
		r := get(t, s, "/api/calendar?year="+y, viewer...)
		if code, field := r.errorOf(t); r.status != http.StatusBadRequest || code != data.EINVALID || field != "year" {
			t.Errorf("GET year=%s = %d %s/%s; want 400 invalid/year", y, r.status, code, field)
		}
	}
	if r := get(t, s, "/api/calendar"); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/calendar = %d; want 401", r.status)
	}
}

// TestWorkDayDeadlines: a status whose deadline is in working days is due
// at the end of the n-th working day on the stored calendar, and a mark
// the admin sets moves it at once, in the incident and the overdue list,
// and in another instance on the database once it hears of the write
// (StoreChanged, which its listener calls).
func TestWorkDayDeadlines(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	list, _, err := sc.store.Incidents(t.Context(), data.IncidentFilter{Statuses: []string{data.StatusReported}, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("a reported incident: %v, %v", list, err)
	}
	in := list[0]
	day := in.StageSince.In(data.ChinaTime)
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, data.ChinaTime)
	now := in.StageSince.Add(time.Hour)
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test", Now: func() time.Time { return now },
		WorkDays: map[string]int{data.StatusReported: 1}}, quietLog())
	other := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test", Now: func() time.Time { return now },
		WorkDays: map[string]int{data.StatusReported: 1}}, quietLog())
	admin := append([]string{"Content-Type: application/json"}, sc.actors["admin"].header()...)
	path := fmt.Sprintf("/api/incidents/%d", in.ID)
	dueAt := func(s *api.Server) time.Time {
		t.Helper()
		r := get(t, s, path, admin...)
		due, err := time.Parse(time.RFC3339Nano, fmt.Sprint(r.json(t)["due_at"]))
		if err != nil {
			t.Fatalf("GET %s due_at: %v (%s)", path, err, r.body)
		}
		return due
	}
	first := dueAt(s)
	if got := dueAt(other); !got.Equal(first) { // other has read the calendar
		t.Fatalf("due_at through the other instance = %v; want %v", got, first)
	}
	// The next three days rest, the fourth works: one working day ends
	// with the fourth, whatever their weekdays.
	for i, kind := range []string{"rest", "rest", "rest", "work"} {
		date := day.AddDate(0, 0, i+1).Format(time.DateOnly)
		if r := do(t, s, http.MethodPatch, "/api/calendar/"+date, strings.NewReader(`{"kind":"`+kind+`"}`), admin...); r.status != http.StatusOK {
			t.Fatalf("PATCH %s = %d %s", date, r.status, r.body)
		}
	}
	want := day.AddDate(0, 0, 5)
	if got := dueAt(s); !got.Equal(want) || got.Equal(first) {
		t.Errorf("due_at after marking = %v (before %v); want %v", got, first, want)
	}
	other.StoreChanged()
	if got := dueAt(other); !got.Equal(want) {
		t.Errorf("due_at through the other instance after it heard of the marks = %v; want %v", got, want)
	}
	overdue := func() bool {
		r := get(t, s, "/api/incidents?overdue=true&limit=1000", admin...)
		return strings.Contains(string(r.body), fmt.Sprintf(`"id":%d,`, in.ID))
	}
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{want, false}, {want.Add(time.Microsecond), true}, {want.Add(-time.Hour), false}} {
		now = c.at
		if got := overdue(); got != c.want {
			t.Errorf("overdue list at %v lists incident %d: %v; want %v", c.at, in.ID, got, c.want)
		}
	}
}

// TestCalendarOpenAPI: the document describes the calendar routes, and
// their answers (the year's days, a change, an error) fit its schemas.
func TestCalendarOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	read, write := doc.Paths.Value("/calendar"), doc.Paths.Value("/calendar/{date}")
	if read == nil || read.Get == nil || write == nil || write.Patch == nil {
		t.Fatalf("/calendar %+v, /calendar/{date} %+v; want a GET and a PATCH", read, write)
	}
	admin := append([]string{"Content-Type: application/json"}, sc.actors["admin"].header()...)
	fits := func(call string, r response, op *openapi3.Operation) {
		t.Helper()
		ref := op.Responses.Status(r.status)
		if ref == nil {
			t.Errorf("%s answered %d, not documented", call, r.status)
			return
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := ref.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s answer %.200s does not fit the documented schema: %v", call, r.body, err)
		}
	}
	fits("GET /api/calendar?year=2026", get(t, s, "/api/calendar?year=2026", admin...), read.Get)
	fits("GET /api/calendar?year=x", get(t, s, "/api/calendar?year=x", admin...), read.Get)
	for _, body := range []string{`{"kind":"rest"}`, `{"kind":""}`, `{"kind":"x"}`} {
		fits("PATCH "+body, do(t, s, http.MethodPatch, "/api/calendar/2027-03-03", strings.NewReader(body), admin...), write.Patch)
	}
	fits("PATCH as a viewer", do(t, s, http.MethodPatch, "/api/calendar/2027-03-03", strings.NewReader(`{"kind":"rest"}`),
		append([]string{"Content-Type: application/json"}, sc.actors["viewer"].header()...)...), write.Patch)
}
