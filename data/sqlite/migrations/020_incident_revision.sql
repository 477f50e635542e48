-- Version 20: the revision of each incident's last write (revision.incidents
-- as it stood after the write), so that the statistics' fact table in
-- memory takes in only the incidents written since it was read
-- (data.Store.IncidentFactsSince) instead of reading them all again. Rows
-- written before this version keep 0: before any revision a cache can
-- hold, so a full read covers them. The index is in the shared part
-- (data/internal/sqlstore/migrations/020_incident_revision.sql).

ALTER TABLE incidents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
