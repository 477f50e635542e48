-- Version 8: the enumerations that grow (event kinds, statuses, roles, ...)
-- move from CHECK constraints into lookup tables, which the columns using
-- them reference, so that a new value is one INSERT in a migration, e.g.
--
--	INSERT INTO incident_event_kinds (code) VALUES ('follow_up');
--
-- rather than a table rebuild such as 004's and 005's. Mediators' category,
-- which Load has always checked but the schema never did, gains its table
-- too. The codes are the Go constants of package data; the columns keep
-- them as text, so no query changes.
--
-- This is the last rebuild: SQLite cannot drop a CHECK constraint or add a
-- foreign key in place, so each table using a lookup is copied to a new
-- table (with its IDs and, for AUTOINCREMENT, its sequence), dropped,
-- renamed and given back its indexes and triggers. The migrator runs with
-- foreign keys off, as SQLite's procedure for such changes requires, so
-- that dropping a table others reference deletes nothing; it checks every
-- foreign key before committing.

CREATE TABLE unit_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO unit_kinds (code) VALUES ('community'), ('village');
CREATE TABLE cell_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO cell_kinds (code) VALUES ('rural'), ('community');
CREATE TABLE mediator_categories (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO mediator_categories (code) VALUES ('town_centre'), ('town_elder'), ('cadre'), ('police'), ('lawyer'), ('elder');
CREATE TABLE incident_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO incident_kinds (code) VALUES ('dispute'), ('petition');
CREATE TABLE incident_statuses (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO incident_statuses (code) VALUES ('reported'), ('accepted'), ('mediating'), ('resolved'), ('escalated'), ('closed'), ('duplicate');
CREATE TABLE incident_priorities (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO incident_priorities (code) VALUES ('normal'), ('high'), ('urgent');
CREATE TABLE incident_event_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO incident_event_kinds (code) VALUES ('created'), ('transition'), ('mediation'), ('assigned'), ('reassigned'), ('attachment');
CREATE TABLE mediation_outcomes (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO mediation_outcomes (code) VALUES ('agreement'), ('no_agreement'), ('ongoing');
CREATE TABLE attachment_types (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO attachment_types (code) VALUES ('image/jpeg'), ('image/png'), ('image/webp');
CREATE TABLE user_roles (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO user_roles (code) VALUES ('admin'), ('leader'), ('unit_cadre'), ('grid_worker'), ('mediator'), ('viewer');

CREATE TABLE units_new (
	code      TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	kind      TEXT NOT NULL REFERENCES unit_kinds (code),
	town_code TEXT NOT NULL REFERENCES town (code),
	geom      BLOB
) STRICT;
INSERT INTO units_new (code, name, kind, town_code, geom) SELECT code, name, kind, town_code, geom FROM units;
DROP TABLE units;
ALTER TABLE units_new RENAME TO units;

CREATE TABLE cells_new (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	unit_code  TEXT NOT NULL REFERENCES units (code),
	kind       TEXT NOT NULL REFERENCES cell_kinds (code),
	population INTEGER NOT NULL,
	households INTEGER NOT NULL,
	area_m2    REAL NOT NULL,
	geom       BLOB,
	minx       REAL,
	miny       REAL,
	maxx       REAL,
	maxy       REAL
) STRICT;
INSERT INTO cells_new (code, name, unit_code, kind, population, households, area_m2, geom, minx, miny, maxx, maxy)
SELECT code, name, unit_code, kind, population, households, area_m2, geom, minx, miny, maxx, maxy FROM cells;
DROP TABLE cells;
ALTER TABLE cells_new RENAME TO cells;
CREATE INDEX cells_unit ON cells (unit_code);
CREATE INDEX cells_bbox ON cells (minx, miny, maxx, maxy);

CREATE TABLE cell_history_new (
	code         TEXT NOT NULL,
	valid_from   INTEGER NOT NULL REFERENCES boundary_versions (number),
	valid_to     INTEGER REFERENCES boundary_versions (number),
	name         TEXT NOT NULL,
	unit_code    TEXT NOT NULL REFERENCES units (code),
	kind         TEXT NOT NULL REFERENCES cell_kinds (code),
	area_m2      REAL NOT NULL,
	geom         BLOB,
	PRIMARY KEY (code, valid_from),
	CHECK (valid_to IS NULL OR valid_to > valid_from)
) STRICT;
INSERT INTO cell_history_new (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
SELECT code, valid_from, valid_to, name, unit_code, kind, area_m2, geom FROM cell_history;
DROP TABLE cell_history;
ALTER TABLE cell_history_new RENAME TO cell_history;
CREATE INDEX cell_history_versions ON cell_history (valid_from, valid_to);

CREATE TABLE mediators_new (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	role      TEXT NOT NULL,
	category  TEXT NOT NULL REFERENCES mediator_categories (code),
	unit_code TEXT REFERENCES units (code),
	phone     TEXT NOT NULL
) STRICT;
INSERT INTO mediators_new (id, name, role, category, unit_code, phone) SELECT id, name, role, category, unit_code, phone FROM mediators;
DROP TABLE mediators;
ALTER TABLE mediators_new RENAME TO mediators;
CREATE INDEX mediators_unit ON mediators (unit_code);

CREATE TABLE users_new (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	username      TEXT NOT NULL UNIQUE, -- BINARY collation: case-sensitive
	name          TEXT NOT NULL,
	role          TEXT NOT NULL REFERENCES user_roles (code),
	unit_code     TEXT REFERENCES units (code),
	mediator_id   INTEGER REFERENCES mediators (id),
	disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
	created_at    TEXT NOT NULL,
	password_hash TEXT NOT NULL
) STRICT;
INSERT INTO users_new (id, username, name, role, unit_code, mediator_id, disabled, created_at, password_hash)
SELECT id, username, name, role, unit_code, mediator_id, disabled, created_at, password_hash FROM users;
-- The sequence goes on from the old table's, which may be past the
-- largest ID left.
DELETE FROM sqlite_sequence WHERE name = 'users_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'users_new', seq FROM sqlite_sequence WHERE name = 'users';
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE incidents_new (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL REFERENCES incident_kinds (code),
	type            TEXT NOT NULL,
	source          TEXT NOT NULL,
	status          TEXT NOT NULL REFERENCES incident_statuses (code),
	summary         TEXT NOT NULL,
	description     TEXT NOT NULL,
	parties         TEXT NOT NULL CHECK (json_type(parties) = 'array'),
	cell_code       TEXT NOT NULL REFERENCES cells (code),
	lon             REAL NOT NULL,
	lat             REAL NOT NULL,
	reported_at     TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	resolved_at     TEXT,
	priority        TEXT NOT NULL REFERENCES incident_priorities (code),
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
	reported_at, updated_at, resolved_at, priority, reporter_id, version, stage_since, escalation, duplicate_of,
	near_cell, near_distance_m
FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents_new RENAME TO incidents;
CREATE INDEX incidents_cell ON incidents (cell_code, status);
CREATE INDEX incidents_reported ON incidents (reported_at, id);
CREATE INDEX incidents_lonlat ON incidents (lon, lat);
CREATE INDEX incidents_stage ON incidents (status, stage_since);

CREATE TABLE incident_events_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_id INTEGER NOT NULL REFERENCES incidents (id),
	at          TEXT NOT NULL,
	actor_id    INTEGER NOT NULL,
	actor_name  TEXT NOT NULL,
	kind        TEXT NOT NULL REFERENCES incident_event_kinds (code),
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	note        TEXT NOT NULL
) STRICT;
INSERT INTO incident_events_new (id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note FROM incident_events;
DELETE FROM sqlite_sequence WHERE name = 'incident_events_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'incident_events_new', seq FROM sqlite_sequence WHERE name = 'incident_events';
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

CREATE TABLE mediation_records_new (
	id             INTEGER PRIMARY KEY,
	incident_id    INTEGER NOT NULL REFERENCES incidents (id),
	at             TEXT NOT NULL,
	outcome        TEXT NOT NULL REFERENCES mediation_outcomes (code),
	agreement_text TEXT NOT NULL,
	agreement_ref  TEXT NOT NULL,
	follow_up_on   TEXT,
	note           TEXT NOT NULL,
	recorder_id    INTEGER NOT NULL CHECK (recorder_id >= 0),
	created_at     TEXT NOT NULL,
	CHECK (outcome <> 'agreement' OR agreement_text <> '' OR agreement_ref <> '')
) STRICT;
INSERT INTO mediation_records_new (id, incident_id, at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at)
SELECT id, incident_id, at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at FROM mediation_records;
DROP TABLE mediation_records;
ALTER TABLE mediation_records_new RENAME TO mediation_records;
CREATE INDEX mediation_records_incident ON mediation_records (incident_id, at, id);

CREATE TABLE attachments_new (
	id           INTEGER PRIMARY KEY,
	incident_id  INTEGER NOT NULL REFERENCES incidents (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL REFERENCES attachment_types (code),
	size         INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880),
	sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
	uploader_id  INTEGER NOT NULL CHECK (uploader_id >= 0),
	created_at   TEXT NOT NULL
) STRICT;
INSERT INTO attachments_new (id, incident_id, name, content_type, size, sha256, uploader_id, created_at)
SELECT id, incident_id, name, content_type, size, sha256, uploader_id, created_at FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_incident ON attachments (incident_id, created_at, id);
