package sqlite

import (
	"context"
	"database/sql"

	"gridmap/data/internal/sqlstore"
)

// ExecSQL: see sqlstore.Exec.
func (s *Store) ExecSQL(ctx context.Context, query string, dest ...any) error {
	return sqlstore.Exec(ctx, s.Store, query, dest...)
}

// MigrateTo applies the migrations up to version last to the file at
// path, creating it if need be, for the upgrade tests to build databases
// of earlier versions.
func MigrateTo(ctx context.Context, path string, last int) error {
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		return err
	}
	defer db.Close()
	return migrate(ctx, db, last)
}
