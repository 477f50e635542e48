-- Version 20: what the statistics read fast (issue 15: the first hotspot
-- answer of a million incidents under a second).
--
-- incidents.revision is the revision of each incident's last write
-- (revision.incidents as it stood after the write), so that the fact
-- table in memory takes in only the incidents written since it was read
-- (data.Store.IncidentFactsSince). Rows written before this version keep
-- 0: before any revision a cache can hold, so a full read covers them.
--
-- incident_fact_pages holds every incident's facts, 1,024 incidents by ID
-- a page, packed (data/internal/sqlstore/factpages.go): a thousand rows
-- to read instead of a million. Every incident write rewrites the pages of
-- the incidents it wrote. revision.fact_pages is 1 once the pages hold
-- every incident: the store fills them when it opens a database without
-- them (this migration leaves them empty, as SQL cannot pack them).
-- The shared part (data/internal/sqlstore/migrations/020_incident_revision.sql)
-- adds the index and the flag.

ALTER TABLE incidents ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE TABLE incident_fact_pages (
	page  bigint PRIMARY KEY,
	facts bytea NOT NULL
);
