package export

import (
	"context"
	"io"
	"strconv"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geofile"
	"gridmap/roster"
)

// residentColumns are the fields of the residents layer, keyed by the
// roster residents sheet's fields.
var residentColumns = []column{
	{key: "household_no", geo: "hh_no"},
	{key: "head_name", geo: "head_name"},
	{key: "name", geo: "name"},
	{key: "relation", geo: "relation"},
	{key: "id_number", geo: "id_number"},
	{key: "gender", geo: "gender"},
	{key: "birth_date", geo: "birth_date"},
	{key: "phone", geo: "phone"},
	{key: "address", geo: "address"},
	{key: "cell", geo: "cell"},
	{key: "approx", geo: "approx"},
	{key: "lon"},
	{key: "lat"},
}

// genderWords are how sheets write the stored genders.
var genderWords = map[string]string{"M": "男", "F": "女"}

// writeResidents writes every resident, a cell at a time (its households
// and residents), by cell code, then resident ID. A household without
// coordinates of its own (approximate) has empty 经度 and 纬度 in sheets.
func writeResidents(ctx context.Context, st Store, w io.Writer, format string) (int, error) {
	cells, err := st.Cells(ctx)
	if err != nil {
		return 0, err
	}
	var s sink
	if isSheet(format) {
		s, err = newRosterSink(w, format, roster.Residents)
	} else {
		s, err = newGeoSink(w, format, Residents, geofile.GeometryPoint, "name", residentColumns)
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cells {
		k, err := writeCellResidents(ctx, st, s, c.Code)
		if err != nil {
			s.abort()
			return 0, err
		}
		n += k
	}
	return n, s.close()
}

// writeCellResidents writes the residents of one cell.
func writeCellResidents(ctx context.Context, st Store, s sink, cell string) (int, error) {
	hs, _, err := st.Households(ctx, data.HouseholdFilter{CellCode: cell})
	if err != nil {
		return 0, err
	}
	rs, _, err := st.Residents(ctx, data.ResidentFilter{CellCode: cell})
	if err != nil {
		return 0, err
	}
	byID := make(map[int64]*data.Household, len(hs))
	for i := range hs {
		byID[hs[i].ID] = &hs[i]
	}
	heads := map[int64]string{}
	for _, r := range rs {
		if r.Relation == "户主" {
			heads[r.HouseholdID] = r.Name
		}
	}
	for _, r := range rs {
		h := byID[r.HouseholdID]
		if h == nil {
			h = &data.Household{ID: r.HouseholdID, Location: r.Location}
		}
		number := h.Number
		if number == "" {
			number = domain.ExportedNumber(h.ID)
		}
		row := map[string]string{
			"household_no": number, "head_name": heads[r.HouseholdID], "name": r.Name, "relation": r.Relation,
			"id_number": r.IDNumber, "gender": genderWords[r.Gender], "birth_date": r.BirthDate, "phone": r.Phone,
			"address": h.Address, "cell": cell, "approx": "0",
		}
		if h.Approximate {
			row["approx"] = "1"
		} else {
			row["lon"] = strconv.FormatFloat(r.Location[0], 'f', -1, 64)
			row["lat"] = strconv.FormatFloat(r.Location[1], 'f', -1, 64)
		}
		if err := s.write(row, r.Location); err != nil {
			return 0, err
		}
	}
	return len(rs), nil
}
