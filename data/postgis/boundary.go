package postgis

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// versionSelect reads boundary versions for scanVersion.
const versionSelect = `SELECT number, author_id, author_name, created_at, reason, to_char(effective_date, 'YYYY-MM-DD'),
	base, added, removed, reshaped, households, residents, incidents, assignments FROM boundary_versions`

// BoundaryVersions implements data.Store.
func (s *Store) BoundaryVersions(ctx context.Context) ([]data.BoundaryVersion, error) {
	out := []data.BoundaryVersion{}
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, versionSelect+` ORDER BY number DESC`)
		if err != nil {
			return err
		}
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("boundary versions", err)
	}
	return out, nil
}

func scanVersion(row pgx.Row) (data.BoundaryVersion, error) {
	var v data.BoundaryVersion
	err := row.Scan(&v.Number, &v.AuthorID, &v.AuthorName, &v.CreatedAt, &v.Reason, &v.EffectiveDate, &v.Base,
		&v.Added, &v.Removed, &v.Reshaped, &v.Moved.Households, &v.Moved.Residents, &v.Moved.Incidents, &v.Moved.Assignments)
	v.CreatedAt = contract.Time(v.CreatedAt)
	for _, l := range []*[]string{&v.Added, &v.Removed, &v.Reshaped} {
		if *l == nil {
			*l = []string{}
		}
	}
	return v, err
}

// CellsAt implements data.Store.
func (s *Store) CellsAt(ctx context.Context, n int64) ([]data.Cell, error) {
	cells := []data.Cell{}
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM boundary_versions WHERE number = $1)`, n).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return contract.NoVersion(n)
		}
		rows, err := tx.Query(ctx, `SELECT h.code, h.name, h.unit_code, u.name, h.kind, h.area_m2, ST_AsBinary(h.geom)
			FROM cell_history h JOIN units u ON u.code = h.unit_code
			WHERE h.valid_from <= $1 AND (h.valid_to IS NULL OR h.valid_to > $1)
			ORDER BY h.code`, n)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c data.Cell
			if err := rows.Scan(&c.Code, &c.Name, &c.UnitCode, &c.UnitName, &c.Kind, &c.AreaM2, wkb.Scanner(&c.Geometry)); err != nil {
				rows.Close()
				return err
			}
			cells = append(cells, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("cells at", err)
	}
	return cells, nil
}

// BoundaryImpact implements data.Store: the plan of CommitBoundary, on a
// read snapshot.
func (s *Store) BoundaryImpact(ctx context.Context, c *data.BoundaryChange) (*data.BoundaryImpact, error) {
	change, err := contract.CheckBoundaryChange(c, time.Now(), false)
	if err != nil {
		return nil, err
	}
	var plan *contract.BoundaryPlan
	err = s.snapshot(ctx, func(tx pgx.Tx) error {
		st, err := boundaryState(ctx, tx, c)
		if err != nil {
			return err
		}
		plan, err = contract.PlanBoundary(&change, st)
		return err
	})
	if err != nil {
		return nil, translate("boundary impact", err)
	}
	return &plan.Impact, nil
}

// CommitBoundary implements data.Store. It first locks the revision row,
// which every incident write and every other commit also updates: of two
// commits on one base the second waits, then reads the first's version
// (each statement of a read-committed transaction sees what committed
// before it) and fails; households and incidents written before the lock
// are all seen.
func (s *Store) CommitBoundary(ctx context.Context, c *data.BoundaryChange) (*data.BoundaryVersion, *data.BoundaryImpact, error) {
	change, err := contract.CheckBoundaryChange(c, time.Now(), true)
	if err != nil {
		return nil, nil, err
	}
	var plan *contract.BoundaryPlan
	err = s.update(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM revision FOR UPDATE`); err != nil {
			return err
		}
		// Residents name their household together with its cell: the two
		// move in separate statements.
		if _, err := tx.Exec(ctx, `SET CONSTRAINTS residents_household_id_cell_code_fkey DEFERRED`); err != nil {
			return err
		}
		st, err := boundaryState(ctx, tx, c)
		if err != nil {
			return err
		}
		if plan, err = contract.PlanBoundary(&change, st); err != nil {
			return err
		}
		return writeBoundary(ctx, tx, plan)
	})
	if err != nil {
		return nil, nil, translate("commit boundary", err)
	}
	return &plan.Version, &plan.Impact, nil
}

