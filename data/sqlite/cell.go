package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// cellSelect derives each cell's unit name and open incidents; its one
// parameter is the open statuses as a JSON array.
const cellSelect = `SELECT c.code, c.name, c.unit_code, u.name, c.kind, c.population, c.households, c.area_m2, c.geom,
	(SELECT count(*) FROM incidents i
	 WHERE i.cell_code = c.code AND i.status IN (SELECT value FROM json_each(?)))
FROM cells c JOIN units u ON u.code = c.unit_code`

// linkSelect lists cell-worker links with their workers.
const linkSelect = `SELECT l.cell_code, w.id, w.name, w.phone
FROM cell_workers l JOIN grid_workers w ON w.id = l.worker_id`

// Cells implements data.Store.
func (s *Store) Cells(ctx context.Context) ([]data.Cell, error) {
	cells := []data.Cell{}
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, cellSelect+` ORDER BY c.code`, jsonList(data.OpenStatuses))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCell(rows)
			if err != nil {
				return err
			}
			cells = append(cells, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		workers, err := links(ctx, tx, linkSelect)
		if err != nil {
			return err
		}
		for i := range cells {
			cells[i].GridWorkers = contract.CellWorkers(workers, cells[i].Code)
		}
		return nil
	})
	if err != nil {
		return nil, translate("cells", err)
	}
	return cells, nil
}

// Cell implements data.Store.
func (s *Store) Cell(ctx context.Context, code string) (*data.Cell, error) {
	var c data.Cell
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCell(tx.QueryRowContext(ctx, cellSelect+` WHERE c.code = ?`, jsonList(data.OpenStatuses), code))
		if errors.Is(err, sql.ErrNoRows) {
			return contract.NotFound("cell", code)
		}
		if err != nil {
			return err
		}
		// Every link of the cell's workers, so that each lists all its cells.
		workers, err := links(ctx, tx, linkSelect+
			` WHERE l.worker_id IN (SELECT worker_id FROM cell_workers WHERE cell_code = ?)`, code)
		if err != nil {
			return err
		}
		c.GridWorkers = contract.CellWorkers(workers, code)
		return nil
	})
	if err != nil {
		return nil, translate("cell", err)
	}
	return &c, nil
}

func scanCell(row interface{ Scan(...any) error }) (data.Cell, error) {
	var c data.Cell
	err := row.Scan(&c.Code, &c.Name, &c.UnitCode, &c.UnitName, &c.Kind, &c.Population, &c.Households,
		&c.AreaM2, wkb.Scanner(&c.Geometry), &c.OpenIncidents)
	return c, err
}

func links(ctx context.Context, tx *sql.Tx, query string, args ...any) (map[string][]data.GridWorker, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ls []contract.WorkerLink
	for rows.Next() {
		var l contract.WorkerLink
		if err := rows.Scan(&l.CellCode, &l.ID, &l.Name, &l.Phone); err != nil {
			return nil, err
		}
		ls = append(ls, l)
	}
	return contract.WorkersByCell(ls), rows.Err()
}

// jsonList is a list of strings as one parameter, for json_each.
func jsonList(ss []string) string {
	b, _ := json.Marshal(ss) // a []string always marshals
	return string(b)
}
