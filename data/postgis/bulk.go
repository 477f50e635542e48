package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data/internal/sqlstore"
)

// srid is EPSG:4326, the SRID of every geometry column.
const srid = 4326

// PointColumns: a point is one geometry column, which COPY fills from EWKB,
// PostGIS's binary input format.
func (dialect) PointColumns() []string { return []string{"geom"} }

func (dialect) PointValues(p orb.Point) []any { return []any{pointEWKB(p)} }

// LoadStatements lock the town table, so that concurrent loads queue and
// all but the first find a town (ECONFLICT); after the load, new
// incidents take IDs after the loaded ones, and the planner has the
// statistics of the incidents written. A duplicate may name an
// incident copied after it: foreign keys are checked at the end of each
// COPY.
func (dialect) LoadStatements() (before, after []string) {
	return []string{`LOCK TABLE town IN EXCLUSIVE MODE`},
		[]string{`SELECT setval(pg_get_serial_sequence('incidents', 'id'), coalesce(max(id), 0) + 1, false) FROM incidents`,
			// The planner's statistics of the rows just written: without
			// them, until autovacuum comes, the incidents written since a
			// revision (a few, by the revision index) are planned as a
			// third of a million and read in a 2 s scan.
			`ANALYZE incidents`}
}

// Indexes: those of the store's schema that back no constraint.
func (dialect) Indexes() string {
	return `SELECT i.relname, pg_get_indexdef(i.oid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relnamespace = current_schema()::regnamespace AND t.relname IN (SELECT unnest(CAST(? AS text[])))
AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) ORDER BY i.relname`
}

// Bulk copies the rows with COPY.
func (dialect) Bulk(ctx context.Context, tx sqlstore.Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	if _, err := tx.(pgxTx).tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, row)); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// polygonWKB is p as WKB, or nil (NULL) for an empty polygon.
func polygonWKB(p orb.Polygon) []byte {
	if len(p) == 0 {
		return nil
	}
	return wkb.MustMarshal(p) // cannot fail for a polygon
}

// pointEWKB is p as EWKB with the SRID, the binary form COPY hands to
// PostGIS's geometry input.
func pointEWKB(p orb.Point) []byte {
	return ewkb.MustMarshal(p, srid) // cannot fail for a point
}
