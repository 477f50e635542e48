-- Version 22: the rate limits every process on the database shares
-- (data.Store.TakeRate): one row per bucket that took lately, kept as the
-- time at which it would be full again (the generic cell rate algorithm's
-- theoretical arrival time); a row whose tat has passed is a full bucket,
-- and goes. On PostGIS the same version also makes every
-- commit that moves the revision notify the other instances; a SQLite
-- file has one server, so it needs no notices. The shared part
-- (data/internal/sqlstore/migrations/022_instances.sql) indexes the table.

CREATE TABLE rate_limits (
	bucket TEXT PRIMARY KEY,
	tat TEXT NOT NULL
) STRICT;
