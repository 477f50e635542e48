package sqlite

import (
	"context"
	"database/sql"
)

// ExecSQL runs a statement on the write connection, bypassing the Store
// methods, for the conformance suite to prove that rules such as the audit
// log's append-only one hold in the database itself (storetest.SQLExecer).
func (s *Store) ExecSQL(ctx context.Context, query string) error {
	_, err := s.write.ExecContext(ctx, query)
	return err
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
