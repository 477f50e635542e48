-- Version 13: the 回访 is due after 化解. followup_passed_at is when a
-- passed 回访 of the current resolution was recorded: AddFollowup sets it
-- on a resolved incident, resolved -> closed keeps it (and needs it), any
-- other move clears it. The overdue filter leaves resolved incidents that
-- have it out, and statistics count a closed incident with it as resolved
-- at the grassroots. Existing resolved and closed incidents take their
-- newest passed 回访 since resolution. The scan's "回访 due" notices are a
-- kind of their own.

ALTER TABLE incidents ADD COLUMN followup_passed_at TEXT;
UPDATE incidents SET followup_passed_at = (SELECT max(f.at) FROM followups f
	WHERE f.incident_id = incidents.id AND f.passed = 1 AND f.at >= incidents.resolved_at)
WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL;

INSERT INTO notification_kinds (code) VALUES ('followup_due');
