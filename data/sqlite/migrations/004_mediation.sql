-- Version 4: mediation records, and timeline events for them, for
-- replacing the assigned mediators and for moving an incident to another
-- cell. SQLite cannot change the CHECK constraint on the event kind in
-- place, so incident_events is rebuilt (nothing references it): copied with
-- its IDs, dropped (which fires no trigger), renamed, and given back its
-- index and append-only triggers.

CREATE TABLE incident_events_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_id INTEGER NOT NULL REFERENCES incidents (id),
	at          TEXT NOT NULL,
	actor_id    INTEGER NOT NULL,
	actor_name  TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('created', 'transition', 'mediation', 'assigned', 'reassigned')),
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	note        TEXT NOT NULL
) STRICT;
INSERT INTO incident_events_new (id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note FROM incident_events;
DROP TABLE incident_events;
ALTER TABLE incident_events_new RENAME TO incident_events;
CREATE INDEX incident_events_incident ON incident_events (incident_id, at, id);

CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
BEGIN
	SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;
CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
BEGIN
	SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;

-- The mediation records and their mediators are the part of version 4
-- both stores share (data/internal/sqlstore/migrations/004_mediation.sql).
