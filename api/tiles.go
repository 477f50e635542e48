package api

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"gridmap/data"
	"gridmap/geo"
)

// Vector tiles (Mapbox Vector Tile 2.1) of the cells, the units and the
// incidents, and a TileJSON 3.0.0 document for each layer. Polygons are
// simplified per zoom on the topology of shared edges (geo.Topology.
// Simplify): each boundary between two cells is simplified once, so that
// neighbours never show gaps or overlaps at any zoom. Tiles are built at
// the first request for them and kept per boundary version (cells, units)
// or per incident revision and caller's scope (incidents).

const (
	typeMVT = "application/vnd.mapbox-vector-tile"

	tileExtent = 4096 // units across a tile, as the MVT specification suggests
	tileBuffer = 64   // units drawn beyond each edge
	// tileMaxZoom is the deepest zoom served; clients draw deeper zooms
	// from its tiles (overzoom).
	tileMaxZoom = 20
	// incidentPointZoom is the first zoom at which incidents are points;
	// below it each cell with incidents is one point at its label point
	// with their count.
	incidentPointZoom = 14
	// maxCachedTiles and maxTileBytes bound the tiles kept per boundary
	// version (and per incident revision): least recently used out first.
	maxCachedTiles = 20000
	maxTileBytes   = 256 << 20
	// maxIncidentScopes bounds the callers' scopes whose incidents are kept
	// per incident revision.
	maxIncidentScopes = 64
)

// tileLayers are the layers served, in TileJSON order.
var tileLayers = []string{"cells", "units", "incidents"}

// tileFields are each layer's properties with their TileJSON types.
var tileFields = map[string][][2]string{
	"cells": {{"code", "String"}, {"name", "String"}, {"unit_code", "String"}, {"unit_name", "String"},
		{"kind", "String"}, {"population", "Number"}, {"households", "Number"}},
	"units": {{"code", "String"}, {"name", "String"}, {"kind", "String"}, {"cells", "Number"},
		{"population", "Number"}, {"households", "Number"}},
	"incidents": {{"id", "Number"}, {"type", "String"}, {"status", "String"},
		{"code", "String"}, {"count", "Number"}},
}

// tileKey names one cached tile; scope is the caller's incident scope.
type tileKey struct {
	layer   string
	z, x, y uint32
	scope   string
}

func (k tileKey) String() string {
	return fmt.Sprintf("%s/%d/%d/%d/%s", k.layer, k.z, k.x, k.y, k.scope)
}

// tileCache keeps the tiles of the current boundary version and of the
// current incident revision.
type tileCache struct {
	mu          sync.Mutex
	shapes      *tileShapes                // the current boundary version's
	incidents   map[string]*incidentPoints // by scope, at incRev
	incRev      data.Revision
	polygons    *pageCache // cells and units tiles, of shapes
	incidentsAt *pageCache // incidents tiles, at incRev
}

// tileShapes are the polygons of one boundary version, simplified per zoom
// on demand.
type tileShapes struct {
	cellsRev     int64
	cells, units tileSource
}

// tileSource is one polygon layer: its features' properties and the
// topology its shapes simplify on (nil when they are not a partition, and
// then drawn unsimplified).
type tileSource struct {
	props []geojson.Properties
	ids   []uint64
	polys []orb.Polygon
	top   *geo.Topology
	lat   float64 // cosine of the layer's middle latitude
	zooms [tileMaxZoom + 1]struct {
		once   sync.Once
		polys  []orb.Polygon
		bounds []orb.Bound
	}
}

// incidentPoints are the incidents one scope may list at one revision.
type incidentPoints struct {
	pts     []orb.Point
	props   []geojson.Properties
	ids     []uint64
	perCell map[string]int
}

// publicTiles reports whether the request is for a layer anonymous
// callers may read, and so may be shared with other origins (cors.go).
func publicTiles(c echo.Context) bool {
	return !strings.HasPrefix(c.Param("layer"), "incidents")
}

// getTile answers GET /tiles/{layer}/{z}/{x}/{y}.mvt.
func (s *Server) getTile(c echo.Context) error {
	layer := c.Param("layer")
	if !slices.Contains(tileLayers, layer) {
		return unknownTileLayer(layer)
	}
	ys, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return data.Errorf(data.ENOTFOUND, "Tiles are Mapbox Vector Tiles: …/{z}/{x}/{y}.mvt.").WithField("y")
	}
	z, err := tileNumber(c.Param("z"), "z", tileMaxZoom)
	if err != nil {
		return err
	}
	side := uint32(1) << z
	x, err := tileNumber(c.Param("x"), "x", side-1)
	if err != nil {
		return err
	}
	y, err := tileNumber(ys, "y", side-1)
	if err != nil {
		return err
	}
	p := who(c)
	key := tileKey{layer: layer, z: z, x: x, y: y}
	if layer == "incidents" {
		if !p.seesIncidents() {
			return p.denied("incidents")
		}
		key.scope = incidentScope(p)
	}
	b, err := s.tile(c.Request().Context(), p, key)
	if err != nil {
		return err
	}
	return s.send(c, typeMVT, b)
}

