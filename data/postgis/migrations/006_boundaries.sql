-- Version 6: boundary versions. boundary_versions records each version
-- (1 is the data set as loaded); cell_history keeps every shape a cell has
-- had, valid from one version until (excluding) another, NULL while it is
-- current, so that CellsAt can give any version back and a retired code is
-- one that has history but no current row. A boundary change moves a
-- household and its residents in two statements, so the residents' foreign
-- key to (household, cell) becomes deferrable; it stays immediate unless a
-- transaction defers it.

-- The versions and the cells' history, written alike by both stores: the
-- shared 006_boundaries.sql (data/internal/sqlstore/migrations).
{{template "boundaries"}}
CREATE INDEX cell_history_geom ON cell_history USING gist (geom);

ALTER TABLE residents ALTER CONSTRAINT residents_household_id_cell_code_fkey DEFERRABLE INITIALLY IMMEDIATE;

-- A store loaded before this version: its cells are version 1.
INSERT INTO boundary_versions (number, author_id, author_name, created_at, reason, effective_date, base,
	added, removed, reshaped, households, residents, incidents, assignments)
SELECT 1, 0, '', date_trunc('milliseconds', now()), 'initial import', ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date, 0,
	(SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM cells), '{}', '{}', 0, 0, 0, 0
WHERE EXISTS (SELECT 1 FROM town);
INSERT INTO cell_history (code, valid_from, valid_to, name, unit_code, kind, area_m2, geom)
SELECT code, 1, NULL, name, unit_code, kind, area_m2, geom FROM cells WHERE EXISTS (SELECT 1 FROM town);
