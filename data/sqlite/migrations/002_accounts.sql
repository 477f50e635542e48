-- Version 2: accounts and their scopes, browser sessions, API tokens, the
-- append-only audit log, and the mediators assigned to incidents. Times
-- are TEXT in the format of version 1. Accounts, tokens and audit entries
-- take AUTOINCREMENT IDs, never reused, as PostgreSQL's identity columns:
-- the audit log names users by ID.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	username      TEXT NOT NULL UNIQUE, -- BINARY collation: case-sensitive
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'unit_cadre', 'grid_worker', 'mediator', 'viewer')),
	unit_code     TEXT REFERENCES units (code),
	mediator_id   INTEGER REFERENCES mediators (id),
	disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
	created_at    TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT
) STRICT;

-- A grid worker's cells.
CREATE TABLE user_cells (
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	cell_code TEXT NOT NULL REFERENCES cells (code),
	PRIMARY KEY (user_id, cell_code)
) STRICT, WITHOUT ROWID;

-- A session's ID is the SHA-256 of the cookie's secret.
CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	remote     TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	revoked_at   TEXT,
	last_used_at TEXT
) STRICT;
CREATE INDEX tokens_user ON tokens (user_id, id);

-- The audit log outlives accounts, so user_id is no foreign key (0 for
-- nobody, e.g. a failed login with an unknown username).
CREATE TABLE audit (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	at       TEXT NOT NULL,
	user_id  INTEGER NOT NULL,
	username TEXT NOT NULL,
	action   TEXT NOT NULL,
	record   TEXT NOT NULL,
	remote   TEXT NOT NULL,
	detail   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_at ON audit (at, id);
CREATE INDEX audit_user ON audit (user_id, at, id);
CREATE INDEX audit_record ON audit (record, at, id);

-- The audit log is append-only, whoever connects.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE incident_mediators (
	incident_id INTEGER NOT NULL REFERENCES incidents (id),
	mediator_id INTEGER NOT NULL REFERENCES mediators (id),
	PRIMARY KEY (incident_id, mediator_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX incident_mediators_mediator ON incident_mediators (mediator_id, incident_id);
