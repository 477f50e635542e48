package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
	"gridmap/domain"
	"gridmap/geo"
	"gridmap/stats"
)

// benchServer serves the sample town from a SQLite file.
func benchServer(b testing.TB) *Server {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ds, err := sample.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Load(ctx, ds); err != nil {
		b.Fatal(err)
	}
	return New(st, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// BenchmarkEncodeCells encodes all 138 cells as GeoJSON with gridmap's
// encoder: the work of rebuilding the /api/cells body.
func BenchmarkEncodeCells(b *testing.B) {
	s := benchServer(b)
	sn, err := s.snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		fs := make([]feature, len(sn.cells))
		for j := range sn.cells {
			fs[j] = sn.cellFeature(j)
		}
		n = len(appendFeatureCollection(make([]byte, 0, len(joined(sn.cellsBody(), false))), fs, nil))
	}
	b.SetBytes(int64(n))
}

// jsonFeature is the usual encoding/json model of a GeoJSON feature.
type jsonFeature struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry struct {
		Type        string      `json:"type"`
		Coordinates orb.Polygon `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// BenchmarkEncodeCellsEncodingJSON encodes the same cells the usual way,
// maps through encoding/json, for comparison.
func BenchmarkEncodeCellsEncodingJSON(b *testing.B) {
	s := benchServer(b)
	sn, err := s.snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		fc := struct {
			Type     string        `json:"type"`
			Features []jsonFeature `json:"features"`
		}{Type: "FeatureCollection"}
		for j := range sn.cells {
			f := jsonFeature{Type: "Feature", ID: sn.cells[j].Code, Properties: map[string]any{}}
			f.Geometry.Type, f.Geometry.Coordinates = "Polygon", sn.cells[j].Geometry
			for _, p := range sn.cellFeature(j).props {
				f.Properties[p.key] = p.val
			}
			fc.Features = append(fc.Features, f)
		}
		raw, err := json.Marshal(fc)
		if err != nil {
			b.Fatal(err)
		}
		n = len(raw)
	}
	b.SetBytes(int64(n))
}

// BenchmarkServeCellsCached is a whole GET /api/cells with gzip, served
// from the cached, pre-compressed body (a revision check is the only store
// access).
func BenchmarkServeCellsCached(b *testing.B) {
	serveGzip(b, benchServer(b), "/api/cells")
}

// serveGzip times whole GETs of path with gzip through s, after one that
// builds what the answer is cached from.
func serveGzip(b *testing.B, s http.Handler, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	s.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
	}
}

// BenchmarkServeOGCPageCached is a whole GET of the first OGC page of
// cells with gzip, as QGIS and GDAL ask it, from the cached page: mostly
// the middleware and the header, what a small cached answer costs.
func BenchmarkServeOGCPageCached(b *testing.B) {
	serveGzip(b, benchServer(b), "/ogc/collections/cells/items")
}

// BenchmarkRebuildSnapshot is the cost of a change to the cells: reading
// town, units and cells from the store, indexing, encoding and compressing
// every body.
func BenchmarkRebuildSnapshot(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	rev, err := s.store.Revision(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sn, err := s.buildSnapshot(ctx, rev, nil)
		if err != nil {
			b.Fatal(err)
		}
		sn.townBody()
		sn.cellsBody()
	}
}

// BenchmarkSnapshotAfterIncidentWrite is the cost an incident write puts
// on the next request: the cells' open counts read again (recount), the
// shapes, point index, labels and answers without counts shared, and no
// body encoded until one is asked for.
func BenchmarkSnapshotAfterIncidentWrite(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	prev, err := s.snapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	rev := prev.rev
	rev.Incidents++
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sn, err := s.buildSnapshot(ctx, rev, prev)
		if err != nil {
			b.Fatal(err)
		}
		if sn.index != prev.index {
			b.Fatal("the point index was rebuilt")
		}
	}
}

// benchFacts returns the sample's snapshot, its queen weights and a fact
// table of n synthetic incidents spread evenly over its cells, the eight
// types and the years 2021 to 2026, in report order.
func benchFacts(b *testing.B, n int) (*Server, *snapshot, *stats.Table, geo.Weights) {
	b.Helper()
	s := benchServer(b)
	sn, err := s.snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, cst).UnixMicro()
	span := time.Date(2027, 1, 1, 0, 0, 0, 0, cst).UnixMicro() - start
	types := domain.IncidentTypeNames(domain.DefaultIncidentTypes())
	tb := stats.NewBuilder(len(sn.cells), sn.cellByCode, domain.DefaultIncidentTypes())
	for i := range n {
		rep := time.UnixMicro(start + int64(float64(span)*float64(i)/float64(n)))
		f := data.IncidentFact{ID: int64(i + 1), CellCode: sn.cells[r.IntN(len(sn.cells))].Code,
			Type: types[r.IntN(len(types))], Status: data.Statuses[r.IntN(len(data.Statuses))],
			ReportedAt: rep, StageSince: rep}
		if r.IntN(5) == 0 {
			f.Escalation = 1
		}
		if domain.IsDone(f.Status) {
			f.ResolvedAt = rep.Add(time.Duration(r.IntN(30*24*3600)) * time.Second)
		}
		tb.Add(&f)
	}
	return s, sn, tb.Table(), s.weights(sn, geo.Queen)
}

// benchHotspots times what GET /api/hotspots computes for a window: the
// per-cell aggregation of every incident in it, the empirical-Bayes rates,
// Gi* and its FDR correction. Target (issue 5): under 50 ms for 138 cells
// over 1,000,000 incidents.
func benchHotspots(b *testing.B, from, to time.Time) {
	s, sn, ft, w := benchFacts(b, 1_000_000)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, cst)
	counts, pops := make([]float64, len(sn.cells)), make([]float64, len(sn.cells))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		agg := ft.Aggregate(from, to, stats.AnyType, now, s.cfg.Deadlines)
		for i := range agg {
			counts[i], pops[i] = float64(agg[i].Count), float64(sn.cells[i].Population)
		}
		geo.EmpiricalBayes(counts, pops)
		geo.FDR(geo.GiStar(counts, w))
	}
}

// BenchmarkHotspots1MYear: a one-year window, about 167,000 of the
// 1,000,000 incidents.
func BenchmarkHotspots1MYear(b *testing.B) {
	benchHotspots(b, time.Date(2025, 1, 1, 0, 0, 0, 0, cst), time.Date(2026, 1, 1, 0, 0, 0, 0, cst))
}

// BenchmarkHotspots1MAll: the whole six years, every one of the 1,000,000
// incidents: the slowest position of a time slider.
func BenchmarkHotspots1MAll(b *testing.B) {
	benchHotspots(b, time.Date(2021, 1, 1, 0, 0, 0, 0, cst), time.Date(2027, 1, 1, 0, 0, 0, 0, cst))
}

// BenchmarkEmerging1M: the monthly counts of 24 months of 1,000,000
// incidents, Gi* per month and the emerging categories.
func BenchmarkEmerging1M(b *testing.B) {
	_, _, ft, w := benchFacts(b, 1_000_000)
	bounds := stats.MonthBounds(time.Date(2024, 11, 1, 0, 0, 0, 0, cst), time.Date(2026, 11, 1, 0, 0, 0, 0, cst))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		series := ft.Monthly(bounds, stats.AnyType)
		stats := make([][]geo.LocalStat, len(series))
		for t, x := range series {
			stats[t] = geo.GiStar(x, w)
		}
		geo.EmergingHotSpots(stats)
	}
}

// BenchmarkServeHotspots is the whole request on the sample (3,131
// incidents), caches warm: parameters, aggregation, Gi*, GeoJSON, gzip.
func BenchmarkServeHotspots(b *testing.B) {
	serveGzip(b, benchServer(b), "/api/hotspots?from=2021-01-01&geometry=false")
}

// BenchmarkChangesetDryRun is one live-validation request of the boundary
// editor on the sample: a shared vertex dragged a little, applied to the
// cached topology of the base version, validated, and its impact read
// (every household and incident located in the new cells).
func BenchmarkChangesetDryRun(b *testing.B) {
	s := benchServer(b)
	ctx := context.Background()
	admin := &data.User{Username: "bench-admin", Name: "管理员", Role: data.RoleAdmin, PasswordHash: "x"}
	if err := s.store.CreateUser(ctx, admin); err != nil {
		b.Fatal(err)
	}
	_, top, err := s.boundaryBase(ctx, 1)
	if err != nil {
		b.Fatal(err)
	}
	var from, to orb.Point
	for _, e := range top.Edges {
		if e.Left >= 0 && e.Right >= 0 && len(e.Line) >= 5 {
			k := len(e.Line) / 2
			from = e.Line[k]
			to = orb.Point{from[0] + (e.Line[k+1][0]-from[0])*0.4, from[1] + (e.Line[k+1][1]-from[1])*0.4}
			break
		}
	}
	body := fmt.Sprintf(`{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[{"op":"move_vertex","from":[%v,%v],"to":[%v,%v]}]}`,
		from[0], from[1], to[0], to[1])
	sec := auth.NewSecret()
	tok := &data.Token{UserID: admin.ID, Name: "bench", Hash: auth.HashSecret(sec), CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.store.CreateToken(ctx, tok); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/boundary/changesets?dry_run=true", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+sec)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"valid":true`) {
			b.Fatalf("dry run = %d %.300s", rec.Code, rec.Body.String())
		}
	}
}

