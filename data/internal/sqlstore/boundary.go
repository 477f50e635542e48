package sqlstore

import (
	"cmp"
	"context"
	"time"

	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/boundary"
	"gridmap/data"
)

// BoundaryVersions implements data.Store.
func (s *Store) BoundaryVersions(ctx context.Context) ([]data.BoundaryVersion, error) {
	return list(ctx, s, "boundary versions", func(v *data.BoundaryVersion) []any {
		return []any{&v.Number, &v.AuthorID, &v.AuthorName, s.at(&v.CreatedAt), &v.Reason, &v.EffectiveDate, &v.Base,
			s.d.ListDest(&v.Added), s.d.ListDest(&v.Removed), s.d.ListDest(&v.Reshaped),
			&v.Moved.Households, &v.Moved.Residents, &v.Moved.Incidents, &v.Moved.Assignments}
	}, `SELECT number, author_id, author_name, created_at, reason, `+s.d.Date("effective_date")+`,
		base, added, removed, reshaped, households, residents, incidents, assignments FROM boundary_versions ORDER BY number DESC`)
}

// CellsAt implements data.Store.
func (s *Store) CellsAt(ctx context.Context, n int64) ([]data.Cell, error) {
	return read(ctx, s, "cells at", func(tx conn) ([]data.Cell, error) {
		if ok, err := exists(ctx, tx, "boundary_versions", n); err != nil || !ok {
			return nil, cmp.Or(err, error(notFound("boundary version", n)))
		}
		rows, err := tx.query(ctx, `SELECT h.code, h.name, h.unit_code, u.name, h.kind, h.area_m2, `+s.d.Geometry("h")+`
			FROM cell_history h JOIN units u ON u.code = h.unit_code
			WHERE h.valid_from <= ?1 AND (h.valid_to IS NULL OR h.valid_to > ?1)
			ORDER BY h.code`, n)
		return collectFields(rows, err, func(c *data.Cell) []any {
			return []any{&c.Code, &c.Name, &c.UnitCode, &c.UnitName, &c.Kind, &c.AreaM2, wkb.Scanner(&c.Geometry)}
		})
	})
}

// BoundaryImpact implements data.Store: the plan of CommitBoundary, on a
// read snapshot.
func (s *Store) BoundaryImpact(ctx context.Context, c *data.BoundaryChange) (*data.BoundaryImpact, error) {
	change, err := boundary.CheckChange(c, time.Now(), false)
	if err != nil {
		return nil, err
	}
	plan, err := read(ctx, s, "boundary impact", func(tx conn) (*boundary.Plan, error) { return s.planChange(ctx, tx, &change) })
	if err != nil {
		return nil, err
	}
	return &plan.Impact, nil
}

// CommitBoundary implements data.Store. The dialect's BoundaryPrelude
// makes the base version it checks stay current and every household and
// incident written before it seen.
func (s *Store) CommitBoundary(ctx context.Context, c *data.BoundaryChange) (*data.BoundaryVersion, *data.BoundaryImpact, error) {
	change, err := boundary.CheckChange(c, time.Now(), true)
	if err != nil {
		return nil, nil, err
	}
	plan, err := write(ctx, s, "commit boundary", func(tx conn) (*boundary.Plan, error) {
		b := &batch{ctx: ctx, tx: tx}
		if err := b.all(s.d.BoundaryPrelude()); err != nil {
			return nil, err
		}
		plan, err := s.planChange(ctx, tx, &change)
		if err != nil {
			return nil, err
		}
		return plan, s.writeBoundary(ctx, tx, plan)
	})
	if err != nil {
		return nil, nil, err
	}
	return &plan.Version, &plan.Impact, nil
}

// planChange reads what boundary.PlanChange needs and plans c with it:
// ENOTFOUND before a data set is loaded.
func (s *Store) planChange(ctx context.Context, tx conn, c *data.BoundaryChange) (*boundary.Plan, error) {
	st := &boundary.State{Used: map[string]bool{}, Restored: map[string]bool{}, Units: map[string]bool{}}
	if err := tx.row(ctx, `SELECT coalesce(max(number), 0) FROM boundary_versions`).Scan(&st.Version); err != nil || st.Version == 0 {
		return nil, cmp.Or(err, error(data.Errorf(data.ENOTFOUND, "No town has been loaded yet.")))
	}
	located := func(l *boundary.Located) []any { return []any{&l.ID, &l.Cell, &l.Point[0], &l.Point[1], &l.Residents} }
	assigned := func(a *boundary.Assignment) []any { return []any{&a.ID, &a.Cell} }
	err := each(ctx, tx, `SELECT code, unit_code, name, kind, `+s.d.Geometry("")+` FROM cells ORDER BY code`,
		appendTo(&st.Cells, func(c *data.CellShape) []any {
			return []any{&c.Code, &c.UnitCode, &c.Name, &c.Kind, wkb.Scanner(&c.Geometry)}
		}))
	if err != nil {
		return nil, err
	}
	// Only what lies where the change can move it (see ChangedRegion).
	region, removed := boundary.ChangedRegion(c, st.Cells)
	inRegion, args := s.d.BBox(region)
	where := `((` + inRegion + `) OR cell_code IN ` + s.elements("text") + `)`
	args = append(args, s.d.List(removed))
	point := s.d.Point("")
	err = cmp.Or(
		each(ctx, tx, `SELECT DISTINCT code FROM cell_history`, addCode(st.Used)),
		// With c.Restores: the codes of that version's cells (none for 0).
		each(ctx, tx, `SELECT code FROM cell_history WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)`, addCode(st.Restored), c.Restores),
		each(ctx, tx, `SELECT code FROM units`, addCode(st.Units)),
		each(ctx, tx, `SELECT id, cell_code, `+point+`, (SELECT count(*) FROM residents r WHERE r.household_id = households.id)
			FROM households WHERE `+where+` ORDER BY id`, appendTo(&st.Households, located), args...),
		each(ctx, tx, `SELECT id, cell_code, `+point+`, 0 FROM incidents WHERE `+where+` ORDER BY id`, appendTo(&st.Incidents, located), args...),
		each(ctx, tx, `SELECT worker_id, cell_code FROM cell_workers`, appendTo(&st.Workers, assigned)),
		each(ctx, tx, `SELECT user_id, cell_code FROM user_cells`, appendTo(&st.Users, assigned)),
		tx.row(ctx, `SELECT `+s.d.Geometry("")+` FROM town`).Scan(wkb.Scanner(&st.Town)))
	if err != nil {
		return nil, err
	}
	return boundary.PlanChange(c, st)
}

