package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// Load implements data.Store: one immediate transaction with a prepared
// statement per table.
func (s *Store) Load(ctx context.Context, d *data.Dataset) error {
	if err := contract.CheckDataset(d); err != nil {
		return err
	}
	workers, err := contract.Workers(d.Cells)
	if err != nil {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil) // BEGIN IMMEDIATE: loads queue here
	if err != nil {
		return translate("load", err)
	}
	defer tx.Rollback()
	var towns int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM town`).Scan(&towns); err != nil {
		return translate("load", err)
	}
	if towns > 0 {
		return contract.Loaded()
	}
	t := d.Town
	geom, err := geomBlob(t.Geometry)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO town (singleton, code, name, county, province, note, geom)
		VALUES (1, ?, ?, ?, ?, ?, ?)`, t.Code, t.Name, t.County, t.Province, t.Note, geom); err != nil {
		return translate("load town", err)
	}
	var links, assigned [][2]any
	for _, w := range workers {
		for _, c := range w.Cells {
			links = append(links, [2]any{c, w.ID})
		}
	}
	incidents := make([]data.Incident, len(d.Incidents))
	for i, in := range d.Incidents {
		incidents[i] = contract.LoadedIncident(in)
		for _, m := range in.Mediators {
			assigned = append(assigned, [2]any{in.ID, m})
		}
	}
	events := contract.LoadEvents(incidents)
	// A duplicate may name an incident of a later batch; its foreign key
	// holds at COMMIT (CheckDataset has made sure it will).
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return translate("load", err)
	}
	steps := []struct {
		table string
		cols  []string
		n     int
		row   func(i int) ([]any, error)
	}{
		{"units", []string{"code", "name", "kind", "town_code", "geom"}, len(d.Units), func(i int) ([]any, error) {
			u := d.Units[i]
			g, err := geomBlob(u.Geometry)
			return []any{u.Code, u.Name, u.Kind, u.TownCode, g}, err
		}},
		{"cells", []string{"code", "name", "unit_code", "kind", "population", "households", "area_m2", "geom", "minx", "miny", "maxx", "maxy"},
			len(d.Cells), func(i int) ([]any, error) {
				c := d.Cells[i]
				g, err := polygonValues(c.Geometry)
				return []any{c.Code, c.Name, c.UnitCode, c.Kind, c.Population, c.Households, c.AreaM2,
					g.wkb, g.minx, g.miny, g.maxx, g.maxy}, err
			}},
		{"grid_workers", []string{"id", "name", "phone"}, len(workers), func(i int) ([]any, error) {
			w := workers[i]
			return []any{w.ID, w.Name, w.Phone}, nil
		}},
		{"cell_workers", []string{"cell_code", "worker_id"}, len(links), func(i int) ([]any, error) {
			return links[i][:], nil
		}},
		{"households", []string{"id", "cell_code", "address", "lon", "lat"}, len(d.Households), func(i int) ([]any, error) {
			h := d.Households[i]
			return []any{h.ID, h.CellCode, h.Address, h.Location.Lon(), h.Location.Lat()}, nil
		}},
		{"residents", []string{"id", "household_id", "cell_code", "name", "gender", "birth_date", "id_number", "phone", "relation", "lon", "lat"},
			len(d.Residents), func(i int) ([]any, error) {
				r := d.Residents[i]
				return []any{r.ID, r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.IDNumber, r.Phone, r.Relation,
					r.Location.Lon(), r.Location.Lat()}, nil
			}},
		{"mediators", []string{"id", "name", "role", "category", "unit_code", "phone"}, len(d.Mediators), func(i int) ([]any, error) {
			m := d.Mediators[i]
			return []any{m.ID, m.Name, m.Role, m.Category, sql.NullString{String: m.UnitCode, Valid: m.UnitCode != ""}, m.Phone}, nil
		}},
		{"incidents", []string{"id", "kind", "type", "source", "status", "summary", "description", "parties", "cell_code",
			"lon", "lat", "reported_at", "updated_at", "resolved_at", "priority", "reporter_id", "version", "stage_since",
			"escalation", "duplicate_of", "near_cell", "near_distance_m"}, len(incidents), incidentRow(incidents)},
		{"incident_mediators", []string{"incident_id", "mediator_id"}, len(assigned), func(i int) ([]any, error) {
			return assigned[i][:], nil
		}},
		{"incident_events", eventCols, len(events), func(i int) ([]any, error) {
			return eventRow(events[i]), nil
		}},
	}
	for _, st := range steps {
		if err := insertAll(ctx, tx, st.table, st.cols, st.n, st.row); err != nil {
			return translate("load "+st.table, err)
		}
	}
	if err := s.LoadVersion(ctx, tx, d.Cells, time.Now()); err != nil {
		return translate("load boundary version", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE revision SET cells = 1, incidents = 1`); err != nil {
		return translate("load", err)
	}
	return translate("load", tx.Commit())
}

func incidentRow(is []data.Incident) func(i int) ([]any, error) {
	return func(i int) ([]any, error) {
		in := is[i]
		parties, err := json.Marshal(contract.Parties(in.Parties))
		if err != nil {
			return nil, err
		}
		var resolved sql.NullString
		if in.ResolvedAt != nil {
			resolved = sql.NullString{String: formatTime(*in.ResolvedAt), Valid: true}
		}
		return []any{in.ID, in.Kind, in.Type, in.Source, in.Status, in.Summary, in.Description, string(parties),
			in.CellCode, in.Location.Lon(), in.Location.Lat(), formatTime(in.ReportedAt), formatTime(in.UpdatedAt), resolved,
			in.Priority, in.ReporterID, in.Version, formatTime(in.StageSince), in.Escalation, nullID(in.DuplicateOf),
			nullString(in.NearCell), in.NearDistanceM}, nil
	}
}

// batchRows is how many rows one INSERT statement carries: enough to
// spread the per-statement cost, few enough to stay far below SQLite's limit
// of 32766 parameters.
const batchRows = 256

// insertAll inserts rows 0..n-1 into table, batchRows rows per statement.
// The table and column names come from Load's constants, never from input.
func insertAll(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var full *sql.Stmt
	args := make([]any, 0, batchRows*len(cols))
	for start := 0; start < n; start += batchRows {
		k := min(batchRows, n-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			r, err := row(i)
			if err != nil {
				return err
			}
			args = append(args, r...)
		}
		query := prefix + strings.TrimSuffix(strings.Repeat(tuple+", ", k), ", ")
		if k < batchRows { // the last, short batch
			if _, err := tx.ExecContext(ctx, query, args...); err != nil {
				return err
			}
			continue
		}
		if full == nil {
			var err error
			if full, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			defer full.Close()
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// eventCols are the columns of incident_events that eventRow fills.
var eventCols = []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}

func eventRow(e data.IncidentEvent) []any {
	return []any{e.IncidentID, formatTime(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
}
