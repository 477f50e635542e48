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
		if err := b.all(before); err != nil {
			return err
		}
		if err := unique(ctx, tx, data.Errorf(data.ECONFLICT, "The store already holds a town."), `SELECT EXISTS (SELECT 1 FROM town)`); err != nil {
			return err
		}
		s.insertAreas(b, d)
		remake := s.dropIndexes(b, bulkTableNames)
		for _, t := range s.bulkTables(d, workers) {
			s.bulk(b, t)
		}
		if d.Stream != nil {
			s.loadStream(b, d)
		}
		b.all(remake)
		b.all(after)
		s.loadVersion(b, d.Cells, time.Now())
		b.exec(`UPDATE revision SET cells = 1, incidents = 1`)
		if b.err != nil {
			return b.err
		}
		return s.fillPages(ctx, tx)
	})
}

// bulkTableNames are the tables Load fills in bulk.
var bulkTableNames = []string{"grid_workers", "cell_workers", "households", "residents", "mediators",
	"incidents", "incident_mediators", "incident_events"}

// dropIndexes drops the indexes of tables that may be made again and
// returns the statements that make them: a load into empty tables builds
// each index once, from sorted keys, instead of keeping it up a row at a
// time (about a third of the time of a million incidents on SQLite).
func (s *Store) dropIndexes(b *batch, tables []string) []string {
	var names, remake []string
	if b.err == nil {
		b.err = each(b.ctx, b.tx, s.d.Indexes(), func(row scanner) error {
			var name, def string
			err := row.Scan(&name, &def)
			names, remake = append(names, name), append(remake, def)
			return err
		}, s.d.List(tables))
	}
	for _, name := range names {
		b.exec(`DROP INDEX ` + name)
	}
	return remake
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

// rowsOf is the bulk table of the rows row makes of vs.
func rowsOf[T any](table string, cols []string, vs []T, row func(v *T) []any) bulkTable {
	return bulkTable{table, cols, len(vs), func(i int) ([]any, error) { return row(&vs[i]), nil }}
}

// bulkTables are the workers, households, residents, mediators,
// incidents, the incidents' mediators and their timelines, in an order
// that their foreign keys allow (a duplicate may name an incident that
// comes after it: see LoadStatements).
func (s *Store) bulkTables(d *data.Dataset, workers []data.GridWorker) []bulkTable {
	incidents := make([]data.Incident, len(d.Incidents))
	for i, in := range d.Incidents {
		incidents[i] = domain.LoadedIncident(in)
	}
	return append([]bulkTable{workerTable(workers), linkTable(workers), s.householdTable(d.Households), s.residentTable(d.Residents),
		mediatorTable(d.Mediators)}, s.loadedTables(incidents)...)
}

// workerTable, linkTable (the workers' cells) and mediatorTable are the
// bulk tables that Load and ImportStaff share.
func workerTable(ws []data.GridWorker) bulkTable {
	return rowsOf("grid_workers", []string{"id", "name", "phone"}, ws, func(w *data.GridWorker) []any { return []any{w.ID, w.Name, w.Phone} })
}

func linkTable(ws []data.GridWorker) bulkTable {
	var links [][]any
	for _, w := range ws {
		for _, c := range w.Cells {
			links = append(links, []any{c, w.ID})
		}
	}
	return rowsOf("cell_workers", []string{"cell_code", "worker_id"}, links, func(row *[]any) []any { return *row })
}

func mediatorTable(ms []data.Mediator) bulkTable {
	return rowsOf("mediators", []string{"id", "name", "role", "category", "unit_code", "phone"}, ms, func(m *data.Mediator) []any {
		return []any{m.ID, m.Name, m.Role, m.Category, nullString(m.UnitCode), m.Phone} // NULL unit: the town centre
	})
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
		rowsOf("incident_mediators", []string{"incident_id", "mediator_id"}, assigned, func(row *[]any) []any { return *row }),
		s.eventTable(domain.LoadEvents(incidents)),
	}
}

// householdTable, residentTable, incidentTable (of incidents as
// domain.LoadedIncident returns them) and eventTable are the bulk tables
// that Load and the imports share.
func (s *Store) householdTable(hs []data.Household) bulkTable {
	return rowsOf("households", append([]string{"id", "cell_code", "address", "number", "approximate"}, s.d.PointColumns()...), hs,
		func(h *data.Household) []any {
			return append([]any{h.ID, h.CellCode, h.Address, h.Number, h.Approximate}, s.d.PointValues(h.Location)...)
		})
}

func (s *Store) residentTable(rs []data.Resident) bulkTable {
	cols := []string{"id", "household_id", "cell_code", "name", "gender", "birth_date", "id_number", "phone", "relation"}
	return rowsOf("residents", append(cols, s.d.PointColumns()...), rs, func(r *data.Resident) []any {
		return append([]any{r.ID, r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.IDNumber, r.Phone, r.Relation},
			s.d.PointValues(r.Location)...)
	})
}

func (s *Store) incidentTable(incidents []data.Incident) bulkTable {
	cols := append(append([]string{"id"}, s.d.PointColumns()...), incidentColumns...)
	return rowsOf("incidents", cols, incidents, func(in *data.Incident) []any {
		row := append(make([]any, 0, len(cols)), in.ID)
		return s.incidentValues(append(row, s.d.PointValues(in.Location)...), in)
	})
}

func (s *Store) eventTable(events []data.IncidentEvent) bulkTable {
	cols := []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}
	return rowsOf("incident_events", cols, events, func(e *data.IncidentEvent) []any {
		return []any{e.IncidentID, s.time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
	})
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
