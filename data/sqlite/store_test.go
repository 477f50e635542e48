package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/data/sqlite"
	"gridmap/data/storetest"
	"gridmap/data/storetest/stores"
)

// TestStore runs the conformance suite, each test on a copy of an empty
// store migrated once (stores.Open): every migration on a new file for
// each test would cost more than the tests themselves under -race.
// TestReopen and the upgrade tests migrate files of their own.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) data.Store { return stores.Open(t, "sqlite") })
}

func open(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path)
	return storetest.Opened(t, path, s, err)
}

// TestReopen: see storetest.Reopened.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gridmap.db")
	storetest.Reopened(t, func(t *testing.T) data.Store { return open(t, path) },
		func(t *testing.T) string { return migrations(t, path) })
}

// TestLoadKeepsIndexes: see storetest.LoadKeepsIndexes.
func TestLoadKeepsIndexes(t *testing.T) {
	t.Parallel()
	storetest.LoadKeepsIndexes(t, open(t, filepath.Join(t.TempDir(), "gridmap.db")), `SELECT group_concat(sql, char(10))
		FROM (SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)`)
}

// TestUpgrades: a file at each released schema version, holding the data
// of that version, opens with the current code with its data intact, every
// foreign key and the file's integrity checked (see storetest.UpgradeSuite).
func TestUpgrades(t *testing.T) {
	t.Parallel()
	storetest.UpgradeSuite(t, dialect)
}

// migrations lists the applied migrations recorded in the file.
func migrations(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(t.Context(), `SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatalf("reading schema_migrations: %v", err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		list = append(list, fmt.Sprintf("%d:%s", v, name))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(list, ",")
}

func TestOpenUnavailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "dir", "gridmap.db")
	_, err := sqlite.Open(t.Context(), path)
	if data.ErrorCode(err) != data.EUNAVAILABLE {
		t.Errorf("Open(%q) = %v; want code %q", path, err, data.EUNAVAILABLE)
	}
}

func BenchmarkLoad(b *testing.B) {
	storetest.BenchmarkLoad(b, func(b *testing.B) data.Store { return open(b, filepath.Join(b.TempDir(), "gridmap.db")) })
}

func BenchmarkStore(b *testing.B) {
	storetest.BenchmarkStore(b, func(b *testing.B) data.Store { return open(b, filepath.Join(b.TempDir(), "gridmap.db")) })
}
