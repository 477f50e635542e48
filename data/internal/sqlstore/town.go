package sqlstore

import (
	"context"

	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
)

// Town implements data.Store.
func (s *Store) Town(ctx context.Context) (*data.Town, error) {
	var t data.Town
	err := s.reader().row(ctx, `SELECT code, name, county, province, note, `+s.d.Geometry("")+` FROM town`).
		Scan(&t.Code, &t.Name, &t.County, &t.Province, &t.Note, wkb.Scanner(&t.Geometry))
	return found(s, "town", t, err, func() error { return data.Errorf(data.ENOTFOUND, "No town has been loaded yet.") })
}

// unitSelect derives each unit's cell count, population and households
// from its cells.
func (s *Store) unitSelect() string {
	return `SELECT u.code, u.name, u.kind, u.town_code, ` + s.d.Geometry("u") + `,
	count(c.code), coalesce(sum(c.population), 0), coalesce(sum(c.households), 0)
FROM units u LEFT JOIN cells c ON c.unit_code = u.code`
}

// Units implements data.Store.
func (s *Store) Units(ctx context.Context) ([]data.Unit, error) {
	return list(ctx, s, "units", unitFields, s.unitSelect()+` GROUP BY u.code ORDER BY u.code`)
}

// Unit implements data.Store.
func (s *Store) Unit(ctx context.Context, code string) (*data.Unit, error) {
	u, err := scanFields(s.reader().row(ctx, s.unitSelect()+` WHERE u.code = ? GROUP BY u.code`, code), unitFields)
	return found(s, "unit", u, err, func() error { return notFound("unit", code) })
}

func unitFields(u *data.Unit) []any {
	return []any{&u.Code, &u.Name, &u.Kind, &u.TownCode, wkb.Scanner(&u.Geometry), &u.Cells, &u.Population, &u.Households}
}
