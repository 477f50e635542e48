-- Version 14, which both stores share whole: an incident's parties as
-- people. Each row is one party of incidents.parties (which keeps the
-- names, for old clients), in order: linked to a resident record when the
-- party is one, else a named person with a phone when known. party_key
-- ('<name>|<phone>', NULL without a phone) identifies a person across
-- incidents when no resident is linked: the same name and phone is taken
-- to be the same person. A report filed as a duplicate of an earlier case
-- adds a 'linked' event to that case.

CREATE TABLE incident_parties (
	incident_id {{bigint}} NOT NULL REFERENCES incidents (id),
	pos         {{integer}} NOT NULL CHECK (pos >= 0),
	name        {{text}} NOT NULL,
	phone       {{text}} NOT NULL DEFAULT '',
	resident_id {{bigint}} REFERENCES residents (id),
	party_key   {{text}},
	PRIMARY KEY (incident_id, pos)
) {{strict_without_rowid}};
CREATE INDEX incident_parties_resident ON incident_parties (resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX incident_parties_key ON incident_parties (party_key) WHERE party_key IS NOT NULL;

INSERT INTO incident_event_kinds (code) VALUES ('linked');
