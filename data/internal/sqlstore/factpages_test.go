package sqlstore

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"gridmap/data"
)

// TestFactPageRoundTrip checks that a page gives back the facts packed in
// it, times to the microsecond, absent ones absent, and that a page cut
// short fails instead of giving a wrong fact.
func TestFactPageRoundTrip(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 30, 0, 123456000, time.UTC)
	facts := []data.IncidentFact{
		{ID: 3<<pageShift | 1, CellCode: "500110119200001", Type: "邻里纠纷", Status: data.StatusResolved, Escalation: 2,
			ReportedAt: at, StageSince: at.Add(time.Hour), ResolvedAt: at.Add(2 * time.Hour), FollowupPassed: true},
		{ID: 3<<pageShift | 7, CellCode: "500110119200002", Type: "邻里纠纷", Status: data.StatusAccepted,
			ReportedAt: at.Add(-time.Microsecond), StageSince: at, ReplySince: at.Add(time.Minute)},
		{ID: 3<<pageShift | 1023, CellCode: "500110119200001", Type: "", Status: data.StatusReported, ReportedAt: at, StageSince: at},
	}
	page := encodePage(facts)
	var got []data.IncidentFact
	if err := decodePage(3, page, func(f *data.IncidentFact) error { got = append(got, *f); return nil }); err != nil {
		t.Fatalf("decodePage(encodePage(facts)) = %v", err)
	}
	if !reflect.DeepEqual(got, facts) {
		t.Errorf("decodePage(encodePage(facts)) = %+v; want %+v", got, facts)
	}
	for _, n := range []int{1, len(page) / 2, len(page) - 1} {
		err := decodePage(3, page[:n], func(*data.IncidentFact) error { return nil })
		if !errors.Is(err, errBadPage) {
			t.Errorf("decodePage(the first %d of %d bytes) = %v; want errBadPage", n, len(page), err)
		}
	}
}
