package stats

import (
	"slices"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// factsTable builds a table of two cells, A and B, from a few incidents
// given out of report order.
func factsTable(t *testing.T) (*Table, func(d int) time.Time) {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, cst).AddDate(0, 0, d) }
	b := NewBuilder(2, map[string]int{"A": 0, "B": 1}, []data.IncidentType{{Name: "邻里纠纷"}, {Name: "劳资"}})
	for _, f := range []data.IncidentFact{
		{ID: 3, CellCode: "A", Type: "劳资", Status: data.StatusResolved, ReportedAt: day(40), StageSince: day(41), ResolvedAt: day(41), Escalation: 1},
		{ID: 1, CellCode: "A", Type: "邻里纠纷", Status: data.StatusAccepted, ReportedAt: day(0), StageSince: day(1)},
		{ID: 2, CellCode: "A", Type: "邻里纠纷", Status: data.StatusClosed, ReportedAt: day(10), StageSince: day(12), ResolvedAt: day(11), FollowupPassed: true},
		{ID: 4, CellCode: "B", Type: "环境", Status: data.StatusReported, ReportedAt: day(20), StageSince: day(20)},
		{ID: 5, CellCode: "B", Type: "邻里纠纷", Status: data.StatusDuplicate, ReportedAt: day(21), StageSince: day(21)},
		{ID: 6, CellCode: "gone", Type: "邻里纠纷", Status: data.StatusReported, ReportedAt: day(22), StageSince: day(22)},
	} {
		b.Add(&f)
	}
	return b.Table(), day
}

func TestAggregate(t *testing.T) {
	ft, day := factsTable(t)
	deadlines := domain.Deadlines{data.StatusReported: 24 * time.Hour, data.StatusAccepted: 30 * 24 * time.Hour}
	cases := []struct {
		name     string
		from, to time.Time
		typ      int
		want     []CellAgg
	}{
		{"every type; the duplicate and the unknown cell left out", day(0), day(100), AnyType,
			[]CellAgg{{Count: 3, Open: 1, Overdue: 1, Resolved: 2, Grassroots: 1}, {Count: 1, Open: 1, Overdue: 1}}},
		{"one type", day(0), day(100), ft.TypeIndex("劳资"), []CellAgg{{Count: 1, Resolved: 1}, {}}},
		{"a type not configured but reported", day(0), day(100), ft.TypeIndex("环境"), []CellAgg{{}, {Count: 1, Open: 1, Overdue: 1}}},
		{"a type nobody reported", day(0), day(100), ft.TypeIndex("婚姻家庭"), []CellAgg{{}, {}}},
		{"a window: from included, to excluded", day(10), day(40), AnyType, []CellAgg{{Count: 1, Resolved: 1, Grassroots: 1}, {Count: 1, Open: 1, Overdue: 1}}},
	}
	for _, c := range cases {
		got := ft.Aggregate(c.from, c.to, c.typ, day(35), deadlines)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Aggregate = %+v; want %+v", c.name, got, c.want)
		}
	}
	// Not yet overdue: the accepted incident's 30 days run to day 31.
	if got := ft.Aggregate(day(0), day(100), AnyType, day(30), deadlines); got[0].Overdue != 0 {
		t.Errorf("Aggregate at day 30: %d overdue in A; want 0", got[0].Overdue)
	}
}

func TestMonthlyAndTrend(t *testing.T) {
	ft, _ := factsTable(t)
	bounds := MonthBounds(time.Date(2025, 3, 1, 0, 0, 0, 0, cst), time.Date(2025, 5, 1, 0, 0, 0, 0, cst))
	got := ft.Monthly(bounds, AnyType)
	want := [][]float64{{2, 1}, {1, 0}} // March: incidents 1, 2 in A and 4 in B; April: 3 in A
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("Monthly = %v; want %v", got, want)
	}
	reported, resolved := ft.Trend(bounds, AnyType, []bool{true, false})
	if !slices.Equal(reported, []int{2, 1}) || !slices.Equal(resolved, []int{1, 1}) {
		t.Errorf("Trend of A = reported %v, resolved %v; want [2 1], [1 1]", reported, resolved)
	}
}

