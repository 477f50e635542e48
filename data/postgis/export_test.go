package postgis

import "context"

// ExecSQL runs a statement through the pool, bypassing the Store methods,
// for the conformance suite to prove that rules such as the audit log's
// append-only one hold in the database itself (storetest.SQLExecer).
func (s *Store) ExecSQL(ctx context.Context, query string) error {
	_, err := s.pool.Exec(ctx, query)
	return err
}
