package postgis

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data/internal/sqlstore"
)

// dialect is PostgreSQL's sqlstore.Dialect: $N placeholders, times as
// timestamptz, lists as arrays (pgx encodes a []string or []int64), row
// locks with FOR UPDATE.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

// Rebind numbers the ? placeholders $1, $2, ... in order and keeps the
// number of a ?N. The store's queries hold no ? in literals or comments.
// The store's queries are a fixed set (every value is a parameter), so
// each is rewritten once and then found in rebound.
func (dialect) Rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := rebind(query)
	if reboundN.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(query, q); !loaded {
			reboundN.Add(1)
		}
	}
	return q
}

// rebound maps the queries Rebind has seen to their rewrites; it holds at
// most maxRebound of them (reboundN counts them), a bound far above the
// store's number of distinct queries.
var (
	rebound  sync.Map
	reboundN atomic.Int64
)

const maxRebound = 4096

// rebind numbers the ? placeholders of query (see Rebind).
func rebind(query string) string {
	parts := strings.Split(query, "?")
	var b strings.Builder
	b.Grow(len(query) + 16)
	b.WriteString(parts[0])
	n := 0
	for _, p := range parts[1:] {
		b.WriteByte('$')
		if p == "" || p[0] < '0' || p[0] > '9' { // not ?N, which keeps its number
			n++
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteString(p)
	}
	return b.String()
}

func (dialect) Time(t time.Time) any { return t }

func (dialect) TimeDest(t *time.Time) any { return timeDest{t} }

func (dialect) NullTimeDest(t **time.Time) any { return nullTimeDest{t} }

// timeDest scans a timestamptz column into t, in UTC, straight from pgx's
// decoding (no detour through database/sql's values).
type timeDest struct{ t *time.Time }

func (x timeDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid || v.InfinityModifier != pgtype.Finite {
		return fmt.Errorf("postgis: a time column holds %v", v)
	}
	*x.t = v.Time.UTC()
	return nil
}

// nullTimeDest scans a nullable timestamptz column into t: nil for NULL.
type nullTimeDest struct{ t **time.Time }

func (x nullTimeDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		*x.t = nil
		return nil
	}
	*x.t = new(time.Time)
	return timeDest{*x.t}.ScanTimestamptz(v)
}

func (dialect) TimeType() string { return "timestamptz" }

func (dialect) List(v any) any { return v }

func (dialect) Elements(sqlType string) string {
	return `unnest(CAST(? AS ` + sqlType + `[])) AS value`
}

// ListAgg and ListDest: PostgreSQL keeps lists as arrays, which pgx scans
// into Go slices ({} as an empty, non-nil one, NULL as nil).
func (dialect) ListAgg(expr, orderBy string) string {
	return `coalesce(array_agg(` + expr + ` ORDER BY ` + orderBy + `), '{}')`
}

func (dialect) ListDest(v any) any { return v }

func (dialect) NoLimit() any { return nil }

func (dialect) ForUpdate() string { return " FOR UPDATE" }

func (dialect) ForShare() string { return " FOR SHARE" }

func (dialect) Translate(op string, err error) error { return translate(op, err) }

func (dialect) Geometry(alias string) string {
	return "ST_AsBinary(" + sqlstore.Column(alias, "geom") + ")"
}

func (dialect) Point(alias string) string {
	g := sqlstore.Column(alias, "geom")
	return "ST_X(" + g + "), ST_Y(" + g + ")"
}

func (dialect) PointIn(p orb.Point) (string, string, []any) {
	return "geom", "ST_GeomFromWKB(?, 4326)", []any{wkb.MustMarshal(p)}
}

// BBox: && uses the GiST index but compares float4 boxes rounded outwards;
// ST_X/ST_Y make the test exact, edges included.
func (dialect) BBox(b orb.Bound) (string, []any) {
	minx, miny, maxx, maxy := b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()
	return `geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) AND ST_X(geom) BETWEEN ? AND ? AND ST_Y(geom) BETWEEN ? AND ?`,
		[]any{minx, miny, maxx, maxy, minx, maxx, miny, maxy}
}

func (dialect) PolygonIn(p orb.Polygon, _ bool) ([]string, []string, []any, error) {
	return []string{"geom"}, []string{"ST_GeomFromWKB(?, 4326)"}, []any{polygonWKB(p)}, nil
}

func (dialect) Date(column string) string { return "to_char(" + column + ", 'YYYY-MM-DD')" }

func (dialect) DateIn() string { return "CAST(CAST(? AS text) AS date)" }

// BoundaryPrelude locks the revision row, which every incident write and
// every other commit also updates: of two commits on one base the second
// waits, then reads the first's version (each statement of a
// read-committed transaction sees what committed before it) and fails;
// households and incidents written before the lock are all seen.
func (dialect) BoundaryPrelude() []string {
	return []string{`SELECT 1 FROM revision FOR UPDATE`, `SET CONSTRAINTS residents_household_id_cell_code_fkey DEFERRED`}
}
