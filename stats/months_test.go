package stats

import (
	"errors"
	"testing"
	"time"

	"gridmap/data"
)

// invalidField is the field an EINVALID error names, "" for any other error.
func invalidField(err error) string {
	var e *data.Error
	if errors.As(err, &e) && e.Code == data.EINVALID {
		return e.Field
	}
	return ""
}

func TestMonthWindow(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, cst)
	cases := []struct {
		name             string
		from, to         time.Time
		def, least       int
		first, last      time.Time
		months           int
		partial, errWhat string
	}{
		{name: "default: the def whole months before the current one", def: 24, least: 1,
			first: day(2024, 12, 1), last: day(2026, 12, 1), months: 24},
		{name: "to inside a month ends at the first of the next", from: day(2026, 1, 15), to: day(2026, 11, 20), def: 24, least: 1,
			first: day(2026, 1, 1), last: day(2026, 12, 1), months: 11},
		{name: "to in the current month ends now, the month partial", from: day(2026, 1, 1), to: day(2026, 12, 5), def: 24, least: 1,
			first: day(2026, 1, 1), last: now, months: 12, partial: "2026-12"},
		{name: "to after now ends now too", from: day(2026, 1, 1), to: day(2027, 3, 1), def: 24, least: 1,
			first: day(2026, 1, 1), last: now, months: 12, partial: "2026-12"},
		{name: "too short", from: day(2026, 6, 1), to: day(2026, 8, 1), def: 24, least: 10, errWhat: "from"},
		{name: "too long", from: day(1990, 1, 1), to: day(2026, 8, 1), def: 24, least: 1, errWhat: "from"},
		{name: "empty: to before from", from: day(2026, 6, 1), to: day(2026, 3, 1), def: 24, least: 1, errWhat: "to"},
		{name: "empty: from after now, to defaulted", from: day(2027, 1, 1), def: 24, least: 1, errWhat: "from"},
	}
	for _, c := range cases {
		bounds, partial, err := MonthWindow(c.from, c.to, now, c.def, c.least)
		if c.errWhat != "" {
			if invalidField(err) != c.errWhat {
				t.Errorf("%s: MonthWindow = %v; want EINVALID naming %q", c.name, err, c.errWhat)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: MonthWindow = %v", c.name, err)
			continue
		}
		if len(bounds) != c.months+1 || !bounds[0].Equal(c.first) || !bounds[len(bounds)-1].Equal(c.last) || partial != c.partial {
			t.Errorf("%s: MonthWindow = %d months %v..%v, partial %q; want %d months %v..%v, partial %q", c.name,
				len(bounds)-1, bounds[0], bounds[len(bounds)-1], partial, c.months, c.first, c.last, c.partial)
		}
	}
}

func TestMonthBoundsAndLabels(t *testing.T) {
	// 2025-01-31T17:00Z is already February in China time.
	bounds := MonthBounds(time.Date(2025, 1, 31, 17, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, cst))
	got := MonthLabels(bounds)
	want := []string{"2025-02", "2025-03"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("MonthLabels(MonthBounds(...)) = %v; want %v", got, want)
	}
}
