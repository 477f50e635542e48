package stats

import (
	"time"

	"gridmap/data"
)

// cst is China Standard Time, whose calendar months the monthly series
// count.
var cst = time.FixedZone("CST", 8*3600)

// MaxMonths is the most months a window of MonthWindow may span.
const MaxMonths = 360

// MonthWindow is a window of months in China time, from the first of
// from's month up to the first of the month after to (to itself when it is
// the first of a month), but never past now: by default (a zero from or to)
// the def whole months before the current one (ending with the last
// complete month), or before to. A to in the current month (or later) ends
// the window now, with the current month counted so far: partial names it
// ("2026-12"), "" when every month of the window is complete. It answers
// the month boundaries, the last one now when partial, and an EINVALID
// error naming "from" or "to" for a window that is empty, shorter than
// least whole months or longer than MaxMonths.
func MonthWindow(from, to, now time.Time, def, least int) (bounds []time.Time, partial string, err error) {
	field := "to"
	if to.IsZero() {
		to, field = MonthStart(now), "from"
	} else if start := MonthStart(to); !start.Equal(to) {
		to = start.AddDate(0, 1, 0)
	}
	if from.IsZero() {
		from = to.AddDate(0, -def, 0)
	}
	from = MonthStart(from)
	end := to
	if to.After(now) {
		to = MonthStart(now)
		if !to.Equal(now) {
			to, end = to.AddDate(0, 1, 0), now
		} else {
			end = to
		}
	}
	if !from.Before(end) {
		return nil, "", data.FieldErrorf(field, "The window must end after it starts: from %s, to %s.",
			from.In(cst).Format("2006-01"), to.In(cst).Format("2006-01"))
	}
	fy, fm, _ := from.In(cst).Date()
	ty, tm, _ := to.In(cst).Date()
	switch n := (ty-fy)*12 + int(tm-fm); {
	case n > MaxMonths:
		return nil, "", data.FieldErrorf("from", "The window may span at most %d months, got %d.", MaxMonths, n)
	case n < least:
		return nil, "", data.FieldErrorf("from", "The window must span at least %d whole months, got %d.", least, n)
	}
	bounds = MonthBounds(from, to)
	if end.Before(to) {
		bounds[len(bounds)-1] = end
		partial = MonthStart(end).In(cst).Format("2006-01")
	}
	return bounds, partial, nil
}

// MonthStart returns the first instant of t's month in China time.
func MonthStart(t time.Time) time.Time {
	y, m, _ := t.In(cst).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, cst)
}

// MonthBounds returns the starts of the calendar months (China time) from
// the month of from up to the month that ends at or after to: the
// len(months)+1 boundaries of the months.
func MonthBounds(from, to time.Time) []time.Time {
	t := MonthStart(from)
	out := []time.Time{t}
	for t.Before(to) {
		t = t.AddDate(0, 1, 0)
		out = append(out, t)
	}
	return out
}

// MonthLabels names the months that bounds delimit, "2025-01" and so on.
func MonthLabels(bounds []time.Time) []string {
	out := make([]string, len(bounds)-1)
	for t := range out {
		out[t] = bounds[t].In(cst).Format("2006-01")
	}
	return out
}
