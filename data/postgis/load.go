package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// srid is EPSG:4326, the SRID of every geometry column.
const srid = 4326

// Load implements data.Store: one transaction, with the town table locked
// so that concurrent loads queue and all but the first get ECONFLICT. The
// small tables are inserted with ST_GeomFromWKB; the bulk ones are copied
// with COPY, their points sent as EWKB, PostGIS's binary input format.
func (s *Store) Load(ctx context.Context, d *data.Dataset) error {
	if err := contract.CheckDataset(d); err != nil {
		return err
	}
	workers, err := contract.Workers(d.Cells)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return translate("load", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE town IN EXCLUSIVE MODE`); err != nil {
		return translate("load", err)
	}
	var loaded bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM town)`).Scan(&loaded); err != nil {
		return translate("load", err)
	}
	if loaded {
		return contract.Loaded()
	}
	if err := insertAreas(ctx, tx, d); err != nil {
		return translate("load", err)
	}
	if err := copyAll(ctx, tx, d, workers); err != nil {
		return translate("load", err)
	}
	// New incidents take IDs after the loaded ones.
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('incidents', 'id'), coalesce(max(id), 0) + 1, false)
		FROM incidents`); err != nil {
		return translate("load", err)
	}
	if err := loadVersion(ctx, tx, d.Cells, time.Now()); err != nil {
		return translate("load boundary version", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE revision SET cells = 1, incidents = 1`); err != nil {
		return translate("load", err)
	}
	return translate("load", tx.Commit(ctx))
}

