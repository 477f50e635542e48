-- Version 12: notifications. The inbox holds each user's own notices
-- (assigned, returned, mentioned, overdue at a stage, ...); its kinds are a
-- lookup table, so that a new kind is one INSERT. A notice with a key is
-- made once: the unique (user_id, key) makes a periodic scan, such as the
-- overdue one ('overdue:<incident>:<stage>'), idempotent across restarts
-- and processes sharing the database. The outbox holds the messages for
-- the outbound webhook, with their attempts and the next try's time; each
-- attempt is a row of the delivery log.

CREATE TABLE notification_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO notification_kinds (code) VALUES ('assigned'), ('returned'), ('mentioned'), ('overdue');

CREATE TABLE notifications (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL REFERENCES notification_kinds (code),
	incident_id INTEGER REFERENCES incidents (id),
	stage       TEXT NOT NULL DEFAULT '',
	key         TEXT, -- NULL: no dedupe
	created_at  TEXT NOT NULL,
	read_at     TEXT,
	UNIQUE (user_id, key)
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE notify_outbox (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	key          TEXT NOT NULL UNIQUE,
	body         TEXT NOT NULL, -- the message, without personal data
	created_at   TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TEXT NOT NULL,
	delivered_at TEXT,
	failed       INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1))
) STRICT;
CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE delivered_at IS NULL AND failed = 0;

CREATE TABLE notify_deliveries (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	outbox_id INTEGER NOT NULL REFERENCES notify_outbox (id) ON DELETE CASCADE,
	attempt   INTEGER NOT NULL,
	at        TEXT NOT NULL,
	status    INTEGER NOT NULL, -- HTTP status, 0 when none came
	error     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX notify_deliveries_outbox ON notify_deliveries (outbox_id, id);
