package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// AddMediationRecord implements data.Store.
func (s *Store) AddMediationRecord(ctx context.Context, r *data.MediationRecord) (int64, error) {
	n, err := domain.NewMediationRecord(r, time.Now())
	if err != nil {
		return 0, err
	}
	version, err := s.addToIncident(ctx, "mediation_records", domain.CheckMediationCount, func(tx conn) error {
		if err := s.checkMediators(ctx, tx, n.MediatorIDs); err != nil {
			return err
		}
		err := tx.row(ctx, `INSERT INTO mediation_records (incident_id, at, outcome, agreement_text,
			agreement_ref, follow_up_on, note, amount_fen, prevented_crime, prevented_petition, recorder_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.IncidentID, s.time(n.At), n.Outcome, n.AgreementText, n.AgreementRef, s.nullTime(n.FollowUpOn),
			n.Note, int64(n.AmountAgreed), n.PreventedCrime, n.PreventedPetition, n.RecorderID, s.time(n.CreatedAt)).Scan(&n.ID)
		if err != nil {
			return err
		}
		return s.insertMediators(ctx, tx, `mediation_mediators (record_id, mediator_id)`, n.ID, n.MediatorIDs)
	}, data.IncidentEvent{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.RecorderID, Kind: data.EventMediation, Note: n.Outcome})
	if err != nil {
		return 0, s.d.Translate("add mediation record", err)
	}
	*r = n
	return version, nil
}

// mediationColumns and mediationFields read a mediation record of r.
func (s *Store) mediationColumns() string {
	return `id, incident_id,
		(SELECT ` + s.d.ListAgg("mediator_id", "mediator_id") + ` FROM mediation_mediators m WHERE m.record_id = r.id),
		at, outcome, agreement_text, agreement_ref, follow_up_on, note, amount_fen, prevented_crime, prevented_petition,
		recorder_id, created_at`
}

func (s *Store) mediationFields(r *data.MediationRecord) []any {
	return []any{&r.ID, &r.IncidentID, s.d.ListDest(&r.MediatorIDs), s.at(&r.At), &r.Outcome, &r.AgreementText,
		&r.AgreementRef, s.atOrNil(&r.FollowUpOn), &r.Note, (*int64)(&r.AmountAgreed), &r.PreventedCrime, &r.PreventedPetition,
		&r.RecorderID, s.at(&r.CreatedAt)}
}

// MediationRecords implements data.Store.
func (s *Store) MediationRecords(ctx context.Context, incidentID int64) ([]data.MediationRecord, error) {
	return emptyMediators(ofIncident(ctx, s, "mediation records", incidentID, `SELECT `+s.mediationColumns()+`
		FROM mediation_records r WHERE incident_id = ? ORDER BY at, id`, s.mediationFields))
}

// MediationRecordsOf implements data.Store.
func (s *Store) MediationRecordsOf(ctx context.Context, ids []int64) ([]data.MediationRecord, error) {
	return emptyMediators(list(ctx, s, "mediation records of incidents", s.mediationFields, `SELECT `+s.mediationColumns()+` FROM mediation_records r
		WHERE incident_id IN (SELECT value FROM `+s.d.Elements("bigint")+`) ORDER BY incident_id, at, id`, s.d.List(domain.EmptyIfNil(ids))))
}

// emptyMediators gives the records read without mediators an empty list,
// so that JSON shows [].
func emptyMediators(rs []data.MediationRecord, err error) ([]data.MediationRecord, error) {
	for i := range rs {
		rs[i].MediatorIDs = domain.EmptyIfNil(rs[i].MediatorIDs)
	}
	return rs, err
}

// AssignMediators implements data.Store.
func (s *Store) AssignMediators(ctx context.Context, a data.Assignment) (*data.Incident, error) {
	ids, err := domain.AssignedMediators(a.Mediators)
	if err == nil {
		err = domain.CheckVersion(a.Version)
	}
	if err != nil {
		return nil, err
	}
	e := data.IncidentEvent{IncidentID: a.IncidentID, At: domain.OrTime(a.At, time.Now()), ActorID: a.ActorID,
		ActorName: a.ActorName, Kind: data.EventAssigned, Note: domain.AssignedNote(ids)}
	return s.changeIncident(ctx, "assign mediators", a.Version, &e, func(tx conn, _ string) error {
		if err := s.checkMediators(ctx, tx, ids); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM incident_mediators WHERE incident_id = ?`, a.IncidentID); err != nil {
			return err
		}
		return s.insertMediators(ctx, tx, `incident_mediators (incident_id, mediator_id)`, a.IncidentID, ids)
	})
}

// changeIncident is the shape of a write that changes an incident, in one
// transaction: it locks the incident (see lockIncident), runs change with
// the incident's cell, appends *e (as change leaves it) with
// touchIncidents and returns the incident as it is now.
func (s *Store) changeIncident(ctx context.Context, op string, version int64, e *data.IncidentEvent,
	change func(tx conn, cell string) error) (*data.Incident, error) {
	return write(ctx, s, op, func(tx conn) (*data.Incident, error) {
		cell, err := s.lockIncident(ctx, tx, e.IncidentID, version)
		if err != nil {
			return nil, err
		}
		if err := change(tx, cell); err != nil {
			return nil, err
		}
		if _, err := s.touchIncidents(ctx, tx, *e); err != nil {
			return nil, err
		}
		in, err := s.readIncident(ctx, tx, e.IncidentID)
		return &in, err
	})
}

// ReassignIncident implements data.Store.
func (s *Store) ReassignIncident(ctx context.Context, r data.Reassignment) (*data.Incident, error) {
	if err := domain.CheckReassign(r.CellCode, r.Reason, r.Version); err != nil {
		return nil, err
	}
	e := data.IncidentEvent{IncidentID: r.IncidentID, At: domain.OrTime(r.At, time.Now()), ActorID: r.ActorID,
		ActorName: r.ActorName, Kind: data.EventReassigned}
	return s.changeIncident(ctx, "reassign incident", r.Version, &e, func(tx conn, from string) error {
		if ok, err := exists(ctx, tx, "cells", r.CellCode); err != nil || !ok {
			return cmp.Or(err, error(data.FieldErrorf("cell", "There is no cell %s.", r.CellCode)))
		}
		if err := domain.CheckReassignTo(from, r.CellCode); err != nil {
			return err
		}
		e.Note = domain.ReassignedNote(from, r.CellCode, r.Reason)
		_, err := tx.exec(ctx, `UPDATE incidents SET cell_code = ?, near_cell = NULL, near_distance_m = 0
			WHERE id = ?`, r.CellCode, r.IncidentID)
		return err
	})
}

// lockIncident locks an incident's row for the change to come (on SQLite
// the write transaction holds the write lock already) and returns its
// cell, or ENOTFOUND, or ECONFLICT, naming its status and version, when
// version is not 0 and not the incident's (-1: never). A concurrent
// change waits for the lock and then sees the committed version.
func (s *Store) lockIncident(ctx context.Context, tx conn, id, version int64) (string, error) {
	var status, cell string
	var current int64
	err := tx.row(ctx, `SELECT status, version, cell_code FROM incidents WHERE id = ?`+s.d.ForUpdate(), id).
		Scan(&status, &current, &cell)
	if err != nil {
		return "", noRows(err, notFound("incident", id))
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
