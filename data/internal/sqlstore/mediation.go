package sqlstore

import (
	"context"
	"slices"
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
	in, err := s.addToIncident(ctx, "add mediation record", "mediation_records", n.IncidentID, 0, n.RecorderID,
		func(tx conn, _ *data.Incident, count int, actor string) ([]data.IncidentEvent, error) {
			if err := domain.CheckMediationCount(count); err != nil {
				return nil, err
			}
			if err := s.checkMediators(ctx, tx, n.MediatorIDs); err != nil {
				return nil, err
			}
			err := tx.row(ctx, `INSERT INTO mediation_records (incident_id, at, outcome, agreement_text,
				agreement_ref, follow_up_on, note, amount_fen, prevented_crime, prevented_petition, recorder_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				n.IncidentID, s.time(n.At), n.Outcome, n.AgreementText, n.AgreementRef, s.nullTime(n.FollowUpOn),
				n.Note, int64(n.AmountAgreed), n.PreventedCrime, n.PreventedPetition, n.RecorderID, s.time(n.CreatedAt)).Scan(&n.ID)
			b := &batch{ctx: ctx, tx: tx, err: err}
			s.insertMediators(b, `mediation_mediators (record_id, mediator_id)`, n.ID, n.MediatorIDs)
			return []data.IncidentEvent{{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.RecorderID, ActorName: actor,
				Kind: data.EventMediation, Note: n.Outcome}}, b.err
		})
	if err != nil {
		return 0, err
	}
	*r = n
	return in.Version, nil
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
func (s *Store) MediationRecords(ctx context.Context, ids ...int64) ([]data.MediationRecord, error) {
	return list(ctx, s, "mediation records", s.mediationFields, `SELECT `+s.mediationColumns()+` FROM mediation_records r
		WHERE incident_id IN `+s.elements("bigint")+` ORDER BY incident_id, at, id`, s.d.List(domain.EmptyIfNil(ids)))
}

// AssignMediators implements data.Store.
func (s *Store) AssignMediators(ctx context.Context, a data.Assignment) (*data.Incident, error) {
	ids, err := domain.AssignedMediators(a.Mediators)
	if err != nil {
		return nil, err
	}
	e := data.IncidentEvent{IncidentID: a.IncidentID, At: domain.OrTime(a.At, time.Now()), ActorID: a.ActorID,
		ActorName: a.ActorName, Kind: data.EventAssigned, Note: domain.AssignedNote(ids)}
	return s.changeIncident(ctx, "assign mediators", a.IncidentID, a.Version, nil, func(tx conn, _ *data.Incident) ([]data.IncidentEvent, error) {
		b := &batch{ctx: ctx, tx: tx, err: s.checkMediators(ctx, tx, ids)}
		b.exec(`DELETE FROM incident_mediators WHERE incident_id = ?`, a.IncidentID)
		s.insertMediators(b, `incident_mediators (incident_id, mediator_id)`, a.IncidentID, ids)
		return []data.IncidentEvent{e}, b.err
	})
}

// ReassignIncident implements data.Store.
func (s *Store) ReassignIncident(ctx context.Context, r data.Reassignment) (*data.Incident, error) {
	if err := domain.CheckReassign(r.CellCode, r.Reason, r.Version); err != nil {
		return nil, err
	}
	e := data.IncidentEvent{IncidentID: r.IncidentID, At: domain.OrTime(r.At, time.Now()), ActorID: r.ActorID,
		ActorName: r.ActorName, Kind: data.EventReassigned}
	return s.changeIncident(ctx, "reassign incident", r.IncidentID, r.Version, nil, func(tx conn, in *data.Incident) ([]data.IncidentEvent, error) {
		if err := mustCell(ctx, tx, "cell", r.CellCode); err != nil {
			return nil, err
		}
		var err error
		*in, e.Note, err = domain.Reassigned(*in, r.CellCode, r.Reason)
		return []data.IncidentEvent{e}, err
	})
}

// checkMediators returns EINVALID naming "mediators" for an ID that is no
// mediator's; none (a report not yet assigned) needs no query.
func (s *Store) checkMediators(ctx context.Context, tx conn, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT id FROM mediators WHERE id IN `+s.elements("bigint"), s.d.List(ids))
	found, err := collectFields(rows, err, func(id *int64) []any { return []any{id} })
	for _, m := range ids {
		if err == nil && !slices.Contains(found, m) {
			return data.FieldErrorf("mediators", "There is no mediator %d.", m)
		}
	}
	return err
}
