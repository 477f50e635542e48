package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// ExtendReply implements data.Store: the incident is read under its lock
// (changeIncident), checked (domain.CheckExtendable) and its reply clock
// moved on by the days, in one transaction with the event.
func (s *Store) ExtendReply(ctx context.Context, e data.ReplyExtension) (*data.Incident, error) {
	if err := domain.CheckExtension(e.Days, e.Reason, e.Version); err != nil {
		return nil, err
	}
	ev := data.IncidentEvent{IncidentID: e.IncidentID, At: domain.OrTime(e.At, time.Now()), ActorID: e.ActorID,
		ActorName: e.ActorName, Kind: data.EventExtended, Note: domain.ExtendedNote(e.Days, e.Reason)}
	return s.changeIncident(ctx, "extend reply", e.Version, &ev, func(tx conn, _ string) error {
		in, err := s.readIncident(ctx, tx, e.IncidentID)
		if err != nil {
			return err
		}
		if err := domain.CheckExtendable(&in); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE incidents SET extension_days = ?, reply_since = ? WHERE id = ?`,
			e.Days, s.time(domain.Extended(*in.ReplySince, e.Days)), e.IncidentID)
		return err
	})
}
