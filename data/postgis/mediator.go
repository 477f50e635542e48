package postgis

import (
	"context"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
)

// Mediators implements data.Store.
func (s *Store) Mediators(ctx context.Context, f data.MediatorFilter) ([]data.Mediator, error) {
	ms := []data.Mediator{}
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := mustExist(ctx, tx, "unit", f.UnitCode); err != nil {
			return err
		}
		// An empty code does not filter.
		rows, err := tx.Query(ctx, `SELECT id, name, role, category, coalesce(unit_code, ''), phone FROM mediators
			WHERE ($1 = '' OR unit_code = (SELECT unit_code FROM cells WHERE code = $1))
			  AND ($2 = '' OR unit_code = $2)
			ORDER BY id`, f.CellCode, f.UnitCode)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m data.Mediator
			if err := rows.Scan(&m.ID, &m.Name, &m.Role, &m.Category, &m.UnitCode, &m.Phone); err != nil {
				rows.Close()
				return err
			}
			ms = append(ms, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("mediators", err)
	}
	return ms, nil
}
