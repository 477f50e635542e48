package api

import (
	"context"
	"sync"

	"gridmap/data"
	"gridmap/geo"
	"gridmap/stats"
)

// statsCache keeps the fact table of the current revision and the spatial
// weights of the current cells, rebuilding each only when what it depends
// on has changed.
type statsCache struct {
	mu       sync.Mutex
	facts    *stats.Table
	factsRev data.Revision
	cellsRev int64
	weights  map[geo.Contiguity]geo.Weights
}

// factTable returns the facts at sn's revision.
func (s *Server) factTable(ctx context.Context, sn *snapshot) (*stats.Table, error) {
	c := s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.facts != nil && c.factsRev == sn.rev {
		return c.facts, nil
	}
	b := stats.NewBuilder(len(sn.cells), sn.cellByCode, s.cfg.IncidentTypes)
	err := s.store.IncidentFacts(ctx, func(f *data.IncidentFact) error {
		b.Add(f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.facts, c.factsRev = b.Table(), sn.rev
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
