package api

import (
	"context"
	"net/http"
	"slices"
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
// It is immutable once built. An incident write makes the next snapshot
// from the one before (recount): only the cells' open incident counts are
// read again, and everything else is shared.
type snapshot struct {
	rev   data.Revision
	town  data.Town
	units []data.Unit
	cells []data.Cell

	unitLabel, cellLabel []orb.Point
	unitByCode           map[string]int
	cellByCode           map[string]int
	index                *geo.Index // positions in cells

	// shapes are the answers that incident counts do not change, shared
	// by the snapshots of one cells revision.
	shapes *shapeAnswers
	// cellsGeo is /api/cells, built at the first request for it: most
	// revisions come from incident writes, and the requests right after
	// them (locating a point, the next report) need the index, not the
	// body. It re-encodes only the cells whose counts changed since the
	// last body built (cellsDoc).
	cellsGeo *cellsAnswer

	// pages keeps the answers encoded from this snapshot by request:
	// OGC pages and features, hotspot series. A recount keeps those that
	// show no count it changed.
	pages *pageCache
}

// shapeAnswers are the answers of one cells revision that incident
// writes do not change, each built at the first request for it.
type shapeAnswers struct {
	// geoJSON is the town's and the units' GeoJSON bodies.
	geoJSON func() (town, units *body)
	// topo is the cells as TopoJSON (no counts in it; few clients ask),
	// or why the cells have no topology.
	topo func() (*body, error)
	// unitIndex finds units by bbox, built at the first query of them.
	unitIndex func() *geo.Index
	// cells is the last /api/cells body built for these shapes, in parts:
	// the next one starts from it.
	cells atomic.Pointer[cellsDoc]
	// perChunk is how many cells a gzip chunk of /api/cells holds.
	perChunk int
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

// anonymousRead marks the context of a GET, HEAD or OPTIONS request
// without credentials: its client has written nothing (every write needs
// an account), so it has no write of its own to wait for.
type anonymousRead struct{}

// snapshot returns the snapshot of the store's current revision, without
// asking the store when nothing changed since the last read. A request
// that waited for another's rebuild takes its result when that rebuild
// read the revision after every change this request knew of when it
// came: a client still reads its own writes, and readers queued behind
// one rebuild do not each start another. An anonymous read that finds a
// rebuild under way takes the snapshot before it rather than wait: it
// lags the store by at most that rebuild, like a read that came a moment
// earlier.
func (s *Server) snapshot(ctx context.Context) (*snapshot, error) {
	c := s.cache
	known := c.changes.Load()
	if sn := c.cur.Load(); sn != nil && c.checked.Load() >= known {
		return sn, nil
	}
	if sn := c.cur.Load(); sn != nil && ctx.Value(anonymousRead{}) != nil {
		if !c.mu.TryLock() {
			return sn, nil
		}
	} else {
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	if sn := c.cur.Load(); sn != nil && c.checked.Load() >= known {
		return sn, nil
	}
	n := c.changes.Load() // before the revision: a later change asks again
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
// same cell revision (only incidents changed), the shapes, names and
// people are the same: only the open incident counts are read (recount).
func (s *Server) buildSnapshot(ctx context.Context, rev data.Revision, prev *snapshot) (*snapshot, error) {
	if prev != nil && prev.rev.Cells == rev.Cells {
		open, err := s.openCounts(ctx, prev, rev)
		if err != nil {
			return nil, err
		}
		return s.recount(prev, rev, open), nil
	}
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
	for i := range units {
		sn.unitByCode[units[i].Code] = i
	}
	for i := range cells {
		sn.cellByCode[cells[i].Code] = i
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
	sn.shapes = s.newShapeAnswers(sn)
	sn.cellsGeo = s.newCellsAnswer(sn)
	return sn, nil
}

// openCounts returns the open incidents of prev's cells at rev, a later
// revision of the same cells, by position. While the statistics keep the
// fact table of these cells, it is brought up to date with the incidents
// written since (a few rows) and gives them; else the store counts them
// (tens of milliseconds at a million incidents).
func (s *Server) openCounts(ctx context.Context, prev *snapshot, rev data.Revision) ([]int, error) {
	ft, err := s.factsAt(ctx, rev, prev.cellByCode, false)
	if err != nil {
		return nil, err
	}
	if ft != nil {
		return ft.Open(), nil
	}
	byCode, err := s.store.OpenIncidentsByCell(ctx)
	open := make([]int, len(prev.cells))
	for i := range prev.cells {
		open[i] = byCode[prev.cells[i].Code]
	}
	return open, err
}

// recount returns prev at rev with the open incident counts open (by
// position), sharing prev's shapes, index, labels and answers, and the
// pages of prev that show no count that changed.
func (s *Server) recount(prev *snapshot, rev data.Revision, open []int) *snapshot {
	sn := new(snapshot)
	*sn = *prev
	sn.rev = rev
	sn.cells = slices.Clone(prev.cells)
	var changed []int
	for i := range sn.cells {
		if n := open[i]; n != sn.cells[i].OpenIncidents {
			sn.cells[i].OpenIncidents = n
			changed = append(changed, i)
		}
	}
	sn.pages = prev.pages.carry(len(sn.cells), changed)
	if len(changed) > 0 {
		sn.cellsGeo = s.newCellsAnswer(sn)
	}
	return sn
}

// cellsAnswer is one snapshot's /api/cells body, built once, at the
// first request for it.
type cellsAnswer struct {
	build   func() *body
	started atomic.Bool
	done    atomic.Pointer[body]
}

func (s *Server) newCellsAnswer(sn *snapshot) *cellsAnswer {
	a := &cellsAnswer{}
	a.build = sync.OnceValue(func() *body {
		b := s.cellsDoc(sn).b
		a.done.Store(b)
		return b
	})
	return a
}

// cellsBody returns /api/cells, building it or waiting for the request
// that builds it.
func (sn *snapshot) cellsBody() *body {
	sn.cellsGeo.started.Store(true)
	return sn.cellsGeo.build()
}

// cellsBodyNow returns /api/cells without waiting for another request
// that builds it: the last body built for these shapes meanwhile, a write
// or so behind (for a reader with no write of its own to see).
func (sn *snapshot) cellsBodyNow() *body {
	a := sn.cellsGeo
	if b := a.done.Load(); b != nil {
		return b
	}
	if a.started.Swap(true) {
		if last := sn.shapes.cells.Load(); last != nil {
			return last.b
		}
	}
	return a.build()
}

// newShapeAnswers readies the answers of sn's shapes, built at the first
// request for each.
func (s *Server) newShapeAnswers(sn *snapshot) *shapeAnswers {
	town, units, cells := sn.town, sn.units, sn.cells // not sn: a recount shares these, not sn's counts
	unitLabel := sn.unitLabel
	return &shapeAnswers{
		geoJSON: sync.OnceValues(func() (*body, *body) {
			tb := s.newBody(appendFeature(nil, townFeature(&town), nil)).withTags()
			fs := make([]feature, len(units))
			for i := range units {
				fs[i] = feature{id: units[i].Code, geom: units[i].Geometry, props: append(unitProps(&units[i]), prop{"label", unitLabel[i]})}
			}
			return tb, s.newBody(appendFeatureCollection(nil, fs, nil)).withTags()
		}),
		topo: sync.OnceValues(func() (*body, error) {
			top, err := geo.BuildTopology(cellPolygons(cells))
			if err != nil {
				return nil, err
			}
			return s.newBody(appendTopoJSON(make([]byte, 0, 32*64*len(cells)), cells, top)).withTags(), nil
		}),
		unitIndex: sync.OnceValue(func() *geo.Index {
			polys := make([]orb.Polygon, len(units))
			for i := range units {
				polys[i] = units[i].Geometry
			}
			return geo.NewIndex(polys)
		}),
		perChunk: cellsPerChunk(cells),
	}
}

// townBody and unitsBody are /api/town and /api/units.
func (sn *snapshot) townBody() *body  { b, _ := sn.shapes.geoJSON(); return b }
func (sn *snapshot) unitsBody() *body { _, b := sn.shapes.geoJSON(); return b }

// unitIndex finds units by bbox.
func (sn *snapshot) unitIndex() *geo.Index { return sn.shapes.unitIndex() }

// topoJSON returns the cells as TopoJSON. Cells that do not form a
// partition have no topology; only the TopoJSON route fails then, not the
// whole map.
func (sn *snapshot) topoJSON() (*body, error) { return sn.shapes.topo() }

func townFeature(t *data.Town) feature {
	return feature{id: t.Code, geom: t.Geometry, props: props{
		{"code", t.Code}, {"name", t.Name}, {"county", t.County}, {"province", t.Province}, {"note", t.Note},
	}}
}

// unitProps are the public properties of a unit, shared by /api/units and
// the OGC units collection.
func unitProps(u *data.Unit) props {
	return props{
		{"code", u.Code}, {"name", u.Name}, {"kind", u.Kind}, {"cells", u.Cells},
		{"population", u.Population}, {"households", u.Households},
	}
}

func (sn *snapshot) unitProps(i int) props { return unitProps(&sn.units[i]) }

// cellProps are the public properties of a cell, shared by /api/cells and
// the OGC cells collection.
func cellProps(c *data.Cell) props {
	return props{
		{"code", c.Code}, {"name", c.Name}, {"unit_code", c.UnitCode}, {"unit_name", c.UnitName},
		{"kind", c.Kind}, {"population", c.Population}, {"households", c.Households},
		{"area_m2", roundTo(c.AreaM2, 1)}, {"open_incidents", c.OpenIncidents},
	}
}

func (sn *snapshot) cellProps(i int) props { return cellProps(&sn.cells[i]) }

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
