package domain

import (
	"testing"
	"time"

	"gridmap/data"

	"github.com/paulmach/orb"
)

// TestSimilarReasons: the rule of "may be the same dispute", case by case.
func TestSimilarReasons(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	here := orb.Point{106.6, 29.0}
	q := data.SimilarQuery{Location: &here, Type: "邻里纠纷", Now: now}
	at := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	// 0.0009° of latitude is about 100.1 m; 0.0008° about 89 m.
	tests := []struct {
		name   string
		in     data.Incident
		shares bool
		want   []string
	}{
		{"same type, near, recent", data.Incident{Type: "邻里纠纷", Status: data.StatusClosed, Location: orb.Point{106.6, 29.0008}, ReportedAt: at(10)}, false, []string{data.ReasonNearbySameType}},
		{"same type, just over 100 m", data.Incident{Type: "邻里纠纷", Status: data.StatusReported, Location: orb.Point{106.6, 29.0009}, ReportedAt: at(10)}, false, nil},
		{"another type, near", data.Incident{Type: "劳资", Status: data.StatusReported, Location: here, ReportedAt: at(1)}, false, nil},
		{"same type, near, 91 days ago", data.Incident{Type: "邻里纠纷", Status: data.StatusReported, Location: here, ReportedAt: at(91)}, false, nil},
		{"a shared party, open, a year ago", data.Incident{Type: "劳资", Status: data.StatusMediating, Location: orb.Point{107, 30}, ReportedAt: at(365)}, true, []string{data.ReasonSameParties}},
		{"a shared party, closed, a year ago", data.Incident{Type: "劳资", Status: data.StatusClosed, Location: orb.Point{107, 30}, ReportedAt: at(365)}, true, nil},
		{"both", data.Incident{Type: "邻里纠纷", Status: data.StatusResolved, Location: here, ReportedAt: at(3)}, true, []string{data.ReasonNearbySameType, data.ReasonSameParties}},
		{"a duplicate", data.Incident{Type: "邻里纠纷", Status: data.StatusDuplicate, Location: here, ReportedAt: at(3)}, true, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range SimilarReasons(q, &tt.in, tt.shares) {
			got = append(got, r.Reason)
		}
		if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] || len(got) > 1 && got[1] != tt.want[1] {
			t.Errorf("SimilarReasons(%s) = %v; want %v", tt.name, got, tt.want)
		}
	}
	noPlace := data.SimilarQuery{Type: "邻里纠纷", Now: now}
	if rs := SimilarReasons(noPlace, &tests[0].in, false); len(rs) != 0 {
		t.Errorf("SimilarReasons(no place) = %v; want none", rs)
	}
	rs := SimilarReasons(q, &tests[0].in, false)
	if rs[0].Days != 10 || rs[0].DistanceM < 88 || rs[0].DistanceM > 90 {
		t.Errorf("SimilarReasons(same type, near) = %+v; want 10 days, about 89 m", rs[0])
	}
	b := NearbyBound(here)
	for _, p := range []orb.Point{{106.6, 29.0009}, {106.601, 29.0}, {106.599, 29.0}} {
		if !b.Contains(p) {
			t.Errorf("NearbyBound(%v) = %v; want it to hold %v, within 100 m", here, b, p)
		}
	}
}
