package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data/internal/sqlstore"
)

func (dialect) PointColumns() []string { return []string{"lon", "lat"} }

func (dialect) PointValues(p orb.Point) []any { return []any{p.Lon(), p.Lat()} }

// LoadStatements: the write transaction (BEGIN IMMEDIATE) queues
// concurrent loads already; a duplicate may name an incident of a later
// batch, and its foreign key holds at COMMIT (CheckDataset has made sure
// it will). SQLite numbers new rows after the largest ID by itself.
func (dialect) LoadStatements() (before, after []string) {
	return []string{`PRAGMA defer_foreign_keys = ON`}, nil
}

// Indexes: those SQLite made for no constraint.
func (dialect) Indexes() string {
	return `SELECT name, sql FROM sqlite_master
WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`
}

// Bulk inserts batchRows rows a statement (see insertAll).
func (dialect) Bulk(ctx context.Context, tx sqlstore.Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	return insertAll(ctx, tx.(sqlstore.SQLTx).Tx, table, cols, n, row)
}

// batchRows is how many rows one INSERT statement carries: enough to
// spread the per-statement cost, few enough to stay far below SQLite's limit
// of 32766 parameters.
const batchRows = 256

// insertAll inserts rows 0..n-1 into table, batchRows rows per statement,
// each statement prepared once: the one of the full batches, and the one
// of the last, short batch. The table and column names come from Load's
// constants, never from input.
func insertAll(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	stmts := map[int]*sql.Stmt{} // by rows
	args := make([]any, 0, batchRows*len(cols))
	for start := 0; start < n; start += batchRows {
		k := min(batchRows, n-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			r, err := row(i)
			if err != nil {
				return err
			}
			args = append(args, r...)
		}
		st, ok := stmts[k]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(tuple+", ", k), ", ")); err != nil {
				return err
			}
			defer st.Close()
			stmts[k] = st
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}
