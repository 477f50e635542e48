package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// incidentSelect reads incidents with their mediators in order, as a JSON
// array.
const incidentSelect = `SELECT id, kind, type, source, status, summary, description, parties, cell_code,
	lon, lat, reported_at, updated_at, resolved_at,
	(SELECT json_group_array(mediator_id ORDER BY mediator_id) FROM incident_mediators m WHERE m.incident_id = incidents.id),
	priority, reporter_id, version, stage_since, escalation, coalesce(duplicate_of, 0), coalesce(near_cell, ''), near_distance_m
FROM incidents`

// Incidents implements data.Store.
func (s *Store) Incidents(ctx context.Context, f data.IncidentFilter) ([]data.Incident, int, error) {
	if err := contract.CheckIncidentFilter(f); err != nil {
		return nil, 0, err
	}
	var where []string // constant fragments; every value is a parameter
	var args []any
	if f.CellCode != "" {
		where = append(where, `cell_code = ?`)
		args = append(args, f.CellCode)
	}
	if f.UnitCode != "" {
		where = append(where, `cell_code IN (SELECT code FROM cells WHERE unit_code = ?)`)
		args = append(args, f.UnitCode)
	}
	if f.Cells != nil { // empty matches nothing
		where = append(where, `cell_code IN (SELECT value FROM json_each(?))`)
		args = append(args, jsonList(f.Cells))
	}
	if f.Units != nil {
		where = append(where, `cell_code IN (SELECT code FROM cells WHERE unit_code IN (SELECT value FROM json_each(?)))`)
		args = append(args, jsonList(f.Units))
	}
	if f.MediatorID != 0 {
		where = append(where, `id IN (SELECT incident_id FROM incident_mediators WHERE mediator_id = ?)`)
		args = append(args, f.MediatorID)
	}
	if len(f.Statuses) > 0 {
		where = append(where, `status IN (SELECT value FROM json_each(?))`)
		args = append(args, jsonList(f.Statuses))
	}
	if len(f.Types) > 0 {
		where = append(where, `type IN (SELECT value FROM json_each(?))`)
		args = append(args, jsonList(f.Types))
	}
	if !f.From.IsZero() {
		where = append(where, `reported_at >= ?`)
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `reported_at < ?`)
		args = append(args, formatTime(f.To))
	}
	if b := f.BBox; b != nil {
		where = append(where, `lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?`)
		args = append(args, b.Min.Lon(), b.Max.Lon(), b.Min.Lat(), b.Max.Lat())
	}
	if f.StageBefore != nil {
		var terms []string // an empty map matches nothing
		for _, st := range contract.StageBefore(f.StageBefore) {
			terms = append(terms, `status = ? AND stage_since < ?`)
			args = append(args, st, formatTime(f.StageBefore[st]))
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
	is := []data.Incident{}
	var total int
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, "cell", f.CellCode); err != nil {
			return err
		}
		if err := mustExist(ctx, tx, "unit", f.UnitCode); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, incidentSelect+cond+order+` LIMIT ? OFFSET ?`,
			append(args, limit(f.Limit), f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			in, err := scanIncident(rows)
			if err != nil {
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
	in, err := scanIncident(s.read.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, "cell", cellCode); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT status, count(*) FROM incidents
			WHERE ?1 = '' OR cell_code = ?1 GROUP BY status`, cellCode)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
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

func scanIncident(row interface{ Scan(...any) error }) (data.Incident, error) {
	var in data.Incident
	var parties, reported, updated, mediators, stage string
	var resolved sql.NullString
	err := row.Scan(&in.ID, &in.Kind, &in.Type, &in.Source, &in.Status, &in.Summary, &in.Description,
		&parties, &in.CellCode, &in.Location[0], &in.Location[1], &reported, &updated, &resolved, &mediators,
		&in.Priority, &in.ReporterID, &in.Version, &stage, &in.Escalation, &in.DuplicateOf, &in.NearCell, &in.NearDistanceM)
	if err != nil {
		return in, err
	}
	if in.StageSince, err = parseTime(stage); err != nil {
		return in, err
	}
	if err := json.Unmarshal([]byte(parties), &in.Parties); err != nil {
		return in, err
	}
	in.Parties = contract.Parties(in.Parties)
	if err := json.Unmarshal([]byte(mediators), &in.Mediators); err != nil {
		return in, err
	}
	in.Mediators = contract.IDs(in.Mediators)
	if in.ReportedAt, err = parseTime(reported); err != nil {
		return in, err
	}
	if in.UpdatedAt, err = parseTime(updated); err != nil {
		return in, err
	}
	if resolved.Valid {
		t, err := parseTime(resolved.String)
		if err != nil {
			return in, err
		}
		in.ResolvedAt = &t
	}
	return in, nil
}

// stageCond joins the conditions of an IncidentFilter.StageBefore, one per
// status, into one that holds when any of them does: false for none.
func stageCond(terms []string) string {
	if len(terms) == 0 {
		return `0`
	}
	return `((` + strings.Join(terms, `) OR (`) + `))`
}

// IncidentFacts implements data.Store.
func (s *Store) IncidentFacts(ctx context.Context, fn func(*data.IncidentFact) error) error {
	var fnErr error
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, cell_code, type, status, escalation, reported_at, stage_since,
			coalesce(resolved_at, '') FROM incidents ORDER BY reported_at, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var f data.IncidentFact
		var reported, stage, resolved string
		for rows.Next() {
			if err := rows.Scan(&f.ID, &f.CellCode, &f.Type, &f.Status, &f.Escalation, &reported, &stage, &resolved); err != nil {
				return err
			}
			if f.ReportedAt, err = parseTime(reported); err != nil {
				return err
			}
			if f.StageSince, err = parseTime(stage); err != nil {
				return err
			}
			f.ResolvedAt = time.Time{}
			if resolved != "" {
				if f.ResolvedAt, err = parseTime(resolved); err != nil {
					return err
				}
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
