package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
)

// BenchmarkHotspotsColdStart measures the statistics at scale (issue 15):
// the town sample with GRIDMAP_BENCH_INCIDENTS incidents (1000000 for the
// issue's figure) loaded into each store once, then, per iteration, a
// fresh store and server on it (a restart) and three GET /api/hotspots:
// the first (cold-ms: the fact table read), a later one (warm-ms) and one
// right after an incident write (write-ms). It is skipped unless
// GRIDMAP_BENCH_INCIDENTS is set: a million incidents take minutes to
// load. GRIDMAP_BENCH_SQLITE names a SQLite file and
// GRIDMAP_BENCH_SCHEMA a PostGIS schema (of GRIDMAP_TEST_POSTGRES) to keep
// the loaded sample in between runs; without them each run loads its
// own. Run one iteration:
//
//	GRIDMAP_BENCH_INCIDENTS=1000000 go test ./bench/ -run '^$' -bench HotspotsColdStart -benchtime 1x
func BenchmarkHotspotsColdStart(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("GRIDMAP_BENCH_INCIDENTS"))
	if n <= 0 {
		b.Skip("GRIDMAP_BENCH_INCIDENTS is not set: loading the sample takes minutes")
	}
	b.Run("SQLite", func(b *testing.B) {
		path := os.Getenv("GRIDMAP_BENCH_SQLITE")
		if path == "" {
			path = filepath.Join(b.TempDir(), "cold.db")
		}
		coldStart(b, n, func() data.Store {
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				b.Fatalf("sqlite.Open(%s) = %v", path, err)
			}
			return s
		})
	})
	b.Run("PostGIS", func(b *testing.B) {
		base := os.Getenv("GRIDMAP_TEST_POSTGRES")
		if base == "" {
			b.Skip(`GRIDMAP_TEST_POSTGRES is not set; run eval "$(bash scripts/postgis.sh start)" to benchmark PostGIS`)
		}
		schema, keep := os.Getenv("GRIDMAP_BENCH_SCHEMA"), true
		if schema == "" {
			schema, keep = fmt.Sprintf("bench_cold_%d", time.Now().UnixNano()), false
		}
		pgExec(b, base, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize())
		if !keep {
			b.Cleanup(func() { pgExec(b, base, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE") })
		}
		u, err := url.Parse(base)
		if err != nil {
			b.Fatalf("GRIDMAP_TEST_POSTGRES is not a URL: %v", err)
		}
		q := u.Query()
		q.Set("search_path", schema+",public")
		u.RawQuery = q.Encode()
		coldStart(b, n, func() data.Store {
			s, err := postgis.Open(context.Background(), u.String())
			if err != nil {
				b.Fatalf("postgis.Open() = %v", err)
			}
			return s
		})
	})
}

// pgExec runs one statement on the PostgreSQL database at base.
func pgExec(b *testing.B, base, sql string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatalf("pgx.Connect() = %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		b.Fatalf("%s: %v", sql, err)
	}
}

// coldStart loads the sample with n incidents through open's store
// unless it holds a town already, then measures restarts (see
// BenchmarkHotspotsColdStart).
func coldStart(b *testing.B, n int, open func() data.Store) {
	ctx := context.Background()
	const username, password = "bench-cold-admin", "bench-cold-password"
	s := open()
	ds, err := sample.Scaled(sample.Options{Scale: sample.ScaleTown, Incidents: n})
	if err != nil {
		b.Fatalf("sample.Scaled() = %v", err)
	}
	start := time.Now()
	switch err := s.Load(ctx, ds); data.ErrorCode(err) {
	case "":
		b.Logf("loaded %d incidents in %v", n, time.Since(start).Round(time.Second))
	case data.ECONFLICT: // loaded before
	default:
		b.Fatalf("Load() = %v", err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		b.Fatal(err)
	}
	err = s.CreateUser(ctx, &data.User{Username: username, Name: "基准", Role: data.RoleAdmin, PasswordHash: hash})
	if err != nil && data.ErrorCode(err) != data.ECONFLICT { // ECONFLICT: made by an earlier run
		b.Fatalf("CreateUser() = %v", err)
	}
	cell := ds.Cells[0]
	s.Close()

	var cold, warm, write time.Duration
	for b.Loop() {
		b.StopTimer()
		s := open()
		srv := api.New(s, api.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		cookie := benchLogin(b, srv, username, password)
		b.StartTimer()
		cold += hotspots(b, srv, cookie)
		warm += hotspots(b, srv, cookie)
		in := &data.Incident{Type: "邻里纠纷", Source: "网格员上报", Summary: "装修噪音", Description: "楼上装修噪音扰民",
			Parties: []string{"张三"}, CellCode: cell.Code, Location: orb.Polygon(cell.Geometry).Bound().Center()}
		if _, _, err := s.CreateIncident(ctx, in, ""); err != nil {
			b.Fatalf("CreateIncident() = %v", err)
		}
		srv.StoreChanged()
		write += hotspots(b, srv, cookie)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(cold), "cold-ms")
	b.ReportMetric(ms(warm), "warm-ms")
	b.ReportMetric(ms(write), "write-ms")
}

// benchLogin logs in and returns the session cookie.
func benchLogin(b *testing.B, h http.Handler, username, password string) string {
	req := httptest.NewRequest(http.MethodPost, "/api/auth/login",
		strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "gridmap_session" {
			return c.Name + "=" + c.Value
		}
	}
	b.Fatalf("login = %d %s; want a session cookie", rec.Code, rec.Body)
	return ""
}

// hotspots times one GET /api/hotspots (the default window, which ends
// now: an answer never cached).
func hotspots(b *testing.B, h http.Handler, cookie string) time.Duration {
	req := httptest.NewRequest(http.MethodGet, "/api/hotspots", nil)
	req.Header.Set("Cookie", cookie)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	d := time.Since(start)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET /api/hotspots = %d %s", rec.Code, rec.Body)
	}
	return d
}
