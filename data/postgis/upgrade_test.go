package postgis_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/storetest"
)

// TestUpgrades: a schema at each released version, holding the data of
// that version, opens with the current code with its data intact (see
// storetest.UpgradeSuite).
func TestUpgrades(t *testing.T) {
	t.Parallel()
	storetest.UpgradeSuite(t, dialect, legacyAt)
}

// legacyAt makes a schema at the version with the migrator.
func legacyAt(t *testing.T, version int) storetest.Legacy {
	schemaURL := newSchema(t, databaseURL(t))
	storetest.Migrated(t, version, postgis.MigrateTo(t.Context(), schemaURL, version))
	return legacy(schemaURL)
}

// dialect writes values as the PostGIS store keeps them: geometries from
// WKB in EPSG:4326, lists as text arrays.
var dialect = storetest.Dialect{
	Point: func(p orb.Point) (string, string) {
		return "geom", fmt.Sprint("ST_SetSRID(ST_MakePoint(", p.Lon(), ", ", p.Lat(), "), 4326)")
	},
	Polygon: func(_ string, p orb.Polygon) (string, string) {
		b, err := wkb.Marshal(p)
		if err != nil {
			panic(err)
		}
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
}

func bytea(b []byte) string { return `'\x` + hex.EncodeToString(b) + `'::bytea` }

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
