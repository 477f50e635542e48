-- Version 6: boundary versions. boundary_versions records each version
-- (1 is the data set as loaded); cell_history keeps every shape a cell has
-- had, valid from one version until (excluding) another, NULL while it is
-- current, so that CellsAt can give any version back and a retired code is
-- one that has history but no current row. The lists of codes are JSON
-- arrays. Households and incidents keep referencing cells (code): a
-- boundary change moves them in the same transaction, with foreign keys
-- deferred, because residents name their household with its cell.

-- The versions and the cells' history, written alike by both stores: the
-- shared 006_boundaries.sql (data/internal/sqlstore/migrations).
{{template "boundaries"}}

-- A store loaded before this version: its cells are version 1.
INSERT INTO boundary_versions (number, author_id, author_name, created_at, reason, effective_date, base,
	added, removed, reshaped, households, residents, incidents, assignments)
SELECT 1, 0, '', strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), 'initial import', date('now', '+8 hours'), 0,
	(SELECT json_group_array(code) FROM (SELECT code FROM cells ORDER BY code)), '[]', '[]', 0, 0, 0, 0
WHERE EXISTS (SELECT 1 FROM town);
INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
SELECT code, 1, NULL, name, unit_code, kind, area_m2, geom FROM cells WHERE EXISTS (SELECT 1 FROM town);
