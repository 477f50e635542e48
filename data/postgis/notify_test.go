package postgis_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data/storetest"
)

// TestWatchChanges: a store listening on a schema hears each commit that
// moves the revision through another store on it (Load, and SQL of its
// own), and after its connection is killed (pg_terminate_backend) it
// says so, listens again and calls changed at once, then hears the next
// write.
func TestWatchChanges(t *testing.T) {
	t.Parallel()
	dbURL := databaseURL(t)
	schemaURL := newSchema(t, dbURL)
	listener, writer := open(t, schemaURL), open(t, schemaURL)
	changed := make(chan struct{}, 100)
	lost := make(chan error, 100)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		listener.WatchChanges(ctx, func() { changed <- struct{}{} }, func(err error) { lost <- err })
	}()
	t.Cleanup(func() { cancel(); <-done })
	wait := func(what string) {
		t.Helper()
		select {
		case <-changed:
		case err := <-lost:
			t.Fatalf("%s: the listener lost its connection: %v", what, err)
		case <-time.After(time.Minute):
			t.Fatalf("%s: changed never called", what)
		}
	}
	wait("listening")
	ok(t, "Load(fixture)", writer.Load(t.Context(), storetest.Fixture()))
	wait("Load")
	committed := time.Now()
	ok(t, "UPDATE revision", writer.ExecSQL(t.Context(), `UPDATE revision SET incidents = incidents + 1`))
	wait("UPDATE revision")
	t.Logf("a commit to its notice: %v", time.Since(committed).Round(time.Microsecond))

	u, _ := url.Parse(schemaURL)
	schema, _, _ := strings.Cut(u.Query().Get("search_path"), ",")
	var killed int
	conn := connect(t, dbURL)
	if err := conn.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'gridmap listener' AND query = 'LISTEN "gridmap.' || $1 || '"'`, schema).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("pg_terminate_backend killed %d listeners of schema %s; want 1", killed, schema)
	}
	select {
	case err := <-lost:
		t.Logf("lost: %v", err)
	case <-changed:
		t.Fatal("changed called before the listener noticed its connection was killed")
	case <-time.After(time.Minute):
		t.Fatal("lost never called after the listener's connection was killed")
	}
	wait("listening again")
	ok(t, "UPDATE revision", writer.ExecSQL(t.Context(), `UPDATE revision SET cells = cells + 1`))
	wait("UPDATE revision after reconnecting")
}

// TestRevisionNotices: the notices on a schema's channel carry the
// revision each commit left, and a write rolled back sends none.
func TestRevisionNotices(t *testing.T) {
	t.Parallel()
	dbURL := databaseURL(t)
	schemaURL := newSchema(t, dbURL)
	s := open(t, schemaURL)
	u, _ := url.Parse(schemaURL)
	schema, _, _ := strings.Cut(u.Query().Get("search_path"), ",")
	conn := connect(t, dbURL)
	if _, err := conn.Exec(t.Context(), `LISTEN `+pgx.Identifier{"gridmap." + schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	ok(t, "UPDATE revision rolled back", s.ExecSQL(t.Context(), `BEGIN; UPDATE revision SET cells = 1000; ROLLBACK`))
	ok(t, "UPDATE revision", s.ExecSQL(t.Context(), `UPDATE revision SET cells = cells + 1`))
	ok(t, "UPDATE revision", s.ExecSQL(t.Context(), `UPDATE revision SET incidents = 7`))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var got []string
	for range 2 {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatalf("WaitForNotification after %q: %v", got, err)
		}
		got = append(got, n.Payload)
	}
	if want := []string{"1,0", "1,7"}; !slices.Equal(got, want) {
		t.Errorf("notices after a rollback and two commits = %q; want %q", got, want)
	}
}

func ok(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s = %v", what, err)
	}
}

// connect opens a connection of the test's own, closed when it ends.
func connect(t *testing.T, dbURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dbURL)
	if err != nil {
		t.Fatalf("connecting to GRIDMAP_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
