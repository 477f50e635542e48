package domain

import (
	"gridmap/data"
	"math/rand/v2"
	"testing"
	"time"
)

func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, data.ChinaTime)
}

// TestWorkdaysDue2026: periods around 春节 and 国庆 on China's 2026
// calendar, the expected days counted by hand from the 国务院办公厅 notice.
func TestWorkdaysDue2026(t *testing.T) {
	cal, err := NewCalendar(China2026())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		since time.Time
		n     int
		want  time.Time // end of the last working day, ChinaTime
	}{
		{"春节: Saturday 2/14 is a working day", cst(2026, 2, 13, 10), 1, cst(2026, 2, 15, 0)},
		{"春节: the holiday does not count", cst(2026, 2, 13, 10), 2, cst(2026, 2, 25, 0)},
		{"春节 to 劳动节: 60 working days", cst(2026, 2, 13, 10), 60, cst(2026, 5, 20, 0)},
		{"国庆: the holiday does not count", cst(2026, 9, 30, 23), 1, cst(2026, 10, 9, 0)},
		{"国庆: Saturday 10/10 is a working day", cst(2026, 9, 30, 23), 3, cst(2026, 10, 11, 0)},
		{"中秋 and 国庆: 60 working days", cst(2026, 9, 1, 0), 60, cst(2026, 12, 1, 0)},
		{"the first day is not counted, n = 0 ends it", cst(2026, 9, 1, 9), 0, cst(2026, 9, 2, 0)},
		{"UTC evening is the next day in China", time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC), 1, cst(2026, 10, 9, 0)},
	}
	for _, c := range cases {
		got := WorkdaysDue(cal, c.since, c.n)
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: WorkdaysDue(%v, %d) = %v; want %v in UTC", c.name, c.since, c.n, got.In(data.ChinaTime), c.want)
		}
	}
	// The plain calendar counts Monday to Friday: 60 weekdays from
	// Tuesday 9/1 are twelve weeks, ending Tuesday 11/24.
	var plain *data.Calendar
	if got := WorkdaysDue(plain, cst(2026, 9, 1, 0), 60); !got.Equal(cst(2026, 11, 25, 0)) {
		t.Errorf("plain calendar: 60 weekdays from 9/1 end %v; want 2026-11-25 00:00 CST", got.In(data.ChinaTime))
	}
	// A calendar resting on every day ends the search instead of looping.
	all := map[string]string{}
	for d := cst(2026, 1, 1, 0); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		all[d.Format(time.DateOnly)] = data.DayRest
	}
	none, _ := NewCalendar(all)
	if got := WorkdaysDue(none, cst(2026, 1, 1, 0), 1); !got.Equal(cst(2027, 1, 2, 0)) {
		t.Errorf("all-rest 2026: 1 working day from 1/1 ends %v; want 2027-01-02 00:00 CST", got.In(data.ChinaTime))
	}
}

// TestWorkdaysBeforeInverse: on many random calendars, counts and times,
// since is before WorkdaysBefore(now, n) exactly when now is after
// WorkdaysDue(since, n), the property the overdue filter rests on.
func TestWorkdaysBeforeInverse(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	base := cst(2025, 12, 1, 0)
	span := int64(400 * 24 * time.Hour)
	instant := func() time.Time {
		t := base.Add(time.Duration(r.Int64N(span)))
		switch r.IntN(4) {
		case 0: // exactly midnight, ChinaTime
			return dayStart(t)
		case 1: // a microsecond either side of it
			return dayStart(t).Add(time.Duration(r.IntN(3)-1) * time.Microsecond)
		}
		return t
	}
	for i := range 40 {
		marks := China2026()
		if i > 0 {
			marks = map[string]string{}
			for range r.IntN(120) {
				d := base.AddDate(0, 0, r.IntN(420)).Format(time.DateOnly)
				marks[d] = []string{data.DayRest, data.DayWork}[r.IntN(2)]
			}
		}
		cal, err := NewCalendar(marks)
		if err != nil {
			t.Fatal(err)
		}
		for range 300 {
			n := r.IntN(70)
			now := instant()
			before := WorkdaysBefore(cal, now, n)
			for range 10 {
				since := instant()
				if since.After(now) {
					since, now = now, since
					before = WorkdaysBefore(cal, now, n)
				}
				over := now.After(WorkdaysDue(cal, since, n))
				if filtered := since.Before(before); over != filtered {
					t.Fatalf("calendar %d, n=%d, since %v, now %v: overdue %v, filter (before %v) %v",
						i, n, since, now, over, before, filtered)
				}
			}
		}
	}
}