func unknownTileLayer(name string) error {
	return data.Errorf(data.ENOTFOUND, "No tile layer %q; the layers are %s.", name, strings.Join(tileLayers, ", ")).WithField("layer")
}

// tileNumber parses a tile coordinate from 0 to most.
func tileNumber(v, name string, most uint32) (uint32, error) {
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n > uint64(most) {
		return 0, data.Errorf(data.EINVALID, "%s must be an integer from 0 to %d, got %q.", name, most, v).WithField(name)
	}
	return uint32(n), nil
}

// incidentScope names the incidents a principal may list, as
// scopeIncidents narrows them: callers with one scope share tiles.
func incidentScope(p *principal) string {
	switch r := p.role(); r {
	case data.RoleAdmin, data.RoleLeader:
		return "town"
	case data.RoleUnitCadre:
		return "unit:" + p.user.UnitCode
	case data.RoleGridWorker:
		cells := slices.Clone(p.user.Cells)
		slices.Sort(cells)
		return "cells:" + strings.Join(cells, ",")
	default:
		return r + ":" + strconv.FormatInt(p.user.MediatorID, 10)
	}
}

// tile returns the tile's body from the cache, building it on a miss.
func (s *Server) tile(ctx context.Context, p *principal, key tileKey) (*body, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	tc := s.tiles
	tc.mu.Lock()
	if tc.shapes == nil || tc.shapes.cellsRev != sn.rev.Cells {
		tc.shapes = newTileShapes(sn)
		tc.polygons = newPageCache(maxCachedTiles, maxTileBytes)
	}
	if tc.incidentsAt == nil || tc.incRev != sn.rev {
		tc.incRev, tc.incidents = sn.rev, nil
		tc.incidentsAt = newPageCache(maxCachedTiles, maxTileBytes)
	}
	bodies := tc.polygons
	if key.layer == "incidents" {
		bodies = tc.incidentsAt
	}
	shapes := tc.shapes
	pts := tc.incidents[key.scope]
	tc.mu.Unlock()
	if b := bodies.get(key.String()); b != nil {
		return b, nil
	}

	t := maptile.New(key.x, key.y, maptile.Zoom(key.z))
	var layer *mvt.Layer
	switch key.layer {
	case "cells":
		layer = shapes.cells.layer("cells", t)
	case "units":
		layer = shapes.units.layer("units", t)
	default:
		if pts == nil {
			if pts, err = s.incidentPoints(ctx, p, sn); err != nil {
				return nil, err
			}
		}
		layer = pts.layer(sn, t)
	}
	raw, err := mvt.Marshal(mvt.Layers{layer})
	if err != nil {
		return nil, err
	}
	b := s.newBody(raw).withTags()

	// A cache replaced meanwhile (a new version or revision) is dropped
	// with what is put in it here.
	bodies.put(key.String(), b, pageDeps{})
	if key.layer == "incidents" {
		tc.mu.Lock()
		defer tc.mu.Unlock()
		if tc.incRev == sn.rev {
			if tc.incidents == nil || len(tc.incidents) >= maxIncidentScopes {
				tc.incidents = make(map[string]*incidentPoints)
			}
			tc.incidents[key.scope] = pts
		}
	}
	return b, nil
}

// newTileShapes readies the polygon layers of a snapshot; their topologies
// are built here, their simplifications at the first tile of each zoom.
func newTileShapes(sn *snapshot) *tileShapes {
	ts := &tileShapes{cellsRev: sn.rev.Cells}
	polys := make([]orb.Polygon, len(sn.cells))
	props := make([]geojson.Properties, len(sn.cells))
	for i := range sn.cells {
		polys[i] = sn.cells[i].Geometry
		props[i] = tileProps(sn.cellProps(i).only(topoJSONProps))
	}
	ts.cells.init(polys, props)
	polys = make([]orb.Polygon, len(sn.units))
	props = make([]geojson.Properties, len(sn.units))
	for i := range sn.units {
		polys[i] = sn.units[i].Geometry
		props[i] = tileProps(sn.unitProps(i))
	}
	ts.units.init(polys, props)
	return ts
}

// tileProps turns properties into those of a tile feature.
func tileProps(ps props) geojson.Properties {
	out := make(geojson.Properties, len(ps))
	for _, p := range ps {
		out[p.key] = p.val
	}
	return out
}

func (src *tileSource) init(polys []orb.Polygon, props []geojson.Properties) {
	src.polys, src.props = polys, props
	src.ids = make([]uint64, len(polys))
	var b orb.Bound
	for i, p := range polys {
		src.ids[i] = uint64(i + 1)
		if i == 0 {
			b = p.Bound()
		} else {
			b = b.Union(p.Bound())
		}
	}
	src.lat = math.Cos(b.Center()[1] * math.Pi / 180)
	if top, err := geo.BuildTopology(polys); err == nil {
		src.top = top
	}
}

