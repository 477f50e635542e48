package geofile

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"math"
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

// writeGPKG writes l as a new GeoPackage at path (which must not hold one
// yet): one feature table named l.Name, every field as TEXT, in l.SRS.
func writeGPKG(path string, l *Layer) error {
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(DELETE)")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range gpkgSchema {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	srsID := 0
	switch {
	case l.SRS.EPSG != 0:
		srsID = l.SRS.EPSG
		def := l.SRS.WKT
		if def == "" {
			def = knownWKT[l.SRS.EPSG]
		}
		if def == "" {
			def = "undefined"
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, '')`,
			"EPSG:"+strconv.Itoa(srsID), srsID, srsID, def)
	case l.SRS.WKT != "":
		srsID = 100000
		_, err = tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES ('custom', ?, 'NONE', ?, ?, '')`,
			srsID, srsID, l.SRS.WKT)
	}
	if err != nil {
		return err
	}
	table := l.Name
	if table == "" {
		table = "layer"
	}
	fid, geom := freeName("fid", l.Fields), freeName("geom", l.Fields)
	typ := "POLYGON"
	bound := orb.Bound{}
	for i, f := range l.Features {
		if _, ok := f.Geometry.(orb.MultiPolygon); ok {
			typ = "MULTIPOLYGON"
		}
		if i == 0 {
			bound = f.Geometry.Bound()
		} else {
			bound = bound.Union(f.Geometry.Bound())
		}
	}
	mixed := typ == "MULTIPOLYGON" && slices.ContainsFunc(l.Features, func(f Feature) bool {
		_, ok := f.Geometry.(orb.Polygon)
		return ok
	})
	if mixed {
		typ = "GEOMETRY"
	}
	cols := []string{quoteIdent(fid) + " INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", quoteIdent(geom) + " " + typ}
	names := []string{quoteIdent(geom)}
	for _, k := range l.Fields {
		cols = append(cols, quoteIdent(k)+" TEXT")
		names = append(names, quoteIdent(k))
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE "+quoteIdent(table)+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?)`, table, table, bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1], srsID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)`, table, geom, typ, srsID); err != nil {
		return err
	}
	insert, err := tx.PrepareContext(ctx, "INSERT INTO "+quoteIdent(table)+" ("+strings.Join(names, ", ")+
		") VALUES (?"+strings.Repeat(", ?", len(l.Fields))+")")
	if err != nil {
		return err
	}
	defer insert.Close()
	args := make([]any, 1+len(l.Fields))
	for _, f := range l.Features {
		blob, err := gpkgBlob(f.Geometry, srsID)
		if err != nil {
			return err
		}
		args[0] = blob
		for i, k := range l.Fields {
			args[i+1] = nil
			if v, ok := f.Attrs[k]; ok {
				args[i+1] = v
			}
		}
		if _, err := insert.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
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
