// Package sqlite is gridmap's embedded default data.Store: one SQLite file,
// through the pure-Go modernc.org/sqlite driver so that gridmap builds and
// runs without cgo or a database server.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/url"
	"path/filepath"
	"runtime"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"gridmap/data"
	"gridmap/data/internal/sqlstore"
)

var _ data.Store = (*Store)(nil)

// Store is a data.Store kept in one SQLite file in WAL mode. Reads use a
// pool of read-only connections, which WAL lets run beside the writer;
// writes use a single connection whose transactions take the write lock as
// they begin, so concurrent writers queue instead of failing with
// SQLITE_BUSY.
type Store struct {
	*sqlstore.Store // the queries written once, see dialect
	read            *sql.DB
	write           *sql.DB
}

// Open opens the SQLite file at path for use as a store, creating the file
// and its schema on first use and applying any migration it lacks.
// EUNAVAILABLE when the file cannot be opened or created.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, data.FieldErrorf("path", "A database file is required.")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, data.FieldErrorf("path", "The database path is not valid.")
	}
	// A file: URI with an escaped path, so that '?' or '#' in a file name
	// cannot be read as parameters.
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	// temp_store: statement journals of the bulk inserts stay in memory.
	write, err := sql.Open("sqlite", dsn+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)"+
		"&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, translate("open", err)
	}
	write.SetMaxOpenConns(1)
	if err := migrate(ctx, write, math.MaxInt); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, translate("open", err)
	}
	read.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	read.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	return &Store{Store: sqlstore.New(sqlstore.Config{Read: sqlstore.PreparedSQLDB(read), Write: sqlstore.PreparedSQLDB(write),
		Dialect: dialect{}}), read: read, write: write}, nil
}

// Close closes both connection pools.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// translate turns a driver error into a *data.Error code, keeping the
// driver's error in the chain for logs. Errors that already carry a code
// pass unchanged.
func translate(op string, err error) error {
	if sqlstore.Coded(err) {
		return err
	}
	code := data.EINTERNAL
	var se *sqlite.Error
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code = data.EUNAVAILABLE
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			code = data.EUNAVAILABLE
		case sqlite3.SQLITE_CONSTRAINT:
			code = data.EINVALID
			if se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
				code = data.ECONFLICT
			}
		}
	}
	return sqlstore.DriverError("sqlite", op, code, err)
}
