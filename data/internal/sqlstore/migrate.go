package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"text/template"
	"time"
)

// shared holds the parts of migrations that both stores run alike, in
// the words of the store (see Migrations.Words): a file here runs after
// the store's own file of the same name, in its transaction, as one
// migration, or alone where the store has no such file.
//
//go:embed migrations/*.sql
var shared embed.FS

// Migrations are a store's schema: numbered files (001_init.sql, ...) in
// Dir of FS and in shared, applied in order and recorded in
// schema_migrations.
type Migrations struct {
	FS  fs.FS
	Dir string
	// Words are what the store spells its own way in SQL both stores
	// share (see migrationText), each store all of them: the column types
	// bigint, integer, real, text, code (sorted byte-wise), time, date,
	// bytes and polygon; identity and identity_autoincrement (an ID the
	// database gives, with autoincrement never a deleted row's); strict
	// and strict_without_rowid (after a table's closing parenthesis);
	// list "column" and codes "column" (a NOT NULL list of text, of
	// codes); point width (a location's columns, their names padded to
	// width).
	Words template.FuncMap
	// Table creates schema_migrations (version, name, applied_at) if it
	// does not exist.
	Table string
	// Before runs first in the transaction: to make concurrent migrations
	// queue, say.
	Before func(ctx context.Context, tx Querier) error
	// Check runs last in a transaction that applied a migration: to check
	// what the caller turned off around it (SQLite's foreign keys, off
	// while tables are rebuilt).
	Check func(ctx context.Context, tx Querier) error
}

// MigrateTo applies the migrations the database lacks up to version last
// (math.MaxInt for all; tests stop earlier to build databases of earlier
// versions), in one transaction, so that two processes opening a new
// database cannot both apply them. A database brought up to date from an
// earlier version then has its fact pages filled (see FillFactPages).
func MigrateTo(ctx context.Context, db DB, d Dialect, m Migrations, last int) error {
	dirs := m.dirs()
	list, err := migrations(dirs)
	if err != nil {
		return err
	}
	s := New(Config{Read: db, Write: db, Dialect: d})
	err = d.Translate("migrate", s.update(ctx, func(tx conn) error {
		var current int
		if m.Before != nil {
			if err := m.Before(ctx, tx.q); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, m.Table); err != nil {
			return err
		}
		if err := tx.row(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return err
		}
		applied := false
		for _, mig := range list { // by number
			if mig.version <= current {
				continue
			}
			if mig.version > last {
				break
			}
			body, err := migrationText(dirs, m.Words, mig.name)
			if err != nil {
				return err
			}
			// As written, without arguments: every statement of the file
			// runs (on PostgreSQL through the simple protocol).
			if _, err := tx.q.Exec(ctx, body); err != nil {
				return fmt.Errorf("migration %s: %w", mig.name, err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				mig.version, mig.name, s.time(time.Now())); err != nil {
				return err
			}
			applied = true
		}
		if applied && m.Check != nil {
			return m.Check(ctx, tx.q)
		}
		return nil
	}))
	if err != nil || last < list[len(list)-1].version {
		return err
	}
	return s.FillFactPages(ctx)
}
