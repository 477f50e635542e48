package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// SQLDB is a database/sql pool (or one of its connections, *sql.Conn) as
// a DB. Its snapshots are the driver's default transactions: SQLite's
// read a single state of the file already.
func SQLDB(db SQLConn) DB { return sqlDB{sqlQuerier{db}, db} }

// SQLConn is what *sql.DB and *sql.Conn share.
type SQLConn interface {
	sqlQueries
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

type sqlDB struct {
	sqlQuerier
	db SQLConn
}

func (d sqlDB) Begin(ctx context.Context, _ bool) (Tx, error) {
	tx, err := d.db.BeginTx(ctx, nil)
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

// PreparedSQLDB is SQLDB over a pool whose queries outside a transaction
// run as prepared statements kept by query text, each prepared once per
// connection and reused, where SQLDB parses a query at every use (for
// SQLite, whose driver keeps no statements, parsing is much of a small
// query's cost: a session's lookup at every request, say). It keeps the
// first maxPrepared texts; others, and any a pool cannot prepare (whose
// error the unprepared query then reports), run as SQLDB's do. Queries
// inside a transaction are never prepared here: on one connection a
// statement cannot serve two open result sets at once, which a
// transaction may ask for, while outside one each use has a connection
// to itself until its rows are closed.
func PreparedSQLDB(db *sql.DB) DB {
	return sqlDB{sqlQuerier{&stmtCache{db: db, stmts: map[string]*sql.Stmt{}}}, db}
}

// maxPrepared bounds a stmtCache: the store's query texts are a few
// hundred; texts built for one call's arguments (an IN list's length)
// beyond it run unprepared.
const maxPrepared = 512

// stmtCache runs queries on db through its prepared statements.
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// stmt returns query's prepared statement, preparing it at its first use,
// or nil when query is to run unprepared.
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxPrepared
	c.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.stmts[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return kept
	}
	if len(c.stmts) >= maxPrepared {
		st.Close()
		return nil
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.db.ExecContext(ctx, query, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}
