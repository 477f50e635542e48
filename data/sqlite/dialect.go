package sqlite

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data/internal/sqlstore"
)

// dialect is SQLite's sqlstore.Dialect: ? placeholders as they are, times as
// fixed-width UTC text (see timeFormat), lists as JSON text read by
// json_each, no row locks (the single writer connection serialises writes).
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Rebind(query string) string { return query }

// timeFormat is fixed-width UTC, so that stored times compare as strings.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func (dialect) Time(t time.Time) any { return t.UTC().Format(timeFormat) }

func (dialect) TimeDest(t *time.Time) any { return timeDest{t} }

func (dialect) NullTimeDest(t **time.Time) any { return nullTimeDest{t} }

// timeDest scans a time column (fixed-width text, which the driver reads
// as a string) into t, in UTC.
type timeDest struct{ t *time.Time }

func (x timeDest) Scan(src any) error {
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("sqlite: a time of type %T", src)
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return fmt.Errorf("sqlite: bad time %q: %w", s, err)
	}
	*x.t = t.UTC()
	return nil
}

// nullTimeDest scans a nullable time column into t: nil for NULL.
type nullTimeDest struct{ t **time.Time }

func (x nullTimeDest) Scan(src any) error {
	if src == nil {
		*x.t = nil
		return nil
	}
	*x.t = new(time.Time)
	return timeDest{*x.t}.Scan(src)
}

func (dialect) TimeType() string { return "TEXT" }

func (dialect) List(v any) any {
	b, _ := json.Marshal(v) // []string and []int64 always marshal
	return string(b)
}

func (dialect) Elements(string) string { return `json_each(?)` }

// ListAgg and ListDest: SQLite keeps lists as JSON text.
func (dialect) ListAgg(expr, orderBy string) string {
	return `json_group_array(` + expr + ` ORDER BY ` + orderBy + `)`
}

func (dialect) NoLimit() any { return -1 }

func (dialect) ForUpdate() string { return "" }

func (dialect) ForShare() string { return "" }

func (dialect) Translate(op string, err error) error { return translate(op, err) }

func (dialect) Geometry(alias string) string { return sqlstore.Column(alias, "geom") }

func (dialect) Point(alias string) string {
	return sqlstore.Column(alias, "lon") + ", " + sqlstore.Column(alias, "lat")
}

func (dialect) PointIn(p orb.Point) (string, string, []any) {
	return "lon, lat", "?, ?", []any{p.Lon(), p.Lat()}
}

// BBox compares the indexed lon/lat columns.
func (dialect) BBox(b orb.Bound) (string, []any) {
	return `lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?`, []any{b.Min.Lon(), b.Max.Lon(), b.Min.Lat(), b.Max.Lat()}
}

// ListDest gives a one-pointer destination for the two list types, so
// that passing it to Scan allocates nothing (one holding an interface
// takes an allocation per column per row). Any other v is returned as it
// is, for Scan to refuse.
func (dialect) ListDest(v any) any {
	switch p := v.(type) {
	case *[]string:
		return jsonList[string]{p}
	case *[]int64:
		return jsonList[int64]{p}
	}
	return v
}

// jsonList scans a JSON array column into v (json.Unmarshal makes []
// an empty, non-nil slice), NULL as nil.
type jsonList[T any] struct{ v *[]T }

func (x jsonList[T]) Scan(src any) error {
	switch b := src.(type) {
	case nil:
		*x.v = nil
		return nil
	case []byte:
		return json.Unmarshal(b, x.v)
	case string:
		return json.Unmarshal([]byte(b), x.v)
	}
	return fmt.Errorf("sqlite: a JSON column of type %T", src)
}

// PolygonIn stores the WKB as a BLOB, and with bounds the minx, miny, maxx
// and maxy columns that the cells' bounding-box index reads: NULLs for an
// empty polygon, which reads back as nil.
func (dialect) PolygonIn(p orb.Polygon, bounds bool) ([]string, []string, []any, error) {
	cols, marks, args := []string{"geom", "minx", "miny", "maxx", "maxy"}, []string{"?", "?", "?", "?", "?"}, make([]any, 5)
	if len(p) > 0 {
		b, err := wkb.Marshal(p)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("sqlite: encode polygon: %w", err)
		}
		bound := p.Bound()
		args = []any{b, bound.Min.Lon(), bound.Min.Lat(), bound.Max.Lon(), bound.Max.Lat()}
	}
	if !bounds {
		return cols[:1], marks[:1], args[:1], nil
	}
	return cols, marks, args, nil
}

// Date: SQLite keeps dates as YYYY-MM-DD text.
func (dialect) Date(column string) string { return column }

func (dialect) DateIn() string { return "?" }

// BoundaryPrelude: the write transaction holds the write lock from its
// start already.
func (dialect) BoundaryPrelude() []string { return []string{`PRAGMA defer_foreign_keys = ON`} }
