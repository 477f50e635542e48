package sqlite

import (
	"context"
	"database/sql"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// Residents implements data.Store.
func (s *Store) Residents(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error) {
	if err := contract.CheckResidentFilter(f); err != nil {
		return nil, 0, err
	}
	rs := []data.Resident{}
	var total int
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM residents WHERE cell_code = ?`, f.CellCode).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation, lon, lat
			FROM residents WHERE cell_code = ? ORDER BY id LIMIT ? OFFSET ?`, f.CellCode, limit(f.Limit), f.Offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r data.Resident
			if err := rows.Scan(&r.ID, &r.HouseholdID, &r.CellCode, &r.Name, &r.Gender, &r.BirthDate,
				&r.IDNumber, &r.Phone, &r.Relation, &r.Location[0], &r.Location[1]); err != nil {
				return err
			}
			rs = append(rs, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, translate("residents", err)
	}
	return rs, total, nil
}

// limit is a filter's limit for SQLite, where -1 means none.
func limit(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
