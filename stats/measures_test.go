package stats

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

func TestMeasure(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	at := func(d int) *time.Time { x := day(d); return &x }
	here := orb.Point{106.65, 28.55}
	near := orb.Point{106.65 + 50/(earthMetresPerDegree*0.879), 28.55} // ~50 m east
	far := orb.Point{106.66, 28.55}                                    // ~1 km east
	list := []data.Incident{
		{ID: 1, Type: "邻里纠纷", Status: data.StatusClosed, ReportedAt: day(0), ResolvedAt: at(2), FollowupPassedAt: at(3), Location: here, Parties: []string{"甲", "乙"}},
		{ID: 6, Type: "其他", Status: data.StatusClosed, ReportedAt: day(300), ResolvedAt: at(302), Location: far},                                        // closed without a passed 回访 (a ledger's)
		{ID: 2, Type: "邻里纠纷", Status: data.StatusResolved, ReportedAt: day(10), ResolvedAt: at(14), Location: near},                                     // same place
		{ID: 3, Type: "劳资", Status: data.StatusResolved, ReportedAt: day(20), ResolvedAt: at(30), Escalation: 1, Location: far, Parties: []string{"乙"}}, // same party
		{ID: 4, Type: "劳资", Status: data.StatusMediating, ReportedAt: day(200), Location: here},                                                         // same place, but 200 days on
		{ID: 5, Type: "其他", Status: data.StatusReported, ReportedAt: day(201), Location: far},
	}
	late := map[int64]bool{5: true, 2: true} // 2: resolved, its 回访 overdue
	st := Measure(list, domain.DefaultIncidentTypes(), func(in *data.Incident) bool { return late[in.ID] })
	if st.Total != 6 || st.ByType["邻里纠纷"] != 2 || st.ByType["劳资"] != 2 || st.ByType["环境"] != 0 || st.ByStatus["resolved"] != 2 {
		t.Errorf("counts = %+v", st)
	}
	// Resolved at the grassroots: 1 only, closed after a passed 回访; 2 is
	// resolved and awaits its 回访, 3 was escalated, 6 closed without one.
	if st.Open != 2 || st.Overdue != 1 || st.Resolved != 4 || st.Grassroot != 1 {
		t.Errorf("open %d overdue %d resolved %d grassroots %d; want 2 1 4 1", st.Open, st.Overdue, st.Resolved, st.Grassroot)
	}
	if st.FollowupOverdue != 1 {
		t.Errorf("回访 overdue %d; want 1", st.FollowupOverdue)
	}
	if st.GrassrootShare == nil || *st.GrassrootShare != 0.25 {
		t.Errorf("grassroots share = %v; want 0.25", st.GrassrootShare)
	}
	if st.MedianDaysToResolve == nil || *st.MedianDaysToResolve != 3 {
		t.Errorf("median days = %v; want 3 (of 2, 2, 4, 10)", st.MedianDaysToResolve)
	}
	if st.Repeats != 2 || st.RepeatPlace != 1 || st.RepeatParty != 1 {
		t.Errorf("repeats %d (place %d, party %d); want 2 (1, 1)", st.Repeats, st.RepeatPlace, st.RepeatParty)
	}
	empty := Measure(nil, domain.DefaultIncidentTypes(), func(*data.Incident) bool { return false })
	if empty.GrassrootShare != nil || empty.MedianDaysToResolve != nil || empty.Total != 0 {
		t.Errorf("stats of nothing = %+v; want zeros and nulls", empty)
	}
}
