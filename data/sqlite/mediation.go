package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

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
	err = s.update(ctx, func(tx *sql.Tx) error {
		if _, err := lockIncident(ctx, tx, n.IncidentID, 0); err != nil {
			return err
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM mediation_records WHERE incident_id = ?`, n.IncidentID).Scan(&count); err != nil {
			return err
		}
		if err := contract.CheckMediationCount(count); err != nil {
			return err
		}
		if err := checkMediators(ctx, tx, n.MediatorIDs); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO mediation_records (incident_id, at, outcome, agreement_text,
			agreement_ref, follow_up_on, note, recorder_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.IncidentID, formatTime(n.At), n.Outcome, n.AgreementText, n.AgreementRef, nullTime(n.FollowUpOn),
			n.Note, n.RecorderID, formatTime(n.CreatedAt)).Scan(&n.ID)
		if err != nil {
			return err
		}
		for _, m := range n.MediatorIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mediation_mediators (record_id, mediator_id) VALUES (?, ?)`, n.ID, m); err != nil {
				return err
			}
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
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := requireIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, incident_id,
			(SELECT json_group_array(mediator_id ORDER BY mediator_id) FROM mediation_mediators m WHERE m.record_id = r.id),
			at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at
			FROM mediation_records r WHERE incident_id = ? ORDER BY at, id`, incidentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r data.MediationRecord
			var ids, at, created string
			var follow sql.NullString
			if err := rows.Scan(&r.ID, &r.IncidentID, &ids, &at, &r.Outcome, &r.AgreementText, &r.AgreementRef,
				&follow, &r.Note, &r.RecorderID, &created); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(ids), &r.MediatorIDs); err != nil {
				return err
			}
			r.MediatorIDs = contract.IDs(r.MediatorIDs)
			if r.At, err = parseTime(at); err != nil {
				return err
			}
			if r.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			if r.FollowUpOn, err = parseNullTime(follow); err != nil {
				return err
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
	err = s.update(ctx, func(tx *sql.Tx) error {
		if _, err := lockIncident(ctx, tx, incidentID, version); err != nil {
			return err
		}
		if err := checkMediators(ctx, tx, ids); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_mediators WHERE incident_id = ?`, incidentID); err != nil {
			return err
		}
		for _, m := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO incident_mediators (incident_id, mediator_id) VALUES (?, ?)`, incidentID, m); err != nil {
				return err
			}
		}
		_, err := touchIncident(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: actorID,
			ActorName: actorName, Kind: data.EventAssigned, Note: contract.AssignedNote(ids)})
		if err != nil {
			return err
		}
		out, err = scanIncident(tx.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, incidentID))
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
	err := s.update(ctx, func(tx *sql.Tx) error {
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
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET cell_code = ?, near_cell = NULL, near_distance_m = 0
			WHERE id = ?`, cellCode, incidentID); err != nil {
			return err
		}
		_, err = touchIncident(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: actorID,
			ActorName: actorName, Kind: data.EventReassigned, Note: data.ReassignedNote(from, cellCode, reason)})
		if err != nil {
			return err
		}
		out, err = scanIncident(tx.QueryRowContext(ctx, incidentSelect+` WHERE id = ?`, incidentID))
		return err
	})
	if err != nil {
		return nil, translate("reassign incident", err)
	}
	return &out, nil
}

// lockIncident returns the cell of an incident about to change, or
// ENOTFOUND, or ECONFLICT when version is not 0 and not the incident's. The
// write transaction holds the write lock already, so nothing changes the
// incident before it commits.
func lockIncident(ctx context.Context, tx *sql.Tx, id, version int64) (string, error) {
	var status, cell string
	var current int64
	err := tx.QueryRowContext(ctx, `SELECT status, version, cell_code FROM incidents WHERE id = ?`, id).Scan(&status, &current, &cell)
	if errors.Is(err, sql.ErrNoRows) {
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
func touchIncident(ctx context.Context, tx *sql.Tx, e data.IncidentEvent) (int64, error) {
	var version int64
	if err := tx.QueryRowContext(ctx, `UPDATE incidents SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
		formatTime(e.At), e.IncidentID).Scan(&version); err != nil {
		return 0, err
	}
	if err := insertEvent(ctx, tx, e); err != nil {
		return 0, err
	}
	return version, bumpIncidents(ctx, tx)
}

// checkMediators returns EINVALID naming "mediators" for an ID that is no
// mediator's.
func checkMediators(ctx context.Context, tx *sql.Tx, ids []int64) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM mediators WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	var found []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		found = append(found, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return contract.CheckMediators(ids, found)
}
