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
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) data.Store { return open(t, filepath.Join(t.TempDir(), "gridmap.db")) })
}

func open(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%q) = %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// applied is every migration, as schema_migrations lists them.
const applied = "1:001_init.sql,2:002_accounts.sql,3:003_workflow.sql,4:004_mediation.sql,5:005_attachments.sql,6:006_boundaries.sql,7:007_login_failures.sql,8:008_lookups.sql,9:009_people.sql"

// TestReopen: the file keeps its data, and opening it again applies no
// migration twice.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gridmap.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%q) = %v", path, err)
	}
	if err := s.Load(t.Context(), storetest.Fixture()); err != nil {
		t.Fatalf("Load(fixture) = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	for range 2 {
		s := open(t, path)
		town, err := s.Town(t.Context())
		if err != nil || town.Code != storetest.TownCode {
			t.Fatalf("Town() after reopening = %+v, %v; want town %s", town, err, storetest.TownCode)
		}
		rev, err := s.Revision(t.Context())
		if err != nil || rev != (data.Revision{Cells: 1, Incidents: 1}) {
			t.Errorf("Revision() after reopening = %+v, %v; want {1 1}", rev, err)
		}
		if got := migrations(t, path); got != applied {
			t.Errorf("applied migrations = %q; want %q", got, applied)
		}
		if err := s.Load(t.Context(), storetest.Fixture()); data.ErrorCode(err) != data.ECONFLICT {
			t.Errorf("Load() after reopening = %v; want code %q", err, data.ECONFLICT)
		}
	}
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