// writeBoundary writes a planned boundary version: the cells first, then
// what moves into them, and the removed cells last, once nothing names
// them.
func (s *Store) writeBoundary(ctx context.Context, tx conn, p *boundary.Plan) error {
	v := &p.Version
	b := &batch{ctx: ctx, tx: tx}
	for _, c := range p.Cells {
		cols, args := []string{"name", "unit_code", "kind", "area_m2"}, []any{c.Name, c.UnitCode, c.Kind, c.AreaM2}
		if c.New {
			s.insertShape(b, "cells", append(cols, "code", "population", "households"), append(args, c.Code, 0, 0), c.Geometry, true)
		} else {
			s.updateShape(b, "cells", cols, args, c.Geometry, true, `WHERE code = ?`, c.Code)
		}
	}
	for code, g := range p.Units {
		s.updateShape(b, "units", nil, nil, g, false, `WHERE code = ?`, code)
	}
	if p.Town != nil {
		s.updateShape(b, "town", nil, nil, p.Town, false, "")
	}
	for _, m := range p.Impact.Households {
		b.exec(`UPDATE households SET cell_code = ? WHERE id = ?`, m.To, m.ID)
		b.exec(`UPDATE residents SET cell_code = ? WHERE household_id = ?`, m.To, m.ID)
	}
	for code, d := range p.Deltas {
		b.exec(`UPDATE cells SET households = households + ?, population = population + ? WHERE code = ?`,
			d.Households, d.Residents, code)
	}
	for _, m := range p.Impact.Incidents {
		b.exec(`UPDATE incidents SET cell_code = ?, near_cell = NULL, near_distance_m = 0 WHERE id = ?`, m.To, m.ID)
	}
	elements := s.elements("text")
	removed := s.d.List(v.Removed)
	cleared := b.exec(`UPDATE incidents SET near_cell = NULL, near_distance_m = 0 WHERE near_cell IN `+elements, removed)
	for _, links := range []struct {
		table, id string
		moves     []data.Move
	}{{"cell_workers", "worker_id", p.Impact.GridWorkers}, {"user_cells", "user_id", p.Impact.Users}} {
		// Table and column names are the constants above.
		b.exec(`DELETE FROM `+links.table+` WHERE cell_code IN `+elements, removed)
		for _, m := range links.moves {
			if m.To != "" {
				b.exec(`INSERT INTO `+links.table+` (`+links.id+`, cell_code) VALUES (?, ?) ON CONFLICT DO NOTHING`, m.ID, m.To)
			}
		}
	}
	b.exec(`DELETE FROM cells WHERE code IN `+elements, removed)
	s.insertVersion(b, v)
	b.exec(`UPDATE cell_history SET valid_to = ? WHERE valid_to IS NULL
		AND (code IN `+elements+` OR code IN `+elements+`)`, v.Number, removed, s.d.List(v.Reshaped))
	for _, c := range p.Cells {
		s.insertShape(b, "cell_history", []string{"code", "valid_from", "name", "unit_code", "kind", "area_m2"},
			[]any{c.Code, v.Number, c.Name, c.UnitCode, c.Kind, c.AreaM2}, c.Geometry, false)
	}
	b.exec(`UPDATE revision SET cells = cells + 1`)
	switch {
	case b.err != nil:
		return b.err
	case len(p.Impact.Incidents) > 0:
		_, err := s.touchIncidents(ctx, tx, p.MoveEvents()...)
		return err
	case cleared > 0:
		return s.logIncident(ctx, tx) // no event, but the incidents changed
	}
	return nil
}

// insertVersion records a boundary version.
func (s *Store) insertVersion(b *batch, v *data.BoundaryVersion) {
	b.exec(`INSERT INTO boundary_versions (number, author_id, author_name, created_at, reason,
		effective_date, base, added, removed, reshaped, households, residents, incidents, assignments)
		VALUES (?, ?, ?, ?, ?, `+s.d.DateIn()+`, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Number, v.AuthorID, v.AuthorName, s.time(v.CreatedAt), v.Reason, v.EffectiveDate, v.Base,
		s.d.List(v.Added), s.d.List(v.Removed), s.d.List(v.Reshaped),
		v.Moved.Households, v.Moved.Residents, v.Moved.Incidents, v.Moved.Assignments)
}

// loadVersion records the cells Load has just written as boundary version 1.
func (s *Store) loadVersion(b *batch, cells []data.Cell, now time.Time) {
	v := boundary.InitialVersion(cells, now)
	s.insertVersion(b, &v)
	b.exec(`INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
		SELECT code, 1, NULL, name, unit_code, kind, area_m2, geom FROM cells`)
}
