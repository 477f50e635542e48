package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// eventCols are the columns of incident_events that eventRow fills.
var eventCols = []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}

func eventRow(e data.IncidentEvent) []any {
	return []any{e.IncidentID, formatTime(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
}

// insertEvent appends one event to an incident's timeline.
func insertEvent(ctx context.Context, tx *sql.Tx, e data.IncidentEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incident_events (`+strings.Join(eventCols, ", ")+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, eventRow(e)...)
	return err
}

// bumpIncidents counts an incident write in the revision.
func bumpIncidents(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE revision SET incidents = incidents + 1`)
	return err
}

// CreateIncident implements data.Store. The write transaction takes the
// write lock as it begins, so that of concurrent requests with one key the
// first creates the incident and the others find its key.
func (s *Store) CreateIncident(ctx context.Context, in *data.Incident, idempotencyKey string) (*data.Incident, bool, error) {
	n, err := contract.NewIncident(in, idempotencyKey, time.Now())
	if err != nil {
		return nil, false, err
	}
	var out data.Incident
	created := false
	err = s.update(ctx, func(tx *sql.Tx) error {
		if idempotencyKey != "" {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT incident_id FROM incident_keys WHERE reporter_id = ? AND key = ?`,
				n.ReporterID, idempotencyKey).Scan(&id)
			if err == nil {
				out, err = scanIncident(tx.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, id))
				return err
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := checkIncidentRefs(ctx, tx, &n); err != nil {
			return err
		}
		parties, err := json.Marshal(n.Parties)
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO incidents (kind, type, source, status, summary, description, parties,
			cell_code, lon, lat, reported_at, updated_at, resolved_at, priority, reporter_id, version, stage_since,
			escalation, duplicate_of, near_cell, near_distance_m)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, NULL, ?, ?) RETURNING id`,
			n.Kind, n.Type, n.Source, n.Status, n.Summary, n.Description, string(parties), n.CellCode,
			n.Location.Lon(), n.Location.Lat(), formatTime(n.ReportedAt), formatTime(n.UpdatedAt), n.Priority,
			n.ReporterID, n.Version, formatTime(n.StageSince), nullString(n.NearCell), n.NearDistanceM).Scan(&id)
		if err != nil {
			return err
		}
		for _, m := range n.Mediators {
			if _, err := tx.ExecContext(ctx, `INSERT INTO incident_mediators (incident_id, mediator_id) VALUES (?, ?)`, id, m); err != nil {
				return err
			}
		}
		actor, err := userName(ctx, tx, n.ReporterID)
		if err != nil {
			return err
		}
		err = insertEvent(ctx, tx, data.IncidentEvent{IncidentID: id, At: n.ReportedAt, ActorID: n.ReporterID,
			ActorName: actor, Kind: data.EventCreated})
		if err != nil {
			return err
		}
		if idempotencyKey != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO incident_keys (reporter_id, key, incident_id, created_at)
				VALUES (?, ?, ?, ?)`, n.ReporterID, idempotencyKey, id, formatTime(time.Now())); err != nil {
				return err
			}
		}
		if err := bumpIncidents(ctx, tx); err != nil {
			return err
		}
		created = true
		out, err = scanIncident(tx.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return nil, false, translate("create incident", err)
	}
	return &out, created, nil
}

// checkIncidentRefs returns EINVALID when a new incident names a cell or
// mediator that does not exist.
func checkIncidentRefs(ctx context.Context, tx *sql.Tx, in *data.Incident) error {
	var r contract.IncidentRefs
	var err error
	if r.Cell, err = exists(ctx, tx, "cells", in.CellCode); err != nil {
		return err
	}
	if in.NearCell != "" {
		if r.NearCell, err = exists(ctx, tx, "cells", in.NearCell); err != nil {
			return err
		}
	}
	ids, err := json.Marshal(in.Mediators)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM mediators WHERE id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		r.Mediators = append(r.Mediators, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return contract.CheckIncidentRefs(in, r)
}

// TransitionIncident implements data.Store: one conditional UPDATE, which
// changes no row when the incident has moved on; then the current row tells
// a missing incident from a stale request.
func (s *Store) TransitionIncident(ctx context.Context, t data.Transition) (*data.Incident, error) {
	t, err := contract.CheckTransition(t)
	if err != nil {
		return nil, err
	}
	fx := contract.TransitionEffects(t.To)
	at := formatTime(t.At)
	var out data.Incident
	err = s.update(ctx, func(tx *sql.Tx) error {
		if t.DuplicateOf != 0 {
			found, err := incidentExists(ctx, tx, t.DuplicateOf)
			if err != nil {
				return err
			}
			if !found {
				return contract.DuplicateNotFound(t.DuplicateOf)
			}
		}
		query := `UPDATE incidents SET status = ?, version = version + 1, updated_at = ?, stage_since = ?,
			resolved_at = CASE WHEN ? THEN ? WHEN ? THEN resolved_at END,
			escalation = CASE WHEN ? THEN min(escalation + 1, ?) WHEN ? THEN 0 ELSE escalation END,
			duplicate_of = ?
			WHERE id = ? AND status = ?`
		args := []any{t.To, at, at, fx.Resolve, at, fx.KeepResolved, fx.Escalate, data.MaxEscalation, fx.Deescalate,
			nullID(t.DuplicateOf), t.IncidentID, t.From}
		if t.Version != 0 {
			query += ` AND version = ?`
			args = append(args, t.Version)
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var status string
			var version int64
			err := tx.QueryRowContext(ctx, `SELECT status, version FROM incidents WHERE id = ?`, t.IncidentID).Scan(&status, &version)
			if errors.Is(err, sql.ErrNoRows) {
				return contract.IncidentNotFound(t.IncidentID)
			}
			if err != nil {
				return err
			}
			return contract.Stale(status, version)
		}
		err = insertEvent(ctx, tx, data.IncidentEvent{IncidentID: t.IncidentID, At: t.At, ActorID: t.ActorID,
			ActorName: t.ActorName, Kind: data.EventTransition, From: t.From, To: t.To, Note: t.Note})
		if err != nil {
			return err
		}
		if err := bumpIncidents(ctx, tx); err != nil {
			return err
		}
		out, err = scanIncident(tx.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, t.IncidentID))
		return err
	})
	if err != nil {
		return nil, translate("transition incident", err)
	}
	return &out, nil
}

// IncidentEvents implements data.Store.
func (s *Store) IncidentEvents(ctx context.Context, id int64) ([]data.IncidentEvent, error) {
	es := []data.IncidentEvent{}
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := requireIncident(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note
			FROM incident_events WHERE incident_id = ? ORDER BY at, id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e data.IncidentEvent
			var at string
			if err := rows.Scan(&e.ID, &e.IncidentID, &at, &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note); err != nil {
				return err
			}
			if e.At, err = parseTime(at); err != nil {
				return err
			}
			es = append(es, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("incident events", err)
	}
	return es, nil
}

// userName is a user's display name for an event, "" when there is none
// (events keep the name, so they read the same after an account goes).
func userName(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT name FROM users WHERE id = ?), '')`, id).Scan(&name)
	return name, err
}

// incidentExists reports whether there is an incident with the ID.
func incidentExists(ctx context.Context, tx *sql.Tx, id int64) (bool, error) {
	var found bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?)`, id).Scan(&found)
	return found, err
}

// requireIncident returns ENOTFOUND for an unknown incident.
func requireIncident(ctx context.Context, tx *sql.Tx, id int64) error {
	found, err := incidentExists(ctx, tx, id)
	if err == nil && !found {
		return contract.IncidentNotFound(id)
	}
	return err
}
