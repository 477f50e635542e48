package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"gridmap/data"
)

// eventCols are the columns of incident_events that eventRow fills.
var eventCols = []string{"incident_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "note"}

func eventRow(e data.IncidentEvent) []any {
	return []any{e.IncidentID, formatTime(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note}
}

// insertEvent appends one event to an incident's timeline.
func insertEvent(ctx context.Context, tx *sql.Tx, e data.IncidentEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incident_events (`+strings.Join(eventCols, ", ")+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, eventRow(e)...)
	return err
}

// bumpIncidents counts an incident write in the revision.
func bumpIncidents(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE revision SET incidents = incidents + 1`)
	return err
}
