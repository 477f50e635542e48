package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// eventCols are the columns of incident_events that eventRow fills.
var eventCols = []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}

func eventRow(e data.IncidentEvent) []any {
	return []any{e.IncidentID, contract.Time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
}

// insertEvent appends one event to an incident's timeline.
func insertEvent(ctx context.Context, tx pgx.Tx, e data.IncidentEvent) error {
	_, err := tx.Exec(ctx, `INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, eventRow(e)...)
	return err
}

// bumpIncidents counts an incident write in the revision.
func bumpIncidents(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `UPDATE revision SET incidents = incidents + 1`)
	return err
}

// errKeyTaken rolls back a CreateIncident whose idempotency key a
// concurrent request stored first.
var errKeyTaken = errors.New("postgis: idempotency key taken meanwhile")

// CreateIncident implements data.Store. A request whose idempotency key is
// stored already returns that key's incident. Of concurrent requests with
// one key, each creates its incident, but the insert of the key waits for
// the first to commit and then inserts nothing: the others roll back (using
// up an ID) and return the first one's incident.
func (s *Store) CreateIncident(ctx context.Context, in *data.Incident, idempotencyKey string) (*data.Incident, bool, error) {
	n, err := contract.NewIncident(in, idempotencyKey, time.Now())
	if err != nil {
		return nil, false, err
	}
	var out data.Incident
	created := false
	err = s.update(ctx, func(tx pgx.Tx) error {
		if idempotencyKey != "" {
			found, err := keyIncident(ctx, tx, n.ReporterID, idempotencyKey, &out)
			if found || err != nil {
				return err
			}
		}
		if err := checkIncidentRefs(ctx, tx, &n); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO incidents (kind, type, source, status, summary, description, parties,
			cell_code, geom, reported_at, updated_at, resolved_at, priority, reporter_id, version, stage_since,
			escalation, duplicate_of, near_cell, near_distance_m)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_GeomFromWKB($9, 4326), $10, $11, NULL, $12, $13, $14, $15, 0, NULL, $16, $17)
			RETURNING id`,
			n.Kind, n.Type, n.Source, n.Status, n.Summary, n.Description, n.Parties, n.CellCode, wkb.MustMarshal(n.Location),
			n.ReportedAt, n.UpdatedAt, n.Priority, n.ReporterID, n.Version, n.StageSince, nullString(n.NearCell),
			n.NearDistanceM).Scan(&id)
		if err != nil {
			return err
		}
		if len(n.Mediators) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO incident_mediators (incident_id, mediator_id)
				SELECT $1, unnest($2::bigint[])`, id, n.Mediators); err != nil {
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
			tag, err := tx.Exec(ctx, `INSERT INTO incident_keys (reporter_id, key, incident_id, created_at)
				VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, n.ReporterID, idempotencyKey, id, contract.Time(time.Now()))
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return errKeyTaken
			}
		}
		if err := bumpIncidents(ctx, tx); err != nil {
			return err
		}
		created = true
		out, err = scanIncident(tx.QueryRow(ctx, incidentSelect+` WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, errKeyTaken) {
		created = false
		err = s.snapshot(ctx, func(tx pgx.Tx) error {
			found, err := keyIncident(ctx, tx, n.ReporterID, idempotencyKey, &out)
			if err == nil && !found {
				err = errors.New("postgis: idempotency key vanished")
			}
			return err
		})
	}
	if err != nil {
		return nil, false, translate("create incident", err)
	}
	return &out, created, nil
}

// keyIncident reads the incident an idempotency key names into out, and
// reports whether there was one.
func keyIncident(ctx context.Context, tx pgx.Tx, reporter int64, key string, out *data.Incident) (bool, error) {
	in, err := scanIncident(tx.QueryRow(ctx, incidentSelect+` WHERE id = (SELECT incident_id FROM incident_keys
		WHERE reporter_id = $1 AND key = $2)`, reporter, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	*out = in
	return true, nil
}

// checkIncidentRefs returns EINVALID when a new incident names a cell or
// mediator that does not exist.
func checkIncidentRefs(ctx context.Context, tx pgx.Tx, in *data.Incident) error {
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
	rows, err := tx.Query(ctx, `SELECT id FROM mediators WHERE id = ANY ($1)`, in.Mediators)
	if err != nil {
		return err
	}
	if r.Mediators, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	return contract.CheckIncidentRefs(in, r)
}

// TransitionIncident implements data.Store: one conditional UPDATE, which
// changes no row when the incident has moved on; then the current row tells
// a missing incident from a stale request. A concurrent transition of the
// same incident waits for the row lock, after which PostgreSQL checks the
// condition again on the row as committed: one of them changes it.
func (s *Store) TransitionIncident(ctx context.Context, t data.Transition) (*data.Incident, error) {
	t, err := contract.CheckTransition(t)
	if err != nil {
		return nil, err
	}
	fx := contract.TransitionEffects(t.To)
	var out data.Incident
	err = s.update(ctx, func(tx pgx.Tx) error {
		if t.DuplicateOf != 0 {
			found, err := incidentExists(ctx, tx, t.DuplicateOf)
			if err != nil {
				return err
			}
			if !found {
				return contract.DuplicateNotFound(t.DuplicateOf)
			}
		}
		var args params
		to, at := args.add(t.To), args.add(t.At)
		query := `UPDATE incidents SET status = ` + to + `, version = version + 1, updated_at = ` + at + `, stage_since = ` + at + `,
			resolved_at = CASE WHEN ` + args.add(fx.Resolve) + ` THEN ` + at + ` WHEN ` + args.add(fx.KeepResolved) + ` THEN resolved_at END,
			escalation = CASE WHEN ` + args.add(fx.Escalate) + ` THEN LEAST(escalation + 1, ` + args.add(data.MaxEscalation) + `)
				WHEN ` + args.add(fx.Deescalate) + ` THEN 0 ELSE escalation END,
			duplicate_of = ` + args.add(nullID(t.DuplicateOf)) + `::bigint
			WHERE id = ` + args.add(t.IncidentID) + ` AND status = ` + args.add(t.From)
		if t.Version != 0 {
			query += ` AND version = ` + args.add(t.Version)
		}
		tag, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var status string
			var version int64
			err := tx.QueryRow(ctx, `SELECT status, version FROM incidents WHERE id = $1`, t.IncidentID).Scan(&status, &version)
			if errors.Is(err, pgx.ErrNoRows) {
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
		out, err = scanIncident(tx.QueryRow(ctx, incidentSelect+` WHERE id = $1`, t.IncidentID))
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
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := requireIncident(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note
			FROM incident_events WHERE incident_id = $1 ORDER BY at, id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e data.IncidentEvent
			if err := rows.Scan(&e.ID, &e.IncidentID, &e.At, &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note); err != nil {
				rows.Close()
				return err
			}
			e.At = e.At.UTC()
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
func userName(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `SELECT coalesce((SELECT name FROM users WHERE id = $1), '')`, id).Scan(&name)
	return name, err
}

// incidentExists reports whether there is an incident with the ID.
func incidentExists(ctx context.Context, tx pgx.Tx, id int64) (bool, error) {
	var found bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM incidents WHERE id = $1)`, id).Scan(&found)
	return found, err
}

// requireIncident returns ENOTFOUND for an unknown incident.
func requireIncident(ctx context.Context, tx pgx.Tx, id int64) error {
	found, err := incidentExists(ctx, tx, id)
	if err == nil && !found {
		return contract.IncidentNotFound(id)
	}
	return err
}
