-- Version 19, the part both stores share, run after each store's own
-- 019_petition_reply.sql: the days a petition's reply deadline was
-- extended by (once, 1 to 30; 0 when not), the timeline's 'extended'
-- event, and the reply clock of existing petitions: their first 受理, or
-- for one imported past it (no such event) the start of its stage.
ALTER TABLE incidents ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0 CHECK (extension_days BETWEEN 0 AND 30);
INSERT INTO incident_event_kinds (code) VALUES ('extended');
UPDATE incidents SET reply_since = (SELECT min(e.at) FROM incident_events e
	WHERE e.incident_id = incidents.id AND e.kind = 'transition' AND e.to_status = 'accepted')
WHERE kind = 'petition';
UPDATE incidents SET reply_since = stage_since
WHERE kind = 'petition' AND reply_since IS NULL AND status IN ('accepted', 'mediating', 'escalated');
CREATE INDEX incidents_reply_since ON incidents (reply_since) WHERE reply_since IS NOT NULL;
