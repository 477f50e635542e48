package postgis

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// incidentSelect reads incidents with their mediators in order.
const incidentSelect = `SELECT id, kind, type, source, status, summary, description, parties, cell_code,
	ST_AsBinary(geom), reported_at, updated_at, resolved_at,
	ARRAY(SELECT mediator_id FROM incident_mediators m WHERE m.incident_id = incidents.id ORDER BY mediator_id),
	priority, reporter_id, version, stage_since, escalation, coalesce(duplicate_of, 0), coalesce(near_cell, ''), near_distance_m
FROM incidents`

// params collects query arguments and hands out their placeholders.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// Incidents implements data.Store.
func (s *Store) Incidents(ctx context.Context, f data.IncidentFilter) ([]data.Incident, int, error) {
	if err := contract.CheckIncidentFilter(f); err != nil {
		return nil, 0, err
	}
	var where []string // constant fragments; every value is a parameter
	var args params
	if f.CellCode != "" {
		where = append(where, `cell_code = `+args.add(f.CellCode))
	}
	if f.UnitCode != "" {
		where = append(where, `cell_code IN (SELECT code FROM cells WHERE unit_code = `+args.add(f.UnitCode)+`)`)
	}
	if f.Cells != nil { // empty matches nothing
		where = append(where, `cell_code = ANY (`+args.add(f.Cells)+`)`)
	}
	if f.Units != nil {
		where = append(where, `cell_code IN (SELECT code FROM cells WHERE unit_code = ANY (`+args.add(f.Units)+`))`)
	}
	if f.MediatorID != 0 {
		where = append(where, `id IN (SELECT incident_id FROM incident_mediators WHERE mediator_id = `+args.add(f.MediatorID)+`)`)
	}
	if len(f.Statuses) > 0 {
		where = append(where, `status = ANY (`+args.add(f.Statuses)+`)`)
	}
	if len(f.Types) > 0 {
		where = append(where, `type = ANY (`+args.add(f.Types)+`)`)
	}
	if !f.From.IsZero() {
		where = append(where, `reported_at >= `+args.add(contract.Time(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, `reported_at < `+args.add(contract.Time(f.To)))
	}
	if b := f.BBox; b != nil {
		// && uses the GiST index but compares float4 boxes rounded outwards;
		// ST_X/ST_Y make the test exact, edges included.
		minx, miny, maxx, maxy := args.add(b.Min.Lon()), args.add(b.Min.Lat()), args.add(b.Max.Lon()), args.add(b.Max.Lat())
		where = append(where, `geom && ST_MakeEnvelope(`+minx+`, `+miny+`, `+maxx+`, `+maxy+`, 4326)`+
			` AND ST_X(geom) BETWEEN `+minx+` AND `+maxx+` AND ST_Y(geom) BETWEEN `+miny+` AND `+maxy)
	}
	if f.StageBefore != nil {
		var terms []string // an empty map matches nothing
		for _, st := range contract.StageBefore(f.StageBefore) {
			terms = append(terms, `status = `+args.add(st)+` AND stage_since < `+args.add(contract.Time(f.StageBefore[st])))
		}
		where = append(where, stageCond(terms))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	order := ` ORDER BY id`
	if f.NewestFirst {
		order = ` ORDER BY reported_at DESC, id DESC`
	}
	count := len(args)
	page := ` LIMIT ` + args.add(limit(f.Limit)) + ` OFFSET ` + args.add(f.Offset)
	is := []data.Incident{}
	var total int
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := mustExist(ctx, tx, "unit", f.UnitCode); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM incidents`+cond, args[:count]...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, incidentSelect+cond+order+page, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			in, err := scanIncident(rows)
			if err != nil {
				rows.Close()
				return err
			}
			is = append(is, in)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, translate("incidents", err)
	}
	return is, total, nil
}

// Incident implements data.Store.
func (s *Store) Incident(ctx context.Context, id int64) (*data.Incident, error) {
	in, err := scanIncident(s.pool.QueryRow(ctx, incidentSelect+` WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contract.NotFound("incident", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, translate("incident", err)
	}
	return &in, nil
}

// IncidentCounts implements data.Store.
func (s *Store) IncidentCounts(ctx context.Context, cellCode string) (map[string]int, error) {
	counts := contract.Counts()
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, "cell", cellCode); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT status, count(*) FROM incidents
			WHERE $1 = '' OR cell_code = $1 GROUP BY status`, cellCode)
		if err != nil {
			return err
		}
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
				rows.Close()
				return err
			}
			counts[status] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("incident counts", err)
	}
	return counts, nil
}

func scanIncident(row pgx.Row) (data.Incident, error) {
	var in data.Incident
	var resolved *time.Time
	err := row.Scan(&in.ID, &in.Kind, &in.Type, &in.Source, &in.Status, &in.Summary, &in.Description,
		&in.Parties, &in.CellCode, wkb.Scanner(&in.Location), &in.ReportedAt, &in.UpdatedAt, &resolved, &in.Mediators,
		&in.Priority, &in.ReporterID, &in.Version, &in.StageSince, &in.Escalation, &in.DuplicateOf, &in.NearCell, &in.NearDistanceM)
	if err != nil {
		return in, err
	}
	in.Parties = contract.Parties(in.Parties)
	in.Mediators = contract.IDs(in.Mediators)
	in.ReportedAt, in.UpdatedAt, in.StageSince = in.ReportedAt.UTC(), in.UpdatedAt.UTC(), in.StageSince.UTC()
	if resolved != nil {
		t := resolved.UTC()
		in.ResolvedAt = &t
	}
	return in, nil
}

// stageCond joins the conditions of an IncidentFilter.StageBefore, one per
// status, into one that holds when any of them does: false for none.
func stageCond(terms []string) string {
	if len(terms) == 0 {
		return `false`
	}
	return `((` + strings.Join(terms, `) OR (`) + `))`
}

// IncidentFacts implements data.Store.
func (s *Store) IncidentFacts(ctx context.Context, fn func(*data.IncidentFact) error) error {
	var fnErr error
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, cell_code, type, status, escalation, reported_at, stage_since,
			resolved_at FROM incidents ORDER BY reported_at, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var f data.IncidentFact
		var resolved *time.Time
		for rows.Next() {
			if err := rows.Scan(&f.ID, &f.CellCode, &f.Type, &f.Status, &f.Escalation, &f.ReportedAt, &f.StageSince, &resolved); err != nil {
				return err
			}
			f.ReportedAt, f.StageSince = f.ReportedAt.UTC(), f.StageSince.UTC()
			f.ResolvedAt = time.Time{}
			if resolved != nil {
				f.ResolvedAt = resolved.UTC()
			}
			if fnErr = fn(&f); fnErr != nil {
				return fnErr
			}
		}
		return rows.Err()
	})
	if fnErr != nil {
		return fnErr
	}
	return translate("incident facts", err)
}