// TestNewCalendar: marks are checked; weekends rest unless marked 班.
func TestNewCalendar(t *testing.T) {
	for _, bad := range []map[string]string{
		{"2026-02-30": data.DayRest}, {"2026-2-3": data.DayRest}, {"3026-01-01": data.DayWork},
		{"2026-01-01": "holiday"}, {"": data.DayRest},
	} {
		if _, err := NewCalendar(bad); err == nil {
			t.Errorf("NewCalendar(%v) accepted", bad)
		}
	}
	cal, err := NewCalendar(China2026())
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]bool{
		"2026-01-01": false, "2026-01-04": true, "2026-01-05": true, "2026-01-10": false,
		"2026-02-14": true, "2026-02-23": false, "2026-02-24": true, "2026-09-20": true, "2026-10-07": false,
	} {
		d, _ := ParseCalendarDate(day)
		if got := Working(cal, d); got != want {
			t.Errorf("Working(%s) = %v; want %v", day, got, want)
		}
	}
	if n := len(China2026()); n != 33+6 {
		t.Errorf("China2026 has %d marks; want 33 rest days and 6 make-up working days", n)
	}
}

// TestScheduleInverse: a Schedule mixing working days and hours agrees
// with its overdue filter on random times, and counts days on the calendar.
func TestScheduleInverse(t *testing.T) {
	cal, _ := NewCalendar(China2026())
	s := Schedule{
		Hours:    Deadlines{data.StatusReported: 24 * time.Hour, data.StatusMediating: time.Hour},
		Days:     map[string]int{data.StatusAccepted: 3, data.StatusMediating: 60, data.StatusClosed: 1},
		Calendar: cal,
	}
	if due, ok := s.DueAt(data.StatusMediating, cst(2026, 2, 13, 10)); !ok || !due.Equal(cst(2026, 5, 20, 0)) {
		t.Errorf("DueAt(mediating, 2/13) = %v, %v; want 2026-05-20 00:00 CST (60 working days win over 1h)", due, ok)
	}
	if due, ok := s.DueAt(data.StatusReported, cst(2026, 2, 13, 10)); !ok || !due.Equal(cst(2026, 2, 14, 10)) {
		t.Errorf("DueAt(reported, 2/13 10:00) = %v, %v; want 24 hours later", due, ok)
	}
	if due, ok := s.DueAt(data.StatusClosed, cst(2026, 2, 13, 10)); ok {
		t.Errorf("DueAt(closed) = %v; want no deadline", due)
	}
	r := rand.New(rand.NewPCG(60, 30))
	base := cst(2025, 12, 20, 0)
	for range 20000 {
		since := base.Add(time.Duration(r.Int64N(int64(300 * 24 * time.Hour))))
		now := since.Add(time.Duration(r.Int64N(int64(120 * 24 * time.Hour))))
		if r.IntN(3) == 0 {
			now = dayStart(now)
		}
		for _, st := range data.Statuses {
			before, listed := s.StageBefore(now)[st]
			if got, want := s.Overdue(st, since, now), listed && since.Before(before); got != want {
				t.Fatalf("Overdue(%s, %v, %v) = %v; StageBefore selects it: %v", st, since, now, got, want)
			}
		}
	}
}
