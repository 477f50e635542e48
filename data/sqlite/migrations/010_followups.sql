-- Version 10: verification visits and calls (回访) of resolved incidents,
-- their enumerations as lookup tables, and their timeline event. A 回访
-- that reached the parties has their performance and satisfaction; passed
-- is data.FollowupPassed of them, kept so that statistics need not repeat
-- the rule.

CREATE TABLE followup_methods (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO followup_methods (code) VALUES ('visit'), ('phone');
CREATE TABLE followup_performances (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO followup_performances (code) VALUES ('yes'), ('partly'), ('no');
CREATE TABLE followup_satisfactions (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO followup_satisfactions (code) VALUES ('satisfied'), ('basically_satisfied'), ('dissatisfied');
INSERT INTO incident_event_kinds (code) VALUES ('followup');

CREATE TABLE followups (
	id           INTEGER PRIMARY KEY,
	incident_id  INTEGER NOT NULL REFERENCES incidents (id),
	method       TEXT NOT NULL REFERENCES followup_methods (code),
	reached      INTEGER NOT NULL CHECK (reached IN (0, 1)),
	performed    TEXT REFERENCES followup_performances (code),
	satisfaction TEXT REFERENCES followup_satisfactions (code),
	passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
	note         TEXT NOT NULL,
	recorder_id  INTEGER NOT NULL CHECK (recorder_id >= 0),
	at           TEXT NOT NULL,
	CHECK ((reached = 1) = (performed IS NOT NULL AND satisfaction IS NOT NULL)),
	CHECK (passed = 0 OR reached = 1)
) STRICT;
CREATE INDEX followups_incident ON followups (incident_id, at, id);