// boundaryState reads what PlanBoundary needs. ENOTFOUND before a data set
// is loaded.
func boundaryState(ctx context.Context, tx pgx.Tx, c *data.BoundaryChange) (*contract.BoundaryState, error) {
	restores := c.Restores
	st := &contract.BoundaryState{Used: map[string]bool{}, Restored: map[string]bool{}, Units: map[string]bool{}, Residents: map[int64]int{}}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(number), 0) FROM boundary_versions`).Scan(&st.Version); err != nil {
		return nil, err
	}
	if st.Version == 0 {
		return nil, contract.NoTown()
	}
	err := each(ctx, tx, `SELECT code, unit_code, name, kind, ST_AsBinary(geom) FROM cells ORDER BY code`, func(rows pgx.Rows) error {
		var c data.CellShape
		if err := rows.Scan(&c.Code, &c.UnitCode, &c.Name, &c.Kind, wkb.Scanner(&c.Geometry)); err != nil {
			return err
		}
		st.Cells = append(st.Cells, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	set := func(m map[string]bool) func(rows pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var code string
			err := rows.Scan(&code)
			m[code] = true
			return err
		}
	}
	if err := each(ctx, tx, `SELECT DISTINCT code FROM cell_history`, set(st.Used)); err != nil {
		return nil, err
	}
	if restores > 0 {
		if restores >= st.Version { // versions run 1 .. st.Version
			return nil, data.FieldErrorf("restores", "There is no earlier boundary version %d to restore.", restores)
		}
		err := each(ctx, tx, `SELECT code FROM cell_history WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)`,
			set(st.Restored), restores)
		if err != nil {
			return nil, err
		}
	}
	if err := each(ctx, tx, `SELECT code FROM units`, set(st.Units)); err != nil {
		return nil, err
	}
	if err := tx.QueryRow(ctx, `SELECT ST_AsBinary(geom) FROM town`).Scan(wkb.Scanner(&st.Town)); err != nil {
		return nil, err
	}
	// Only what lies where the change can move it (see ChangedRegion).
	region, removed, ok := contract.ChangedRegion(c, st.Cells)
	if !ok { // nothing to move: an empty bound
		region = orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{0, 0}}
	}
	where := `((ST_X(geom) BETWEEN $1 AND $3 AND ST_Y(geom) BETWEEN $2 AND $4 AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
		OR cell_code = ANY($5))`
	args := []any{region.Min[0], region.Min[1], region.Max[0], region.Max[1], removed}
	err = each(ctx, tx, `SELECT household_id, count(*) FROM residents
		WHERE household_id IN (SELECT id FROM households WHERE `+where+`) GROUP BY household_id`, func(rows pgx.Rows) error {
		var id, n int64
		err := rows.Scan(&id, &n)
		st.Residents[id] = int(n)
		return err
	}, args...)
	if err != nil {
		return nil, err
	}
	located := func(list *[]contract.Located) func(rows pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var l contract.Located
			var lon, lat float64
			err := rows.Scan(&l.ID, &l.Cell, &lon, &lat)
			l.Point = orb.Point{lon, lat}
			*list = append(*list, l)
			return err
		}
	}
	if err := each(ctx, tx, `SELECT id, cell_code, ST_X(geom), ST_Y(geom) FROM households WHERE `+where+` ORDER BY id`, located(&st.Households), args...); err != nil {
		return nil, err
	}
	if err := each(ctx, tx, `SELECT id, cell_code, ST_X(geom), ST_Y(geom) FROM incidents WHERE `+where+` ORDER BY id`, located(&st.Incidents), args...); err != nil {
		return nil, err
	}
	assigned := func(list *[]contract.Assignment) func(rows pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var a contract.Assignment
			err := rows.Scan(&a.ID, &a.Cell)
			*list = append(*list, a)
			return err
		}
	}
	if err := each(ctx, tx, `SELECT worker_id, cell_code FROM cell_workers`, assigned(&st.Workers)); err != nil {
		return nil, err
	}
	if err := each(ctx, tx, `SELECT user_id, cell_code FROM user_cells`, assigned(&st.Users)); err != nil {
		return nil, err
	}
	return st, nil
}

// each calls fn for every row of the query.
func each(ctx context.Context, tx pgx.Tx, query string, fn func(rows pgx.Rows) error, args ...any) error {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// writeBoundary writes a planned boundary version: the cells first, then
// what moves into them, and the removed cells last, once nothing names
// them.
func writeBoundary(ctx context.Context, tx pgx.Tx, p *contract.BoundaryPlan) error {
	v := &p.Version
	exec := func(query string, args ...any) error {
		_, err := tx.Exec(ctx, query, args...)
		return err
	}
	for _, c := range p.Cells {
		query := `UPDATE cells SET name = $1, unit_code = $2, kind = $3, area_m2 = $4, geom = ST_GeomFromWKB($5, 4326)
			WHERE code = $6`
		if c.New {
			query = `INSERT INTO cells (name, unit_code, kind, area_m2, geom, code, population, households)
				VALUES ($1, $2, $3, $4, ST_GeomFromWKB($5, 4326), $6, 0, 0)`
		}
		if err := exec(query, c.Name, c.UnitCode, c.Kind, c.AreaM2, polygonWKB(c.Geometry), c.Code); err != nil {
			return err
		}
	}
	for code, g := range p.Units {
		if err := exec(`UPDATE units SET geom = ST_GeomFromWKB($1, 4326) WHERE code = $2`, polygonWKB(g), code); err != nil {
			return err
		}
	}
	if p.Town != nil {
		if err := exec(`UPDATE town SET geom = ST_GeomFromWKB($1, 4326)`, polygonWKB(p.Town)); err != nil {
			return err
		}
	}
	for _, m := range p.Impact.Households {
		if err := exec(`UPDATE households SET cell_code = $1 WHERE id = $2`, m.To, m.ID); err != nil {
			return err
		}
		if err := exec(`UPDATE residents SET cell_code = $1 WHERE household_id = $2`, m.To, m.ID); err != nil {
			return err
		}
	}
	for code, d := range p.Deltas {
		if err := exec(`UPDATE cells SET households = households + $1, population = population + $2 WHERE code = $3`,
			d.Households, d.Residents, code); err != nil {
			return err
		}
	}
	for _, m := range p.Impact.Incidents {
		if err := exec(`UPDATE incidents SET cell_code = $1, near_cell = NULL, near_distance_m = 0,
			version = version + 1, updated_at = $2 WHERE id = $3`, m.To, v.CreatedAt, m.ID); err != nil {
			return err
		}
		err := insertEvent(ctx, tx, data.IncidentEvent{IncidentID: m.ID, At: v.CreatedAt, ActorID: v.AuthorID,
			ActorName: v.AuthorName, Kind: data.EventReassigned, Note: contract.BoundaryNote(v.Number, m.From, m.To)})
		if err != nil {
			return err
		}
	}
	tag, err := tx.Exec(ctx, `UPDATE incidents SET near_cell = NULL, near_distance_m = 0 WHERE near_cell = ANY ($1)`, v.Removed)
	if err != nil {
		return err
	}
	for _, links := range []struct {
		table, id string
		moves     []data.Move
	}{{"cell_workers", "worker_id", p.Impact.GridWorkers}, {"user_cells", "user_id", p.Impact.Users}} {
		table, id := pgx.Identifier{links.table}.Sanitize(), pgx.Identifier{links.id}.Sanitize()
		if err := exec(`DELETE FROM `+table+` WHERE cell_code = ANY ($1)`, v.Removed); err != nil {
			return err
		}
		for _, m := range links.moves {
			if m.To == "" {
				continue
			}
			if err := exec(`INSERT INTO `+table+` (`+id+`, cell_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, m.ID, m.To); err != nil {
				return err
			}
		}
	}
	if err := exec(`DELETE FROM cells WHERE code = ANY ($1)`, v.Removed); err != nil {
		return err
	}
	if err := insertVersion(ctx, tx, v); err != nil {
		return err
	}
	if err := exec(`UPDATE cell_history SET valid_to = $1 WHERE valid_to IS NULL AND (code = ANY ($2) OR code = ANY ($3))`,
		v.Number, v.Removed, v.Reshaped); err != nil {
		return err
	}
	for _, c := range p.Cells {
		if err := exec(`INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
			VALUES ($1, $2, NULL, $3, $4, $5, $6, ST_GeomFromWKB($7, 4326))`,
			c.Code, v.Number, c.Name, c.UnitCode, c.Kind, c.AreaM2, polygonWKB(c.Geometry)); err != nil {
			return err
		}
	}
	if err := exec(`UPDATE revision SET cells = cells + 1`); err != nil {
		return err
	}
	if len(p.Impact.Incidents) > 0 || tag.RowsAffected() > 0 {
		return bumpIncidents(ctx, tx)
	}
	return nil
}

// insertVersion records a boundary version.
func insertVersion(ctx context.Context, tx pgx.Tx, v *data.BoundaryVersion) error {
	_, err := tx.Exec(ctx, `INSERT INTO boundary_versions (number, author_id, author_name, created_at, reason,
		effective_date, base, added, removed, reshaped, households, residents, incidents, assignments)
		VALUES ($1, $2, $3, $4, $5, CAST($6::text AS date), $7, $8, $9, $10, $11, $12, $13, $14)`,
		v.Number, v.AuthorID, v.AuthorName, v.CreatedAt, v.Reason, v.EffectiveDate, v.Base,
		v.Added, v.Removed, v.Reshaped, v.Moved.Households, v.Moved.Residents, v.Moved.Incidents, v.Moved.Assignments)
	return err
}

// loadVersion records the cells Load has just written as boundary version 1.
func loadVersion(ctx context.Context, tx pgx.Tx, cells []data.Cell, now time.Time) error {
	v := contract.InitialVersion(cells, now)
	if err := insertVersion(ctx, tx, &v); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
		SELECT code, 1, NULL, name, unit_code, kind, area_m2, geom FROM cells`)
	return err
}
