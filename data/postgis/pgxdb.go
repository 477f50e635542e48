package postgis

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"gridmap/data/internal/sqlstore"
)

// newDB is the pgx pool as the sqlstore.DB the shared queries run on.
func newDB(pool *pgxpool.Pool) pgxDB { return pgxDB{pgxQuerier{pool}, pool} }

type pgxDB struct {
	pgxQuerier
	pool *pgxpool.Pool
}

// Begin starts a read-only repeatable-read transaction for a snapshot,
// else a read-committed one.
func (d pgxDB) Begin(ctx context.Context, snapshot bool) (sqlstore.Tx, error) {
	var opts pgx.TxOptions
	if snapshot {
		opts = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	}
	tx, err := d.pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return pgxTx{pgxQuerier{tx}, tx}, nil
}

// pgxTx is a pgx transaction as a sqlstore.Tx.
type pgxTx struct {
	pgxQuerier
	tx pgx.Tx
}

func (t pgxTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgxTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// pgxQuerier adapts what the pool and a transaction share.
type pgxQuerier struct {
	q interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	}
}

func (q pgxQuerier) Exec(ctx context.Context, query string, args ...any) (sqlstore.Result, error) {
	tag, err := q.q.Exec(ctx, query, args...)
	return result(tag), err
}

func (q pgxQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return q.q.Query(ctx, query, args...)
}

func (q pgxQuerier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.q.QueryRow(ctx, query, args...)
}

// result is a command tag as a sqlstore.Result.
type result pgconn.CommandTag

func (r result) RowsAffected() (int64, error) { return pgconn.CommandTag(r).RowsAffected(), nil }
