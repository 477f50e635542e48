package sqlstore

import (
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
)

// testWords spell two words as a store might.
var testWords = template.FuncMap{
	"bigint": Word("INTEGER"),
	"list":   func(column string) string { return "TEXT CHECK (json_type(" + column + ") = 'array')" },
}

// testDirs are a store's migrations and shared ones, from the files given
// by path ("own/..." or "shared/...").
func testDirs(files map[string]string) []dir {
	fsys := fstest.MapFS{"own": {Mode: 0o755 | 1<<31}, "shared": {Mode: 0o755 | 1<<31}}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return []dir{{fsys, "own", "store's "}, {fsys, "shared", "shared "}}
}

// TestMigrationText: a migration is the store's file then the shared one,
// each expanded with the store's words; a shared define stands where the
// store's file places it, the shared file's other text after the store's
// file; a file without actions comes back byte for byte; a migration may
// be only a store's file or only a shared one.
func TestMigrationText(t *testing.T) {
	dirs := testDirs(map[string]string{
		"own/001_init.sql":    "CREATE TABLE a (x TEXT) STRICT;\n-- {not an action}\n",
		"shared/001_init.sql": "INSERT INTO a VALUES ('}}{');\n",
		"own/002_b.sql":       "CREATE TABLE c (id INTEGER);\n{{template \"b\"}}\nCREATE INDEX b_id ON b (id);\n",
		"shared/002_b.sql":    "-- b\n{{define \"b\"}}CREATE TABLE b (\n\tid {{bigint}},\n\tl  {{list \"l\"}}\n);{{end}}\nINSERT INTO b (id, l) VALUES (1, '[]');\n",
		"own/003_own.sql":     "SELECT 3;\n",
		"shared/004_both.sql": "SELECT {{bigint}};",
	})
	for _, tc := range []struct{ name, want string }{
		{"001_init.sql", "CREATE TABLE a (x TEXT) STRICT;\n-- {not an action}\n\nINSERT INTO a VALUES ('}}{');\n"},
		{"002_b.sql", "CREATE TABLE c (id INTEGER);\nCREATE TABLE b (\n\tid INTEGER,\n\tl  TEXT CHECK (json_type(l) = 'array')\n);\nCREATE INDEX b_id ON b (id);\n" +
			"\n-- b\n\nINSERT INTO b (id, l) VALUES (1, '[]');\n"},
		{"003_own.sql", "SELECT 3;\n"},
		{"004_both.sql", "SELECT INTEGER;"},
	} {
		got, err := migrationText(dirs, testWords, tc.name)
		if err != nil || got != tc.want {
			t.Errorf("migrationText(%s) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// TestMigrationTextErrors: a word the store does not spell, a statement
// no file defines and one defined twice fail, naming the file.
func TestMigrationTextErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown word", map[string]string{"shared/001_a.sql": "CREATE TABLE a (x {{real}});"},
			`shared 001_a.sql:1: function "real" not defined`},
		{"undefined statement", map[string]string{"own/001_a.sql": `{{template "a"}}`},
			`template "a" not defined`},
		{"defined twice", map[string]string{"own/001_a.sql": `{{define "a"}}SELECT 1;{{end}}`, "shared/001_a.sql": `{{define "a"}}SELECT 2;{{end}}`},
			`shared 001_a.sql`},
	} {
		_, err := migrationText(testDirs(tc.files), testWords, "001_a.sql")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: migrationText = %v; want an error with %q", tc.name, err, tc.want)
		}
	}
}

// TestMigrations: the store's and the shared migrations in order of
// number, a name in both once; two names with one number, or a name
// without one, fail.
func TestMigrations(t *testing.T) {
	got, err := migrations(testDirs(map[string]string{
		"own/010_j.sql": "", "own/002_b.sql": "", "shared/002_b.sql": "", "shared/003_c.sql": "", "own/001_a.sql": "",
	}))
	want := []migration{{1, "001_a.sql"}, {2, "002_b.sql"}, {3, "003_c.sql"}, {10, "010_j.sql"}}
	if err != nil || len(got) != len(want) {
		t.Fatalf("migrations = %v, %v; want %v", got, err, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("migrations[%d] = %v; want %v", i, got[i], want[i])
		}
	}
	for _, files := range []map[string]string{
		{"own/002_b.sql": "", "shared/002_c.sql": ""},
		{"own/init.sql": ""},
	} {
		if got, err := migrations(testDirs(files)); err == nil {
			t.Errorf("migrations(%v) = %v; want an error", files, got)
		}
	}
}
