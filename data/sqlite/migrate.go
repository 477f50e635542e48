package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"gridmap/data"
	"gridmap/data/internal/sqlstore"
)

// migrations holds the schema as numbered files (001_init.sql, ...), applied
// in order and recorded in schema_migrations. The write connection's
// immediate transaction makes two processes opening a new file queue.
//
//go:embed migrations/*.sql
var migrations embed.FS

// schema runs with foreign keys off, as SQLite's procedure for rebuilding a
// table that others reference requires (see 008_lookups.sql): off before
// BEGIN, since inside a transaction the pragma does nothing, and on again
// after it, since the connection goes back to the pool. Every foreign key
// is checked before a migration commits.
var schema = sqlstore.Migrations{FS: migrations, Dir: "migrations", Table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`,
	Outside: struct{ Before, After string }{`PRAGMA foreign_keys = OFF`, `PRAGMA foreign_keys = ON`},
	Check:   foreignKeyCheck}

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
