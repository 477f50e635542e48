package api

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// snapshot is everything the map shows at one store revision: the town,
// units and cells with their point index, and the ready GeoJSON bodies.
// It is immutable once built.
type snapshot struct {
	rev   data.Revision
	town  data.Town
	units []data.Unit
	cells []data.Cell

	unitLabel, cellLabel []orb.Point
	unitByCode           map[string]int
	cellByCode           map[string]int
	index                *geo.Index // positions in cells

	// The GeoJSON bodies, built at the first request for them: most
	// revisions come from incident writes, and the requests right after
	// them (locating a point, the next report) need the index, not the
	// bodies.
	bodyOnce                       sync.Once
	townBody, unitsBody, cellsBody *body

	// The cells as TopoJSON, built at the first request for them: few
	// clients ask, and most revisions change incident counts, not shapes.
	topoOnce sync.Once
	topoBody *body
	topoErr  error // why the cells have no topology

	// pages keeps the answers encoded from this snapshot by request:
	// OGC pages and features, hotspot series.
	pages *pageCache
	// unitIndex finds units by bbox, built at the first query of them.
	unitIndex func() *geo.Index
}

// cache holds the current snapshot and rebuilds it when the store's
// revision moves, so the all-cells GeoJSON and the point index are built
// once per change, not once per request.
//
// The store is not asked for its revision on every request: a read asks
// only when changes has moved since the snapshot was last confirmed.
// Every write through this process moves it once its transaction has
// committed (noteWrites, and the sheet-import jobs), and so does
// Server.StoreChanged, the place where notices of other instances' writes
// (PostgreSQL LISTEN/NOTIFY) come in.
type cache struct {
	store data.Store
	mu    sync.Mutex // serialises rebuilds
	cur   atomic.Pointer[snapshot]
	// changes counts the changes this process knows of; checked is its
	// value when cur was last confirmed to be the store's revision.
	changes, checked atomic.Uint64
}

// changed records that the store may have changed: the next read asks
// for its revision.
func (c *cache) changed() { c.changes.Add(1) }

// StoreChanged tells the server that its store changed through another
// process (another instance on the same PostGIS, a command-line import):
// the next read asks the store for its revision and rebuilds what moved,
// and the next deadline reads the working-day calendar again (an admin
// may have changed it through another instance). Writes through this
// server need no call. Safe for concurrent use.
func (s *Server) StoreChanged() {
	s.cache.changed()
	s.calendar.Store(nil)
}

// PollStore calls StoreChanged every interval until ctx ends, so that
// the writes of other processes (a command-line import, another instance
// on the same PostGIS) show within that interval, for one revision query
// per interval instead of one per request. A LISTEN/NOTIFY listener that
// calls StoreChanged can take its place.
func (s *Server) PollStore(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.StoreChanged()
		}
	}
}

// snapshot returns the snapshot of the store's current revision, without
// asking the store when nothing changed since the last read.
func (s *Server) snapshot(ctx context.Context) (*snapshot, error) {
	c := s.cache
	if sn := c.cur.Load(); sn != nil && c.checked.Load() == c.changes.Load() {
		return sn, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.changes.Load() // before the revision: a later change asks again
	if sn := c.cur.Load(); sn != nil && c.checked.Load() == n {
		return sn, nil
	}
	rev, err := c.store.Revision(ctx)
	if err != nil {
		return nil, err
	}
	sn := c.cur.Load()
	if sn == nil || sn.rev != rev {
		if sn, err = s.buildSnapshot(ctx, rev, sn); err != nil {
			return nil, err
		}
		c.cur.Store(sn)
	}
	c.checked.Store(n)
	return sn, nil
}

// noteWrites counts every request that may write (any method but GET,
// HEAD and OPTIONS) as a change of the store: just before its answer's
// header goes out, so that a client that has the answer of its write reads
// what it wrote, and again when its handler returns, for writes after
// the answer and answers never written.
func (s *Server) noteWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		c.Response().Before(s.cache.changed)
		defer s.cache.changed()
		return next(c)
	}
}

