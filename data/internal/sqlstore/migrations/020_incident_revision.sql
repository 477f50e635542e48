-- Version 20, the part both stores share, run after each store's own
-- 020_incident_revision.sql: the index that finds the incidents written
-- after a revision.
CREATE INDEX incidents_revision ON incidents (revision);
