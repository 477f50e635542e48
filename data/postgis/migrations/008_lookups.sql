-- Version 8: the enumerations that grow (event kinds, statuses, roles, ...)
-- move from CHECK constraints into lookup tables, which the columns using
-- them reference, so that a new value is one INSERT in a migration, e.g.
--
--	INSERT INTO incident_event_kinds (code) VALUES ('follow_up');
--
-- rather than a constraint replaced, as 004 and 005 did. Mediators'
-- category, which Load has always checked but the schema never did, gains
-- its table too. The codes are the Go constants of package data; the
-- columns keep them as text, so no query changes.

CREATE TABLE unit_kinds (code text PRIMARY KEY);
INSERT INTO unit_kinds (code) VALUES ('community'), ('village');
CREATE TABLE cell_kinds (code text PRIMARY KEY);
INSERT INTO cell_kinds (code) VALUES ('rural'), ('community');
CREATE TABLE mediator_categories (code text PRIMARY KEY);
INSERT INTO mediator_categories (code) VALUES ('town_centre'), ('town_elder'), ('cadre'), ('police'), ('lawyer'), ('elder');
CREATE TABLE incident_kinds (code text PRIMARY KEY);
INSERT INTO incident_kinds (code) VALUES ('dispute'), ('petition');
CREATE TABLE incident_statuses (code text PRIMARY KEY);
INSERT INTO incident_statuses (code) VALUES ('reported'), ('accepted'), ('mediating'), ('resolved'), ('escalated'), ('closed'), ('duplicate');
CREATE TABLE incident_priorities (code text PRIMARY KEY);
INSERT INTO incident_priorities (code) VALUES ('normal'), ('high'), ('urgent');
CREATE TABLE incident_event_kinds (code text PRIMARY KEY);
INSERT INTO incident_event_kinds (code) VALUES ('created'), ('transition'), ('mediation'), ('assigned'), ('reassigned'), ('attachment');
CREATE TABLE mediation_outcomes (code text PRIMARY KEY);
INSERT INTO mediation_outcomes (code) VALUES ('agreement'), ('no_agreement'), ('ongoing');
CREATE TABLE attachment_types (code text PRIMARY KEY);
INSERT INTO attachment_types (code) VALUES ('image/jpeg'), ('image/png'), ('image/webp');
CREATE TABLE user_roles (code text PRIMARY KEY);
INSERT INTO user_roles (code) VALUES ('admin'), ('leader'), ('unit_cadre'), ('grid_worker'), ('mediator'), ('viewer');

ALTER TABLE units DROP CONSTRAINT units_kind_check,
	ADD CONSTRAINT units_kind_fkey FOREIGN KEY (kind) REFERENCES unit_kinds (code);
ALTER TABLE cells DROP CONSTRAINT cells_kind_check,
	ADD CONSTRAINT cells_kind_fkey FOREIGN KEY (kind) REFERENCES cell_kinds (code);
ALTER TABLE cell_history DROP CONSTRAINT cell_history_kind_check,
	ADD CONSTRAINT cell_history_kind_fkey FOREIGN KEY (kind) REFERENCES cell_kinds (code);
ALTER TABLE mediators
	ADD CONSTRAINT mediators_category_fkey FOREIGN KEY (category) REFERENCES mediator_categories (code);
ALTER TABLE users DROP CONSTRAINT users_role_check,
	ADD CONSTRAINT users_role_fkey FOREIGN KEY (role) REFERENCES user_roles (code);
ALTER TABLE incidents DROP CONSTRAINT incidents_kind_check,
	DROP CONSTRAINT incidents_status_check,
	DROP CONSTRAINT incidents_priority_check,
	ADD CONSTRAINT incidents_kind_fkey FOREIGN KEY (kind) REFERENCES incident_kinds (code),
	ADD CONSTRAINT incidents_status_fkey FOREIGN KEY (status) REFERENCES incident_statuses (code),
	ADD CONSTRAINT incidents_priority_fkey FOREIGN KEY (priority) REFERENCES incident_priorities (code);
ALTER TABLE incident_events DROP CONSTRAINT incident_events_kind_check,
	ADD CONSTRAINT incident_events_kind_fkey FOREIGN KEY (kind) REFERENCES incident_event_kinds (code);
ALTER TABLE mediation_records DROP CONSTRAINT mediation_records_outcome_check,
	ADD CONSTRAINT mediation_records_outcome_fkey FOREIGN KEY (outcome) REFERENCES mediation_outcomes (code);
ALTER TABLE attachments DROP CONSTRAINT attachments_content_type_check,
	ADD CONSTRAINT attachments_content_type_fkey FOREIGN KEY (content_type) REFERENCES attachment_types (code);
