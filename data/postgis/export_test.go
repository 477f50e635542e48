package postgis

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"gridmap/data/internal/sqlstore"
)

// ExecSQL runs a statement through the pool, bypassing the Store methods,
// for the conformance suite to prove that rules such as the audit log's
// append-only one hold in the database itself (storetest.SQLExecer).
func (s *Store) ExecSQL(ctx context.Context, query string) error {
	_, err := s.pool.Exec(ctx, query)
	return err
}

// MigrateTo applies the migrations up to version last to the schema url
// names, for the upgrade tests to build schemas of earlier versions.
func MigrateTo(ctx context.Context, url string, last int) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return sqlstore.MigrateTo(ctx, newDB(pool), dialect{}, schema, last)
}