// at returns the layer's polygons simplified for zoom z, with their bounds.
func (src *tileSource) at(z uint32) ([]orb.Polygon, []orb.Bound) {
	lv := &src.zooms[z]
	lv.once.Do(func() {
		lv.polys = src.polys
		if src.top != nil {
			lv.polys = src.top.Simplify(geo.PixelDegrees(int(z)) * src.lat).Polygons()
		}
		lv.bounds = make([]orb.Bound, len(lv.polys))
		for i, p := range lv.polys {
			lv.bounds[i] = p.Bound()
		}
	})
	return lv.polys, lv.bounds
}

// layer returns the features of the tile t.
func (src *tileSource) layer(name string, t maptile.Tile) *mvt.Layer {
	polys, bounds := src.at(uint32(t.Z))
	g := geo.TileGrid{Tile: t, Extent: tileExtent, Buffer: tileBuffer}
	tb := g.Bound()
	l := &mvt.Layer{Name: name, Version: 2, Extent: tileExtent}
	for i, b := range bounds {
		if !tb.Intersects(b) {
			continue
		}
		if p := g.Polygon(polys[i]); p != nil {
			f := geojson.NewFeature(p)
			f.ID, f.Properties = src.ids[i], src.props[i]
			l.Features = append(l.Features, f)
		}
	}
	return l
}

// incidentPoints reads the incidents the principal may list.
func (s *Server) incidentPoints(ctx context.Context, p *principal, sn *snapshot) (*incidentPoints, error) {
	var f data.IncidentFilter
	if err := p.scopeIncidents(&f); err != nil {
		return nil, err
	}
	list, _, err := s.store.Incidents(ctx, f)
	if err != nil {
		return nil, err
	}
	ip := &incidentPoints{perCell: make(map[string]int)}
	for _, in := range list {
		ip.perCell[in.CellCode]++
		if in.Location == (orb.Point{}) {
			continue // no place to draw it at
		}
		ip.pts = append(ip.pts, in.Location)
		ip.ids = append(ip.ids, uint64(in.ID))
		ip.props = append(ip.props, geojson.Properties{"id": in.ID, "type": in.Type, "status": in.Status})
	}
	return ip, nil
}

// layer returns the incidents of tile t: points from incidentPointZoom on,
// else one point per cell with its count.
func (ip *incidentPoints) layer(sn *snapshot, t maptile.Tile) *mvt.Layer {
	g := geo.TileGrid{Tile: t, Extent: tileExtent, Buffer: tileBuffer}
	tb := g.Bound()
	l := &mvt.Layer{Name: "incidents", Version: 2, Extent: tileExtent}
	add := func(p orb.Point, id uint64, props geojson.Properties) {
		if !tb.Contains(p) {
			return
		}
		f := geojson.NewFeature(g.Point(p))
		f.ID, f.Properties = id, props
		l.Features = append(l.Features, f)
	}
	if t.Z >= incidentPointZoom {
		for i, p := range ip.pts {
			add(p, ip.ids[i], ip.props[i])
		}
		return l
	}
	for i := range sn.cells {
		if n := ip.perCell[sn.cells[i].Code]; n > 0 {
			add(sn.cellLabel[i], uint64(i+1), geojson.Properties{"code": sn.cells[i].Code, "count": n})
		}
	}
	return l
}

// getTileJSON answers GET /tiles/{layer}.json: the layer's TileJSON 3.0.0.
func (s *Server) getTileJSON(c echo.Context) error {
	layer, ok := strings.CutSuffix(c.Param("layer"), ".json")
	if !ok || !slices.Contains(tileLayers, layer) {
		return unknownTileLayer(c.Param("layer"))
	}
	if p := who(c); layer == "incidents" && !p.seesIncidents() {
		return p.denied("incidents")
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	b := sn.town.Geometry.Bound()
	fields := map[string]string{}
	for _, f := range tileFields[layer] {
		fields[f[0]] = f[1]
	}
	desc := map[string]string{
		"cells": "网格 Grid cells, simplified per zoom on their shared boundaries.",
		"units": "村(社区) Villages and communities.",
		"incidents": "矛盾纠纷与信访 Incidents the caller may list: points from zoom " + strconv.Itoa(incidentPointZoom) +
			" (id, type, status), below it one point per cell with their count (code, count).",
	}[layer]
	return s.sendJSON(c, typeJSON, map[string]any{
		"tilejson": "3.0.0",
		"name":     layer,
		"tiles":    []string{s.baseURL(c) + "/tiles/" + layer + "/{z}/{x}/{y}.mvt"},
		"minzoom":  0, "maxzoom": tileMaxZoom,
		"bounds": []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		"center": []float64{b.Center()[0], b.Center()[1], 12},
		"vector_layers": []map[string]any{{
			"id": layer, "fields": fields, "description": desc, "minzoom": 0, "maxzoom": tileMaxZoom,
		}},
	})
}
