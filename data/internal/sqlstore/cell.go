package sqlstore

import (
	"context"

	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/domain"
)

// cellSelect derives each cell's unit name and open incidents; its first
// parameter is the open statuses (a List).
func (s *Store) cellSelect() string {
	return `SELECT c.code, c.name, c.unit_code, u.name, c.kind, c.population, c.households, c.area_m2, ` + s.d.Geometry("c") + `,
	` + s.openCount() + `
FROM cells c JOIN units u ON u.code = c.unit_code`
}

// openCount counts the open incidents of the cell c (through the index on
// cell and status); its parameter is the open statuses (a List).
func (s *Store) openCount() string {
	return `(SELECT count(*) FROM incidents i
	 WHERE i.cell_code = c.code AND i.status IN ` + s.elements("text") + `)`
}

// OpenIncidentsByCell implements data.Store. It reads the open incidents
// alone (from the index on status and cell, incidents_open), however many
// closed ones there are and however many cells.
func (s *Store) OpenIncidentsByCell(ctx context.Context) (map[string]int, error) {
	return read(ctx, s, "cells", func(tx conn) (map[string]int, error) {
		open := make(map[string]int)
		err := each(ctx, tx, `SELECT i.cell_code, count(*) FROM incidents i
WHERE i.status IN `+s.elements("text")+`
GROUP BY i.cell_code`, addPair(open), s.d.List(data.OpenStatuses))
		return open, err
	})
}

// linkSelect lists cell-worker links with their workers.
const linkSelect = `SELECT l.cell_code, w.id, w.name, w.phone
FROM cell_workers l JOIN grid_workers w ON w.id = l.worker_id`

// Cells implements data.Store.
func (s *Store) Cells(ctx context.Context) ([]data.Cell, error) {
	return read(ctx, s, "cells", func(tx conn) ([]data.Cell, error) {
		rows, err := tx.query(ctx, s.cellSelect()+` ORDER BY c.code`, s.d.List(data.OpenStatuses))
		cells, err := collectFields(rows, err, cellFields)
		if err != nil {
			return nil, err
		}
		workers, err := links(ctx, tx, linkSelect)
		for i := range cells {
			cells[i].GridWorkers = domain.EmptyIfNil(workers[cells[i].Code])
		}
		return cells, err
	})
}

// Cell implements data.Store.
func (s *Store) Cell(ctx context.Context, code string) (*data.Cell, error) {
	return read(ctx, s, "cell", func(tx conn) (*data.Cell, error) {
		c, err := scanFields(tx.row(ctx, s.cellSelect()+` WHERE c.code = ?`, s.d.List(data.OpenStatuses), code), cellFields)
		cell, err := found(s, "cell", c, err, func() error { return notFound("cell", code) })
		if err != nil {
			return nil, err
		}
		// Every link of the cell's workers, so that each lists all its cells.
		workers, err := links(ctx, tx, linkSelect+
			` WHERE l.worker_id IN (SELECT worker_id FROM cell_workers WHERE cell_code = ?)`, code)
		cell.GridWorkers = domain.EmptyIfNil(workers[code])
		return cell, err
	})
}

func cellFields(c *data.Cell) []any {
	return []any{&c.Code, &c.Name, &c.UnitCode, &c.UnitName, &c.Kind, &c.Population, &c.Households,
		&c.AreaM2, wkb.Scanner(&c.Geometry), &c.OpenIncidents}
}

// links reads cell-worker links (a query on linkSelect) into each cell's
// grid workers (domain.WorkersByCell).
func links(ctx context.Context, tx conn, query string, args ...any) (map[string][]data.GridWorker, error) {
	var links []data.GridWorker
	err := each(ctx, tx, query, func(row scanner) error {
		l := data.GridWorker{Cells: make([]string, 1)}
		err := row.Scan(&l.Cells[0], &l.ID, &l.Name, &l.Phone)
		links = append(links, l)
		return err
	}, args...)
	return domain.WorkersByCell(links), err
}
