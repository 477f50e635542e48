-- Version 1, the tables both stores write alike: each store's own
-- 001_init.sql places them (template "mediators", template "incidents")
-- where they stand in its schema, among the tables it writes its own way.
{{define "mediators"}}
CREATE TABLE mediators (
	id        {{bigint}} PRIMARY KEY,
	name      {{text}} NOT NULL,
	role      {{text}} NOT NULL,
	category  {{text}} NOT NULL,
	unit_code {{code}} REFERENCES units (code),
	phone     {{text}} NOT NULL
) {{strict}};
CREATE INDEX mediators_unit ON mediators (unit_code);
{{end}}
{{define "incidents"}}
CREATE TABLE incidents (
	id          {{bigint}} PRIMARY KEY,
	kind        {{text}} NOT NULL CHECK (kind IN ('dispute', 'petition')),
	type        {{text}} NOT NULL,
	source      {{text}} NOT NULL,
	status      {{text}} NOT NULL CHECK (status IN ('reported', 'accepted', 'mediating', 'resolved', 'escalated', 'closed')),
	summary     {{text}} NOT NULL,
	description {{text}} NOT NULL,
	parties     {{list "parties"}},
	cell_code   {{code}} NOT NULL REFERENCES cells (code),
	{{point 12}},
	reported_at {{time}} NOT NULL,
	updated_at  {{time}} NOT NULL,
	resolved_at {{time}}
) {{strict}};
CREATE INDEX incidents_cell ON incidents (cell_code, status);
CREATE INDEX incidents_reported ON incidents (reported_at, id);
{{end}}
