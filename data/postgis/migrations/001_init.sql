-- The whole schema of version 1, created in the first schema of the
-- connection's search_path; PostGIS must be reachable on that path. Codes
-- use the "C" collation so that they sort byte-wise, as in SQLite.

CREATE TABLE town (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	code      text COLLATE "C" NOT NULL UNIQUE,
	name      text NOT NULL,
	county    text NOT NULL,
	province  text NOT NULL,
	note      text NOT NULL,
	geom      geometry(Polygon, 4326)
);

CREATE TABLE units (
	code      text COLLATE "C" PRIMARY KEY,
	name      text NOT NULL,
	kind      text NOT NULL CHECK (kind IN ('community', 'village')),
	town_code text COLLATE "C" NOT NULL REFERENCES town (code),
	geom      geometry(Polygon, 4326)
);

CREATE TABLE cells (
	code       text COLLATE "C" PRIMARY KEY,
	name       text NOT NULL,
	unit_code  text COLLATE "C" NOT NULL REFERENCES units (code),
	kind       text NOT NULL CHECK (kind IN ('rural', 'community')),
	population integer NOT NULL,
	households integer NOT NULL,
	area_m2    double precision NOT NULL,
	geom       geometry(Polygon, 4326)
);
CREATE INDEX cells_unit ON cells (unit_code);
CREATE INDEX cells_geom ON cells USING gist (geom);

CREATE TABLE grid_workers (
	id    bigint PRIMARY KEY,
	name  text NOT NULL,
	phone text NOT NULL
);

CREATE TABLE cell_workers (
	cell_code text COLLATE "C" NOT NULL REFERENCES cells (code),
	worker_id bigint NOT NULL REFERENCES grid_workers (id),
	PRIMARY KEY (cell_code, worker_id)
);
CREATE INDEX cell_workers_worker ON cell_workers (worker_id);

CREATE TABLE households (
	id        bigint PRIMARY KEY,
	cell_code text COLLATE "C" NOT NULL REFERENCES cells (code),
	address   text NOT NULL,
	geom      geometry(Point, 4326) NOT NULL,
	UNIQUE (id, cell_code)
);
CREATE INDEX households_cell ON households (cell_code);
CREATE INDEX households_geom ON households USING gist (geom);

-- A resident stands at the household's position; spatial lookups go
-- through households, so residents' points carry no index.
CREATE TABLE residents (
	id           bigint PRIMARY KEY,
	household_id bigint NOT NULL,
	cell_code    text COLLATE "C" NOT NULL REFERENCES cells (code),
	name         text NOT NULL,
	gender       text NOT NULL,
	birth_date   text NOT NULL,
	id_number    text NOT NULL,
	phone        text NOT NULL,
	relation     text NOT NULL,
	geom         geometry(Point, 4326) NOT NULL,
	FOREIGN KEY (household_id, cell_code) REFERENCES households (id, cell_code)
);
CREATE INDEX residents_cell ON residents (cell_code, id);

-- Mediators and incidents, written alike by both stores: the shared
-- 001_init.sql (data/internal/sqlstore/migrations).
{{template "mediators"}}

{{template "incidents"}}
CREATE INDEX incidents_geom ON incidents USING gist (geom);

-- One row of change counters that caches key on; Load sets both to 1.
CREATE TABLE revision (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	cells     bigint NOT NULL,
	incidents bigint NOT NULL
);
INSERT INTO revision (cells, incidents) VALUES (0, 0);
