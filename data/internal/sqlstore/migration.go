package sqlstore

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

// migration is one numbered migration: a file of the store's, a shared
// one, or both.
type migration struct {
	version int
	name    string
}

// list gives the migrations of m and the shared ones by number, each name
// once. Two names with one number are an error.
func (m Migrations) list() ([]migration, error) {
	var list []migration
	for _, dir := range []struct {
		fsys fs.FS
		dir  string
	}{{m.FS, m.Dir}, {shared, "migrations"}} {
		entries, err := fs.ReadDir(dir.fsys, dir.dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
			if err != nil {
				return nil, fmt.Errorf("migration %s: no number: %w", e.Name(), err)
			}
			list = append(list, migration{version, e.Name()})
		}
	}
	slices.SortFunc(list, func(a, b migration) int {
		return cmp.Or(cmp.Compare(a.version, b.version), strings.Compare(a.name, b.name))
	})
	list = slices.Compact(list)
	for i := 1; i < len(list); i++ {
		if list[i].version == list[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have one number", list[i-1].name, list[i].name)
		}
	}
	return list, nil
}

// text is the SQL of the migration name: the store's file, then the
// shared one, each a text/template calling m.Words. A shared file's
// {{define "x"}} blocks are statements that the store's file places with
// {{template "x"}}, where its own statements must come around them; its
// other text runs after the store's file. A file without {{ runs as it is.
func (m Migrations) text(name string) (string, error) {
	t := template.New(name).Funcs(m.Words)
	var parts []string // the templates that give text, in order
	for _, file := range []struct {
		fsys        fs.FS
		path, label string
	}{{m.FS, path.Join(m.Dir, name), "store's " + name}, {shared, path.Join("migrations", name), "shared " + name}} {
		b, err := fs.ReadFile(file.fsys, file.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := t.New(file.label).Parse(string(b)); err != nil {
			return "", fmt.Errorf("migration %w", err)
		}
		parts = append(parts, file.label)
	}
	var sql strings.Builder
	for i, part := range parts {
		if i > 0 {
			sql.WriteByte('\n')
		}
		if err := t.ExecuteTemplate(&sql, part, nil); err != nil {
			return "", fmt.Errorf("migration %w", err)
		}
	}
	return sql.String(), nil
}

// Word is a migration word that is always the same SQL, for
// Migrations.Words.
func Word(sql string) func() string {
	return func() string { return sql }
}
