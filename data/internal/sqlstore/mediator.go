package sqlstore

import (
	"cmp"
	"context"

	"gridmap/data"
)

// Mediators implements data.Store.
func (s *Store) Mediators(ctx context.Context, f data.MediatorFilter) ([]data.Mediator, error) {
	return read(ctx, s, "mediators", func(tx conn) ([]data.Mediator, error) {
		if err := cmp.Or(mustExist(ctx, tx, "cell", f.CellCode), mustExist(ctx, tx, "unit", f.UnitCode)); err != nil {
			return nil, err
		}
		// An empty code does not filter.
		rows, err := tx.query(ctx, mediatorSelect+`
			WHERE (?1 = '' OR unit_code = (SELECT unit_code FROM cells WHERE code = ?1))
			  AND (?2 = '' OR unit_code = ?2)
			ORDER BY id`, f.CellCode, f.UnitCode)
		return collectFields(rows, err, mediatorFields)
	})
}

// mediatorSelect reads mediators into mediatorFields.
const mediatorSelect = `SELECT id, name, role, category, coalesce(unit_code, ''), phone FROM mediators`

func mediatorFields(m *data.Mediator) []any {
	return []any{&m.ID, &m.Name, &m.Role, &m.Category, &m.UnitCode, &m.Phone}
}
