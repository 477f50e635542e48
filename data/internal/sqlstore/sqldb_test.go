package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestPreparedSQLDB: a PreparedSQLDB answers as SQLDB does, preparing each
// query text once; the same text serves two result sets open at once; a
// text that cannot be prepared reports its error and is not kept; texts
// past maxPrepared run unprepared.
func TestPreparedSQLDB(t *testing.T) {
	ctx := context.Background()
	pool, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	db := PreparedSQLDB(pool)
	cache := db.(sqlDB).sqlQuerier.q.(*stmtCache)
	if _, err := db.Exec(ctx, `CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	for n := range 3 {
		if _, err := db.Exec(ctx, `INSERT INTO t (n) VALUES (?)`, n); err != nil {
			t.Fatal(err)
		}
	}
	if len(cache.stmts) != 2 {
		t.Errorf("after one CREATE and three INSERTs, %d statements kept; want 2", len(cache.stmts))
	}

	const list = `SELECT n FROM t WHERE n >= ? ORDER BY n`
	outer, err := db.Query(ctx, list, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		inner, err := db.Query(ctx, list, n)
		if err != nil {
			t.Fatal(err)
		}
		var ns []string
		for inner.Next() {
			var m int
			if err := inner.Scan(&m); err != nil {
				t.Fatal(err)
			}
			ns = append(ns, fmt.Sprint(m))
		}
		if err := inner.Err(); err != nil {
			t.Fatal(err)
		}
		inner.Close()
		got = append(got, fmt.Sprintf("%d:%s", n, strings.Join(ns, ",")))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if g := strings.Join(got, " "); g != "1:1,2 2:2" {
		t.Errorf("one text's result sets open at once read %q; want %q", g, "1:1,2 2:2")
	}

	kept := len(cache.stmts)
	if err := db.QueryRow(ctx, `SELECT nope FROM t`).Scan(new(int)); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("a query naming no column: err = %v; want the column named", err)
	}
	if len(cache.stmts) != kept {
		t.Errorf("a query that cannot be prepared was kept")
	}

	for i := len(cache.stmts); i < maxPrepared+3; i++ {
		var n int
		if err := db.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) + %d FROM t`, i)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3+i {
			t.Fatalf("query %d read %d; want %d", i, n, 3+i)
		}
	}
	if len(cache.stmts) != maxPrepared {
		t.Errorf("%d statements kept; want at most %d", len(cache.stmts), maxPrepared)
	}
}
