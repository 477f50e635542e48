package sqlstore

import (
	"context"
	"strconv"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// AddFollowup implements data.Store: in one transaction it locks the
// incident, refuses it unless resolved, stores the 回访 and appends its
// event; a passed one sets the incident's FollowupPassedAt, a failed one
// (domain.FollowupFailed) takes the incident back to mediating, with a
// transition event whose note is the reason.
func (s *Store) AddFollowup(ctx context.Context, f *data.Followup, version int64) (*data.Incident, error) {
	n, err := domain.NewFollowup(f, time.Now())
	if err == nil {
		err = domain.CheckVersion(version)
	}
	if err != nil {
		return nil, err
	}
	in, err := write(ctx, s, "add followup", func(tx conn) (*data.Incident, error) {
		if _, err := s.lockIncident(ctx, tx, n.IncidentID, version); err != nil {
			return nil, err
		}
		var status string
		var count int
		if err := tx.row(ctx, `SELECT status, (SELECT count(*) FROM followups WHERE incident_id = ?1)
			FROM incidents WHERE id = ?1`, n.IncidentID).Scan(&status, &count); err != nil {
			return nil, err
		}
		if status != data.StatusResolved {
			return nil, data.Errorf(data.ECONFLICT, "The incident is %s: only a resolved incident has a 回访.", strconv.Quote(status))
		}
		if err := domain.CheckFollowupCount(count); err != nil {
			return nil, err
		}
		err := tx.row(ctx, `INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed,
			note, recorder_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.IncidentID, n.Method, n.Reached, nullString(n.Performed), nullString(n.Satisfaction), n.Passed,
			n.Note, n.RecorderID, s.time(n.At)).Scan(&n.ID)
		if err != nil {
			return nil, err
		}
		name, err := userName(ctx, tx, n.RecorderID)
		if err != nil {
			return nil, err
		}
		es := []data.IncidentEvent{{IncidentID: n.IncidentID, At: n.At, ActorID: n.RecorderID, ActorName: name,
			Kind: data.EventFollowup, Note: domain.FollowupNote(n)}}
		b := &batch{ctx: ctx, tx: tx}
		if n.Passed {
			b.exec(`UPDATE incidents SET followup_passed_at = ? WHERE id = ?`, s.time(n.At), n.IncidentID)
		}
		if domain.FollowupFailed(n) { // never with n.Passed
			// Reopened as a transition to mediating does it: a new stage,
			// no resolution time.
			b.exec(`UPDATE incidents SET status = ?, stage_since = ?, resolved_at = NULL,
				followup_passed_at = NULL WHERE id = ?`, data.StatusMediating, s.time(n.At), n.IncidentID)
			es = append(es, data.IncidentEvent{IncidentID: n.IncidentID, At: n.At, ActorID: n.RecorderID, ActorName: name,
				Kind: data.EventTransition, From: data.StatusResolved, To: data.StatusMediating, Note: "回访 " + domain.FollowupNote(n)})
		}
		if b.err != nil {
			return nil, b.err
		}
		if _, err := s.touchIncidents(ctx, tx, es[0]); err != nil {
			return nil, err
		}
		if len(es) > 1 {
			if err := s.logIncident(ctx, tx, es[1]); err != nil {
				return nil, err
			}
		}
		in, err := s.readIncident(ctx, tx, n.IncidentID)
		return &in, err
	})
	if err != nil {
		return nil, s.d.Translate("add followup", err)
	}
	*f = n
	return in, nil
}

// followupColumns are the columns of a data.Followup, read by followupFields.
const followupColumns = `id, incident_id, method, reached, coalesce(performed, ''), coalesce(satisfaction, ''), passed,
	note, recorder_id, at`

func (s *Store) followupFields(f *data.Followup) []any {
	return []any{&f.ID, &f.IncidentID, &f.Method, &f.Reached, &f.Performed, &f.Satisfaction, &f.Passed,
		&f.Note, &f.RecorderID, s.at(&f.At)}
}

// Followups implements data.Store.
func (s *Store) Followups(ctx context.Context, incidentID int64) ([]data.Followup, error) {
	return ofIncident(ctx, s, "followups", incidentID, `SELECT `+followupColumns+` FROM followups
		WHERE incident_id = ? ORDER BY at, id`, s.followupFields)
}

// FollowupsOf implements data.Store.
func (s *Store) FollowupsOf(ctx context.Context, ids []int64) ([]data.Followup, error) {
	return list(ctx, s, "followups of incidents", s.followupFields, `SELECT `+followupColumns+` FROM followups
		WHERE incident_id IN (SELECT value FROM `+s.d.Elements("bigint")+`) ORDER BY incident_id, at, id`, s.d.List(domain.EmptyIfNil(ids)))
}
