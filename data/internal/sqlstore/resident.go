package sqlstore

import (
	"context"

	"gridmap/data"
)

// Residents implements data.Store.
func (s *Store) Residents(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error) {
	if err := data.CheckResidentFilter(f); err != nil {
		return nil, 0, err
	}
	var rs []data.Resident
	var total int
	err := s.snapshot(ctx, func(tx conn) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := tx.row(ctx, `SELECT count(*) FROM residents WHERE cell_code = ?`, f.CellCode).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation, `+
			s.d.Point("")+` FROM residents WHERE cell_code = ? ORDER BY id LIMIT ? OFFSET ?`, f.CellCode, s.limit(f.Limit), f.Offset)
		rs, err = collectFields(rows, err, func(r *data.Resident) []any {
			return []any{&r.ID, &r.HouseholdID, &r.CellCode, &r.Name, &r.Gender, &r.BirthDate,
				&r.IDNumber, &r.Phone, &r.Relation, &r.Location[0], &r.Location[1]}
		})
		return err
	})
	if err != nil {
		return nil, 0, s.translate("residents", err)
	}
	return rs, total, nil
}
