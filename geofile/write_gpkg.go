package geofile

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Definitions of the two geographic systems gridmap stores in, for a
// GeoPackage written from a layer that names its EPSG code only.
var knownWKT = map[int]string{
	4326: `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`,
	4490: `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]`,
}

// esriWKT are the .prj texts of the two geographic systems, as ArcGIS and
// GDAL write them, for a shapefile written from a layer that names its
// EPSG code only.
var esriWKT = map[int]string{
	4326: `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`,
	4490: `GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`,
}

// gpkgSchema is the core of a GeoPackage 1.3: the SRS, contents and
// geometry column tables with the two undefined systems the standard
// requires, and WGS 84.
var gpkgSchema = []string{
	`PRAGMA application_id = 1196444487`,
	`PRAGMA user_version = 10300`,
	`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
		organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
		definition TEXT NOT NULL, description TEXT)`,
	`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
		identifier TEXT UNIQUE, description TEXT DEFAULT '',
		last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
		CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
		geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
		CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
		CONSTRAINT uk_gc_table_name UNIQUE (table_name),
		CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
		CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')`,
}

// gpkgWriter writes a GeoPackage: one feature table named after the
// schema, every field as TEXT, in the schema's SRS. SQLite wants a file,
// so it is built in a temporary one that Close copies out.
type gpkgWriter struct {
	w      io.Writer
	path   string
	db     *sql.DB
	tx     *sql.Tx
	insert *sql.Stmt
	table  string
	srsID  int
	args   []any
	s      Schema
	bound  orb.Bound
	n      int
}

func newGPKGWriter(w io.Writer, s Schema) (_ *gpkgWriter, err error) {
	f, err := os.CreateTemp("", "gridmap-*.gpkg")
	if err != nil {
		return nil, err
	}
	f.Close()
	g := &gpkgWriter{w: w, path: f.Name(), s: s, table: s.Name}
	defer func() {
		if err != nil {
			g.abort()
		}
	}()
	if g.db, err = sql.Open("sqlite", g.path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"); err != nil {
		return nil, err
	}
	ctx := context.Background()
	if g.tx, err = g.db.BeginTx(ctx, nil); err != nil {
		return nil, err
	}
	for _, q := range gpkgSchema {
		if _, err := g.tx.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	switch {
	case s.SRS.EPSG != 0:
		g.srsID = s.SRS.EPSG
		def := s.SRS.WKT
		if def == "" {
			def = knownWKT[s.SRS.EPSG]
		}
		if def == "" {
			def = "undefined"
		}
		_, err = g.tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, '')`,
			"EPSG:"+strconv.Itoa(g.srsID), g.srsID, g.srsID, def)
	case s.SRS.WKT != "":
		g.srsID = 100000
		_, err = g.tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES ('custom', ?, 'NONE', ?, ?, '')`,
			g.srsID, g.srsID, s.SRS.WKT)
	}
	if err != nil {
		return nil, err
	}
	fid, geom := freeName("fid", s.Fields), freeName("geom", s.Fields)
	cols := []string{quoteIdent(fid) + " INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", quoteIdent(geom) + " " + s.Geometry}
	names := []string{quoteIdent(geom)}
	for _, k := range s.Fields {
		cols = append(cols, quoteIdent(k)+" TEXT")
		names = append(names, quoteIdent(k))
	}
	if _, err := g.tx.ExecContext(ctx, "CREATE TABLE "+quoteIdent(g.table)+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return nil, err
	}
	if _, err := g.tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)`, g.table, geom, s.Geometry, g.srsID); err != nil {
		return nil, err
	}
	g.insert, err = g.tx.PrepareContext(ctx, "INSERT INTO "+quoteIdent(g.table)+" ("+strings.Join(names, ", ")+
		") VALUES (?"+strings.Repeat(", ?", len(s.Fields))+")")
	if err != nil {
		return nil, err
	}
	g.args = make([]any, 1+len(s.Fields))
	return g, nil
}

func (g *gpkgWriter) feature(f Feature) error {
	blob, err := gpkgBlob(f.Geometry, g.srsID)
	if err != nil {
		return err
	}
	if g.n == 0 {
		g.bound = f.Geometry.Bound()
	} else {
		g.bound = g.bound.Union(f.Geometry.Bound())
	}
	g.n++
	g.args[0] = blob
	for i, k := range g.s.Fields {
		g.args[i+1] = nil
		if v, ok := f.Attrs[k]; ok {
			g.args[i+1] = v
		}
	}
	_, err = g.insert.Exec(g.args...)
	return err
}

func (g *gpkgWriter) close() error {
	defer g.abort()
	b := g.bound
	if _, err := g.tx.Exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?)`, g.table, g.table, b.Min[0], b.Min[1], b.Max[0], b.Max[1], g.srsID); err != nil {
		return err
	}
	g.insert.Close()
	if err := g.tx.Commit(); err != nil {
		return err
	}
	if err := g.db.Close(); err != nil {
		return err
	}
	f, err := os.Open(g.path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(g.w, f)
	return err
}

func (g *gpkgWriter) abort() {
	if g.tx != nil {
		g.tx.Rollback()
	}
	if g.db != nil {
		g.db.Close()
	}
	os.Remove(g.path)
}

// gpkgBlob is g as a GeoPackage geometry blob: the "GP" header, little
// endian, with the XY envelope, then WKB.
func gpkgBlob(g orb.Geometry, srsID int) ([]byte, error) {
	var b bytes.Buffer
	b.Write([]byte{'G', 'P', 0, gpkgLittleEndian | 1<<1})
	binary.Write(&b, binary.LittleEndian, int32(srsID))
	bd := g.Bound()
	for _, v := range []float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]} {
		binary.Write(&b, binary.LittleEndian, math.Float64bits(v))
	}
	w, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	b.Write(w)
	return b.Bytes(), nil
}

// freeName is name, or name with underscores appended until no field has it.
func freeName(name string, fields []string) string {
	for slices.ContainsFunc(fields, func(f string) bool { return strings.EqualFold(f, name) }) {
		name += "_"
	}
	return name
}
