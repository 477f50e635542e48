package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
)

// migrations holds the schema as numbered files (001_init.sql, ...), applied
// in order and recorded in schema_migrations.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies the migrations the database lacks, in one immediate
// transaction, so that two processes opening a new file cannot both apply
// them.
func migrate(ctx context.Context, db *sql.DB) error {
	return migrateTo(ctx, db, math.MaxInt)
}

// migrateTo is migrate stopping after version last, which tests use to
// build databases of earlier versions. It runs with foreign keys off, as
// SQLite's procedure for rebuilding a table that others reference requires
// (see 008_lookups.sql), and checks every foreign key before committing.
func migrateTo(ctx context.Context, db *sql.DB, last int) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return translate("migrate", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil { // before BEGIN: inside a transaction it does nothing
		return translate("migrate", err)
	}
	defer func() {
		if _, on := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); on != nil && err == nil {
			err = translate("migrate", on) // the caller closes db, so that no connection goes on without them
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return translate("migrate", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`); err != nil {
		return translate("migrate", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return translate("migrate", err)
	}
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return err
	}
	applied := false
	for _, e := range entries { // sorted by name, so by number
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration %s: no number: %w", e.Name(), err)
		}
		if version <= current {
			continue
		}
		if version > last {
			break
		}
		body, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return translate("migration "+e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			version, e.Name(), formatTime(time.Now())); err != nil {
			return translate("migrate", err)
		}
		applied = true
	}
	if applied {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	return translate("migrate", tx.Commit())
}

// foreignKeyCheck fails on the first row whose foreign key names no row,
// with EINVALID as PostgreSQL's checks of new foreign keys do.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	var table, parent string
	var row sql.NullInt64
	var fk int
	err := tx.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&table, &row, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return translate("migrate", err)
	}
	return fmt.Errorf("sqlite: migrate: row %d of %s names no row of %s: %w", row.Int64, table, parent,
		data.Errorf(data.EINVALID, "The data breaks a rule of the database."))
}
