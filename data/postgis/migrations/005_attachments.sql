-- Version 5: photos of incidents. The metadata and the bytes live in two
-- tables, so that listing an incident's photos never reads their content;
-- the database is the store that every instance of the service shares.

ALTER TABLE incident_events DROP CONSTRAINT incident_events_kind_check;
ALTER TABLE incident_events ADD CONSTRAINT incident_events_kind_check
	CHECK (kind IN ('created', 'transition', 'mediation', 'assigned', 'reassigned', 'attachment'));

-- The photos' tables, written alike by both stores: the shared
-- 005_attachments.sql (data/internal/sqlstore/migrations).
{{template "attachments"}}

-- The bytes: never compressed again by TOAST (photos are compressed already).
ALTER TABLE attachment_contents ALTER COLUMN content SET STORAGE EXTERNAL;
