package main

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/storetest/stores"
)

// TestSampleStores writes a town with drawn incidents into each kind of
// store: the counts are those asked for, the demo accounts exist, and a
// second run into the same database is refused.
func TestSampleStores(t *testing.T) {
	t.Parallel()
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			db := stores.URL(t, kind)
			out, err := runGridmap(t, "sample", "-scale", "town", "-incidents", "700", "-db", db)
			if err != nil {
				t.Fatalf("sample: %v\n%s", err, out)
			}
			wantOutput(t, "sample", out, "138 cells", "700 incidents")
			st, err := openStore(t.Context(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			_, total, err := st.Incidents(t.Context(), data.IncidentFilter{})
			if err != nil || total != 700 {
				t.Errorf("Incidents() total = %d, %v; want 700", total, err)
			}
			users, err := st.Users(t.Context())
			if err != nil || len(users) != len(sample.Accounts()) {
				t.Errorf("Users() = %d users, %v; want the %d demo accounts", len(users), err, len(sample.Accounts()))
			}
			out, err = runGridmap(t, "sample", "-scale", "town", "-db", db)
			if err == nil || !strings.Contains(err.Error(), "holds a town already") {
				t.Errorf("sample into a loaded database = %v; want refused\n%s", err, out)
			}
		})
	}
}

// TestSampleDeterministic: two runs with the same flags write the same
// rows, table by table; only what Load stamps with the time of loading,
// and the demo accounts' salted password hashes, differ.
func TestSampleDeterministic(t *testing.T) {
	t.Parallel()
	var dumps [2]map[string]string
	for i := range dumps {
		db := filepath.Join(t.TempDir(), "sample.db")
		if out, err := runGridmap(t, "sample", "-scale", "town", "-incidents", "1500", "-db", db); err != nil {
			t.Fatalf("sample: %v\n%s", err, out)
		}
		dumps[i] = dumpTables(t, db)
	}
	if len(dumps[0]) < 10 || dumps[0]["incidents"] == dumps[0]["residents"] {
		t.Fatalf("the dump holds %d tables; want every table of the store", len(dumps[0]))
	}
	for table, sum := range dumps[0] {
		if dumps[1][table] != sum {
			t.Errorf("table %s differs between two runs", table)
		}
	}
}

// volatile are the columns of a loaded sample that are not its data: the
// times of migrating and loading, and salted password hashes.
var volatile = map[string]bool{
	"schema_migrations.applied_at": true, "boundary_versions.created_at": true, "users.password_hash": true,
	"users.created_at": true,
}

// dumpTables returns a hash of each table's rows, in rowid order.
func dumpTables(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := make(map[string]string, len(tables))
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
		if err != nil {
			rows, err = db.Query(`SELECT * FROM "` + table + `"`) // WITHOUT ROWID: in key order
		}
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		h := sha256.New()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cols {
				if !volatile[table+"."+c] {
					fmt.Fprintf(h, "%s=%v\x1f", c, vals[i])
				}
			}
			h.Write([]byte{'\n'})
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		out[table] = fmt.Sprintf("%x", h.Sum(nil))
	}
	return out
}