// insertAreas inserts the town, its units and cells: few rows, with
// polygons.
func insertAreas(ctx context.Context, tx pgx.Tx, d *data.Dataset) error {
	t := d.Town
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO town (code, name, county, province, note, geom)
		VALUES ($1, $2, $3, $4, $5, ST_GeomFromWKB($6, 4326))`, t.Code, t.Name, t.County, t.Province, t.Note, polygonWKB(t.Geometry))
	for _, u := range d.Units {
		b.Queue(`INSERT INTO units (code, name, kind, town_code, geom) VALUES ($1, $2, $3, $4, ST_GeomFromWKB($5, 4326))`,
			u.Code, u.Name, u.Kind, u.TownCode, polygonWKB(u.Geometry))
	}
	for _, c := range d.Cells {
		b.Queue(`INSERT INTO cells (code, name, unit_code, kind, population, households, area_m2, geom)
			VALUES ($1, $2, $3, $4, $5, $6, $7, ST_GeomFromWKB($8, 4326))`,
			c.Code, c.Name, c.UnitCode, c.Kind, c.Population, c.Households, c.AreaM2, polygonWKB(c.Geometry))
	}
	return tx.SendBatch(ctx, b).Close()
}

// copyAll copies the workers, households, residents, mediators,
// incidents, the incidents' mediators and their timelines. A duplicate may
// name an incident copied after it: foreign keys are checked at the end of
// each COPY.
func copyAll(ctx context.Context, tx pgx.Tx, d *data.Dataset, workers []data.GridWorker) error {
	var links, assigned [][]any
	for _, w := range workers {
		for _, c := range w.Cells {
			links = append(links, []any{c, w.ID})
		}
	}
	incidents := make([]data.Incident, len(d.Incidents))
	for i, in := range d.Incidents {
		incidents[i] = contract.LoadedIncident(in)
		for _, m := range in.Mediators {
			assigned = append(assigned, []any{in.ID, m})
		}
	}
	events := contract.LoadEvents(incidents)
	tables := []struct {
		table string
		cols  []string
		n     int
		row   func(i int) []any
	}{
		{"grid_workers", []string{"id", "name", "phone"}, len(workers), func(i int) []any {
			return []any{workers[i].ID, workers[i].Name, workers[i].Phone}
		}},
		{"cell_workers", []string{"cell_code", "worker_id"}, len(links), func(i int) []any { return links[i] }},
		{"households", []string{"id", "cell_code", "address", "geom"}, len(d.Households), func(i int) []any {
			h := d.Households[i]
			return []any{h.ID, h.CellCode, h.Address, pointEWKB(h.Location)}
		}},
		{"residents", []string{"id", "household_id", "cell_code", "name", "gender", "birth_date", "id_number", "phone", "relation", "geom"},
			len(d.Residents), func(i int) []any {
				r := d.Residents[i]
				return []any{r.ID, r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.IDNumber, r.Phone, r.Relation,
					pointEWKB(r.Location)}
			}},
		{"mediators", []string{"id", "name", "role", "category", "unit_code", "phone"}, len(d.Mediators), func(i int) []any {
			m := d.Mediators[i]
			var unit any // NULL for the town centre
			if m.UnitCode != "" {
				unit = m.UnitCode
			}
			return []any{m.ID, m.Name, m.Role, m.Category, unit, m.Phone}
		}},
		{"incidents", []string{"id", "kind", "type", "source", "status", "summary", "description", "parties", "cell_code",
			"geom", "reported_at", "updated_at", "resolved_at", "priority", "reporter_id", "version", "stage_since",
			"escalation", "duplicate_of", "near_cell", "near_distance_m"}, len(incidents), func(i int) []any {
			in := incidents[i]
			var resolved any
			if in.ResolvedAt != nil {
				resolved = *in.ResolvedAt
			}
			return []any{in.ID, in.Kind, in.Type, in.Source, in.Status, in.Summary, in.Description, in.Parties,
				in.CellCode, pointEWKB(in.Location), in.ReportedAt, in.UpdatedAt, resolved, in.Priority, in.ReporterID,
				in.Version, in.StageSince, in.Escalation, nullID(in.DuplicateOf), nullString(in.NearCell), in.NearDistanceM}
		}},
		{"incident_mediators", []string{"incident_id", "mediator_id"}, len(assigned), func(i int) []any { return assigned[i] }},
		{"incident_events", eventCols, len(events), func(i int) []any { return eventRow(events[i]) }},
	}
	for _, t := range tables {
		rows := pgx.CopyFromSlice(t.n, func(i int) ([]any, error) { return t.row(i), nil })
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, rows); err != nil {
			return fmt.Errorf("copy %s: %w", t.table, err)
		}
	}
	return nil
}

// polygonWKB is p as WKB, or nil (NULL) for an empty polygon.
func polygonWKB(p orb.Polygon) []byte {
	if len(p) == 0 {
		return nil
	}
	return wkb.MustMarshal(p) // cannot fail for a polygon
}

// pointEWKB is p as EWKB with the SRID, the binary form COPY hands to
// PostGIS's geometry input.
func pointEWKB(p orb.Point) []byte {
	return ewkb.MustMarshal(p, srid) // cannot fail for a point
}

// insertVersion records a boundary version.
func insertVersion(ctx context.Context, tx pgx.Tx, v *data.BoundaryVersion) error {
	_, err := tx.Exec(ctx, `INSERT INTO boundary_versions (number, author_id, author_name, created_at, reason,
		effective_date, base, added, removed, reshaped, households, residents, incidents, assignments)
		VALUES ($1, $2, $3, $4, $5, CAST($6::text AS date), $7, $8, $9, $10, $11, $12, $13, $14)`,
		v.Number, v.AuthorID, v.AuthorName, v.CreatedAt, v.Reason, v.EffectiveDate, v.Base,
		v.Added, v.Removed, v.Reshaped, v.Moved.Households, v.Moved.Residents, v.Moved.Incidents, v.Moved.Assignments)
	return err
}

// loadVersion records the cells Load has just written as boundary version 1.
func loadVersion(ctx context.Context, tx pgx.Tx, cells []data.Cell, now time.Time) error {
	v := contract.InitialVersion(cells, now)
	if err := insertVersion(ctx, tx, &v); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
		SELECT code, 1, NULL, name, unit_code, kind, area_m2, geom FROM cells`)
	return err
}

// eventCols are the columns of incident_events that eventRow fills.
var eventCols = []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}

func eventRow(e data.IncidentEvent) []any {
	return []any{e.IncidentID, contract.Time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
}
