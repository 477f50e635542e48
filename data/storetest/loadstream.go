package storetest

import (
	"iter"
	"slices"
	"testing"

	"gridmap/data"
)

// streamed is the fixture with its fourth household, its residents and
// its last four incidents moved into the data set's Stream.
func streamed() *data.Dataset {
	d := Fixture()
	home := d.Households[3]
	var rs, kept []data.Resident
	for _, r := range d.Residents {
		if r.HouseholdID == home.ID {
			rs = append(rs, r)
		} else {
			kept = append(kept, r)
		}
	}
	is := d.Incidents[3:]
	d.Households, d.Residents, d.Incidents = d.Households[:3], kept, d.Incidents[:3]
	d.Stream = &data.DatasetStream{
		Homes: func(yield func(data.Household, []data.Resident) bool) {
			yield(home, rs)
		},
		Incidents: slices.Values(is),
	}
	return d
}

// testLoadStream: a data set whose rows partly come in its Stream loads
// as the fixture does.
func testLoadStream(t *testing.T, s data.Store) {
	ctx := t.Context()
	ok(t, "Load(fixture, partly streamed)", s.Load(ctx, streamed()))
	is, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 7 {
		t.Errorf("Incidents() total = %d; want 7", total)
	}
	slices.SortFunc(is, func(a, b data.Incident) int { return int(a.ID - b.ID) })
	equal(t, "Incidents() after a streamed Load", is, wantIncidents())
	rs, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: CellB1})
	ok(t, "Residents(B1)", err)
	equal(t, "Residents(B1) after a streamed Load", rs, wantResidents(305))
	cells, err := s.Cells(ctx)
	ok(t, "Cells()", err)
	equal(t, "Cells() after a streamed Load", cells, wantCells())
}

// testLoadStreamInvalid: a bad streamed row is refused with EINVALID,
// naming it, and leaves the store empty.
func testLoadStreamInvalid(t *testing.T, s data.Store) {
	tests := []struct {
		name   string
		mutate func(d *data.Dataset)
		field  string
	}{
		{"household ID not ascending", func(d *data.Dataset) {
			d.Stream.Homes = mapHomes(d.Stream.Homes, func(h *data.Household, rs []data.Resident) {
				h.ID = 202
				for i := range rs {
					rs[i].HouseholdID = 202
				}
			})
		}, "stream.households[0].id"},
		{"household in unknown cell", func(d *data.Dataset) {
			d.Stream.Homes = mapHomes(d.Stream.Homes, func(h *data.Household, rs []data.Resident) { h.CellCode = "500110119001009" })
		}, "stream.households[0].cell"},
		{"resident in another cell than the household", func(d *data.Dataset) {
			d.Stream.Homes = mapHomes(d.Stream.Homes, func(h *data.Household, rs []data.Resident) { rs[0].CellCode = CellA1 })
		}, "stream.households[0].residents[0].cell"},
		{"incident ID not ascending", func(d *data.Dataset) { d.Stream.Incidents = mapIncidents(d.Stream.Incidents, 1, 2) }, "stream.incidents[1].id"},
		{"incident in unknown cell", func(d *data.Dataset) {
			d.Stream.Incidents = mapIncidents(d.Stream.Incidents, 2, 0, func(in *data.Incident) { in.CellCode = "500110119001009" })
		}, "stream.incidents[2].cell"},
		{"duplicate of a later incident", func(d *data.Dataset) {
			d.Stream.Incidents = mapIncidents(d.Stream.Incidents, 0, 0, func(in *data.Incident) {
				in.Status, in.DuplicateOf = data.StatusDuplicate, 7
			})
		}, "stream.incidents[0].duplicate_of"},
	}
	for _, tt := range tests {
		d := streamed()
		tt.mutate(d)
		wantField(t, "Load("+tt.name+")", s.Load(t.Context(), d), data.EINVALID, tt.field)
	}
	wantEmpty(t, s)
}

// mapHomes returns homes with f applied to each household and its
// residents.
func mapHomes(homes iter.Seq2[data.Household, []data.Resident], f func(*data.Household, []data.Resident)) iter.Seq2[data.Household, []data.Resident] {
	return func(yield func(data.Household, []data.Resident) bool) {
		for h, rs := range homes {
			rs = slices.Clone(rs)
			f(&h, rs)
			if !yield(h, rs) {
				return
			}
		}
	}
}

// mapIncidents returns is with the i-th incident's ID set to id (unless
// 0) and fs applied to it.
func mapIncidents(is iter.Seq[data.Incident], i int, id int64, fs ...func(*data.Incident)) iter.Seq[data.Incident] {
	return func(yield func(data.Incident) bool) {
		n := 0
		for in := range is {
			if n == i {
				if id != 0 {
					in.ID = id
				}
				for _, f := range fs {
					f(&in)
				}
			}
			n++
			if !yield(in) {
				return
			}
		}
	}
}
