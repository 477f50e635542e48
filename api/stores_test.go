package api_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/mask"
)

// postgisURL returns the test PostGIS database's URL, or skips t without
// one (fails it when GRIDMAP_REQUIRE_POSTGIS=1).
func postgisURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("GRIDMAP_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("GRIDMAP_REQUIRE_POSTGIS") == "1" {
			t.Fatal("GRIDMAP_TEST_POSTGRES is not set and GRIDMAP_REQUIRE_POSTGIS=1")
		}
		t.Skip("no PostGIS: set GRIDMAP_TEST_POSTGRES (scripts/postgis.sh start prints it)")
	}
	return base
}

// withDatabase returns base with its database replaced by name.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// execOn runs one statement on its own connection to base.
func execOn(ctx context.Context, base, sql string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return fmt.Errorf("connecting to PostGIS: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// postgisTemplate is a database holding the sample town, loaded once per
// test binary (TestMain drops it). A test's
// database is a copy of it, which PostgreSQL makes from its files in a
// fraction of the time loading 35,000 residents takes. The name is ""
// when the role may not create databases: then each test loads its own
// schema.
var postgisTemplate = sync.OnceValues(func() (string, error) {
	ctx := context.Background()
	base := os.Getenv("GRIDMAP_TEST_POSTGRES")
	name := fmt.Sprintf("api_test_template_%d", rand.Uint64())
	err := execOn(ctx, base, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "42501" { // insufficient_privilege
		return "", nil
	} else if err != nil {
		return "", err
	}
	postgisTemplateName.Store(name)
	dbURL, err := withDatabase(base, name)
	if err != nil {
		return "", err
	}
	st, err := postgis.Open(ctx, dbURL)
	if err != nil {
		return "", err
	}
	defer st.Close() // a template must have no connections while copied
	return name, loadSample(ctx, st)
})

// postgisTemplateName is the database postgisTemplate made, for TestMain.
var postgisTemplateName atomic.Value

// dropPostGISTemplate drops the template database, if one was made.
func dropPostGISTemplate() {
	if name, ok := postgisTemplateName.Load().(string); ok {
		execOn(context.Background(), os.Getenv("GRIDMAP_TEST_POSTGRES"), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	}
}

func loadSample(ctx context.Context, st data.Store) error {
	ds, err := sampleSet()
	if err != nil {
		return err
	}
	return st.Load(ctx, ds)
}

// newPostGISStore opens a fresh copy of the sample town in the test
// PostGIS server, dropped when the test ends: a database copied from
// postgisTemplate, or else a schema the sample is loaded into.
func newPostGISStore(t *testing.T) data.Store {
	t.Helper()
	base := postgisURL(t)
	ctx := context.Background()
	template, err := postgisTemplate()
	if err != nil {
		t.Fatalf("loading the sample into a PostGIS template database: %v", err)
	}
	var dbURL string
	if template != "" {
		name := fmt.Sprintf("api_test_%d", rand.Uint64())
		if err := execOn(ctx, base, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{template}.Sanitize()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { // after the store's own Cleanup: the last in runs first
			execOn(context.Background(), base, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		})
		if dbURL, err = withDatabase(base, name); err != nil {
			t.Fatal(err)
		}
	} else {
		schema := fmt.Sprintf("api_test_%d", rand.Uint64())
		if err := execOn(ctx, base, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			execOn(context.Background(), base, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema+",public")
		u.RawQuery = q.Encode()
		dbURL = u.String()
	}
	st, err := postgis.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("postgis.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if template == "" {
		if err := loadSample(ctx, st); err != nil {
			t.Fatalf("loading the sample into PostGIS: %v", err)
		}
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
		"/api/incidents/17", "/api/incidents/17/documents", "/api/incidents/17/documents/application",
		"/ogc/collections", "/ogc/collections/cells/items?limit=1000", "/ogc/collections/units/items",
		"/ogc/collections/incidents/items?limit=10000", "/ogc/collections/incidents/items?bbox=" + bbox(lon, lat, 0.02),
		"/ogc/collections/incidents/items?datetime=2022-01-01T00:00:00Z/..&limit=50&offset=100",
		"/ogc/collections/cells/items/" + code, "/ogc/collections/incidents/items/5",
		"/api/cells/nope", "/api/residents?cell=nope", "/api/users",
		"/api/hotspots?from=2022-01-01&to=2026-01-01&geometry=false", "/api/hotspots?measure=rate&method=moran&weights=rook&fdr=true",
		"/api/hotspots/emerging?from=2024-01-01&to=2026-01-01&type=邻里纠纷", "/api/hotspots/trend?unit=" + code[:12],
	}
	// A case taken to a passed 回访 the same way on both: its documents, byte for byte.
	liteCase, _ := documentCase(t, lite, liteScene)
	if pgCase, _ := documentCase(t, pg, pgScene); pgCase != liteCase {
		t.Fatalf("the same case is incident %s on SQLite, %s on PostGIS", liteCase, pgCase)
	}
	for _, kind := range []string{"", "/application", "/notice", "/record", "/agreement", "/followup"} {
		paths = append(paths, "/api/incidents/"+liteCase+"/documents"+kind)
	}
	// Two reports between the same parties, in each store alike (at one
	// time: a report through the API takes its update time from the
	// store's clock): their parties as people, the repeat and the similar
	// cases.
	rs, _, err := liteScene.store.Residents(t.Context(), data.ResidentFilter{CellCode: code, Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatalf("Residents(%s) = %v, %v", code, rs, err)
	}
	var second int64
	for _, st := range []data.Store{liteScene.store, pgScene.store} {
		for range 2 {
			in, _, err := st.CreateIncident(t.Context(), &data.Incident{Type: "邻里纠纷", Source: "网格员上报", Summary: "院坝争执",
				CellCode: code, Location: orb.Point{lon, lat}, ReportedAt: now, UpdatedAt: now, StageSince: now,
				PartyDetails: []data.Party{{ResidentID: rs[0].ID}, {Name: "外来户", Phone: "13800001111"}}}, "")
			if err != nil {
				t.Fatalf("CreateIncident(party details): %v", err)
			}
			second = in.ID
		}
	}
	// Vector tiles at a low and a high zoom, where the incidents are
	// counts and points.
	for _, layer := range []string{"cells", "units", "incidents"} {
		paths = append(paths, "/tiles/"+layer+".json")
		for _, z := range []maptile.Zoom{0, 12, 15} {
			tl := maptile.At(orb.Point{lon, lat}, z)
			paths = append(paths, fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", layer, z, tl.X, tl.Y))
		}
	}
	paths = append(paths, fmt.Sprintf("/api/incidents/%v", second),
		fmt.Sprintf("/api/incidents/similar?lon=%v&lat=%v&type=邻里纠纷&parties=resident:%d,外来户:13800001111", lon, lat, rs[0].ID))
	// A leader's searches of names, by what masking shows: a surname and a
	// name as shown, matched against the masked names.
	shown := url.QueryEscape(mask.Name(rs[0].Name))
	surname := url.QueryEscape(string([]rune(rs[0].Name)[:1]))
	leaderPaths := []string{"/api/residents?q=" + shown + "&limit=50", "/api/residents?q=" + surname + "&limit=50&offset=10",
		"/api/residents?cell=" + code + "&q=" + surname}
	for _, p := range append(paths, leaderPaths...) {
		as := "admin"
		if slices.Contains(leaderPaths, p) {
			as = "leader"
		}
		a, b := get(t, lite, p, liteScene.actors[as].header()...), get(t, pg, p, pgScene.actors[as].header()...)
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
