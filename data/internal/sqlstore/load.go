package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// Load implements data.Store: one transaction, with the dialect's
// LoadStatements around it. The town, units and cells are inserted a row a
// statement; the bulk tables go through the dialect's Bulk.
func (s *Store) Load(ctx context.Context, d *data.Dataset) error {
	if err := domain.CheckDataset(d); err != nil {
		return err
	}
	workers, err := domain.GridWorkersOf(d.Cells)
	if err != nil {
		return err
	}
	return s.commit(ctx, "load", func(tx conn) error {
		b := &batch{ctx: ctx, tx: tx}
		before, after := s.d.LoadStatements()
		for _, q := range before {
			b.exec(q)
		}
		if b.err != nil {
			return b.err
		}
		if err := unique(ctx, tx, data.Errorf(data.ECONFLICT, "The store already holds a town."), `SELECT EXISTS (SELECT 1 FROM town)`); err != nil {
			return err
		}
		s.insertAreas(b, d)
		for _, t := range s.bulkTables(d, workers) {
			s.bulk(b, t)
		}
		if d.Stream != nil {
			s.loadStream(b, d)
		}
		for _, q := range after {
			b.exec(q)
		}
		s.loadVersion(b, d.Cells, time.Now())
		b.exec(`UPDATE revision SET cells = 1, incidents = 1`)
		if b.err != nil {
			return b.err
		}
		return s.fillPages(ctx, tx)
	})
}

// insertAreas inserts the town, its units and cells: few rows, with
// polygons.
func (s *Store) insertAreas(b *batch, d *data.Dataset) {
	t := d.Town
	s.insertShape(b, "town", []string{"code", "name", "county", "province", "note"},
		[]any{t.Code, t.Name, t.County, t.Province, t.Note}, t.Geometry, false)
	for _, u := range d.Units {
		s.insertShape(b, "units", []string{"code", "name", "kind", "town_code"}, []any{u.Code, u.Name, u.Kind, u.TownCode}, u.Geometry, false)
	}
	for _, c := range d.Cells {
		s.insertShape(b, "cells", []string{"code", "name", "unit_code", "kind", "population", "households", "area_m2"},
			[]any{c.Code, c.Name, c.UnitCode, c.Kind, c.Population, c.Households, c.AreaM2}, c.Geometry, true)
	}
}

// bulkTable is one table of Load's bulk step.
type bulkTable struct {
	table string
	cols  []string
	n     int
	row   func(i int) ([]any, error)
}

// bulkTables are the workers, households, residents, mediators,
// incidents, the incidents' mediators and their timelines, in an order
// that their foreign keys allow (a duplicate may name an incident that
// comes after it: see LoadStatements).
func (s *Store) bulkTables(d *data.Dataset, workers []data.GridWorker) []bulkTable {
	var links [][]any
	for _, w := range workers {
		for _, c := range w.Cells {
			links = append(links, []any{c, w.ID})
		}
	}
	incidents := make([]data.Incident, len(d.Incidents))
	for i, in := range d.Incidents {
		incidents[i] = domain.LoadedIncident(in)
	}
	return append([]bulkTable{
		{"grid_workers", []string{"id", "name", "phone"}, len(workers), func(i int) ([]any, error) {
			return []any{workers[i].ID, workers[i].Name, workers[i].Phone}, nil
		}},
		{"cell_workers", []string{"cell_code", "worker_id"}, len(links), func(i int) ([]any, error) { return links[i], nil }},
		s.householdTable(d.Households),
		s.residentTable(d.Residents),
		{"mediators", []string{"id", "name", "role", "category", "unit_code", "phone"}, len(d.Mediators), func(i int) ([]any, error) {
			m := d.Mediators[i]
			return []any{m.ID, m.Name, m.Role, m.Category, nullString(m.UnitCode), m.Phone}, nil // NULL unit: the town centre
		}},
	}, s.loadedTables(incidents)...)
}

// loadedTables are the bulk tables of loaded incidents (as
// domain.LoadedIncident returns them): the incidents, their mediators and
// their timelines.
func (s *Store) loadedTables(incidents []data.Incident) []bulkTable {
	var assigned [][]any
	for _, in := range incidents {
		for _, m := range in.Mediators {
			assigned = append(assigned, []any{in.ID, m})
		}
	}
	return []bulkTable{
		s.incidentTable(incidents),
		{"incident_mediators", []string{"incident_id", "mediator_id"}, len(assigned), func(i int) ([]any, error) { return assigned[i], nil }},
		s.eventTable(domain.LoadEvents(incidents)),
	}
}

// householdTable, residentTable, incidentTable (of incidents as
// domain.LoadedIncident returns them) and eventTable are the bulk tables
// that Load and the imports share.
func (s *Store) householdTable(hs []data.Household) bulkTable {
	return bulkTable{"households", append([]string{"id", "cell_code", "address", "number", "approximate"}, s.d.PointColumns()...),
		len(hs), func(i int) ([]any, error) {
			h := hs[i]
			return append([]any{h.ID, h.CellCode, h.Address, h.Number, h.Approximate}, s.d.PointValues(h.Location)...), nil
		}}
}

func (s *Store) residentTable(rs []data.Resident) bulkTable {
	return bulkTable{"residents", append([]string{"id", "household_id", "cell_code", "name", "gender", "birth_date", "id_number", "phone", "relation"},
		s.d.PointColumns()...), len(rs), func(i int) ([]any, error) {
		r := rs[i]
		return append([]any{r.ID, r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.IDNumber, r.Phone, r.Relation},
			s.d.PointValues(r.Location)...), nil
	}}
}

func (s *Store) incidentTable(incidents []data.Incident) bulkTable {
	cols := append(append([]string{"id"}, s.d.PointColumns()...), incidentColumns...)
	return bulkTable{"incidents", cols, len(incidents), func(i int) ([]any, error) {
		row := append(make([]any, 0, len(cols)), incidents[i].ID)
		return s.incidentValues(append(row, s.d.PointValues(incidents[i].Location)...), &incidents[i]), nil
	}}
}

func (s *Store) eventTable(events []data.IncidentEvent) bulkTable {
	return bulkTable{"incident_events", []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"},
		len(events), func(i int) ([]any, error) {
			e := events[i]
			return []any{e.IncidentID, s.time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}, nil
		}}
}

// bulk inserts a bulk table in tx, unless b failed before.
func (s *Store) bulk(b *batch, t bulkTable) {
	if b.err == nil && t.n > 0 {
		b.err = s.d.Bulk(b.ctx, b.tx.q.(Tx), t.table, t.cols, t.n, t.row)
	}
}

// Revision implements data.Store.
func (s *Store) Revision(ctx context.Context) (data.Revision, error) {
	var r data.Revision
	err := s.reader().row(ctx, `SELECT cells, incidents FROM revision`).Scan(&r.Cells, &r.Incidents)
	return r, s.d.Translate("revision", err)
}
