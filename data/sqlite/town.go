package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// Town implements data.Store.
func (s *Store) Town(ctx context.Context) (*data.Town, error) {
	var t data.Town
	err := s.read.QueryRowContext(ctx, `SELECT code, name, county, province, note, geom FROM town`).
		Scan(&t.Code, &t.Name, &t.County, &t.Province, &t.Note, wkb.Scanner(&t.Geometry))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.NoTown()
	}
	if err != nil {
		return nil, translate("town", err)
	}
	return &t, nil
}

// unitSelect derives each unit's cell count, population and households
// from its cells.
const unitSelect = `SELECT u.code, u.name, u.kind, u.town_code, u.geom,
	count(c.code), coalesce(sum(c.population), 0), coalesce(sum(c.households), 0)
FROM units u LEFT JOIN cells c ON c.unit_code = u.code`

// Units implements data.Store.
func (s *Store) Units(ctx context.Context) ([]data.Unit, error) {
	rows, err := s.read.QueryContext(ctx, unitSelect+` GROUP BY u.code ORDER BY u.code`)
	if err != nil {
		return nil, translate("units", err)
	}
	defer rows.Close()
	units := []data.Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, translate("units", err)
		}
		units = append(units, u)
	}
	return units, translate("units", rows.Err())
}

// Unit implements data.Store.
func (s *Store) Unit(ctx context.Context, code string) (*data.Unit, error) {
	u, err := scanUnit(s.read.QueryRowContext(ctx, unitSelect+` WHERE u.code = ? GROUP BY u.code`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.NotFound("unit", code)
	}
	if err != nil {
		return nil, translate("unit", err)
	}
	return &u, nil
}

func scanUnit(row interface{ Scan(...any) error }) (data.Unit, error) {
	var u data.Unit
	err := row.Scan(&u.Code, &u.Name, &u.Kind, &u.TownCode, wkb.Scanner(&u.Geometry),
		&u.Cells, &u.Population, &u.Households)
	return u, err
}
