package postgis

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gridmap/data"
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

// migrate applies the migrations the schema lacks, in one transaction
// holding an advisory lock, so that two processes opening a new schema
// cannot both apply them.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return migrateTo(ctx, pool, math.MaxInt)
}

// migrateTo is migrate stopping after version last, which tests use to
// build schemas of earlier versions.
func migrateTo(ctx context.Context, pool *pgxpool.Pool, last int) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return translate("migrate", err)
	}
	defer tx.Rollback(ctx)
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
	if err := ensurePostGIS(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return translate("migrate", err)
	}
	var current int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return translate("migrate", err)
	}
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return err
	}
	for _, e := range entries { // sorted by name, so by number
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("postgis: migration %s: no number: %w", e.Name(), err)
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
		if _, err := tx.Exec(ctx, string(body)); err != nil { // no arguments: the simple protocol runs every statement
			return translate("migration "+e.Name(), err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, version, e.Name()); err != nil {
			return translate("migrate", err)
		}
	}
	return translate("migrate", tx.Commit(ctx))
}

// ensurePostGIS creates the postgis extension only when the database lacks
// it: usually a superuser has installed it (in template1, say), which the
// store's own role could not.
func ensurePostGIS(ctx context.Context, tx pgx.Tx) error {
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