// buildSnapshot reads the town, units and cells at rev. When prev has the
// same cell revision (only incidents changed), the shapes are the same, so
// its point index and labels serve again.
func (s *Server) buildSnapshot(ctx context.Context, rev data.Revision, prev *snapshot) (*snapshot, error) {
	town, err := s.store.Town(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	cells, err := s.store.Cells(ctx)
	if err != nil {
		return nil, err
	}
	sn := &snapshot{rev: rev, town: *town, units: units, cells: cells,
		unitByCode: make(map[string]int, len(units)), cellByCode: make(map[string]int, len(cells)),
		pages: newPageCache(pageCacheEntries, pageCacheBytes)}
	sn.unitIndex = sync.OnceValue(func() *geo.Index {
		polys := make([]orb.Polygon, len(sn.units))
		for i := range sn.units {
			polys[i] = sn.units[i].Geometry
		}
		return geo.NewIndex(polys)
	})
	reuse := prev != nil && prev.rev.Cells == rev.Cells && len(prev.cells) == len(cells) && len(prev.units) == len(units)
	for i := range units {
		sn.unitByCode[units[i].Code] = i
		reuse = reuse && prev.units[i].Code == units[i].Code
	}
	for i := range cells {
		sn.cellByCode[cells[i].Code] = i
		reuse = reuse && prev.cells[i].Code == cells[i].Code
	}
	if reuse {
		sn.town.Geometry = prev.town.Geometry
		for i := range units {
			units[i].Geometry = prev.units[i].Geometry
		}
		for i := range cells {
			cells[i].Geometry = prev.cells[i].Geometry
		}
		sn.unitLabel, sn.cellLabel, sn.index, sn.unitIndex = prev.unitLabel, prev.cellLabel, prev.index, prev.unitIndex
		return sn, nil
	}
	sn.town.Geometry = geo.RightHand(sn.town.Geometry)
	polys := make([]orb.Polygon, len(cells))
	for i := range units {
		units[i].Geometry = geo.RightHand(units[i].Geometry)
		sn.unitLabel = append(sn.unitLabel, geo.LabelPoint(units[i].Geometry))
	}
	for i := range cells {
		cells[i].Geometry = geo.RightHand(cells[i].Geometry)
		sn.cellLabel = append(sn.cellLabel, geo.LabelPoint(cells[i].Geometry))
		polys[i] = cells[i].Geometry
	}
	sn.index = geo.NewIndex(polys)
	return sn, nil
}

// geoJSON builds the town's, units' and cells' GeoJSON bodies once.
func (sn *snapshot) geoJSON(s *Server) {
	sn.bodyOnce.Do(func() {
		sn.townBody = s.encodedBody(appendFeature(nil, sn.townFeature(), nil))
		fs := make([]feature, len(sn.units))
		for i := range sn.units {
			fs[i] = sn.unitFeature(i)
		}
		sn.unitsBody = s.encodedBody(appendFeatureCollection(nil, fs, nil))
		fs = make([]feature, len(sn.cells))
		for i := range sn.cells {
			fs[i] = sn.cellFeature(i)
		}
		sn.cellsBody = s.encodedBody(appendFeatureCollection(make([]byte, 0, 64*len(sn.cells)*32), fs, nil))
	})
}

func (sn *snapshot) townFeature() feature {
	t := sn.town
	return feature{id: t.Code, geom: t.Geometry, props: props{
		{"code", t.Code}, {"name", t.Name}, {"county", t.County}, {"province", t.Province}, {"note", t.Note},
	}}
}

// topoJSON returns the cells as TopoJSON, building the body once. Cells
// that do not form a partition have no topology; only the TopoJSON route
// fails then, not the whole map.
func (sn *snapshot) topoJSON(s *Server) (*body, error) {
	sn.topoOnce.Do(func() {
		top, err := geo.BuildTopology(cellPolygons(sn.cells))
		if err != nil {
			sn.topoErr = err
			return
		}
		sn.topoBody = s.encodedBody(sn.appendTopoJSON(make([]byte, 0, 32*64*len(sn.cells)), top))
	})
	return sn.topoBody, sn.topoErr
}

// unitProps are the public properties of a unit, shared by /api/units and
// the OGC units collection.
func (sn *snapshot) unitProps(i int) props {
	u := &sn.units[i]
	return props{
		{"code", u.Code}, {"name", u.Name}, {"kind", u.Kind}, {"cells", u.Cells},
		{"population", u.Population}, {"households", u.Households},
	}
}

func (sn *snapshot) unitFeature(i int) feature {
	return feature{id: sn.units[i].Code, geom: sn.units[i].Geometry,
		props: append(sn.unitProps(i), prop{"label", sn.unitLabel[i]})}
}

// cellProps are the public properties of a cell, shared by /api/cells and
// the OGC cells collection.
func (sn *snapshot) cellProps(i int) props {
	c := &sn.cells[i]
	return props{
		{"code", c.Code}, {"name", c.Name}, {"unit_code", c.UnitCode}, {"unit_name", c.UnitName},
		{"kind", c.Kind}, {"population", c.Population}, {"households", c.Households},
		{"area_m2", roundTo(c.AreaM2, 1)}, {"open_incidents", c.OpenIncidents},
	}
}

func (sn *snapshot) cellFeature(i int) feature {
	return feature{id: sn.cells[i].Code, geom: sn.cells[i].Geometry,
		props: append(sn.cellProps(i), prop{"label", sn.cellLabel[i]})}
}

// unitOf returns the unit code of a cell, "" for an unknown cell.
func (sn *snapshot) unitOf(cellCode string) string {
	if i, ok := sn.cellByCode[cellCode]; ok {
		return sn.cells[i].UnitCode
	}
	return ""
}

// locate returns the position of the cell containing p.
func (sn *snapshot) locate(p orb.Point) (int, bool) { return sn.index.Locate(p) }

// cellPolygons returns the cells' polygons, in the cells' order.
func cellPolygons(cells []data.Cell) []orb.Polygon {
	polys := make([]orb.Polygon, len(cells))
	for i := range cells {
		polys[i] = cells[i].Geometry
	}
	return polys
}
