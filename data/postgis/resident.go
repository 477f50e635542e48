package postgis

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"

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
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM residents WHERE cell_code = $1`, f.CellCode).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation,
			ST_AsBinary(geom) FROM residents WHERE cell_code = $1 ORDER BY id LIMIT $2 OFFSET $3`,
			f.CellCode, limit(f.Limit), f.Offset)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r data.Resident
			if err := rows.Scan(&r.ID, &r.HouseholdID, &r.CellCode, &r.Name, &r.Gender, &r.BirthDate,
				&r.IDNumber, &r.Phone, &r.Relation, wkb.Scanner(&r.Location)); err != nil {
				rows.Close()
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

// limit is a filter's limit for PostgreSQL, where NULL means none.
func limit(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
