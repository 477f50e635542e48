package storetest

import (
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

// testCalendar: a new store holds China's 2026 calendar; a date marked 休
// or 班 reads back so, marking it again changes it, "" returns it to its
// weekday, each change counts in Revision.Incidents, and bad dates and
// kinds are refused naming the field, nothing written.
func testCalendar(t *testing.T, s data.Store) {
	ctx := t.Context()
	cal, err := s.Calendar(ctx)
	ok(t, "Calendar()", err)
	equal(t, "Calendar() of a new store", cal.Marks(), domain.China2026())

	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	ok(t, "SetCalendarDay(2027-02-08, rest)", s.SetCalendarDay(ctx, "2027-02-08", data.DayRest)) // a Monday
	after, err := s.Revision(ctx)
	ok(t, "Revision() after SetCalendarDay", err)
	equal(t, "Revision() after SetCalendarDay", after, data.Revision{Cells: rev.Cells, Incidents: rev.Incidents + 1})
	ok(t, "SetCalendarDay(2027-02-06, work)", s.SetCalendarDay(ctx, "2027-02-06", data.DayWork)) // a Saturday
	ok(t, "SetCalendarDay(2026-10-07, work)", s.SetCalendarDay(ctx, "2026-10-07", data.DayWork)) // was rest
	ok(t, "SetCalendarDay(2026-01-04, \"\")", s.SetCalendarDay(ctx, "2026-01-04", ""))           // was work
	ok(t, "SetCalendarDay(2031-05-05, \"\") unmarked", s.SetCalendarDay(ctx, "2031-05-05", ""))
	want := domain.China2026()
	want["2027-02-08"], want["2027-02-06"], want["2026-10-07"] = data.DayRest, data.DayWork, data.DayWork
	delete(want, "2026-01-04")
	cal, err = s.Calendar(ctx)
	ok(t, "Calendar() after marking", err)
	equal(t, "Calendar() after marking", cal.Marks(), want)
	for day, working := range map[string]bool{"2027-02-08": false, "2027-02-06": true, "2026-10-07": true, "2026-01-04": false} {
		d, _ := domain.ParseCalendarDate(day)
		if got := domain.Working(cal, d); got != working {
			t.Errorf("Working(%s) = %v; want %v", day, got, working)
		}
	}

	for _, c := range []struct{ date, kind, field string }{
		{"2026-02-30", data.DayRest, "date"},
		{"2026-2-3", data.DayRest, "date"},
		{"", data.DayWork, "date"},
		{"2026-01-05'; DROP TABLE calendar_days; --", data.DayRest, "date"},
		{"2026-01-05", "holiday", "kind"},
		{"2026-01-05", "REST", "kind"},
	} {
		wantField(t, "SetCalendarDay("+c.date+", "+c.kind+")", s.SetCalendarDay(ctx, c.date, c.kind), data.EINVALID, c.field)
	}
	cal, err = s.Calendar(ctx)
	ok(t, "Calendar() after refusals", err)
	equal(t, "Calendar() after refusals", cal.Marks(), want)
}
