package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// AddMediationRecord implements data.Store.
func (s *Store) AddMediationRecord(ctx context.Context, r *data.MediationRecord) (int64, error) {
	n, err := contract.NewMediationRecord(r, time.Now())
	if err != nil {
		return 0, err
	}
	var version int64
	err = s.update(ctx, func(tx pgx.Tx) error {
		if _, err := lockIncident(ctx, tx, n.IncidentID, 0); err != nil {
			return err
		}
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM mediation_records WHERE incident_id = $1`, n.IncidentID).Scan(&count); err != nil {
			return err
		}
		if err := contract.CheckMediationCount(count); err != nil {
			return err
		}
		if err := checkMediators(ctx, tx, n.MediatorIDs); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO mediation_records (incident_id, at, outcome, agreement_text,
			agreement_ref, follow_up_on, note, recorder_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			n.IncidentID, n.At, n.Outcome, n.AgreementText, n.AgreementRef, n.FollowUpOn,
			n.Note, n.RecorderID, n.CreatedAt).Scan(&n.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO mediation_mediators (record_id, mediator_id)
			SELECT $1, unnest($2::bigint[])`, n.ID, n.MediatorIDs); err != nil {
			return err
		}
		actor, err := userName(ctx, tx, n.RecorderID)
		if err != nil {
			return err
		}
		version, err = touchIncident(ctx, tx, data.IncidentEvent{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.RecorderID,
			ActorName: actor, Kind: data.EventMediation, Note: n.Outcome})
		return err
	})
	if err != nil {
		return 0, translate("add mediation record", err)
	}
	*r = n
	return version, nil
}

// MediationRecords implements data.Store.
func (s *Store) MediationRecords(ctx context.Context, incidentID int64) ([]data.MediationRecord, error) {
	rs := []data.MediationRecord{}
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := requireIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, incident_id,
			ARRAY(SELECT mediator_id FROM mediation_mediators m WHERE m.record_id = r.id ORDER BY mediator_id),
			at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at
			FROM mediation_records r WHERE incident_id = $1 ORDER BY at, id`, incidentID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r data.MediationRecord
			if err := rows.Scan(&r.ID, &r.IncidentID, &r.MediatorIDs, &r.At, &r.Outcome, &r.AgreementText, &r.AgreementRef,
				&r.FollowUpOn, &r.Note, &r.RecorderID, &r.CreatedAt); err != nil {
				rows.Close()
				return err
			}
			r.MediatorIDs = contract.IDs(r.MediatorIDs)
			r.At, r.CreatedAt = r.At.UTC(), r.CreatedAt.UTC()
			if r.FollowUpOn != nil {
				f := r.FollowUpOn.UTC()
				r.FollowUpOn = &f
			}
			rs = append(rs, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("mediation records", err)
	}
	return rs, nil
}

// AssignMediators implements data.Store.
func (s *Store) AssignMediators(ctx context.Context, incidentID int64, ids []int64, version int64, actorID int64, actorName string, at time.Time) (*data.Incident, error) {
	ids, err := contract.AssignedIDs(ids)
	if err == nil {
		err = contract.CheckVersion(version)
	}
	if err != nil {
		return nil, err
	}
	at = contract.OrNow(at)
	var out data.Incident
	err = s.update(ctx, func(tx pgx.Tx) error {
		if _, err := lockIncident(ctx, tx, incidentID, version); err != nil {
			return err
		}
		if err := checkMediators(ctx, tx, ids); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM incident_mediators WHERE incident_id = $1`, incidentID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO incident_mediators (incident_id, mediator_id)
			SELECT $1, unnest($2::bigint[])`, incidentID, ids); err != nil {
			return err
		}
		_, err := touchIncident(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: actorID,
			ActorName: actorName, Kind: data.EventAssigned, Note: contract.AssignedNote(ids)})
		if err != nil {
			return err
		}
		out, err = scanIncident(tx.QueryRow(ctx, incidentSelect+` WHERE id = $1`, incidentID))
		return err
	})
	if err != nil {
		return nil, translate("assign mediators", err)
	}
	return &out, nil
}

// ReassignIncident implements data.Store.
func (s *Store) ReassignIncident(ctx context.Context, incidentID int64, cellCode string, version int64, actorID int64, actorName, reason string, at time.Time) (*data.Incident, error) {
	if err := contract.CheckReassign(cellCode, reason, version); err != nil {
		return nil, err
	}
	at = contract.OrNow(at)
	var out data.Incident
	err := s.update(ctx, func(tx pgx.Tx) error {
		from, err := lockIncident(ctx, tx, incidentID, version)
		if err != nil {
			return err
		}
		found, err := exists(ctx, tx, "cells", cellCode)
		if err != nil {
			return err
		}
		if err := contract.ReassignChecks(from, cellCode, found); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET cell_code = $1, near_cell = NULL, near_distance_m = 0
			WHERE id = $2`, cellCode, incidentID); err != nil {
			return err
		}
		_, err = touchIncident(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: actorID,
			ActorName: actorName, Kind: data.EventReassigned, Note: data.ReassignedNote(from, cellCode, reason)})
		if err != nil {
			return err
		}
		out, err = scanIncident(tx.QueryRow(ctx, incidentSelect+` WHERE id = $1`, incidentID))
		return err
	})
	if err != nil {
		return nil, translate("reassign incident", err)
	}
	return &out, nil
}

// lockIncident locks an incident's row for the change to come and returns
// its cell, or ENOTFOUND, or ECONFLICT when version is not 0 and not the
// incident's. A concurrent change waits for the lock and then sees the
// committed version.
func lockIncident(ctx context.Context, tx pgx.Tx, id, version int64) (string, error) {
	var status, cell string
	var current int64
	err := tx.QueryRow(ctx, `SELECT status, version, cell_code FROM incidents WHERE id = $1 FOR UPDATE`, id).Scan(&status, &current, &cell)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", contract.IncidentNotFound(id)
	}
	if err != nil {
		return "", err
	}
	if version != 0 && version != current {
		return "", contract.Stale(status, current)
	}
	return cell, nil
}

// touchIncident bumps an incident's version, sets its update time to the
// event's, appends the event, counts the write in the revision and returns
// the new version.
func touchIncident(ctx context.Context, tx pgx.Tx, e data.IncidentEvent) (int64, error) {
	var version int64
	if err := tx.QueryRow(ctx, `UPDATE incidents SET version = version + 1, updated_at = $1 WHERE id = $2 RETURNING version`,
		contract.Time(e.At), e.IncidentID).Scan(&version); err != nil {
		return 0, err
	}
	if err := insertEvent(ctx, tx, e); err != nil {
		return 0, err
	}
	return version, bumpIncidents(ctx, tx)
}

// checkMediators returns EINVALID naming "mediators" for an ID that is no
// mediator's.
func checkMediators(ctx context.Context, tx pgx.Tx, ids []int64) error {
	rows, err := tx.Query(ctx, `SELECT id FROM mediators WHERE id = ANY ($1)`, ids)
	if err != nil {
		return err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return contract.CheckMediators(ids, found)
}
