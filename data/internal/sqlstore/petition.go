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
	return s.changeIncident(ctx, "extend reply", e.IncidentID, e.Version, nil, func(_ conn, in *data.Incident) ([]data.IncidentEvent, error) {
		if err := domain.CheckExtendable(in); err != nil {
			return nil, err
		}
		since := domain.Extended(*in.ReplySince, e.Days)
		in.ExtensionDays, in.ReplySince = e.Days, &since
		return []data.IncidentEvent{ev}, nil
	})
}
