-- Version 6, the tables both stores write alike, which each store's own
-- 006_boundaries.sql places (template "boundaries") before it fills them.
{{define "boundaries"}}
CREATE TABLE boundary_versions (
	number         {{bigint}} PRIMARY KEY CHECK (number >= 1),
	author_id      {{bigint}} NOT NULL CHECK (author_id >= 0),
	author_name    {{text}} NOT NULL,
	created_at     {{time}} NOT NULL,
	reason         {{text}} NOT NULL,
	effective_date {{date}} NOT NULL,
	base           {{bigint}} NOT NULL CHECK (base = number - 1),
	added          {{codes "added"}},
	removed        {{codes "removed"}},
	reshaped       {{codes "reshaped"}},
	households     {{integer}} NOT NULL,
	residents      {{integer}} NOT NULL,
	incidents      {{integer}} NOT NULL,
	assignments    {{integer}} NOT NULL
) {{strict}};

CREATE TABLE cell_history (
	code         {{code}} NOT NULL,
	valid_from   {{bigint}} NOT NULL REFERENCES boundary_versions (number),
	valid_to     {{bigint}} REFERENCES boundary_versions (number),
	name         {{text}} NOT NULL,
	unit_code    {{code}} NOT NULL REFERENCES units (code),
	kind         {{text}} NOT NULL CHECK (kind IN ('rural', 'community')),
	area_m2      {{real}} NOT NULL,
	geom         {{polygon}},
	PRIMARY KEY (code, valid_from),
	CHECK (valid_to IS NULL OR valid_to > valid_from)
) {{strict}};
CREATE INDEX cell_history_versions ON cell_history (valid_from, valid_to);
{{end}}
