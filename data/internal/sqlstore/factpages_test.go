package sqlstore

import (
	"encoding/hex"
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
	// The bytes databases hold: the format must not change.
	const want = "070f3530303131303131393230303030310ce982bbe9878ce7baa0e7bab7087265736f6c7665640f353030313130313139323030303032" +
		"08616363657074656400087265706f7274656401000102020380e1df9292d1970680f1fcfbacd1970680819ae5c7d19706070301040004fee0df9292d19706" +
		"80e1df9292d1970680fdfbcb92d19706ff07000506000080e1df9292d1970680e1df9292d19706"
	if got := hex.EncodeToString(page); got != want {
		t.Errorf("encodePage(facts) = %s; want %s", got, want)
	}
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
