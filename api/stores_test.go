package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sample"
)

// newPostGISStore loads the sample town into a fresh schema of the test
// PostGIS database, dropped when the test ends.
func newPostGISStore(t *testing.T) data.Store {
	t.Helper()
	base := os.Getenv("GRIDMAP_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("GRIDMAP_REQUIRE_POSTGIS") == "1" {
			t.Fatal("GRIDMAP_TEST_POSTGRES is not set and GRIDMAP_REQUIRE_POSTGIS=1")
		}
		t.Skip("no PostGIS: set GRIDMAP_TEST_POSTGRES (scripts/postgis.sh start prints it)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("api_test_%d", rand.Uint64())
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to PostGIS: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	st, err := postgis.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("postgis.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Load(ctx, ds); err != nil {
		t.Fatalf("loading the sample into PostGIS: %v", err)
	}
	return st
}

// TestSameAnswersFromBothStores asks both stores' servers the same
// questions and wants byte-identical answers.
func TestSameAnswersFromBothStores(t *testing.T) {
	t.Parallel()
	pgScene, liteScene := newScene(t, newPostGISStore(t)), newScene(t, newSQLiteStore(t))
	now := time.Now() // one clock for both: overdue counts depend on it
	cfg := api.Config{BaseURL: "http://gridmap.test", Now: func() time.Time { return now }}
	pg, lite := api.New(pgScene.store, cfg, quietLog()), api.New(liteScene.store, cfg, quietLog())
	code := firstCell(t, lite)
	lon, lat := cellLabel(t, lite, code)
	paths := []string{
		"/api/config", "/api/town", "/api/units", "/api/cells", "/api/cells.topojson", "/api/cells/" + code,
		fmt.Sprintf("/api/locate?lon=%v&lat=%v", lon, lat),
		"/api/mediators", "/api/mediators?cell=" + code, "/api/mediators?unit=" + code[:12],
		"/api/residents?cell=" + code + "&limit=100&offset=3",
		"/api/incidents?limit=1000", "/api/incidents?cell=" + code, "/api/incidents?status=open&from=2025-01-01",
		"/api/incidents?unit=" + code[:12] + "&status=resolved,closed", "/api/incidents?bbox=" + bbox(lon, lat, 0.01),
		"/api/incidents/17",
		"/ogc/collections", "/ogc/collections/cells/items?limit=1000", "/ogc/collections/units/items",
		"/ogc/collections/incidents/items?limit=10000", "/ogc/collections/incidents/items?bbox=" + bbox(lon, lat, 0.02),
		"/ogc/collections/incidents/items?datetime=2022-01-01T00:00:00Z/..&limit=50&offset=100",
		"/ogc/collections/cells/items/" + code, "/ogc/collections/incidents/items/5",
		"/api/cells/nope", "/api/residents?cell=nope", "/api/users",
		"/api/hotspots?from=2022-01-01&to=2026-01-01&geometry=false", "/api/hotspots?measure=rate&method=moran&weights=rook&fdr=true",
		"/api/hotspots/emerging?from=2024-01-01&to=2026-01-01&type=邻里纠纷", "/api/hotspots/trend?unit=" + code[:12],
	}
	for _, p := range paths {
		a, b := get(t, lite, p, liteScene.actors["admin"].header()...), get(t, pg, p, pgScene.actors["admin"].header()...)
		if a.status != b.status || string(a.body) != string(b.body) {
			i := 0
			for i < min(len(a.body), len(b.body)) && a.body[i] == b.body[i] {
				i++
			}
			lo := max(i-200, 0)
			t.Errorf("GET %s differs at byte %d:\nsqlite  %d …%.300s\npostgis %d …%.300s", p, i, a.status, a.body[lo:], b.status, b.body[lo:])
		}
	}
}
