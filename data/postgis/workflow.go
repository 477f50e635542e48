package postgis

import (
	"context"

	"github.com/jackc/pgx/v5"

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
