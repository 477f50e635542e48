package stats

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// fact is one incident as the statistics see it: 48 bytes, so that a
// million incidents fit in 48 MB and a window is counted in one pass.
type fact struct {
	id         int64 // the incident's
	reported   int64 // Unix microseconds
	stage      int64 // Unix microseconds the current status was entered
	resolved   int64 // Unix microseconds; 0 when not resolved
	reply      int64 // Unix microseconds a petition's running reply clock started (domain.RunsReplyClock); 0 for others
	cell       int32 // position in the cells; -1 for an unknown cell
	typ        uint16
	status     uint8 // position in data.Statuses
	grassroots bool  // resolved at the grassroots (domain.AtGrassroots)
}

// compareFacts orders facts by report time, then incident.
func compareFacts(a, b fact) int {
	if c := cmp.Compare(a.reported, b.reported); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// Table holds every incident's facts, sorted by report time, with the
// number of cells they are counted in. It is immutable once built, so one
// table serves concurrent requests; Update makes a new one that shares
// what did not change.
//
// The facts are kept in blocks of report times (blockShift), so that an
// update copies the blocks it changes, not a million facts.
type Table struct {
	cells  int // number of cells
	blocks []block
	types  []string // fact.typ indexes it
	open   []int    // the open incidents of each cell, whenever reported
}

// block holds the facts reported in one span of 2^blockShift
// microseconds, sorted by compareFacts.
type block struct {
	key   int64 // reported >> blockShift of every fact in it
	facts []fact
}

// blockShift sizes the blocks: 2^41 µs is about 25 days, so that a town's
// blocks hold a month or so of reports each.
const blockShift = 41

// Builder builds a Table from the facts of a store, one at a time: a new
// one (NewBuilder), or a table updated with the facts of the incidents
// written since (Table.Update). It puts each fact in its block as it
// comes, so that only blocks are sorted, not a million facts.
type Builder struct {
	t          *Table
	base       *Table // the table Update started from; nil for NewBuilder's
	blocks     map[int64]*[]fact
	last       int64 // the key of the block of the last fact added, and its facts
	lastFacts  *[]fact
	cellByCode map[string]int
	typeIdx    map[string]uint16
	statusIdx  map[string]uint8
}

// NewBuilder starts a table over a number of cells, cellByCode giving each
// cell code's position (0 to cells-1). types are the configured incident
// types; a fact of another type gets an index of its own.
func NewBuilder(cells int, cellByCode map[string]int, types []data.IncidentType) *Builder {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.Name
	}
	return newBuilder(&Table{cells: cells}, nil, cellByCode, names)
}

// Update starts a table that is ft with the facts added to the builder
// in place of those of the same incidents (and beside them for incidents
// ft does not hold): the facts of the incidents written since ft was read.
// cellByCode must be the one ft was built with; ft itself does not change.
func (ft *Table) Update(cellByCode map[string]int) *Builder {
	return newBuilder(&Table{cells: ft.cells}, ft, cellByCode, slices.Clip(ft.types))
}

