package api_test

import (
	"net/http"
	"testing"
	"time"

	"gridmap/api"
)

// TestMonthWindowEndsNow: the emerging hot spots and the trend end with
// the last complete month by default; a to inside the current month (or
// after it) ends the window now, not at the end of the month, and the
// answer names the month counted so far as partial_month.
func TestMonthWindowEndsNow(t *testing.T) {
	t.Parallel()
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, cst)
	s := api.New(newSQLiteStore(t), api.Config{Now: func() time.Time { return now }}, quietLog())
	monthStart := time.Date(2026, 12, 1, 0, 0, 0, 0, cst)
	for _, tc := range []struct {
		path      string
		to        time.Time
		lastMonth string
		months    int
		partial   any
	}{
		{"/api/hotspots/emerging?geometry=false", monthStart, "2026-11", 24, nil},
		{"/api/hotspots/trend", monthStart, "2026-11", 24, nil},
		{"/api/hotspots/emerging?geometry=false&from=2026-01-01&to=2026-12-05", now, "2026-12", 12, "2026-12"},
		{"/api/hotspots/trend?from=2026-01-01&to=2027-03-01", now, "2026-12", 12, "2026-12"},
		{"/api/hotspots/trend?from=2026-01-01&to=2026-12-01", monthStart, "2026-11", 11, nil},
		{"/api/hotspots/trend?from=2026-01-01&to=2026-11-20", monthStart, "2026-11", 11, nil},
	} {
		r := get(t, s, tc.path)
		if r.status != http.StatusOK {
			t.Errorf("GET %s = %d %s", tc.path, r.status, r.body)
			continue
		}
		v := r.json(t)
		months := v["months"].([]any)
		to, err := time.Parse(time.RFC3339Nano, v["to"].(string))
		if err != nil || !to.Equal(tc.to) || len(months) != tc.months || months[len(months)-1] != tc.lastMonth || v["partial_month"] != tc.partial {
			t.Errorf("GET %s: to %v, %d months ending %v, partial_month %v; want to %v, %d months ending %s, partial_month %v",
				tc.path, v["to"], len(months), months[len(months)-1], v["partial_month"], tc.to, tc.months, tc.lastMonth, tc.partial)
		}
	}
}
