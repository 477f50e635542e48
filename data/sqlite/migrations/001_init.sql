-- The whole schema of version 1. Times are TEXT in one fixed-width UTC
-- format (2006-01-02T15:04:05.000000Z), so they compare as strings. Polygons
-- are WKB BLOBs with their bounds in indexed columns as a prefilter; points
-- are indexed lon/lat columns.

CREATE TABLE town (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	code      TEXT NOT NULL UNIQUE,
	name      TEXT NOT NULL,
	county    TEXT NOT NULL,
	province  TEXT NOT NULL,
	note      TEXT NOT NULL,
	geom      BLOB
) STRICT;

CREATE TABLE units (
	code      TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	kind      TEXT NOT NULL CHECK (kind IN ('community', 'village')),
	town_code TEXT NOT NULL REFERENCES town (code),
	geom      BLOB
) STRICT;

CREATE TABLE cells (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	unit_code  TEXT NOT NULL REFERENCES units (code),
	kind       TEXT NOT NULL CHECK (kind IN ('rural', 'community')),
	population INTEGER NOT NULL,
	households INTEGER NOT NULL,
	area_m2    REAL NOT NULL,
	geom       BLOB,
	minx       REAL,
	miny       REAL,
	maxx       REAL,
	maxy       REAL
) STRICT;
CREATE INDEX cells_unit ON cells (unit_code);
CREATE INDEX cells_bbox ON cells (minx, miny, maxx, maxy);

CREATE TABLE grid_workers (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL,
	phone TEXT NOT NULL
) STRICT;

CREATE TABLE cell_workers (
	cell_code TEXT NOT NULL REFERENCES cells (code),
	worker_id INTEGER NOT NULL REFERENCES grid_workers (id),
	PRIMARY KEY (cell_code, worker_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cell_workers_worker ON cell_workers (worker_id);

CREATE TABLE households (
	id        INTEGER PRIMARY KEY,
	cell_code TEXT NOT NULL REFERENCES cells (code),
	address   TEXT NOT NULL,
	lon       REAL NOT NULL,
	lat       REAL NOT NULL,
	UNIQUE (id, cell_code)
) STRICT;
CREATE INDEX households_cell ON households (cell_code);
CREATE INDEX households_lonlat ON households (lon, lat);

CREATE TABLE residents (
	id           INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL,
	cell_code    TEXT NOT NULL REFERENCES cells (code),
	name         TEXT NOT NULL,
	gender       TEXT NOT NULL,
	birth_date   TEXT NOT NULL,
	id_number    TEXT NOT NULL,
	phone        TEXT NOT NULL,
	relation     TEXT NOT NULL,
	lon          REAL NOT NULL,
	lat          REAL NOT NULL,
	FOREIGN KEY (household_id, cell_code) REFERENCES households (id, cell_code)
) STRICT;
CREATE INDEX residents_cell ON residents (cell_code, id);
-- No index on residents' lon/lat: a resident stands at the household's
-- position, so spatial lookups go through households. Neither one on
-- household_id: households are never deleted. Both would slow Load by a
-- third.

-- Mediators and incidents, written alike by both stores: the shared
-- 001_init.sql (data/internal/sqlstore/migrations).
{{template "mediators"}}

{{template "incidents"}}
CREATE INDEX incidents_lonlat ON incidents (lon, lat);

-- One row of change counters that caches key on; Load sets both to 1.
CREATE TABLE revision (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	cells     INTEGER NOT NULL,
	incidents INTEGER NOT NULL
) STRICT;
INSERT INTO revision (singleton, cells, incidents) VALUES (1, 0, 0);
