-- Version 15, the part both stores share, run after each store's own
-- 015_mediation_figures.sql: the event an edit of an incident's parties
-- after intake adds to its timeline.
INSERT INTO incident_event_kinds (code) VALUES ('parties');
