-- Version 4: mediation records, and timeline events for them, for
-- replacing the assigned mediators and for moving an incident to another
-- cell.

ALTER TABLE incident_events DROP CONSTRAINT incident_events_kind_check;
ALTER TABLE incident_events ADD CONSTRAINT incident_events_kind_check
	CHECK (kind IN ('created', 'transition', 'mediation', 'assigned', 'reassigned'));

-- The mediation records and their mediators are the part of version 4
-- both stores share (data/internal/sqlstore/migrations/004_mediation.sql).
