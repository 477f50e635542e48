// Package postgis is the data.Store for a PostgreSQL database with PostGIS,
// for deployments that share one database server, through pgx and its
// connection pool. A store lives in the first schema of the connection's
// search_path, so several can share one database.
package postgis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"gridmap/data"
	"gridmap/data/internal/sqlstore"
)

var _ data.Store = (*Store)(nil)

// Store is a data.Store in a PostgreSQL schema.
//
// Its queries (sqlstore) run on pgx's pool directly, behind sqlstore.DB
// (see pgxDB), chosen by storetest.BenchmarkStore on one PostGIS, each
// variant run in turn with the per-store code before the shared layer:
// through pgx's database/sql adapter (stdlib.OpenDB), a session and its
// account took 137-159 µs against 88-107 µs, a page of residents 584-736
// µs against 330-530 µs and a map view's incidents 3.0-3.2 ms against
// 2.2-2.5 ms, with 2-3 times the allocations (database/sql converts every
// value and watches every query's context), and over the pgxpool
// (stdlib.OpenDBFromPool, which keeps no idle connection) twice the time;
// on pgx directly they take 70-100 µs against 67-78 µs, 312-589 µs against
// 322-483 µs and 2.3-2.5 ms against 2.2-2.3 ms.
type Store struct {
	*sqlstore.Store // the queries written once; see dialect
	pool            *pgxpool.Pool
}

// Open connects to the database at url (a postgres:// URL; a search_path
// parameter picks the schema, e.g. ?search_path=gridmap,public, with PostGIS
// reachable on the path) and applies any migration the schema lacks.
// EINVALID for a malformed URL or a search_path naming no existing schema;
// EUNAVAILABLE when the server cannot be reached or PostGIS is missing and
// cannot be installed.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	db := newDB(pool)
	if err := sqlstore.MigrateTo(ctx, db, dialect{}, schema, math.MaxInt); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{Store: sqlstore.New(sqlstore.Config{Read: db, Write: db, Dialect: dialect{}}), pool: pool}, nil
}

// connect opens a pool on the database at url and checks that it answers.
func connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil { // pgx's message hides the password
		return nil, fmt.Errorf("postgis: %w: %w", data.FieldErrorf("url", "The database URL is not valid."), err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, translate("open", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, translate("open", err)
	}
	return pool, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// translate turns a driver error into a *data.Error code, keeping the
// driver's error in the chain for logs. Errors that already carry a code
// pass unchanged.
func translate(op string, err error) error {
	if sqlstore.Coded(err) {
		return err
	}
	code := data.EINTERNAL
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		code = data.ENOTFOUND
	case errors.As(err, &ce): // refused, bad credentials, no such database, ...
		code = data.EUNAVAILABLE
	case errors.As(err, &pe):
		switch {
		case pe.Code == "23505": // unique_violation
			code = data.ECONFLICT
		case strings.HasPrefix(pe.Code, "23"): // other integrity constraints
			code = data.EINVALID
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "57P"):
			// connection exception, insufficient resources, shutdown
			code = data.EUNAVAILABLE
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err),
		errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		code = data.EUNAVAILABLE
	}
	return sqlstore.DriverError("postgis", op, code, err)
}
