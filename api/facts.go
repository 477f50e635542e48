package api

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"gridmap/data"
	"gridmap/geo"
)

// fact is one incident as the statistics see it: 32 bytes, so that a
// million incidents fit in 32 MB and a window is counted in one pass.
type fact struct {
	reported  int64 // Unix microseconds
	stage     int64 // Unix microseconds the current status was entered
	resolved  int64 // Unix microseconds; 0 when not resolved
	cell      int32 // position in the snapshot's cells; -1 for an unknown cell
	typ       uint16
	status    uint8 // position in data.Statuses
	escalated bool
}

// factTable holds every incident's facts at one store revision, sorted by
// report time (then ID), with the cells of the snapshot it was built on.
// It is immutable once built.
type factTable struct {
	rev   data.Revision
	cells int // number of cells
	facts []fact
	types []string // fact.typ indexes it
}

// statsCache keeps the fact table of the current revision and the spatial
// weights of the current cells, rebuilding each only when what it depends
// on has changed.
type statsCache struct {
	mu       sync.Mutex
	facts    *factTable
	cellsRev int64
	weights  map[geo.Contiguity]geo.Weights
}

// factTable returns the facts at sn's revision.
func (s *Server) factTable(ctx context.Context, sn *snapshot) (*factTable, error) {
	c := s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	if ft := c.facts; ft != nil && ft.rev == sn.rev {
		return ft, nil
	}
	ft := &factTable{rev: sn.rev, cells: len(sn.cells)}
	typeIdx := map[string]uint16{}
	for _, t := range s.cfg.IncidentTypes {
		typeIdx[t.Name] = uint16(len(ft.types))
		ft.types = append(ft.types, t.Name)
	}
	statusIdx := map[string]uint8{}
	for i, st := range data.Statuses {
		statusIdx[st] = uint8(i)
	}
	err := s.store.IncidentFacts(ctx, func(f *data.IncidentFact) error {
		cell := int32(-1)
		if i, ok := sn.cellByCode[f.CellCode]; ok {
			cell = int32(i)
		}
		t, ok := typeIdx[f.Type]
		if !ok {
			t = uint16(len(ft.types))
			typeIdx[f.Type] = t
			ft.types = append(ft.types, f.Type)
		}
		x := fact{reported: f.ReportedAt.UnixMicro(), stage: f.StageSince.UnixMicro(), cell: cell, typ: t,
			status: statusIdx[f.Status], escalated: f.Escalation > 0}
		if !f.ResolvedAt.IsZero() {
			x.resolved = f.ResolvedAt.UnixMicro()
		}
		ft.facts = append(ft.facts, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !slices.IsSortedFunc(ft.facts, func(a, b fact) int { return cmp.Compare(a.reported, b.reported) }) {
		sort.SliceStable(ft.facts, func(i, j int) bool { return ft.facts[i].reported < ft.facts[j].reported })
	}
	c.facts = ft
	return ft, nil
}

// facts returns the current snapshot and the facts at its revision.
func (s *Server) facts(ctx context.Context) (*snapshot, *factTable, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	ft, err := s.factTable(ctx, sn)
	return sn, ft, err
}

// weights returns the contiguity weights of sn's cells.
func (s *Server) weights(sn *snapshot, kind geo.Contiguity) geo.Weights {
	c := s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.weights == nil || c.cellsRev != sn.rev.Cells {
		c.weights, c.cellsRev = map[geo.Contiguity]geo.Weights{}, sn.rev.Cells
	}
	w, ok := c.weights[kind]
	if !ok {
		w = geo.ContiguityWeights(cellPolygons(sn.cells), kind)
		c.weights[kind] = w
	}
	return w
}

// span returns the facts reported in [from, to).
func (ft *factTable) span(from, to time.Time) []fact {
	lo := sort.Search(len(ft.facts), func(i int) bool { return ft.facts[i].reported >= from.UnixMicro() })
	hi := sort.Search(len(ft.facts), func(i int) bool { return ft.facts[i].reported >= to.UnixMicro() })
	return ft.facts[lo:max(lo, hi)]
}

// anyType and noType are the type indexes of "any type" and of a type that
// no incident has.
const (
	anyType = -1
	noType  = -2
)

// typeIndex returns the index of an incident type, anyType for "".
func (ft *factTable) typeIndex(t string) int {
	if t == "" {
		return anyType
	}
	if i := slices.Index(ft.types, t); i >= 0 {
		return i
	}
	return noType
}

// cellAgg is what a window holds of one cell.
type cellAgg struct {
	count      int // incidents reported, duplicates excluded
	open       int
	overdue    int // open and past the deadline of their stage
	resolved   int // resolved or closed
	grassroots int // resolved without escalation
}

// statusOpen, statusDone and statusDuplicate classify data.Statuses by
// position.
var (
	statusOpen      = statusSet(data.IsOpen)
	statusDone      = statusSet(data.IsDone)
	statusDuplicate = uint8(slices.Index(data.Statuses, data.StatusDuplicate))
)

func statusSet(fn func(string) bool) (out [16]bool) {
	for i, s := range data.Statuses {
		out[i] = fn(s)
	}
	return out
}

// aggregate counts the incidents of type typ (anyType for any) reported in
// [from, to) per cell. Duplicates are left out: they repeat an incident that
// is counted. An open incident is overdue when now is past its stage's
// deadline.
func (ft *factTable) aggregate(from, to time.Time, typ int, now time.Time, deadlines data.Deadlines) []cellAgg {
	// An incident in status i is overdue when it entered it before cut[i]
	// (data.Deadlines.StageBefore, rounded up to the microseconds stage
	// times have).
	var cut [16]int64
	var due [16]bool
	before := deadlines.StageBefore(now)
	for i, st := range data.Statuses {
		if t, ok := before[st]; ok {
			cut[i], due[i] = t.UnixMicro(), true
			if t.After(time.UnixMicro(cut[i])) {
				cut[i]++
			}
		}
	}
	out := make([]cellAgg, ft.cells)
	for _, f := range ft.span(from, to) {
		if f.cell < 0 || (typ != anyType && int(f.typ) != typ) || f.status == statusDuplicate {
			continue
		}
		a := &out[f.cell]
		a.count++
		switch {
		case statusOpen[f.status]:
			a.open++
			if due[f.status] && f.stage < cut[f.status] {
				a.overdue++
			}
		case statusDone[f.status] && f.resolved != 0:
			a.resolved++
			if !f.escalated {
				a.grassroots++
			}
		}
	}
	return out
}

// months returns the starts of the calendar months (China time) from the
// month of from up to the month that ends at or after to, as a list of
// len(months)+1 boundaries.
func monthBounds(from, to time.Time) []time.Time {
	t := monthStart(from)
	out := []time.Time{t}
	for t.Before(to) {
		t = t.AddDate(0, 1, 0)
		out = append(out, t)
	}
	return out
}

// monthly counts the incidents of type typ (anyType for any) reported in each
// month of bounds per cell: out[t][cell]. Duplicates are left out.
func (ft *factTable) monthly(bounds []time.Time, typ int) [][]float64 {
	out := make([][]float64, len(bounds)-1)
	for t := range out {
		out[t] = make([]float64, ft.cells)
	}
	t := 0
	for _, f := range ft.span(bounds[0], bounds[len(bounds)-1]) {
		if f.cell < 0 || (typ != anyType && int(f.typ) != typ) || f.status == statusDuplicate {
			continue
		}
		for f.reported >= bounds[t+1].UnixMicro() {
			t++
		}
		out[t][f.cell]++
	}
	return out
}

// trend counts, per month of bounds, the incidents of type typ (anyType for any)
// in the cells where in[cell] is true that were reported and that were
// resolved (or closed) in that month.
func (ft *factTable) trend(bounds []time.Time, typ int, in []bool) (reported, resolved []int) {
	n := len(bounds) - 1
	reported, resolved = make([]int, n), make([]int, n)
	lo, hi := bounds[0].UnixMicro(), bounds[n].UnixMicro()
	month := func(us int64) int {
		return sort.Search(n, func(i int) bool { return bounds[i+1].UnixMicro() > us })
	}
	for _, f := range ft.facts {
		if f.cell < 0 || !in[f.cell] || (typ != anyType && int(f.typ) != typ) || f.status == statusDuplicate {
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
