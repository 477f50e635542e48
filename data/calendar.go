package data

import (
	"maps"
	"time"
)

// The kinds of a calendar mark: a date marked DayRest (休) is a rest day
// even on a weekday (a public holiday), a date marked DayWork (班) is a
// working day even on a weekend (a make-up working day). A date without a
// mark rests on Saturday and Sunday and works otherwise.
const (
	DayRest = "rest"
	DayWork = "work"
)

// ChinaTime is the zone calendar dates are counted in (Asia/Shanghai; China
// has kept UTC+8 without daylight saving since 1991, so a fixed zone needs
// no tz database).
var ChinaTime = time.FixedZone("CST", 8*3600)

// Calendar is the working-day calendar the admin keeps: the marked dates
// ("2006-01-02" to DayRest or DayWork). The zero value and nil are the plain
// Monday-to-Friday calendar. A Calendar is not changed after domain.NewCalendar, so
// it may be shared; an edit builds a new one.
type Calendar struct {
	marks map[string]string
}

// Marks returns a copy of the marked dates.
func (c *Calendar) Marks() map[string]string {
	if c == nil {
		return map[string]string{}
	}
	return maps.Clone(c.marks)
}

// Mark returns the mark of date ("2006-01-02"): DayRest, DayWork or "".
func (c *Calendar) Mark(date string) string {
	if c == nil {
		return ""
	}
	return c.marks[date]
}

// CalendarOf returns the calendar of marks as they are; domain.NewCalendar
// checks them first.
func CalendarOf(marks map[string]string) *Calendar {
	return &Calendar{marks: maps.Clone(marks)}
}
