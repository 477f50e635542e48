-- Version 3: the incident workflow. Incidents gain a priority, their
-- reporter (0 for imported ones; no foreign key, as in the audit log), a
-- version for optimistic concurrency, the time their status was entered,
-- an escalation level, a duplicate-of link, a near-boundary neighbour, and
-- the status "duplicate". SQLite cannot change a CHECK constraint in place,
-- so incidents is rebuilt, and incident_mediators with it, whose foreign
-- key names it: both are copied to new tables, the old ones dropped (the
-- children first, so that no row is ever orphaned) and the new ones
-- renamed, which rewrites their references. Existing incidents get the
-- values and the timeline Load gives a data set that leaves them out.

CREATE TABLE incidents_new (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('dispute', 'petition')),
	type            TEXT NOT NULL,
	source          TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('reported', 'accepted', 'mediating', 'resolved', 'escalated', 'closed', 'duplicate')),
	summary         TEXT NOT NULL,
	description     TEXT NOT NULL,
	parties         TEXT NOT NULL CHECK (json_type(parties) = 'array'),
	cell_code       TEXT NOT NULL REFERENCES cells (code),
	lon             REAL NOT NULL,
	lat             REAL NOT NULL,
	reported_at     TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	resolved_at     TEXT,
	priority        TEXT NOT NULL CHECK (priority IN ('normal', 'high', 'urgent')),
	reporter_id     INTEGER NOT NULL CHECK (reporter_id >= 0),
	version         INTEGER NOT NULL CHECK (version >= 1),
	stage_since     TEXT NOT NULL,
	escalation      INTEGER NOT NULL CHECK (escalation BETWEEN 0 AND 2),
	duplicate_of    INTEGER REFERENCES incidents_new (id),
	near_cell       TEXT REFERENCES cells (code),
	near_distance_m REAL NOT NULL CHECK (near_distance_m >= 0),
	CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
	CHECK (status <> 'escalated' OR escalation >= 1)
) STRICT;
INSERT INTO incidents_new (id, kind, type, source, status, summary, description, parties, cell_code, lon, lat,
	reported_at, updated_at, resolved_at, priority, reporter_id, version, stage_since, escalation, duplicate_of,
	near_cell, near_distance_m)
SELECT id, kind, type, source, status, summary, description, parties, cell_code, lon, lat,
	reported_at, updated_at, resolved_at, 'normal', 0, 1, updated_at, CASE WHEN status = 'escalated' THEN 1 ELSE 0 END, NULL,
	NULL, 0
FROM incidents;

CREATE TABLE incident_mediators_new (
	incident_id INTEGER NOT NULL REFERENCES incidents_new (id),
	mediator_id INTEGER NOT NULL REFERENCES mediators (id),
	PRIMARY KEY (incident_id, mediator_id)
) STRICT, WITHOUT ROWID;
INSERT INTO incident_mediators_new (incident_id, mediator_id) SELECT incident_id, mediator_id FROM incident_mediators;

DROP TABLE incident_mediators;
DROP TABLE incidents;
ALTER TABLE incidents_new RENAME TO incidents;
ALTER TABLE incident_mediators_new RENAME TO incident_mediators;

CREATE INDEX incidents_cell ON incidents (cell_code, status);
CREATE INDEX incidents_reported ON incidents (reported_at, id);
CREATE INDEX incidents_lonlat ON incidents (lon, lat);
CREATE INDEX incidents_stage ON incidents (status, stage_since);
CREATE INDEX incident_mediators_mediator ON incident_mediators (mediator_id, incident_id);

-- The timeline, written alike by both stores: the shared 003_workflow.sql.
{{template "incident_events"}}

CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
BEGIN
	SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;
CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
BEGIN
	SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;

-- Idempotency keys of CreateIncident: a reporter's key names the incident
-- its first request created, written in the same transaction.
CREATE TABLE incident_keys (
	reporter_id INTEGER NOT NULL,
	key         TEXT NOT NULL,
	incident_id INTEGER NOT NULL REFERENCES incidents (id),
	created_at  TEXT NOT NULL,
	PRIMARY KEY (reporter_id, key)
) STRICT, WITHOUT ROWID;

-- The timeline's table and its backfill for the incidents already stored
-- are the part of version 3 both stores share
-- (data/internal/sqlstore/migrations/003_workflow.sql).
