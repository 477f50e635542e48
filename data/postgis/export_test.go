package postgis

import (
	"context"

	"gridmap/data/internal/sqlstore"
)

// ExecSQL: see sqlstore.Exec.
func (s *Store) ExecSQL(ctx context.Context, query string, dest ...any) error {
	return sqlstore.Exec(ctx, s.Store, query, dest...)
}

// MigrateTo applies the migrations up to version last to the schema url
// names, for the upgrade tests to build schemas of earlier versions.
func MigrateTo(ctx context.Context, url string, last int) error {
	pool, err := connect(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return sqlstore.MigrateTo(ctx, newDB(pool), dialect{}, schema, last)
}
