package api

import (
	"context"
	"sync"

	"gridmap/data"
	"gridmap/geo"
	"gridmap/stats"
)

// statsCache keeps the fact table and the spatial weights of the current
// cells. The table is read whole once per cell revision (positions in the
// cells change with it) and then brought up to date with the facts of
// the incidents written since (data.Store.IncidentFactsSince), so that an
// incident write costs the next statistics request a small read, not a
// million facts. While it is kept, the snapshot after an incident write
// takes its open counts from it too (openCounts).
type statsCache struct {
	mu         sync.Mutex
	facts      *stats.Table
	factsRev   int64 // the Revision.Incidents facts is at
	factsCells int64 // the Revision.Cells facts is at
	cellsRev   int64
	weights    map[geo.Contiguity]geo.Weights
}

// factTable returns the facts at sn's revision or later.
func (s *Server) factTable(ctx context.Context, sn *snapshot) (*stats.Table, error) {
	return s.factsAt(ctx, sn.rev, sn.cellByCode, true)
}

// factsAt returns the facts at rev or later, counted in the cells
// cellByCode names (those of rev.Cells): the table kept, brought up to
// date with the incidents written since it was read, or, when it holds
// other cells or none, read whole if whole is set (nil if not).
func (s *Server) factsAt(ctx context.Context, rev data.Revision, cellByCode map[string]int, whole bool) (*stats.Table, error) {
	c := s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := c.facts != nil && c.factsCells == rev.Cells
	if fresh && c.factsRev >= rev.Incidents {
		return c.facts, nil
	}
	var b *stats.Builder
	since := int64(0)
	switch {
	case fresh:
		b, since = c.facts.Update(cellByCode), c.factsRev
	case whole:
		b = stats.NewBuilder(len(cellByCode), cellByCode, s.cfg.IncidentTypes)
	default:
		return nil, nil
	}
	at, err := s.store.IncidentFactsSince(ctx, since, func(f *data.IncidentFact) error {
		b.Add(f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.facts, c.factsRev, c.factsCells = b.Table(), at, rev.Cells
	return c.facts, nil
}

// facts returns the current snapshot and the facts at its revision.
func (s *Server) facts(ctx context.Context) (*snapshot, *stats.Table, error) {
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
