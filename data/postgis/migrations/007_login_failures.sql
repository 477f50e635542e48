-- Version 7: failed logins are counted per (username, client address)
-- rather than per account, so that wrong passwords from one address never
-- lock the account for its owner elsewhere, and unknown usernames are
-- counted alike. A record expires (and its lock ends) expires_at, LockFor
-- after its last failure. The per-account counters go; a lock they held
-- ends with them.

CREATE TABLE login_failures (
	username       text COLLATE "C" NOT NULL, -- as typed; it may name no account
	remote         text COLLATE "C" NOT NULL,
	failures       integer NOT NULL CHECK (failures > 0),
	last_failed_at timestamptz NOT NULL,
	locked_until   timestamptz,
	expires_at     timestamptz NOT NULL,
	PRIMARY KEY (username, remote)
);
CREATE INDEX login_failures_expires ON login_failures (expires_at);

ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