func newBuilder(t *Table, base *Table, cellByCode map[string]int, types []string) *Builder {
	b := &Builder{t: t, base: base, blocks: map[int64]*[]fact{}, cellByCode: cellByCode,
		typeIdx: map[string]uint16{}, statusIdx: map[string]uint8{}}
	for _, name := range types {
		b.typeIdx[name] = uint16(len(b.t.types))
		b.t.types = append(b.t.types, name)
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
	x := fact{id: f.ID, reported: f.ReportedAt.UnixMicro(), stage: f.StageSince.UnixMicro(), cell: cell, typ: t,
		status: b.statusIdx[f.Status], grassroots: domain.AtGrassroots(f.Status, f.FollowupPassed, f.Escalation)}
	if !f.ResolvedAt.IsZero() {
		x.resolved = f.ResolvedAt.UnixMicro()
	}
	if !f.ReplySince.IsZero() && slices.Contains(data.ReplyStatuses, f.Status) {
		x.reply = f.ReplySince.UnixMicro()
	}
	key := x.reported >> blockShift
	if b.lastFacts == nil || key != b.last {
		fs, ok := b.blocks[key]
		if !ok {
			fs = new([]fact)
			b.blocks[key] = fs
		}
		b.last, b.lastFacts = key, fs
	}
	*b.lastFacts = append(*b.lastFacts, x)
}

// Table returns the table of the facts added, sorted by report time, then
// by ID. The builder is done then.
func (b *Builder) Table() *Table {
	ft := b.t
	ft.open = make([]int, ft.cells)
	if b.base != nil {
		copy(ft.open, b.base.open)
	}
	added := make([]block, 0, len(b.blocks))
	for key, fs := range b.blocks {
		if !slices.IsSortedFunc(*fs, compareFacts) {
			slices.SortFunc(*fs, compareFacts)
		}
		added = append(added, block{key: key, facts: slices.Clip(*fs)})
	}
	slices.SortFunc(added, func(a, b block) int { return cmp.Compare(a.key, b.key) })
	if b.base == nil {
		ft.blocks = added
	} else {
		ft.blocks = b.base.patched(added, ft.open)
	}
	for _, bl := range added {
		countOpen(ft.open, bl.facts, 1)
	}
	b.t, b.blocks, b.lastFacts = nil, nil, nil
	return ft
}

// patched returns ft's blocks with the facts of added (blocks by key) in
// place of those of the same incidents: new blocks where they change, ft's
// own elsewhere. The open incidents of the facts it drops leave open.
func (ft *Table) patched(add []block, open []int) []block {
	if len(add) == 0 {
		return ft.blocks
	}
	written := map[int64]bool{}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, bl := range add {
		for _, f := range bl.facts {
			written[f.id] = true
			lo, hi = min(lo, f.id), max(hi, f.id)
		}
	}
	out := make([]block, 0, len(ft.blocks)+len(add))
	for _, bl := range ft.blocks {
		for len(add) > 0 && add[0].key < bl.key {
			out, add = append(out, add[0]), add[1:]
		}
		// Drop the facts of written incidents: a linear pass, which the
		// common case (one incident written) answers without the map.
		var kept []fact // when some are dropped
		for i, f := range bl.facts {
			if f.id >= lo && f.id <= hi && (lo == hi || written[f.id]) {
				countOpen(open, bl.facts[i:i+1], -1)
				if kept == nil {
					kept = append(make([]fact, 0, len(bl.facts)), bl.facts[:i]...)
				}
			} else if kept != nil {
				kept = append(kept, f)
			}
		}
		if kept != nil {
			bl = block{key: bl.key, facts: kept}
		}
		if len(add) > 0 && add[0].key == bl.key {
			bl = block{key: bl.key, facts: merged(bl.facts, add[0].facts)}
			add = add[1:]
		}
		if len(bl.facts) > 0 {
			out = append(out, bl)
		}
	}
	return append(out, add...)
}

// countOpen adds by to the open count of the cell of each open incident
// of facts.
func countOpen(open []int, facts []fact, by int) {
	for _, f := range facts {
		if statusOpen[f.status] && f.cell >= 0 {
			open[f.cell] += by
		}
	}
}

// Open returns the open incidents of each cell by position, whenever
// they were reported (as data.Store.OpenIncidentsByCell counts them). The
// caller must not change it.
func (ft *Table) Open() []int { return ft.open }

// merged is a new slice of the facts of a and b, each sorted by
// compareFacts, in that order.
func merged(a, b []fact) []fact {
	m := make([]fact, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if compareFacts(a[0], b[0]) < 0 {
			m, a = append(m, a[0]), a[1:]
		} else {
			m, b = append(m, b[0]), b[1:]
		}
	}
	return append(append(m, a...), b...)
}

// Len returns the number of facts in the table.
func (ft *Table) Len() int {
	n := 0
	for _, bl := range ft.blocks {
		n += len(bl.facts)
	}
	return n
}

// span returns the facts reported in [from, to), in order, as the parts
// of the blocks that hold them.
func (ft *Table) span(from, to time.Time) [][]fact {
	lo, hi := from.UnixMicro(), to.UnixMicro()
	if lo >= hi {
		return nil
	}
	first := sort.Search(len(ft.blocks), func(i int) bool { return ft.blocks[i].key >= lo>>blockShift })
	var out [][]fact
	for _, bl := range ft.blocks[first:] {
		if bl.key > (hi-1)>>blockShift {
			break
		}
		fs := bl.facts
		i := sort.Search(len(fs), func(i int) bool { return fs[i].reported >= lo })
		j := sort.Search(len(fs), func(i int) bool { return fs[i].reported >= hi })
		if i < j {
			out = append(out, fs[i:j])
		}
	}
	return out
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
	for _, fs := range ft.span(from, to) {
		ft.aggregate(out, fs, typ, &cut, &due, replyCut, replyDue)
	}
	return out
}

// aggregate counts facts into out, as Aggregate describes.
func (ft *Table) aggregate(out []CellAgg, facts []fact, typ int, cut *[16]int64, due *[16]bool, replyCut int64, replyDue bool) {
	for _, f := range facts {
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
	for _, fs := range ft.span(bounds[0], bounds[len(bounds)-1]) {
		for _, f := range fs {
			if f.cell < 0 || (typ != AnyType && int(f.typ) != typ) || f.status == statusDuplicate {
				continue
			}
			for f.reported >= bounds[t+1].UnixMicro() {
				t++
			}
			out[t][f.cell]++
		}
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
	for _, bl := range ft.blocks {
		for _, f := range bl.facts {
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
	}
	return reported, resolved
}
