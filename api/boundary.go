package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/boundary"
	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// Boundary editing: administrators change cell boundaries as operations on
// the shared-edge topology of a boundary version, see the result validated
// and what would move (a dry run), and commit it as a new version; any
// version can be read, compared with another and restored. Reads are for
// every logged-in account (boundaries are public, the history names staff),
// changes for administrators.

// topoCache keeps the topology of the last boundary version edited, so that
// each dry run of an editing session does not rebuild it.
type topoCache struct {
	mu      sync.Mutex
	version int64
	cells   []data.Cell
	top     *geo.Topology
}

// boundaryBase returns the cells of version n and their topology.
func (s *Server) boundaryBase(ctx context.Context, n int64) ([]data.Cell, *geo.Topology, error) {
	c := s.topo
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.top != nil && c.version == n {
		return c.cells, c.top, nil
	}
	cells, err := s.store.CellsAt(ctx, n)
	if err != nil {
		return nil, nil, err
	}
	top, err := geo.BuildTopology(cellPolygons(cells))
	if err != nil {
		return nil, nil, fmt.Errorf("boundary version %d: %w", n, err)
	}
	c.version, c.cells, c.top = n, cells, top
	return cells, top, nil
}

// mayReadBoundaries and mayEditBoundaries are the boundary rules of the
// access policy.
func mayReadBoundaries(p *principal) error {
	if p.user == nil {
		return p.denied("the boundary history")
	}
	return nil
}

func mayEditBoundaries(p *principal) error {
	return p.requireRole("boundary changes", data.RoleAdmin)
}

// versionParam reads a version number from the path.
func versionParam(c echo.Context, name string) (int64, error) {
	n, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, data.FieldErrorf(name, "%s must be a positive version number, got %q.", name, c.Param(name))
	}
	return n, nil
}

// listBoundaryVersions answers GET /api/boundary/versions: every version,
// newest first, and the current one.
func (s *Server) listBoundaryVersions(c echo.Context) error {
	if err := mayReadBoundaries(who(c)); err != nil {
		return err
	}
	vs, err := s.store.BoundaryVersions(c.Request().Context())
	if err != nil {
		return err
	}
	current := int64(0)
	if len(vs) > 0 {
		current = vs[0].Number
	}
	return s.sendJSON(c, typeJSON, map[string]any{"current": current, "versions": localVersions(langOf(c), vs)})
}

// versionOf returns version n of vs (newest first, numbered 1..len).
func versionOf(vs []data.BoundaryVersion, n int64) (data.BoundaryVersion, error) {
	for _, v := range vs {
		if v.Number == n {
			return v, nil
		}
	}
	return data.BoundaryVersion{}, data.Errorf(data.ENOTFOUND, "There is no boundary version %d.", n).WithField("n")
}

// shapeFeature is a cell of a boundary version as a GeoJSON feature.
func shapeFeature(c *data.Cell, extra ...prop) feature {
	ps := props{{"code", c.Code}, {"name", c.Name}, {"unit_code", c.UnitCode}, {"unit_name", c.UnitName}, {"kind", c.Kind},
		{"area_m2", roundTo(c.AreaM2, 1)}}
	return feature{id: c.Code, geom: geo.RightHand(c.Geometry), props: append(ps, extra...)}
}

// getBoundaryVersion answers GET /api/boundary/versions/{n}: the cells as
// they were at version n.
func (s *Server) getBoundaryVersion(c echo.Context) error {
	if err := mayReadBoundaries(who(c)); err != nil {
		return err
	}
	n, err := versionParam(c, "n")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	vs, err := s.store.BoundaryVersions(ctx)
	if err != nil {
		return err
	}
	v, err := versionOf(vs, n)
	if err != nil {
		return err
	}
	cells, err := s.store.CellsAt(ctx, n)
	if err != nil {
		return err
	}
	fs := make([]feature, len(cells))
	for i := range cells {
		fs[i] = shapeFeature(&cells[i])
	}
	raw, err := json.Marshal(localVersion(langOf(c), v))
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, s.newBody(appendFeatureCollection(nil, fs, props{{"version", json.RawMessage(raw)}})))
}

// cellDiff compares two sets of cells: the features of the cells added,
// removed and reshaped (or renamed, or moved to another unit or kind) from
// a to b, by code. Reshaped cells carry their geometry at a as "before".
func cellDiff(a, b []data.Cell) []feature {
	at := make(map[string]*data.Cell, len(a))
	for i := range a {
		at[a[i].Code] = &a[i]
	}
	var fs []feature
	seen := make(map[string]bool, len(b))
	for i := range b {
		nb := &b[i]
		seen[nb.Code] = true
		old, ok := at[nb.Code]
		switch {
		case !ok:
			fs = append(fs, shapeFeature(nb, prop{"change", "added"}))
		case !boundary.SameCell(old, nb):
			fs = append(fs, shapeFeature(nb, prop{"change", "reshaped"}, prop{"before", geometryJSON(geo.RightHand(old.Geometry))}))
		}
	}
	for i := range a {
		if !seen[a[i].Code] {
			fs = append(fs, shapeFeature(&a[i], prop{"change", "removed"}))
		}
	}
	slices.SortFunc(fs, func(x, y feature) int { return strings.Compare(x.id.(string), y.id.(string)) })
	return fs
}

// geometryJSON is a geometry as a property value.
func geometryJSON(g orb.Geometry) json.RawMessage { return appendGeometry(nil, g) }

