package stats

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// fact is one incident as the statistics see it: 40 bytes, so that a
// million incidents fit in 40 MB and a window is counted in one pass.
type fact struct {
	reported   int64 // Unix microseconds
	stage      int64 // Unix microseconds the current status was entered
	resolved   int64 // Unix microseconds; 0 when not resolved
	reply      int64 // Unix microseconds a petition's running reply clock started (domain.RunsReplyClock); 0 for others
	cell       int32 // position in the cells; -1 for an unknown cell
	typ        uint16
	status     uint8 // position in data.Statuses
	grassroots bool  // resolved at the grassroots (domain.AtGrassroots)
}

// Table holds every incident's facts, sorted by report time, with the
// number of cells they are counted in. It is immutable once built, so one
// table serves concurrent requests.
type Table struct {
	cells int // number of cells
	facts []fact
	types []string // fact.typ indexes it
}

// Builder builds a Table from the facts of a store, one at a time.
type Builder struct {
	t          *Table
	cellByCode map[string]int
	typeIdx    map[string]uint16
	statusIdx  map[string]uint8
}

// NewBuilder starts a table over a number of cells, cellByCode giving each
// cell code's position (0 to cells-1). types are the configured incident
// types; a fact of another type gets an index of its own.
func NewBuilder(cells int, cellByCode map[string]int, types []data.IncidentType) *Builder {
	b := &Builder{t: &Table{cells: cells}, cellByCode: cellByCode,
		typeIdx: map[string]uint16{}, statusIdx: map[string]uint8{}}
	for _, t := range types {
		b.typeIdx[t.Name] = uint16(len(b.t.types))
		b.t.types = append(b.t.types, t.Name)
	}
	for i, st := range data.Statuses {
		b.statusIdx[st] = uint8(i)
	}
	return b
}

// Add adds an incident's facts; it keeps nothing of f itself. A fact of a
// cell that cellByCode does not name is kept but counted in no cell.
func (b *Builder) Add(f *data.IncidentFact) {
	ft := b.t
	cell := int32(-1)
	if i, ok := b.cellByCode[f.CellCode]; ok {
		cell = int32(i)
	}
	t, ok := b.typeIdx[f.Type]
	if !ok {
		t = uint16(len(ft.types))
		b.typeIdx[f.Type] = t
		ft.types = append(ft.types, f.Type)
	}
	x := fact{reported: f.ReportedAt.UnixMicro(), stage: f.StageSince.UnixMicro(), cell: cell, typ: t,
		status: b.statusIdx[f.Status], grassroots: domain.AtGrassroots(f.Status, f.FollowupPassed, f.Escalation)}
	if !f.ResolvedAt.IsZero() {
		x.resolved = f.ResolvedAt.UnixMicro()
	}
	if !f.ReplySince.IsZero() && slices.Contains(data.ReplyStatuses, f.Status) {
		x.reply = f.ReplySince.UnixMicro()
	}
	ft.facts = append(ft.facts, x)
}

// Table returns the table of the facts added, sorted by report time (the
// stores give them in that order already; ties keep the order added). The
// builder is done then.
func (b *Builder) Table() *Table {
	ft := b.t
	if !slices.IsSortedFunc(ft.facts, func(a, b fact) int { return cmp.Compare(a.reported, b.reported) }) {
		sort.SliceStable(ft.facts, func(i, j int) bool { return ft.facts[i].reported < ft.facts[j].reported })
	}
	b.t = nil
	return ft
}

// span returns the facts reported in [from, to).
func (ft *Table) span(from, to time.Time) []fact {
	lo := sort.Search(len(ft.facts), func(i int) bool { return ft.facts[i].reported >= from.UnixMicro() })
	hi := sort.Search(len(ft.facts), func(i int) bool { return ft.facts[i].reported >= to.UnixMicro() })
	return ft.facts[lo:max(lo, hi)]
}

// AnyType is the type index of "any type"; noType is that of a type that
// no incident has.
const (
	AnyType = -1
	noType  = -2
)

// TypeIndex returns the index of an incident type for Aggregate, Monthly
// and Trend: AnyType for "", and an index that matches nothing for a type
// no incident has.
func (ft *Table) TypeIndex(t string) int {
	if t == "" {
		return AnyType
	}
	if i := slices.Index(ft.types, t); i >= 0 {
		return i
	}
	return noType
}

// CellAgg is what a window holds of one cell.
type CellAgg struct {
	Count      int // incidents reported, duplicates excluded
	Open       int
	Overdue    int // open and past the deadline of their stage
	Resolved   int // resolved or closed
	Grassroots int // resolved at the grassroots: closed after a passed 回访, never escalated
}

