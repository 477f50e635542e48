-- Version 3, the part both stores share: the timeline's table, which
-- each store's own 003_workflow.sql places (template "incident_events")
-- before its append-only trigger, and after that file the timeline of the
-- incidents already stored.
{{define "incident_events"}}
-- Each incident's timeline: its creation and every transition, append-only
-- like the audit log. Only a transition has a from_status and a to_status;
-- a created event has '' in both.
CREATE TABLE incident_events (
	id          {{identity_autoincrement}},
	incident_id {{bigint}} NOT NULL REFERENCES incidents (id),
	at          {{time}} NOT NULL,
	actor_id    {{bigint}} NOT NULL,
	actor_name  {{text}} NOT NULL,
	kind        {{text}} NOT NULL CHECK (kind IN ('created', 'transition')),
	from_status {{text}} NOT NULL,
	to_status   {{text}} NOT NULL,
	note        {{text}} NOT NULL
) {{strict}};
CREATE INDEX incident_events_incident ON incident_events (incident_id, at, id);
{{end}}

-- The timeline of the incidents already stored, as Load writes it: by
-- incident, created at the report, then reported -> status at the start of
-- the stage.
INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
SELECT incident_id, at, 0, '数据导入', kind, from_status, to_status, ''
FROM (
	SELECT id AS incident_id, 0 AS step, reported_at AS at, 'created' AS kind, '' AS from_status, '' AS to_status
	FROM incidents
	UNION ALL
	SELECT id, 1, stage_since, 'transition', 'reported', status FROM incidents WHERE status <> 'reported'
) timeline
ORDER BY incident_id, step;