// flat is a table's facts in order, with their IDs and type names, so
// that tables whose types are indexed apart compare.
type flatFact struct {
	id  int64
	typ string
	f   fact
}

func flatten(ft *Table) []flatFact {
	var out []flatFact
	for _, bl := range ft.blocks {
		for _, f := range bl.facts {
			if f.reported>>blockShift != bl.key {
				panic("a fact in the wrong block")
			}
			typ := ft.types[f.typ]
			f.typ = 0
			out = append(out, flatFact{f.id, typ, f})
		}
	}
	return out
}

// TestUpdateIsARebuild checks that a table updated with the facts of the
// incidents written since is the table built from all of them: a changed
// incident in place of its old facts (also when its report time moves it
// to another block), new ones added in order, in new blocks too, with a
// new type, the open counts moved with them; and that the table updated
// from does not change.
func TestUpdateIsARebuild(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, cst).AddDate(0, 0, d) }
	cells := map[string]int{"A": 0, "B": 1}
	types := []data.IncidentType{{Name: "邻里纠纷"}, {Name: "劳资"}}
	var before []data.IncidentFact
	for i := range 300 { // about nine blocks of 25 days
		before = append(before, data.IncidentFact{ID: int64(i + 1), CellCode: []string{"A", "B"}[i%2], Type: types[i%2].Name,
			Status: data.StatusReported, ReportedAt: day(i % 240).Add(time.Duration(i) * time.Minute), StageSince: day(i % 240)})
	}
	written := []data.IncidentFact{
		{ID: 7, CellCode: "B", Type: "劳资", Status: data.StatusResolved, ReportedAt: before[6].ReportedAt,
			StageSince: day(9), ResolvedAt: day(9)}, // changed in place
		{ID: 40, CellCode: "A", Type: "环境", Status: data.StatusAccepted, ReportedAt: day(200), StageSince: day(201)},    // moved
		{ID: 301, CellCode: "A", Type: "邻里纠纷", Status: data.StatusReported, ReportedAt: day(400), StageSince: day(400)}, // a new block
		{ID: 302, CellCode: "B", Type: "环境", Status: data.StatusReported, ReportedAt: day(3), StageSince: day(3)},
	}
	build := func(facts []data.IncidentFact) *Table {
		b := NewBuilder(2, cells, types)
		for i := range facts {
			b.Add(&facts[i])
		}
		return b.Table()
	}
	old := build(before)
	oldFlat := flatten(old)
	u := old.Update(cells)
	for i := range written {
		u.Add(&written[i])
	}
	got := u.Table()
	after := slices.Clone(before)
	after[6], after[39] = written[0], written[1]
	after = append(after, written[2:]...)
	want := build(after)
	if g, w := flatten(got), flatten(want); !slices.Equal(g, w) {
		t.Errorf("updated table = %d facts %v; want the rebuilt %d facts %v", len(g), g, len(w), w)
	}
	if got.Len() != 302 || len(got.blocks) != len(want.blocks) {
		t.Errorf("updated table: %d facts in %d blocks; want 302 in %d", got.Len(), len(got.blocks), len(want.blocks))
	}
	if !slices.Equal(flatten(old), oldFlat) || !slices.Equal(old.Open(), []int{150, 150}) {
		t.Errorf("Update changed the table it started from (open counts %v; want [150 150])", old.Open())
	}
	// 7 leaves A's open and is resolved in B; 40 moves from B to A and
	// stays open; 301 opens in A, 302 in B.
	if !slices.Equal(got.Open(), []int{151, 150}) || !slices.Equal(want.Open(), []int{151, 150}) {
		t.Errorf("open incidents of the updated table %v, of the rebuilt one %v; want [151 150]", got.Open(), want.Open())
	}
	for _, typ := range []string{"", "劳资", "环境"} {
		g := got.Aggregate(day(0), day(500), got.TypeIndex(typ), day(300), domain.Deadlines{})
		w := want.Aggregate(day(0), day(500), want.TypeIndex(typ), day(300), domain.Deadlines{})
		if !slices.Equal(g, w) {
			t.Errorf("Aggregate(%q) of the updated table = %v; want %v", typ, g, w)
		}
	}
}