// diffBoundaryVersions answers GET /api/boundary/versions/{a}/diff/{b}.
func (s *Server) diffBoundaryVersions(c echo.Context) error {
	if err := mayReadBoundaries(who(c)); err != nil {
		return err
	}
	a, err := versionParam(c, "n")
	if err != nil {
		return err
	}
	b, err := versionParam(c, "b")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ca, err := s.store.CellsAt(ctx, a)
	if err != nil {
		return fieldOf(err, "n")
	}
	cb, err := s.store.CellsAt(ctx, b)
	if err != nil {
		return fieldOf(err, "b")
	}
	return s.send(c, typeGeoJSON, s.newBody(appendFeatureCollection(nil, cellDiff(ca, cb), props{{"from", a}, {"to", b}})))
}

// staleBase is the answer to a change on a version that is no longer the
// current one: 409 with what has been committed since.
func staleBase(base int64, vs []data.BoundaryVersion) error {
	since := []data.BoundaryVersion{}
	for _, v := range vs {
		if v.Number > base {
			since = append(since, v)
		}
	}
	current := int64(0)
	if len(vs) > 0 {
		current = vs[0].Number
	}
	return &errorWith{
		err: data.Errorf(data.ECONFLICT,
			"The boundaries changed since version %d: the current version is %d. Reload and edit again.", base, current).WithField("base"),
		extra: map[string]any{"current": current, "since": since},
	}
}

// checkBase reads the versions and answers a stale base.
func (s *Server) checkBase(ctx context.Context, base int64) ([]data.BoundaryVersion, error) {
	vs, err := s.store.BoundaryVersions(ctx)
	if err != nil {
		return nil, err
	}
	if base <= 0 {
		return nil, data.FieldErrorf("base", "base must be the version the change was made on.")
	}
	if len(vs) == 0 || vs[0].Number != base {
		return nil, staleBase(base, vs)
	}
	return vs, nil
}

// finishChange answers a boundary change: the dry run (200, valid or not)
// or the commit (201), with its impact. cells are the changed cells' shapes
// for the dry run's map.
func (s *Server) finishChange(c echo.Context, change *data.BoundaryChange, problems []problemOut, removedCells []data.Cell) error {
	ctx := c.Request().Context()
	dry, err := boolParam(c, "dry_run", false)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		if dry {
			return s.sendJSON(c, typeJSON, map[string]any{"valid": false, "base": change.Base, "problems": problems, "impact": nil,
				"cells": json.RawMessage(changedCells(change, removedCells))})
		}
		return &errorWith{err: data.FieldErrorf("operations", "The boundaries after the change are not valid: %s", problems[0].text),
			extra: map[string]any{"problems": problems}}
	}
	if dry {
		imp, err := s.store.BoundaryImpact(ctx, change)
		if err != nil {
			return conflictWithHistory(ctx, s, change.Base, err)
		}
		return s.sendJSON(c, typeJSON, map[string]any{"valid": true, "base": change.Base, "problems": []problemOut{},
			"impact": summarise(imp), "cells": json.RawMessage(changedCells(change, removedCells))})
	}
	v, imp, err := s.store.CommitBoundary(ctx, change)
	if err != nil {
		return conflictWithHistory(ctx, s, change.Base, err)
	}
	raw, err := json.Marshal(map[string]any{"version": v, "impact": summarise(imp)})
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusCreated, raw)
}

// conflictWithHistory turns a store's stale-base conflict into the answer
// that lists what changed since.
func conflictWithHistory(ctx context.Context, s *Server, base int64, err error) error {
	if data.ErrorCode(err) != data.ECONFLICT {
		return err
	}
	vs, verr := s.store.BoundaryVersions(ctx)
	if verr != nil {
		return err
	}
	return staleBase(base, vs)
}

// changedCells is the GeoJSON of a change's cells: added and reshaped with
// their new shapes, removed with their old.
func changedCells(change *data.BoundaryChange, removed []data.Cell) []byte {
	var fs []feature
	for _, sh := range change.Cells {
		kind := "reshaped"
		if sh.New {
			kind = "added"
		}
		fs = append(fs, feature{id: sh.Code, geom: geo.RightHand(sh.Geometry), props: props{{"code", sh.Code}, {"name", sh.Name},
			{"unit_code", sh.UnitCode}, {"kind", sh.Kind}, {"change", kind}}})
	}
	for i := range removed {
		fs = append(fs, shapeFeature(&removed[i], prop{"change", "removed"}))
	}
	return appendFeatureCollection(nil, fs, nil)
}

// restoreBoundaryVersion answers POST /api/boundary/versions/{n}/restore
// [?dry_run=true]: a new version whose cells are those of version n, cells
// removed since coming back under their own codes.
func (s *Server) restoreBoundaryVersion(c echo.Context) error {
	p := who(c)
	if err := mayEditBoundaries(p); err != nil {
		return err
	}
	n, err := versionParam(c, "n")
	if err != nil {
		return err
	}
	var req changeRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := domain.CheckText("reason", req.Reason, data.MaxReason); err != nil {
		return err
	}
	ctx := c.Request().Context()
	vs, err := s.checkBase(ctx, req.Base)
	if err != nil {
		return err
	}
	if _, err := versionOf(vs, n); err != nil {
		return err
	}
	if n == req.Base {
		return data.FieldErrorf("n", "Version %d is the current version already.", n)
	}
	old, err := s.store.CellsAt(ctx, n)
	if err != nil {
		return err
	}
	cur, err := s.store.CellsAt(ctx, req.Base)
	if err != nil {
		return err
	}
	change, removed, err := boundary.Restore(old, cur, data.BoundaryChange{Base: req.Base, Restores: n, Reason: req.Reason,
		EffectiveDate: req.EffectiveDate, AuthorID: p.user.ID, AuthorName: p.user.Name, At: s.now()})
	if err != nil {
		return err
	}
	return s.finishChange(c, change, nil, removed)
}
