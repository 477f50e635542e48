-- Version 3, the part both stores share (appended to each store's
-- migrations/003_workflow.sql; see MigrateTo).
--
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
