package sqlstore

import (
	"context"
	"database/sql"
)

// SQLDB is a database/sql pool (or one of its connections, *sql.Conn) as
// a DB; snapshot are the options of its snapshot transactions (nil: the
// driver's default).
func SQLDB(db SQLConn, snapshot *sql.TxOptions) DB { return sqlDB{sqlQuerier{db}, db, snapshot} }

// SQLConn is what *sql.DB and *sql.Conn share.
type SQLConn interface {
	sqlQueries
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

type sqlDB struct {
	sqlQuerier
	db   SQLConn
	snap *sql.TxOptions
}

func (d sqlDB) Begin(ctx context.Context, snapshot bool) (Tx, error) {
	var opts *sql.TxOptions
	if snapshot {
		opts = d.snap
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return SQLTx{sqlQuerier{tx}, tx}, nil
}

// SQLTx is a database/sql transaction as a Tx; Tx is there for what
// database/sql offers beyond Tx (prepared statements, say).
type SQLTx struct {
	sqlQuerier
	Tx *sql.Tx
}

func (t SQLTx) Commit(context.Context) error   { return t.Tx.Commit() }
func (t SQLTx) Rollback(context.Context) error { return t.Tx.Rollback() }

// sqlQueries is what *sql.DB, *sql.Conn and *sql.Tx share.
type sqlQueries interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlQuerier adapts sqlQueries to Querier.
type sqlQuerier struct{ q sqlQueries }

func (q sqlQuerier) Exec(ctx context.Context, query string, args ...any) (Result, error) {
	return q.q.ExecContext(ctx, query, args...)
}

func (q sqlQuerier) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q sqlQuerier) QueryRow(ctx context.Context, query string, args ...any) Row {
	return q.q.QueryRowContext(ctx, query, args...)
}

// sqlRows are *sql.Rows whose Close reports nothing (Err does).
type sqlRows struct{ rows *sql.Rows }

func (r sqlRows) Next() bool             { return r.rows.Next() }
func (r sqlRows) Scan(dest ...any) error { return r.rows.Scan(dest...) }
func (r sqlRows) Err() error             { return r.rows.Err() }
func (r sqlRows) Close()                 { r.rows.Close() }
