package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"text/template"

	"gridmap/data"
	"gridmap/data/internal/sqlstore"
)

// migrations holds the schema as numbered files (001_init.sql, ...), applied
// in order and recorded in schema_migrations. The write connection's
// immediate transaction makes two processes opening a new file queue.
//
//go:embed migrations/*.sql
var migrations embed.FS

// schema runs with foreign keys off (see migrate), and every foreign key
// is checked before a migration commits.
var schema = sqlstore.Migrations{FS: migrations, Dir: "migrations", Words: words, Table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`,
	Check: foreignKeyCheck}

// words are SQLite's spelling of the words of the shared migrations (see
// sqlstore.Migrations.Words): STRICT tables, whose columns are INTEGER,
// REAL, TEXT or BLOB; times as TEXT; lists as JSON arrays; polygons as WKB
// BLOBs; points as lon and lat columns. SQLite keeps the text of a table
// as the migration wrote it, which the words give byte for byte as the
// SQLite migrations did before they were shared.
var words = template.FuncMap{
	"bigint":                 sqlstore.Word("INTEGER"),
	"integer":                sqlstore.Word("INTEGER"),
	"real":                   sqlstore.Word("REAL"),
	"text":                   sqlstore.Word("TEXT"),
	"code":                   sqlstore.Word("TEXT"),
	"time":                   sqlstore.Word("TEXT"),
	"date":                   sqlstore.Word("TEXT"),
	"bytes":                  sqlstore.Word("BLOB"),
	"polygon":                sqlstore.Word("BLOB"),
	"identity":               sqlstore.Word("INTEGER PRIMARY KEY"),
	"identity_autoincrement": sqlstore.Word("INTEGER PRIMARY KEY AUTOINCREMENT"),
	"strict":                 sqlstore.Word("STRICT"),
	"strict_without_rowid":   sqlstore.Word("STRICT, WITHOUT ROWID"),
	"list":                   arrayColumn,
	"codes":                  arrayColumn,
	"point": func(width int) string {
		return fmt.Sprintf("%-*sREAL NOT NULL,\n\t%-*sREAL NOT NULL", width, "lon", width, "lat")
	},
}

// arrayColumn is a NOT NULL column of a list of text.
func arrayColumn(column string) string {
	return "TEXT NOT NULL CHECK (json_type(" + column + ") = 'array')"
}

// migrate applies the migrations up to version last on one connection of
// db with foreign keys off, as SQLite's procedure for rebuilding a table
// that others reference requires (see 008_lookups.sql): off before BEGIN,
// since inside a transaction the pragma does nothing, and on again after
// it, since the connection goes back to the pool.
func migrate(ctx context.Context, db *sql.DB, last int) (err error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return translate("migrate", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return translate("migrate", err)
	}
	defer func() {
		// Even when canceled: the connection goes back to the pool.
		if _, on := c.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); on != nil && err == nil {
			err = translate("migrate", on)
		}
	}()
	return sqlstore.MigrateTo(ctx, sqlstore.SQLDB(c), dialect{}, schema, last)
}

// foreignKeyCheck fails on the first row whose foreign key names no row,
// with EINVALID as PostgreSQL's checks of new foreign keys do.
func foreignKeyCheck(ctx context.Context, tx sqlstore.Querier) error {
	var table, parent string
	var row sql.NullInt64
	var fk int
	err := tx.QueryRow(ctx, `PRAGMA foreign_key_check`).Scan(&table, &row, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return sqlstore.DriverError("sqlite", "migrate", data.EINVALID, fmt.Errorf("row %d of %s names no row of %s", row.Int64, table, parent))
}