// BenchmarkReportThenRead is one report through the API and the reads of
// bench/writes.sh after it: /api/cells with gzip, the first OGC page of
// cells and /api/locate. Its profile shows what an incident write costs
// the readers. GRIDMAP_BENCH_DB names a database to run on instead of
// the town (a copy of it: e.g. one of gridmap sample -scale district).
func BenchmarkReportThenRead(b *testing.B) {
	ctx := context.Background()
	var s *Server
	if src := os.Getenv("GRIDMAP_BENCH_DB"); src != "" {
		raw, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		db := filepath.Join(b.TempDir(), "bench.db")
		if err := os.WriteFile(db, raw, 0o600); err != nil {
			b.Fatal(err)
		}
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		s = New(st, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	} else {
		s = benchServer(b)
	}
	u := &data.User{Username: "bench-admin", Name: "压测", Role: data.RoleAdmin, PasswordHash: "x", CreatedAt: time.Now().UTC()}
	if err := s.store.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	secret := auth.NewSecret()
	now := time.Now().UTC()
	if err := s.store.CreateToken(ctx, &data.Token{UserID: u.ID, Name: "bench", Hash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	serve := func(method, path, body string, want int) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Accept-Encoding", "gzip")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			b.Fatalf("%s %s = %d %.200s", method, path, rec.Code, rec.Body)
		}
	}
	locate := fmt.Sprintf("/api/locate?lon=%v&lat=%v", sn.cellLabel[0][0], sn.cellLabel[0][1])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := sn.cellLabel[i%len(sn.cellLabel)]
		serve(http.MethodPost, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"压测上报"}`, p[0], p[1]), http.StatusCreated)
		serve(http.MethodGet, "/api/cells", "", http.StatusOK)
		serve(http.MethodGet, "/ogc/collections/cells/items", "", http.StatusOK)
		serve(http.MethodGet, locate, "", http.StatusOK)
	}
}
