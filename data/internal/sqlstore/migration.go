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

// dir is a directory of migrations; label names its files in errors.
type dir struct {
	fsys        fs.FS
	path, label string
}

// dirs are where m's migrations are: the store's, then the shared ones.
func (m Migrations) dirs() []dir {
	return []dir{{m.FS, m.Dir, "store's "}, {shared, "migrations", "shared "}}
}

// migrations gives the migrations of the directories by number, each name once.
// Two names with one number are an error.
func migrations(dirs []dir) ([]migration, error) {
	var list []migration
	for _, d := range dirs {
		entries, err := fs.ReadDir(d.fsys, d.path)
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

// migrationText is the SQL of the migration name: its file in each of
// the directories that has one, in order, each a text/template calling
// words. A shared file's {{define "x"}} blocks are statements that the
// store's file places with {{template "x"}}, where its own statements
// must come around them; its other text runs after the store's file. A
// file without {{ runs as it is.
func migrationText(dirs []dir, words template.FuncMap, name string) (string, error) {
	t := template.New(name).Funcs(words)
	var parts []string // the templates that give text, in order
	for _, d := range dirs {
		b, err := fs.ReadFile(d.fsys, path.Join(d.path, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		// Parsed alone first: a statement that two files define is an
		// error, where parsing into t would keep the last.
		file, err := template.New(d.label + name).Funcs(words).Parse(string(b))
		if err != nil {
			return "", fmt.Errorf("migration %w", err)
		}
		for _, def := range file.Templates() {
			if t.Lookup(def.Name()) != nil {
				return "", fmt.Errorf("migration %s%s defines %q again", d.label, name, def.Name())
			}
			if _, err := t.AddParseTree(def.Name(), def.Tree); err != nil {
				return "", err
			}
		}
		parts = append(parts, d.label+name)
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
