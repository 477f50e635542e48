package sqlite

import (
	"embed"

	"gridmap/data/internal/sqlstore"
)

// migrations holds the schema as numbered files (001_init.sql, ...), applied
// in order and recorded in schema_migrations. The write connection's
// immediate transaction makes two processes opening a new file queue.
//
//go:embed migrations/*.sql
var migrations embed.FS

var schema = sqlstore.Migrations{FS: migrations, Dir: "migrations", Table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`}
