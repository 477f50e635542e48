// Package sqlstore is the one implementation of data.Store's SQL: each
// query's logic, each transaction's shape and each row scan, written once
// for data/sqlite and data/postgis. What truly differs between the two
// databases (placeholders, how times and lists travel, row locks, error
// codes) is a Dialect, which each store supplies.
//
// It runs on a DB, a small interface over a connection pool that
// database/sql (SQLite, see SQLDB) and pgx (PostGIS) each fill in a few
// lines, so that one query, one transaction and one scan serve both stores
// and PostGIS keeps pgx's speed (see data/postgis.Store).
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// Dialect is what the store's SQL needs to know of one database. Queries
// are written with ? placeholders (?N to repeat one); Rebind turns them into
// the database's own.
type Dialect interface {
	// Rebind rewrites a query's ? and ?N placeholders for the database.
	Rebind(query string) string
	// Time is t (normalised by domain.StoredTime) as a parameter.
	Time(t time.Time) any
	// TimeDest is where a time column is scanned into t, in UTC;
	// NullTimeDest the same for a nullable one, nil for NULL. Each is a
	// one-pointer value, so that passing it to Scan allocates nothing.
	TimeDest(t *time.Time) any
	NullTimeDest(t **time.Time) any
	// TimeType is the SQL type of the time columns, for CASTs of parameters
	// the database cannot otherwise type.
	TimeType() string
	// List is a []string or []int64 as one parameter for Elements.
	List(v any) any
	// Elements is a table expression of one List parameter's elements, in
	// one column named value; sqlType is the elements' type (text, bigint).
	Elements(sqlType string) string
	// ListAgg is an aggregate of expr as a list column ordered by orderBy,
	// empty over no rows.
	ListAgg(expr, orderBy string) string
	// ListDest is where a list column (one List stores, or ListAgg's) is
	// scanned into v, a *[]string or *[]int64: an empty list as an empty,
	// non-nil slice, which JSON shows as [], and NULL as nil.
	ListDest(v any) any
	// Geometry is a geometry column (alias.geom, or geom for alias "") as
	// WKB, for wkb.Scanner; NULL stays NULL.
	Geometry(alias string) string
	// Point is a point's longitude and latitude as two columns of a table
	// with a location (alias as for Geometry).
	Point(alias string) string
	// PointIn is what stores a point: the columns of a table with a
	// location (lon, lat or geom), and their placeholders and parameters.
	PointIn(p orb.Point) (columns, placeholders string, args []any)
	// BBox is the condition that a location lies within b, edges
	// included, and its parameters.
	BBox(b orb.Bound) (cond string, args []any)
	// PolygonIn is what stores a polygon (NULL for an empty one): the
	// columns, their placeholders and parameters; bounds adds the indexed
	// bounding-box columns of a table that has them (cells).
	PolygonIn(p orb.Polygon, bounds bool) (columns, placeholders []string, args []any, err error)
	// Date is a date column as YYYY-MM-DD text; DateIn the placeholder of
	// such text as a date.
	Date(column string) string
	DateIn() string
	// BoundaryPrelude are the statements a boundary commit runs first: to
	// hold off concurrent commits and incident writes until it commits, and
	// to defer the check that a resident's cell is its household's (the
	// two move in separate statements).
	BoundaryPrelude() []string
	// PointColumns are the columns of a stored point and PointValues their
	// values, for Bulk.
	PointColumns() []string
	PointValues(p orb.Point) []any
	// LoadStatements are the statements Load runs first (to make
	// concurrent loads queue, and to check foreign keys only at the end)
	// and last (to move ID sequences past the loaded IDs).
	LoadStatements() (before, after []string)
	// Indexes lists the indexes of the tables of its one List parameter
	// that Load may drop and make again (not those of primary keys and
	// constraints): their names and the statements that make them.
	Indexes() string
	// Bulk inserts n rows, row(i) each, into table (a constant) in tx.
	// PostgreSQL copies them (COPY); SQLite inserts many rows a statement.
	Bulk(ctx context.Context, tx Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error
	// NoLimit is the LIMIT parameter that means none.
	NoLimit() any
	// ForUpdate is the clause that locks the rows a SELECT reads until the
	// transaction ends ("" where the single writer makes it needless).
	ForUpdate() string
	// ForShare is the clause that keeps the rows a SELECT reads from
	// changing until the transaction ends, without blocking other readers
	// that lock them so ("" as for ForUpdate).
	ForShare() string
	// Translate turns a driver error into a *data.Error code (see
	// data.Error), keeping the driver's error in the chain; nil and
	// errors that already carry a code pass unchanged (see Coded).
	Translate(op string, err error) error
}

// DB is a connection pool the store runs on: database/sql's for SQLite
// (SQLDB), pgx's for PostGIS (see data/postgis).
type DB interface {
	Querier
	// Begin starts a transaction: a read-only one whose queries see one
	// state of the database when snapshot is true.
	Begin(ctx context.Context, snapshot bool) (Tx, error)
}

// Querier runs queries, in a transaction or not.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (Result, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Tx is a transaction.
type Tx interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Result is what an Exec tells.
type Result interface{ RowsAffected() (int64, error) }

// Rows are a query's rows; Close may come more than once.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a query's first row; Scan returns sql.ErrNoRows (or an error
// wrapping it) when there is none.
type Row interface{ Scan(dest ...any) error }

// Config is what New needs.
type Config struct {
	Read    DB // for reads and snapshots
	Write   DB // for writes; may be Read
	Dialect Dialect
}

// Store implements data.Store but Close (the pools are the caller's);
// data/sqlite and data/postgis embed it.
type Store struct {
	read, write    DB
	d              Dialect
	incidentSelect string            // the query that reads incidents, built once
	saveSQL        string            // saveIncident's statement, built once
	subqueries     map[string]string // elements' subqueries by element type, built once
}

var _ interface {
	data.TownStore
	data.ResidentStore
	data.MediatorStore
	data.IncidentStore
	data.MediationStore
	data.AttachmentStore
	data.UserStore
	data.LoginStore
	data.SessionStore
	data.TokenStore
	data.AuditStore
	data.BoundaryStore
	data.PeopleStore
} = (*Store)(nil)

// New returns a store over c's connection pools, which the caller closes.
func New(c Config) *Store {
	s := &Store{read: c.Read, write: c.Write, d: c.Dialect}
	s.incidentSelect, s.saveSQL = s.buildIncidentSelect(), s.buildSaveIncident()
	s.subqueries = map[string]string{}
	for _, t := range []string{"text", "bigint"} {
		s.subqueries[t] = `(SELECT value FROM ` + s.d.Elements(t) + `)`
	}
	return s
}

// Exec runs a statement on s's write pool, bypassing the store's methods,
// and scans its first row into dest, if any: the stores' tests use it
// (storetest.SQLExecer) to prove that rules such as the audit log's
// append-only one hold in the database itself, and to read the catalog.
func Exec(ctx context.Context, s *Store, query string, dest ...any) error {
	if len(dest) > 0 {
		return s.write.QueryRow(ctx, query).Scan(dest...)
	}
	_, err := s.write.Exec(ctx, query)
	return err
}

// conn runs queries written with ? placeholders on a pool or transaction.
type conn struct {
	q Querier
	d Dialect
}

func (c conn) exec(ctx context.Context, query string, args ...any) (Result, error) {
	return c.q.Exec(ctx, c.d.Rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (Rows, error) {
	return c.q.Query(ctx, c.d.Rebind(query), args...)
}

func (c conn) row(ctx context.Context, query string, args ...any) Row {
	return c.q.QueryRow(ctx, c.d.Rebind(query), args...)
}

// reader and writer are the pools outside a transaction.
func (s *Store) reader() conn { return conn{s.read, s.d} }
func (s *Store) writer() conn { return conn{s.write, s.d} }

// snapshot runs fn in a read transaction, so that the queries of one
// method see one state of the database.
func (s *Store) snapshot(ctx context.Context, fn func(tx conn) error) error {
	return s.inTx(ctx, s.read, true, fn)
}

// update runs fn in a write transaction and commits unless fn fails.
func (s *Store) update(ctx context.Context, fn func(tx conn) error) error {
	return s.inTx(ctx, s.write, false, fn)
}

// commit is update with fn's error translated for op.
func (s *Store) commit(ctx context.Context, op string, fn func(tx conn) error) error {
	return s.d.Translate(op, s.update(ctx, fn))
}

// exec runs a statement on the write pool and returns how many rows it
// changed, its error translated for op.
func (s *Store) exec(ctx context.Context, op, query string, args ...any) (int, error) {
	b := &batch{ctx: ctx, tx: s.writer()}
	n := b.exec(query, args...)
	return int(n), s.d.Translate(op, b.err)
}

// change is exec for an UPDATE or DELETE of rows that must exist: missing
// when it changed none.
func (s *Store) change(ctx context.Context, op string, missing error, query string, args ...any) error {
	n, err := s.exec(ctx, op, query, args...)
	if err == nil && n == 0 {
		return missing
	}
	return err
}

// inTx runs fn in a transaction of db and commits unless fn fails.
func (s *Store) inTx(ctx context.Context, db DB, snapshot bool, fn func(tx conn) error) error {
	tx, err := db.Begin(ctx, snapshot)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := fn(conn{tx, s.d}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// read runs fn in a snapshot (see snapshot) and returns its result, or its
// error translated for op.
func read[T any](ctx context.Context, s *Store, op string, fn func(tx conn) (T, error)) (T, error) {
	return inTxResult(ctx, s, s.read, true, op, fn)
}

// write runs fn in a write transaction (see update) and returns its
// result, or its error translated for op.
func write[T any](ctx context.Context, s *Store, op string, fn func(tx conn) (T, error)) (T, error) {
	return inTxResult(ctx, s, s.write, false, op, fn)
}

func inTxResult[T any](ctx context.Context, s *Store, db DB, snapshot bool, op string, fn func(tx conn) (T, error)) (T, error) {
	var v T
	err := s.inTx(ctx, db, snapshot, func(tx conn) (err error) {
		v, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, s.d.Translate(op, err)
	}
	return v, nil
}

// noRows returns missing when err is sql.ErrNoRows (a row read found
// none), else err.
func noRows(err, missing error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return missing
	}
	return err
}

// found returns &v, or notFound() when err is sql.ErrNoRows (a row read
// found none), or err translated for op.
func found[T any](s *Store, op string, v T, err error, notFound func() error) (*T, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, s.d.Translate(op, err)
	}
	return &v, nil
}

// Coded reports whether err is nil or carries a code already: what a
// Dialect's Translate passes unchanged.
func Coded(err error) bool {
	var de *data.Error
	return err == nil || errors.As(err, &de)
}

// time is t, normalised, as a parameter.
func (s *Store) time(t time.Time) any { return s.d.Time(domain.StoredTime(t)) }

// nullTime is *t as a parameter, or NULL for nil.
func (s *Store) nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return s.time(*t)
}

// limit is a filter's limit as a parameter, where 0 means none.
func (s *Store) limit(n int) any {
	if n == 0 {
		return s.d.NoLimit()
	}
	return n
}

// at scans a time column into t, in UTC.
func (s *Store) at(t *time.Time) any { return s.d.TimeDest(t) }

// atOrNil scans a nullable time column into t: nil for NULL.
func (s *Store) atOrNil(t **time.Time) any { return s.d.NullTimeDest(t) }

// Column is alias.column, or column for alias "": a column of a Dialect's
// Geometry or Point.
func Column(alias, column string) string {
	if alias == "" {
		return column
	}
	return alias + "." + column
}

// nullString is s, or NULL for "".
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID is id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// keys are the tables exists may name, with their key columns.
var keys = map[string]string{"cells": "code", "units": "code", "incidents": "id", "boundary_versions": "number", "users": "id",
	"notification_kinds": "code"}

// exists reports whether table (one of keys) has a row with the key.
func exists(ctx context.Context, c conn, table string, key any) (bool, error) {
	col, ok := keys[table]
	if !ok {
		return false, fmt.Errorf("sqlstore: exists in %q", table)
	}
	err := c.row(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE `+col+` = ?)`, key).Scan(&ok)
	return ok, err
}

// mustExist returns ENOTFOUND unless a cell, unit, incident or user with
// the key exists (see mustRef).
func mustExist(ctx context.Context, c conn, what string, key any) error {
	return mustRef(ctx, c, what+"s", key, func() error { return notFound(what, key) })
}

// mustRef returns missing() unless table (one of keys) has a row with the
// key: a reference that a write or a filter names. An empty code or a nil
// key (see nullID) refers to nothing and is not checked. The error is
// made only when it is returned.
func mustRef(ctx context.Context, c conn, table string, key any, missing func() error) error {
	if key == "" || key == nil {
		return nil
	}
	ok, err := exists(ctx, c, table, key)
	if err == nil && !ok {
		return missing()
	}
	return err
}

// mustCell returns EINVALID naming field unless the cell code (none for
// "") exists: the cell a write names.
func mustCell(ctx context.Context, c conn, field, code string) error {
	return mustRef(ctx, c, "cells", code, func() error { return data.FieldErrorf(field, "There is no cell %s.", code) })
}

// unique returns taken when the query (SELECT EXISTS ...) finds a row:
// checked before an INSERT, so that a taken name uses up no ID, while the
// unique constraint still decides between concurrent inserts.
func unique(ctx context.Context, c conn, taken error, query string, args ...any) error {
	var found bool
	if err := c.row(ctx, query, args...).Scan(&found); err != nil || !found {
		return err
	}
	return taken
}

// insertUnique runs insert (an INSERT ... RETURNING id) and returns the
// new row's ID, or taken when query (see unique) finds the row's unique key
// taken, or when the unique constraint refuses the row (a concurrent
// insert that the check could not see).
func (s *Store) insertUnique(ctx context.Context, tx conn, taken error, query string, key any, insert string, args ...any) (int64, error) {
	if err := unique(ctx, tx, taken, query, key); err != nil {
		return 0, err
	}
	var id int64
	err := tx.row(ctx, insert, args...).Scan(&id)
	if err != nil && data.ErrorCode(s.d.Translate("", err)) == data.ECONFLICT {
		return 0, taken
	}
	return id, err
}

// notFound is the error for an unknown cell, unit, incident, ...
func notFound(what string, key any) *data.Error {
	return data.Errorf(data.ENOTFOUND, "There is no %s %s.", what, fmt.Sprint(key))
}

// DriverError is a driver's error err, for op of store, wrapped in the
// *data.Error of code with the message every store gives it; an
// EINTERNAL one keeps only the driver's error, for logs.
func DriverError(store, op, code string, err error) error {
	// The messages are data.Errorf literals, not a table: the API's
	// catalogue test finds each one to check its zh-CN translation.
	var coded *data.Error
	switch code {
	case data.EUNAVAILABLE:
		coded = data.Errorf(code, "The database is unavailable.")
	case data.ECONFLICT:
		coded = data.Errorf(code, "The data conflicts with data already stored.")
	case data.EINVALID:
		coded = data.Errorf(code, "The data breaks a rule of the database.")
	case data.ENOTFOUND:
		coded = data.Errorf(code, "Not found.")
	default:
		return fmt.Errorf("%s: %s: %w", store, op, err)
	}
	return fmt.Errorf("%s: %s: %w: %w", store, op, coded, err)
}

// batch runs statements of a transaction until one fails: its error
// sticks, and the statements after it do not run. A batch made with the
// error of a check (err: check(...)) runs none when the check failed.
type batch struct {
	ctx context.Context
	tx  conn
	err error
}

// exec runs a statement, unless one failed before, and returns the number
// of rows it changed.
func (b *batch) exec(query string, args ...any) int64 {
	if b.err != nil {
		return 0
	}
	res, err := b.tx.exec(b.ctx, query, args...)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	b.err = err
	return n
}

// all runs statements without parameters (a Dialect's), unless one failed
// before, and returns the batch's error.
func (b *batch) all(queries []string) error {
	for _, q := range queries {
		b.exec(q)
	}
	return b.err
}

// polygon is d.PolygonIn(g, bounds), keeping its error.
func (b *batch) polygon(d Dialect, g orb.Polygon, bounds bool) (cols, marks []string, args []any) {
	cols, marks, args, err := d.PolygonIn(g, bounds)
	if b.err == nil {
		b.err = err
	}
	return cols, marks, args
}

// insertShape inserts a row of table (a constant): its columns cols set to
// args and its polygon to g (bounds: with the bounding-box columns, see
// Dialect.PolygonIn).
func (s *Store) insertShape(b *batch, table string, cols []string, args []any, g orb.Polygon, bounds bool) {
	gcols, gmarks, geom := b.polygon(s.d, g, bounds)
	marks := append(strings.Split(strings.Repeat("?", len(cols)), ""), gmarks...)
	b.exec(`INSERT INTO `+table+` (`+strings.Join(append(cols, gcols...), ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)`,
		append(args, geom...)...)
}

// updateShape sets the columns cols of table's rows (a constant) to args
// and their polygon to g (bounds as for insertShape), in the rows that
// where (a constant WHERE clause, "" for all) picks with its parameters
// whereArgs.
func (s *Store) updateShape(b *batch, table string, cols []string, args []any, g orb.Polygon, bounds bool, where string, whereArgs ...any) {
	gcols, gmarks, geom := b.polygon(s.d, g, bounds)
	sets := make([]string, 0, len(cols)+len(gcols))
	for _, c := range cols {
		sets = append(sets, c+" = ?")
	}
	for i, c := range gcols {
		sets = append(sets, c+" = "+gmarks[i])
	}
	b.exec(`UPDATE `+table+` SET `+strings.Join(sets, ", ")+` `+where, append(append(args, geom...), whereArgs...)...)
}

// where is a WHERE clause of constant fragments; every value is a
// parameter.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// when adds cond with its parameter v when v is set (not its type's zero
// value): the shape of a filter's optional fields.
func when[T comparable](w *where, cond string, v T) {
	var zero T
	if v != zero {
		w.add(cond, v)
	}
}

// scope adds the conditions of a filter's Cells and Units, the cells a
// reader may see: a row's cell_code is one of cells, or of a cell of one
// of units. Nil does not filter; empty matches nothing.
func (s *Store) scope(w *where, cells, units []string) {
	if cells == nil && units == nil {
		return
	}
	if cells != nil {
		w.add(`cell_code IN `+s.elements("text"), s.d.List(cells))
	}
	if units != nil {
		w.add(`cell_code IN (SELECT code FROM cells WHERE unit_code IN `+s.elements("text")+`)`, s.d.List(units))
	}
}

// elements is a subquery of the elements of one List parameter, of
// sqlType (text or bigint, see Dialect.Elements), for an IN: built once
// in New, so that a query using it costs no allocation for it.
func (s *Store) elements(sqlType string) string { return s.subqueries[sqlType] }

// since adds cond with the time t as its parameter when t is set.
func (s *Store) since(w *where, cond string, t time.Time) {
	if !t.IsZero() {
		w.add(cond, s.time(t))
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(w.conds, ` AND `)
}

// page reads, in a snapshot after check (nil for none), how many rows of
// table match w, and the page of them from offset, limit at most (0: no
// limit), that query (a SELECT from table) reads in order into a T's
// fields (see collectFields).
func page[T any](ctx context.Context, s *Store, op string, check func(tx conn) error, table, query string, w where, order string,
	limit, offset int, fields func(v *T) []any) ([]T, int, error) {
	var total int
	list, err := read(ctx, s, op, func(tx conn) ([]T, error) {
		if check != nil {
			if err := check(tx); err != nil {
				return nil, err
			}
		}
		// table is a constant of the caller's.
		if err := tx.row(ctx, `SELECT count(*) FROM `+table+w.String(), w.args...).Scan(&total); err != nil {
			return nil, err
		}
		rows, err := tx.query(ctx, query+w.String()+order+` LIMIT ? OFFSET ?`, append(w.args, s.limit(limit), offset)...)
		return collectFields(rows, err, fields)
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// scanner is what Row and Rows share.
type scanner interface{ Scan(...any) error }

// eachRow calls fn for every row of rows, closing rows; err is the
// query's. It is the one loop over rows: each and collectFields are it
// with a query, or a list.
func eachRow(rows Rows, err error, fn func(row scanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// each calls fn for every row of the query.
func each(ctx context.Context, tx conn, query string, fn func(row scanner) error, args ...any) error {
	rows, err := tx.query(ctx, query, args...)
	return eachRow(rows, err, fn)
}

// appendTo is an each function that appends each row, scanned into a T's
// fields (see collectFields), to list.
func appendTo[T any](list *[]T, fields func(v *T) []any) func(row scanner) error {
	return func(row scanner) error {
		var v T
		err := row.Scan(fields(&v)...)
		*list = append(*list, v)
		return err
	}
}

// addCode is an each function that adds a row's one text column to m.
func addCode(m map[string]bool) func(row scanner) error {
	return func(row scanner) error {
		var code string
		err := row.Scan(&code)
		m[code] = true
		return err
	}
}

// addPair is an each function that sets m's entry of a row's first
// column (a code, a status, a date) to its second (a count, a mark).
func addPair[V any](m map[string]V) func(row scanner) error {
	return func(row scanner) error {
		var key string
		var v V
		err := row.Scan(&key, &v)
		m[key] = v
		return err
	}
}

// scanFields scans a row into a T's fields (see collectFields).
func scanFields[T any](row scanner, fields func(v *T) []any) (T, error) {
	var v T
	err := row.Scan(fields(&v)...)
	return v, err
}

// list reads every row of query on the read pool into a T's fields (see
// collectFields), translating its error for op.
func list[T any](ctx context.Context, s *Store, op string, fields func(v *T) []any, query string, args ...any) ([]T, error) {
	rows, err := s.reader().query(ctx, query, args...)
	vs, err := collectFields(rows, err, fields)
	return vs, s.d.Translate(op, err)
}

// collectFields reads every row of rows into a T's fields, closing rows;
// a non-nil empty list for none, so that JSON shows []. fields gives the
// Scan destinations in one T: one T and one slice of destinations serve
// every row (each row starts from the zero T), where destinations built
// per row would cost an allocation a row, since the destinations of a
// Scan through an interface escape.
func collectFields[T any](rows Rows, err error, fields func(v *T) []any) ([]T, error) {
	var v T
	dest := fields(&v)
	list := []T{}
	err = eachRow(rows, err, func(row scanner) error {
		var zero T
		v = zero
		err := row.Scan(dest...)
		list = append(list, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
