package domain

import (
	"gridmap/data"
	"time"
)

// NewCalendar checks marks (every key a date "2006-01-02", every value
// DayRest or DayWork) and returns the calendar they make. EINVALID (field
// "date" or "kind") for a bad mark.
func NewCalendar(marks map[string]string) (*data.Calendar, error) {
	for date, kind := range marks {
		if kind == "" {
			return nil, data.FieldErrorf("kind", "Date %s has no kind.", date)
		}
		if err := CheckCalendarDay(date, kind); err != nil {
			return nil, err
		}
	}
	return data.CalendarOf(marks), nil
}

// CheckCalendarDay checks a mark as the admin sets it: date a day
// "2006-01-02" from 1900 to 2999, kind DayRest, DayWork or "" (no mark).
// EINVALID (field "date" or "kind").
func CheckCalendarDay(date, kind string) error {
	if _, err := ParseCalendarDate(date); err != nil {
		return err
	}
	if kind != "" && kind != data.DayRest && kind != data.DayWork {
		return data.FieldErrorf("kind", "kind must be \"rest\" (休), \"work\" (班) or \"\" (as its weekday); not %q.", kind)
	}
	return nil
}

// ParseCalendarDate parses a date "2006-01-02" (years 1900 to 2999) as
// midnight of that day in ChinaTime. EINVALID (field "date").
func ParseCalendarDate(s string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, data.ChinaTime)
	if err != nil || d.Format(time.DateOnly) != s || d.Year() < 1900 || d.Year() > 2999 {
		return time.Time{}, data.FieldErrorf("date", "date must be a day YYYY-MM-DD from 1900 to 2999, e.g. 2026-10-01; not %q.", s)
	}
	return d, nil
}

// dayStart returns midnight (ChinaTime) of the date of t.
func dayStart(t time.Time) time.Time {
	t = t.In(data.ChinaTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, data.ChinaTime)
}

// maxWorkdays bounds a working-day count (ten years of working days), so a
// calendar marking every day 休 cannot make the arithmetic loop for ever.
const maxWorkdays = 2500

// China2026 is China's official 2026 calendar of public holidays and
// make-up working days (国务院办公厅关于2026年部分节假日安排的通知,
// 2025-11-04), the calendar a new database is seeded with (migration 011).
func China2026() map[string]string {
	m := map[string]string{}
	rest := func(from, to string) {
		d, _ := ParseCalendarDate(from)
		end, _ := ParseCalendarDate(to)
		for ; !d.After(end); d = d.AddDate(0, 0, 1) {
			m[d.Format(time.DateOnly)] = data.DayRest
		}
	}
	rest("2026-01-01", "2026-01-03") // 元旦
	rest("2026-02-15", "2026-02-23") // 春节
	rest("2026-04-04", "2026-04-06") // 清明
	rest("2026-05-01", "2026-05-05") // 劳动节
	rest("2026-06-19", "2026-06-21") // 端午
	rest("2026-09-25", "2026-09-27") // 中秋
	rest("2026-10-01", "2026-10-07") // 国庆
	for _, d := range []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"} {
		m[d] = data.DayWork
	}
	return m
}

// Working reports whether, on calendar c, the date of t in ChinaTime is a working day.
func Working(c *data.Calendar, t time.Time) bool {
	t = t.In(data.ChinaTime)
	switch c.Mark(t.Format(time.DateOnly)) {
	case data.DayRest:
		return false
	case data.DayWork:
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkdaysDue returns when a period of n working days that began at since
// ends, in UTC: the end (midnight, ChinaTime) of the n-th working day after
// the date of since. As the 《信访工作条例》 and the civil procedure count
// periods, the day the period begins on is not counted; n = 0 ends with that
// day. The search gives up after 3*maxWorkdays calendar days (a calendar
// that rests on every day) and returns the day it reached.
func WorkdaysDue(c *data.Calendar, since time.Time, n int) time.Time {
	d := dayStart(since)
	for i := 0; n > 0 && i < 3*maxWorkdays; i++ {
		d = d.AddDate(0, 0, 1)
		if Working(c, d) {
			n--
		}
	}
	return d.AddDate(0, 0, 1).UTC()
}

// WorkdaysBefore is the inverse of WorkdaysDue for an overdue filter: the
// instant T such that since is before T exactly when now is after
// WorkdaysDue(since, n). A period that began on date D has ended by now
// when the n-th working day after D is on or before G, the last date that
// ended before now; so D may be at latest the day on which the n working
// days up to G begin, and T is the start of the day after it.
func WorkdaysBefore(c *data.Calendar, now time.Time, n int) time.Time {
	g := dayStart(now)
	if !now.After(g) {
		g = g.AddDate(0, 0, -1) // now is midnight: the day before just ended
	}
	g = g.AddDate(0, 0, -1)
	for i := 0; n > 0 && i < 3*maxWorkdays; i++ {
		if Working(c, g) {
			n--
		}
		g = g.AddDate(0, 0, -1)
	}
	return g.AddDate(0, 0, 1).UTC()
}
