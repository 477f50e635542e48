package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"gridmap/data"
)

// AddMediationRecord implements data.Store.
func (s *Store) AddMediationRecord(ctx context.Context, r *data.MediationRecord) (int64, error) {
	n, err := data.NewMediationRecord(r, time.Now())
	if err != nil {
		return 0, err
	}
	version, err := s.addToIncident(ctx, "mediation_records", data.CheckMediationCount, func(tx conn) error {
		if err := s.checkMediators(ctx, tx, n.MediatorIDs); err != nil {
			return err
		}
		err := tx.row(ctx, `INSERT INTO mediation_records (incident_id, at, outcome, agreement_text,
			agreement_ref, follow_up_on, note, recorder_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.IncidentID, s.time(n.At), n.Outcome, n.AgreementText, n.AgreementRef, s.nullTime(n.FollowUpOn),
			n.Note, n.RecorderID, s.time(n.CreatedAt)).Scan(&n.ID)
		if err != nil {
			return err
		}
		return s.insertMediators(ctx, tx, `mediation_mediators (record_id, mediator_id)`, n.ID, n.MediatorIDs)
	}, data.IncidentEvent{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.RecorderID, Kind: data.EventMediation, Note: n.Outcome})
	if err != nil {
		return 0, s.translate("add mediation record", err)
	}
	*r = n
	return version, nil
}

// MediationRecords implements data.Store.
func (s *Store) MediationRecords(ctx context.Context, incidentID int64) ([]data.MediationRecord, error) {
	var rs []data.MediationRecord
	err := s.snapshot(ctx, func(tx conn) error {
		if err := requireIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, incident_id,
			(SELECT `+s.d.ListAgg("mediator_id", "mediator_id")+` FROM mediation_mediators m WHERE m.record_id = r.id),
			at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at
			FROM mediation_records r WHERE incident_id = ? ORDER BY at, id`, incidentID)
		rs, err = collect(rows, err, func(row scanner) (r data.MediationRecord, err error) {
			err = row.Scan(&r.ID, &r.IncidentID, s.d.ListDest(&r.MediatorIDs), s.at(&r.At), &r.Outcome, &r.AgreementText,
				&r.AgreementRef, s.atOrNil(&r.FollowUpOn), &r.Note, &r.RecorderID, s.at(&r.CreatedAt))
			r.MediatorIDs = data.EmptyIfNil(r.MediatorIDs)
			return r, err
		})
		return err
	})
	if err != nil {
		return nil, s.translate("mediation records", err)
	}
	return rs, nil
}

// AssignMediators implements data.Store.
func (s *Store) AssignMediators(ctx context.Context, a data.Assignment) (*data.Incident, error) {
	incidentID, version := a.IncidentID, a.Version
	ids, err := data.AssignedMediators(a.Mediators)
	if err == nil {
		err = data.CheckVersion(version)
	}
	if err != nil {
		return nil, err
	}
	at := data.OrTime(a.At, time.Now())
	var out data.Incident
	err = s.update(ctx, func(tx conn) error {
		if _, err := s.lockIncident(ctx, tx, incidentID, version); err != nil {
			return err
		}
		if err := s.checkMediators(ctx, tx, ids); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM incident_mediators WHERE incident_id = ?`, incidentID); err != nil {
			return err
		}
		if err := s.insertMediators(ctx, tx, `incident_mediators (incident_id, mediator_id)`, incidentID, ids); err != nil {
			return err
		}
		_, err := s.touchIncidents(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: a.ActorID,
			ActorName: a.ActorName, Kind: data.EventAssigned, Note: data.AssignedNote(ids)})
		if err != nil {
			return err
		}
		out, err = s.readIncident(ctx, tx, incidentID)
		return err
	})
	if err != nil {
		return nil, s.translate("assign mediators", err)
	}
	return &out, nil
}

// ReassignIncident implements data.Store.
func (s *Store) ReassignIncident(ctx context.Context, r data.Reassignment) (*data.Incident, error) {
	incidentID, cellCode, version := r.IncidentID, r.CellCode, r.Version
	if err := data.CheckReassign(cellCode, r.Reason, version); err != nil {
		return nil, err
	}
	at := data.OrTime(r.At, time.Now())
	var out data.Incident
	err := s.update(ctx, func(tx conn) error {
		from, err := s.lockIncident(ctx, tx, incidentID, version)
		if err != nil {
			return err
		}
		if ok, err := exists(ctx, tx, "cells", cellCode); err != nil || !ok {
			return cmp.Or(err, error(data.FieldErrorf("cell", "There is no cell %s.", cellCode)))
		}
		if err := data.CheckReassignTo(from, cellCode); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE incidents SET cell_code = ?, near_cell = NULL, near_distance_m = 0
			WHERE id = ?`, cellCode, incidentID); err != nil {
			return err
		}
		_, err = s.touchIncidents(ctx, tx, data.IncidentEvent{IncidentID: incidentID, At: at, ActorID: r.ActorID,
			ActorName: r.ActorName, Kind: data.EventReassigned, Note: data.ReassignedNote(from, cellCode, r.Reason)})
		if err != nil {
			return err
		}
		out, err = s.readIncident(ctx, tx, incidentID)
		return err
	})
	if err != nil {
		return nil, s.translate("reassign incident", err)
	}
	return &out, nil
}

// lockIncident locks an incident's row for the change to come (on SQLite
// the write transaction holds the write lock already) and returns its
// cell, or ENOTFOUND, or ECONFLICT when version is not 0 and not the
// incident's. A concurrent change waits for the lock and then sees the
// committed version.
func (s *Store) lockIncident(ctx context.Context, tx conn, id, version int64) (string, error) {
	var status, cell string
	var current int64
	err := tx.row(ctx, `SELECT status, version, cell_code FROM incidents WHERE id = ?`+s.d.ForUpdate(), id).
		Scan(&status, &current, &cell)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("incident", id)
	}
	if err != nil {
		return "", err
	}
	if version != 0 && version != current {
		return "", data.Errorf(data.ECONFLICT, "The incident is now %s (version %d).", strconv.Quote(status), current)
	}
	return cell, nil
}

// checkMediators returns EINVALID naming "mediators" for an ID that is no
// mediator's.
func (s *Store) checkMediators(ctx context.Context, tx conn, ids []int64) error {
	found, err := s.mediatorsFound(ctx, tx, ids)
	for _, m := range ids {
		if err == nil && !slices.Contains(found, m) {
			return data.FieldErrorf("mediators", "There is no mediator %d.", m)
		}
	}
	return err
}
