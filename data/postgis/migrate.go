package postgis

import (
	"context"
	"embed"
	"fmt"

	"gridmap/data"
	"gridmap/data/internal/sqlstore"
)

// migrations holds the schema as numbered files (001_init.sql, ...), applied
// in order and recorded in schema_migrations.
//
//go:embed migrations/*.sql
var migrations embed.FS

// lockClass is the first key of the advisory lock that serialises
// migrations; the second is the schema's hash, so that stores in other
// schemas migrate undisturbed.
const lockClass int32 = 0x67726964 // "grid"

// schema applies the migrations in one transaction holding an advisory
// lock, so that two processes opening a new schema cannot both apply them.
var schema = sqlstore.Migrations{FS: migrations, Dir: "migrations", Table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`, Before: lockSchema}

// lockSchema takes the schema's migration lock and makes sure PostGIS is
// there. EINVALID (field "url") when no schema of the search_path exists.
func lockSchema(ctx context.Context, tx sqlstore.Tx) error {
	var schema *string
	if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return translate("migrate", err)
	}
	if schema == nil {
		return data.FieldErrorf("url", "No schema named in the search_path exists.")
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, lockClass); err != nil {
		return translate("migrate", err)
	}
	return ensurePostGIS(ctx, tx)
}

// ensurePostGIS creates the postgis extension only when the database lacks
// it: usually a superuser has installed it (in template1, say), which the
// store's own role could not.
func ensurePostGIS(ctx context.Context, tx sqlstore.Tx) error {
	var installed bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')`).Scan(&installed); err != nil {
		return translate("migrate", err)
	}
	if installed {
		return nil
	}
	if _, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`); err != nil {
		return fmt.Errorf("postgis: create extension: %w: %w",
			data.Errorf(data.EUNAVAILABLE, "PostGIS is not installed in the database."), err)
	}
	return nil
}
