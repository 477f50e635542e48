package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// AddFollowup implements data.Store: in one transaction it locks the
// incident, refuses it unless resolved (domain.CheckFollowupOn), stores
// the 回访 and makes the changes and events domain.Followed gives.
func (s *Store) AddFollowup(ctx context.Context, f *data.Followup, version int64) (*data.Incident, error) {
	n, err := domain.NewFollowup(f, time.Now())
	if err != nil {
		return nil, err
	}
	in, err := s.addToIncident(ctx, "add followup", "followups", n.IncidentID, version, n.RecorderID,
		func(tx conn, in *data.Incident, count int, actor string) ([]data.IncidentEvent, error) {
			if err := domain.CheckFollowupOn(in.Status, count); err != nil {
				return nil, err
			}
			err := tx.row(ctx, `INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed,
				note, recorder_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				n.IncidentID, n.Method, n.Reached, nullString(n.Performed), nullString(n.Satisfaction), n.Passed,
				n.Note, n.RecorderID, s.time(n.At)).Scan(&n.ID)
			var es []data.IncidentEvent
			*in, es = domain.Followed(*in, n, actor)
			return es, err
		})
	if err != nil {
		return nil, err
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
func (s *Store) Followups(ctx context.Context, ids ...int64) ([]data.Followup, error) {
	return list(ctx, s, "followups", s.followupFields, `SELECT `+followupColumns+` FROM followups
		WHERE incident_id IN `+s.elements("bigint")+` ORDER BY incident_id, at, id`, s.d.List(domain.EmptyIfNil(ids)))
}
