package sqlite_test

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/sqlite"
	"gridmap/data/storetest"
)

// legacy is the path of a file at an earlier version.
type legacy string

func (l legacy) Exec(t *testing.T, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", string(l)+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), query); err != nil {
		t.Fatalf("%.200s...: %v", query, err)
	}
}

// Open opens the store on the file, and checks that it left every
// foreign key and the file sound.
func (l legacy) Open(t *testing.T) (data.Store, error) {
	t.Helper()
	s, err := sqlite.Open(t.Context(), string(l))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { s.Close() })
	db, err := sql.Open("sqlite", string(l))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, check := range []string{`PRAGMA foreign_key_check`, `SELECT * FROM pragma_integrity_check WHERE integrity_check <> 'ok'`} {
		rows, err := db.QueryContext(t.Context(), check)
		if err != nil {
			t.Fatalf("%s: %v", check, err)
		}
		if rows.Next() {
			t.Errorf("%s found a problem after the upgrade", check)
		}
		rows.Close()
	}
	return s, nil
}

func (l legacy) Applied(t *testing.T) string { return migrations(t, string(l)) }

// dialect writes values as the SQLite store keeps them: points as lon, lat
// columns, polygons as WKB (with bounds, in cells), lists as JSON arrays.
var dialect = storetest.Dialect{
	Point: func(p orb.Point) (string, string) { return "lon, lat", fmt.Sprint(p.Lon(), ", ", p.Lat()) },
	Polygon: func(table string, b []byte, bound orb.Bound) (string, string) {
		if table != "cells" {
			return "geom", blob(b)
		}
		return "geom, minx, miny, maxx, maxy", fmt.Sprint(blob(b), ", ", bound.Min.Lon(), ", ", bound.Min.Lat(), ", ",
			bound.Max.Lon(), ", ", bound.Max.Lat())
	},
	Strings: func(s []string) string {
		if s == nil {
			s = []string{}
		}
		b, _ := json.Marshal(s)
		return "'" + strings.ReplaceAll(string(b), "'", "''") + "'"
	},
	Bytes:     blob,
	Sequences: `UPDATE sqlite_sequence SET seq = seq + 10 WHERE name = 'users'`,
	Legacy:    legacyAt,
}

// legacyAt makes a file at the version with the migrator.
func legacyAt(t *testing.T, version int) (storetest.Legacy, error) {
	path := filepath.Join(t.TempDir(), "old.db")
	return legacy(path), sqlite.MigrateTo(t.Context(), path, version)
}

func blob(b []byte) string { return "X'" + hex.EncodeToString(b) + "'" }
