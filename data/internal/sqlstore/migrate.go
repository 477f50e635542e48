package sqlstore

import (
	"context"
	"embed"
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
	Before func(ctx context.Context, tx Tx) error
	// Check runs last in a transaction that applied a migration: to check
	// what the caller turned off around it (SQLite's foreign keys, off
	// while tables are rebuilt).
	Check func(ctx context.Context, tx Tx) error
}

// MigrateTo applies the migrations the database lacks up to version last
// (math.MaxInt for all; tests stop earlier to build databases of earlier
// versions), in one transaction, so that two processes opening a new
// database cannot both apply them.
func MigrateTo(ctx context.Context, db DB, d Dialect, m Migrations, last int) error {
	tx, err := db.Begin(ctx, false)
	if err != nil {
		return d.Translate("migrate", err)
	}
	defer tx.Rollback(ctx)
	if m.Before != nil {
		if err := m.Before(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, m.Table); err != nil {
		return d.Translate("migrate", err)
	}
	var current int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return d.Translate("migrate", err)
	}
	dirs := m.dirs()
	list, err := migrations(dirs)
	if err != nil {
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
		// No arguments: every statement of the file runs (on PostgreSQL
		// through the simple protocol).
		if _, err := tx.Exec(ctx, body); err != nil {
			return d.Translate("migration "+mig.name, err)
		}
		if _, err := tx.Exec(ctx, d.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			mig.version, mig.name, d.Time(time.Now().UTC().Truncate(time.Microsecond))); err != nil {
			return d.Translate("migrate", err)
		}
		applied = true
	}
	if applied && m.Check != nil {
		if err := m.Check(ctx, tx); err != nil {
			return err
		}
	}
	return d.Translate("migrate", tx.Commit(ctx))
}
