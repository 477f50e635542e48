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

-- One row per mediation session (调解记录); its mediators in
-- mediation_mediators. An agreement has its text or its reference.
CREATE TABLE mediation_records (
	id             INTEGER PRIMARY KEY,
	incident_id    INTEGER NOT NULL REFERENCES incidents (id),
	at             TEXT NOT NULL,
	outcome        TEXT NOT NULL CHECK (outcome IN ('agreement', 'no_agreement', 'ongoing')),
	agreement_text TEXT NOT NULL,
	agreement_ref  TEXT NOT NULL,
	follow_up_on   TEXT,
	note           TEXT NOT NULL,
	recorder_id    INTEGER NOT NULL CHECK (recorder_id >= 0),
	created_at     TEXT NOT NULL,
	CHECK (outcome <> 'agreement' OR agreement_text <> '' OR agreement_ref <> '')
) STRICT;
CREATE INDEX mediation_records_incident ON mediation_records (incident_id, at, id);

CREATE TABLE mediation_mediators (
	record_id   INTEGER NOT NULL REFERENCES mediation_records (id),
	mediator_id INTEGER NOT NULL REFERENCES mediators (id),
	PRIMARY KEY (record_id, mediator_id)
) STRICT, WITHOUT ROWID;
