// Package stores opens an empty store of each kind for the tests and
// benchmarks of packages that work on any data.Store: a SQLite file in a
// temporary directory, and a new schema of the PostGIS database named by
// GRIDMAP_TEST_POSTGRES, dropped at the end. Without that variable the
// PostGIS store is skipped, unless GRIDMAP_REQUIRE_POSTGIS=1 (as in CI),
// which makes it a failure.
package stores

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sqlite"
)

// Kinds are the stores Open opens, for table-driven tests.
var Kinds = []string{"sqlite", "postgis"}

// Open returns an empty store of the kind, closed (and, for PostGIS,
// dropped) when the test ends.
func Open(tb testing.TB, kind string) data.Store {
	tb.Helper()
	ctx := context.Background()
	var st data.Store
	var err error
	switch db := URL(tb, kind); kind {
	case "sqlite":
		if err = copyEmptySQLite(db); err == nil {
			st, err = sqlite.Open(ctx, db)
		}
	default:
		st, err = postgis.Open(ctx, db)
	}
	if err != nil {
		tb.Fatalf("opening the %s store: %v", kind, err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// emptySQLite is the file of an empty SQLite store, made once per test
// binary by applying every migration to a new file: Open writes it out
// for each store, since applying the migrations again costs far more
// (most under -race) than writing the file. The migrations themselves
// still run, once per binary, here.
var emptySQLite = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "gridmap-stores-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "empty.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil { // the last connection's close checkpoints the WAL into the file
		return nil, err
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return nil, fmt.Errorf("stores: %s-wal holds %d bytes after Close", path, wal.Size())
	}
	return os.ReadFile(path)
})

// copyEmptySQLite writes emptySQLite to path.
func copyEmptySQLite(path string) error {
	b, err := emptySQLite()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// URL returns where an empty store of the kind can be opened, for tests
// of programs that open it themselves (a -db flag): a SQLite file path, or
// a postgres:// URL of a new schema, dropped when the test ends.
func URL(tb testing.TB, kind string) string {
	tb.Helper()
	switch kind {
	case "sqlite":
		return filepath.Join(tb.TempDir(), "gridmap.db")
	case "postgis":
		return schemaURL(tb)
	}
	tb.Fatalf("stores.URL: unknown kind %q", kind)
	return ""
}

// schemaURL creates a schema in the test database and returns the URL that
// makes it the first on the search path.
func schemaURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("GRIDMAP_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("GRIDMAP_REQUIRE_POSTGIS") == "1" {
			tb.Fatal("GRIDMAP_TEST_POSTGRES is not set and GRIDMAP_REQUIRE_POSTGIS=1")
		}
		tb.Skip(`no PostGIS: run eval "$(bash scripts/postgis.sh start)" and export GRIDMAP_TEST_POSTGRES`)
	}
	buf := make([]byte, 8)
	rand.Read(buf)
	schema := pgx.Identifier{"test_" + hex.EncodeToString(buf)}.Sanitize()
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("CREATE SCHEMA: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("DROP SCHEMA: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("GRIDMAP_TEST_POSTGRES is not a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}
