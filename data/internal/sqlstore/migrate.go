package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// Migrations are a store's schema: numbered files (001_init.sql, ...) in
// Dir of FS, applied in order and recorded in schema_migrations.
type Migrations struct {
	FS  fs.FS
	Dir string
	// Table creates schema_migrations (version, name, applied_at) if it
	// does not exist.
	Table string
	// Before runs first in the transaction: to make concurrent migrations
	// queue, say.
	Before func(ctx context.Context, tx *sql.Tx) error
	// Outside are statements run on the migration's connection before its
	// transaction begins and after it ends: for a setting a transaction
	// cannot change (SQLite's foreign keys, off while tables are rebuilt).
	Outside struct{ Before, After string }
	// Check runs last in a transaction that applied a migration: to check
	// what Outside turned off.
	Check func(ctx context.Context, tx *sql.Tx) error
}

// Migrate applies the migrations the database lacks, in one transaction,
// so that two processes opening a new database cannot both apply them.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, m Migrations) error {
	return MigrateTo(ctx, db, d, m, math.MaxInt)
}

// MigrateTo is Migrate stopping after version last, which tests use to
// build databases of earlier versions.
func MigrateTo(ctx context.Context, db *sql.DB, d Dialect, m Migrations, last int) (err error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return d.Translate("migrate", err)
	}
	defer c.Close()
	if m.Outside.Before != "" {
		if _, err := c.ExecContext(ctx, m.Outside.Before); err != nil {
			return d.Translate("migrate", err)
		}
		defer func() {
			// Even when canceled: the connection goes back to the pool.
			if _, after := c.ExecContext(context.WithoutCancel(ctx), m.Outside.After); after != nil && err == nil {
				err = d.Translate("migrate", after)
			}
		}()
	}
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return d.Translate("migrate", err)
	}
	defer tx.Rollback()
	if m.Before != nil {
		if err := m.Before(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, m.Table); err != nil {
		return d.Translate("migrate", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return d.Translate("migrate", err)
	}
	entries, err := fs.ReadDir(m.FS, m.Dir)
	if err != nil {
		return err
	}
	applied := false
	for _, e := range entries { // sorted by name, so by number
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: no number: %w", e.Name(), err)
		}
		if version <= current {
			continue
		}
		if version > last {
			break
		}
		body, err := fs.ReadFile(m.FS, path.Join(m.Dir, e.Name()))
		if err != nil {
			return err
		}
		// No arguments: every statement of the file runs (on PostgreSQL
		// through the simple protocol).
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return d.Translate("migration "+e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			version, e.Name(), d.Time(time.Now().UTC().Truncate(time.Microsecond))); err != nil {
			return d.Translate("migrate", err)
		}
		applied = true
	}
	if applied && m.Check != nil {
		if err := m.Check(ctx, tx); err != nil {
			return err
		}
	}
	return d.Translate("migrate", tx.Commit())
}
