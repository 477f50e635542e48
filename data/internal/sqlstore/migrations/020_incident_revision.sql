-- Version 20, the part both stores share, run after each store's own
-- 020_incident_revision.sql: the index that finds the incidents written
-- after a revision, and whether the fact pages hold every incident (0
-- until the store fills them).
CREATE INDEX incidents_revision ON incidents (revision);
ALTER TABLE revision ADD COLUMN fact_pages INTEGER NOT NULL DEFAULT 0;
