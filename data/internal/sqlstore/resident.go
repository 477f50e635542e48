package sqlstore

import (
	"context"
	"strings"

	"gridmap/data"
	"gridmap/domain"
)

// Households implements data.PeopleStore.
func (s *Store) Households(ctx context.Context, f data.HouseholdFilter) ([]data.Household, int, error) {
	if err := domain.CheckHouseholdFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	when(&w, `cell_code = ?`, f.CellCode)
	when(&w, `number = ?`, f.Number)
	return page(ctx, s, "households", func(tx conn) error { return mustExist(ctx, tx, "cell", f.CellCode) }, "households",
		`SELECT `+s.householdCols()+` FROM households`, w, ` ORDER BY id`, f.Limit, f.Offset, householdFields)
}

// householdCols are a household's columns and householdFields where they
// are scanned, in one order; residentCols and residentFields the same for
// a resident.
func (s *Store) householdCols() string {
	return `id, cell_code, address, ` + s.d.Point("") + `, number, approximate`
}

func householdFields(h *data.Household) []any {
	return []any{&h.ID, &h.CellCode, &h.Address, &h.Location[0], &h.Location[1], &h.Number, &h.Approximate}
}

func (s *Store) residentCols() string {
	return `id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation, ` + s.d.Point("")
}

func residentFields(r *data.Resident) []any {
	return []any{&r.ID, &r.HouseholdID, &r.CellCode, &r.Name, &r.Gender, &r.BirthDate, &r.IDNumber, &r.Phone, &r.Relation,
		&r.Location[0], &r.Location[1]}
}

// Residents implements data.Store.
func (s *Store) Residents(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error) {
	if err := domain.CheckResidentFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	when(&w, `cell_code = ?`, f.CellCode)
	s.scope(&w, f.Cells, f.Units)
	if f.Name != "" {
		// Each database folds both sides with its own lower(): ASCII alike in
		// both (SQLite's folds nothing else), and CJK, which has no case, is
		// compared character by character in both.
		w.add(`lower(name) LIKE lower(?) ESCAPE '\'`, likeContains(f.Name))
	}
	return page(ctx, s, "residents", func(tx conn) error { return mustExist(ctx, tx, "cell", f.CellCode) }, "residents",
		`SELECT `+s.residentCols()+` FROM residents`, w, ` ORDER BY id`, f.Limit, f.Offset, residentFields)
}

// likeContains is a LIKE pattern (with ESCAPE '\') for the strings that
// contain s: its \, % and _ stand for themselves.
func likeContains(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
