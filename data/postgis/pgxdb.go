package postgis

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"gridmap/data/internal/sqlstore"
)

// pgxDB is the pgx pool as the sqlstore.DB the shared queries run on.
type pgxDB struct{ pool *pgxpool.Pool }

func (d pgxDB) Exec(ctx context.Context, query string, args ...any) (sqlstore.Result, error) {
	tag, err := d.pool.Exec(ctx, query, args...)
	return result(tag), err
}

func (d pgxDB) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return d.pool.Query(ctx, query, args...)
}

func (d pgxDB) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return d.pool.QueryRow(ctx, query, args...)
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
	return pgxTx{tx}, nil
}

// pgxTx is a pgx transaction as a sqlstore.Tx.
type pgxTx struct{ tx pgx.Tx }

func (t pgxTx) Exec(ctx context.Context, query string, args ...any) (sqlstore.Result, error) {
	tag, err := t.tx.Exec(ctx, query, args...)
	return result(tag), err
}

func (t pgxTx) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return t.tx.Query(ctx, query, args...)
}

func (t pgxTx) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return t.tx.QueryRow(ctx, query, args...)
}

func (t pgxTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgxTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// result is a command tag as a sqlstore.Result.
type result pgconn.CommandTag

func (r result) RowsAffected() (int64, error) { return pgconn.CommandTag(r).RowsAffected(), nil }
