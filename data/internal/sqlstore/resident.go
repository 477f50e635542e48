package sqlstore

import (
	"context"

	"gridmap/data"
	"gridmap/domain"
)

// Residents implements data.Store.
func (s *Store) Residents(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error) {
	if err := domain.CheckResidentFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	w.add(`cell_code = ?`, f.CellCode)
	return page(ctx, s, "residents", func(tx conn) error { return mustExist(ctx, tx, "cell", f.CellCode) }, "residents",
		`SELECT `+s.residentCols()+` FROM residents`, w, ` ORDER BY id`, f.Limit, f.Offset,
		func(rows Rows, err error) ([]data.Resident, error) { return collectFields(rows, err, residentFields) })
}
