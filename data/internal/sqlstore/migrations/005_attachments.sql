-- Version 5, the tables both stores write alike, which each store's own
-- 005_attachments.sql places (template "attachments").
{{define "attachments"}}
CREATE TABLE attachments (
	id           {{identity}},
	incident_id  {{bigint}} NOT NULL REFERENCES incidents (id),
	name         {{text}} NOT NULL,
	content_type {{text}} NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
	size         {{bigint}} NOT NULL CHECK (size > 0 AND size <= 5242880),
	sha256       {{text}} NOT NULL CHECK (length(sha256) = 64),
	uploader_id  {{bigint}} NOT NULL CHECK (uploader_id >= 0),
	created_at   {{time}} NOT NULL
) {{strict}};
CREATE INDEX attachments_incident ON attachments (incident_id, created_at, id);

CREATE TABLE attachment_contents (
	attachment_id {{bigint}} PRIMARY KEY REFERENCES attachments (id),
	content       {{bytes}} NOT NULL
) {{strict}};
{{end}}