// statusOpen, statusDone and statusDuplicate classify data.Statuses by
// position.
var (
	statusOpen      = statusSet(domain.IsOpen)
	statusDone      = statusSet(domain.IsDone)
	statusDuplicate = uint8(slices.Index(data.Statuses, data.StatusDuplicate))
)

func statusSet(fn func(string) bool) (out [16]bool) {
	for i, s := range data.Statuses {
		out[i] = fn(s)
	}
	return out
}

// StageBeforer gives the overdue filter of stage deadlines at now
// (domain.Deadlines, domain.Schedule).
type StageBeforer interface {
	StageBefore(now time.Time) map[string]time.Time
}

// ReplyBeforer is a StageBeforer that times petitions by their reply
// clock too (domain.Schedule): ReplyBefore gives IncidentFilter.ReplyBefore.
type ReplyBeforer interface {
	ReplyBefore(now time.Time) (time.Time, bool)
}

// microsAfter returns t in Unix microseconds, rounded up, so that a time
// in microseconds is before t exactly when it is before the result.
func microsAfter(t time.Time) int64 {
	us := t.UnixMicro()
	if t.After(time.UnixMicro(us)) {
		us++
	}
	return us
}

// Aggregate counts the incidents of type typ (AnyType for any) reported in
// [from, to) per cell. Duplicates are left out: they repeat an incident that
// is counted. An open incident is overdue when now is past its stage's
// deadline.
func (ft *Table) Aggregate(from, to time.Time, typ int, now time.Time, deadlines StageBeforer) []CellAgg {
	// An incident in status i is overdue when it entered it before cut[i]
	// (domain.Deadlines.StageBefore, rounded up to the microseconds stage
	// times have).
	var cut [16]int64
	var due [16]bool
	before := deadlines.StageBefore(now)
	for i, st := range data.Statuses {
		if t, ok := before[st]; ok {
			cut[i], due[i] = microsAfter(t), true
		}
	}
	// A petition whose reply clock runs is overdue when the clock started
	// before replyCut, and by that alone (IncidentFilter.ReplyBefore).
	var replyCut int64
	replyDue := false
	if rb, ok := deadlines.(ReplyBeforer); ok {
		if t, ok := rb.ReplyBefore(now); ok {
			replyCut, replyDue = microsAfter(t), true
		}
	}
	out := make([]CellAgg, ft.cells)
	for _, f := range ft.span(from, to) {
		if f.cell < 0 || (typ != AnyType && int(f.typ) != typ) || f.status == statusDuplicate {
			continue
		}
		a := &out[f.cell]
		a.Count++
		switch {
		case statusOpen[f.status]:
			a.Open++
			if replyDue && f.reply != 0 {
				if f.reply < replyCut {
					a.Overdue++
				}
			} else if due[f.status] && f.stage < cut[f.status] {
				a.Overdue++
			}
		case statusDone[f.status] && f.resolved != 0:
			a.Resolved++
			if f.grassroots {
				a.Grassroots++
			}
		}
	}
	return out
}

// Monthly counts the incidents of type typ (AnyType for any) reported in each
// month of bounds (see MonthBounds) per cell: out[t][cell]. Duplicates are
// left out.
func (ft *Table) Monthly(bounds []time.Time, typ int) [][]float64 {
	out := make([][]float64, len(bounds)-1)
	for t := range out {
		out[t] = make([]float64, ft.cells)
	}
	t := 0
	for _, f := range ft.span(bounds[0], bounds[len(bounds)-1]) {
		if f.cell < 0 || (typ != AnyType && int(f.typ) != typ) || f.status == statusDuplicate {
			continue
		}
		for f.reported >= bounds[t+1].UnixMicro() {
			t++
		}
		out[t][f.cell]++
	}
	return out
}

// Trend counts, per month of bounds, the incidents of type typ (AnyType for
// any) in the cells where in[cell] is true that were reported and that were
// resolved (or closed) in that month.
func (ft *Table) Trend(bounds []time.Time, typ int, in []bool) (reported, resolved []int) {
	n := len(bounds) - 1
	reported, resolved = make([]int, n), make([]int, n)
	lo, hi := bounds[0].UnixMicro(), bounds[n].UnixMicro()
	month := func(us int64) int {
		return sort.Search(n, func(i int) bool { return bounds[i+1].UnixMicro() > us })
	}
	for _, f := range ft.facts {
		if f.cell < 0 || !in[f.cell] || (typ != AnyType && int(f.typ) != typ) || f.status == statusDuplicate {
			continue
		}
		if f.reported >= lo && f.reported < hi {
			reported[month(f.reported)]++
		}
		if statusDone[f.status] && f.resolved >= lo && f.resolved < hi {
			resolved[month(f.resolved)]++
		}
	}
	return reported, resolved
}
