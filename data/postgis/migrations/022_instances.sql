-- Version 22: several instances on one schema.
--
-- Every commit that moves the revision row sends a notice on the schema's
-- channel (revision_channel), which Store.WatchChanges listens on, so that
-- other instances drop their cached map at once instead of polling. A
-- trigger rather than a pg_notify beside each UPDATE revision in the
-- queries: it fires in the transaction of every bump (the stores' writes,
-- Load, a migration, an administrator's SQL), and a notice goes out only
-- if that transaction commits. The payload is the new revision, for
-- people reading the notices; listeners only learn that it moved.
--
-- The shared part (data/internal/sqlstore/migrations/022_instances.sql)
-- indexes the rate limits below.

-- revision_channel is the channel of the store in schema s:
-- gridmap.<schema>, or gridmap.<md5 of it> when that would exceed
-- PostgreSQL's 63 bytes of a name, so that pg_notify never fails a write.
CREATE FUNCTION revision_channel(s text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT
	AS $$ SELECT CASE WHEN octet_length('gridmap.' || s) <= 63 THEN 'gridmap.' || s ELSE 'gridmap.' || md5(s) END $$;

-- The search_path of the migration is pinned, so that a writer with
-- another search_path still finds revision_channel.
CREATE FUNCTION revision_notify() RETURNS trigger
	LANGUAGE plpgsql SET search_path FROM CURRENT
	AS $$
BEGIN
	PERFORM pg_notify(revision_channel(TG_TABLE_SCHEMA), NEW.cells || ',' || NEW.incidents);
	RETURN NULL;
END
$$;

CREATE TRIGGER revision_notify AFTER UPDATE ON revision
	FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION revision_notify();

-- The rate limits every instance shares (data.Store.TakeRate): one row per
-- bucket that took lately, kept as the time at which it would be full
-- again (the generic cell rate algorithm's theoretical arrival time); a
-- row whose tat has passed is a full bucket, and goes.
CREATE TABLE rate_limits (
	bucket text PRIMARY KEY,
	tat timestamptz NOT NULL
);
