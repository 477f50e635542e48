package postgis_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/storetest"
)

// legacy is the URL of a schema at an earlier version.
type legacy string

func (l legacy) Exec(t *testing.T, query string) { t.Helper(); exec(t, string(l), query) }

func (l legacy) Open(t *testing.T) (data.Store, error) {
	s, err := postgis.Open(context.Background(), string(l))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { s.Close() }) // before the schema is dropped
	return s, nil
}

// Applied lists the migrations the schema records.
func (l legacy) Applied(t *testing.T) string {
	conn, err := pgx.Connect(t.Context(), string(l))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var got string
	if err := conn.QueryRow(t.Context(), `SELECT coalesce(string_agg(version || ':' || name, ',' ORDER BY version), '') FROM schema_migrations`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	return got
}

// dialect writes values as the PostGIS store keeps them: geometries from
// WKB in EPSG:4326, lists as text arrays.
var dialect = storetest.Dialect{
	Point: func(p orb.Point) (string, string) {
		return "geom", fmt.Sprint("ST_SetSRID(ST_MakePoint(", p.Lon(), ", ", p.Lat(), "), 4326)")
	},
	Polygon: func(_ string, b []byte, _ orb.Bound) (string, string) {
		return "geom", "ST_GeomFromWKB(" + bytea(b) + ", 4326)"
	},
	Strings: func(s []string) string {
		quoted := make([]string, len(s))
		for i, x := range s {
			quoted[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
		}
		return "ARRAY[" + strings.Join(quoted, ", ") + "]::text[]"
	},
	Bytes: bytea,
	// As the store leaves them: Load and each insert move the identity
	// sequences past the IDs.
	Sequences: `DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'
	LOOP
		EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + %s, false) FROM %I',
			r.table_name, r.column_name, r.column_name, CASE WHEN r.table_name = 'users' THEN 11 ELSE 1 END, r.table_name);
	END LOOP;
END
$$`,
	Legacy: legacyAt,
}

// legacyAt makes a schema at the version with the migrator.
func legacyAt(t *testing.T, version int) (storetest.Legacy, error) {
	schemaURL := newSchema(t, databaseURL(t))
	return legacy(schemaURL), postgis.MigrateTo(t.Context(), schemaURL, version)
}

func bytea(b []byte) string { return `'\x` + hex.EncodeToString(b) + `'::bytea` }
