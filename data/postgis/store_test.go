package postgis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/storetest"
)

func TestStore(t *testing.T) {
	dbURL := databaseURL(t)
	storetest.Run(t, func(t *testing.T) data.Store { return openSchema(t, dbURL) })
}

// databaseURL is GRIDMAP_TEST_POSTGRES; without it the test is skipped,
// or fails when GRIDMAP_REQUIRE_POSTGIS=1 (as in CI).
func databaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("GRIDMAP_TEST_POSTGRES")
	if u != "" {
		return u
	}
	const how = `GRIDMAP_TEST_POSTGRES is not set; run eval "$(scripts/postgis.sh)" to test the PostGIS store`
	if os.Getenv("GRIDMAP_REQUIRE_POSTGIS") == "1" {
		t.Fatal(how + " (GRIDMAP_REQUIRE_POSTGIS=1)")
	}
	t.Skip(how)
	return ""
}

// openSchema opens a store in a new schema, see newSchema.
func openSchema(t testing.TB, dbURL string) *postgis.Store {
	t.Helper()
	return open(t, newSchema(t, dbURL))
}

// newSchema creates a schema of a random name, dropped with everything in
// it when the test ends, and returns dbURL with a search_path naming it.
func newSchema(t testing.TB, dbURL string) string {
	t.Helper()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	exec(t, dbURL, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	t.Cleanup(func() { exec(t, dbURL, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`) })
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("GRIDMAP_TEST_POSTGRES is not a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// open opens the store at url and closes it when the test ends, before
// the schema is dropped.
func open(t testing.TB, url string) *postgis.Store {
	t.Helper()
	s, err := postgis.Open(context.Background(), url)
	return storetest.Opened(t, url, s, err)
}

func exec(t testing.TB, dbURL, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connecting to GRIDMAP_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestReopen: see storetest.Reopened.
func TestReopen(t *testing.T) {
	schemaURL := newSchema(t, databaseURL(t))
	storetest.Reopened(t, func(t *testing.T) data.Store { return open(t, schemaURL) },
		legacy(schemaURL).Applied)
}

// TestLoadKeepsIndexes: see storetest.LoadKeepsIndexes.
func TestLoadKeepsIndexes(t *testing.T) {
	storetest.LoadKeepsIndexes(t, open(t, newSchema(t, databaseURL(t))), `SELECT string_agg(indexdef, E'\n' ORDER BY indexname)
		FROM pg_indexes WHERE schemaname = current_schema()`)
}

// TestUpgrades: a schema at each released version, holding the data of
// that version, opens with the current code with its data intact (see
// storetest.UpgradeSuite).
func TestUpgrades(t *testing.T) {
	t.Parallel()
	storetest.UpgradeSuite(t, dialect)
}

// TestOpenNoSchema: a search_path naming no existing schema is a bad URL.
func TestOpenNoSchema(t *testing.T) {
	u, err := url.Parse(databaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "no_such_schema")
	u.RawQuery = q.Encode()
	if _, err := postgis.Open(t.Context(), u.String()); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("Open(search_path=no_such_schema) = %v; want code %q", err, data.EINVALID)
	}
}

func TestOpenUnavailable(t *testing.T) {
	const u = "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=5"
	_, err := postgis.Open(t.Context(), u)
	if data.ErrorCode(err) != data.EUNAVAILABLE {
		t.Errorf("Open(%q) = %v; want code %q", u, err, data.EUNAVAILABLE)
	}
}

func BenchmarkLoad(b *testing.B) {
	dbURL := databaseURL(b)
	storetest.BenchmarkLoad(b, func(b *testing.B) data.Store { return openSchema(b, dbURL) })
}

// TestAuditTruncate: beside UPDATE and DELETE (see storetest), PostgreSQL
// refuses to TRUNCATE the audit log, which skips row triggers.
func TestAuditTruncate(t *testing.T) {
	s := openSchema(t, databaseURL(t))
	e := data.AuditEntry{UserID: 1, Username: "admin", Action: "export", Record: "residents"}
	if err := s.AppendAudit(t.Context(), &e); err != nil {
		t.Fatalf("AppendAudit() = %v", err)
	}
	if err := s.ExecSQL(t.Context(), `TRUNCATE audit`); err == nil {
		t.Error("TRUNCATE audit succeeded; want it refused")
	}
	if _, total, err := s.Audit(t.Context(), data.AuditFilter{}); err != nil || total != 1 {
		t.Errorf("Audit() after TRUNCATE = %d entries, %v; want 1", total, err)
	}
}

func BenchmarkStore(b *testing.B) {
	dbURL := databaseURL(b)
	storetest.BenchmarkStore(b, func(b *testing.B) data.Store { return openSchema(b, dbURL) })
}
