-- Version 4, the part both stores share, run after each store's own
-- 004_mediation.sql.
--
-- One row per mediation session (调解记录); its mediators in
-- mediation_mediators. An agreement has its text or its reference.
CREATE TABLE mediation_records (
	id             {{identity}},
	incident_id    {{bigint}} NOT NULL REFERENCES incidents (id),
	at             {{time}} NOT NULL,
	outcome        {{text}} NOT NULL CHECK (outcome IN ('agreement', 'no_agreement', 'ongoing')),
	agreement_text {{text}} NOT NULL,
	agreement_ref  {{text}} NOT NULL,
	follow_up_on   {{time}},
	note           {{text}} NOT NULL,
	recorder_id    {{bigint}} NOT NULL CHECK (recorder_id >= 0),
	created_at     {{time}} NOT NULL,
	CHECK (outcome <> 'agreement' OR agreement_text <> '' OR agreement_ref <> '')
) {{strict}};
CREATE INDEX mediation_records_incident ON mediation_records (incident_id, at, id);

CREATE TABLE mediation_mediators (
	record_id   {{bigint}} NOT NULL REFERENCES mediation_records (id),
	mediator_id {{bigint}} NOT NULL REFERENCES mediators (id),
	PRIMARY KEY (record_id, mediator_id)
) {{strict_without_rowid}};
