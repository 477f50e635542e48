package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data/sample"
	"gridmap/data/sqlite"
)

// benchServer serves the sample town from a SQLite file.
func benchServer(b *testing.B) *Server {
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
	sn, err := benchServer(b).snapshot(context.Background())
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
		n = len(appendFeatureCollection(make([]byte, 0, len(sn.cellsBody.raw)), fs, nil))
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
	sn, err := benchServer(b).snapshot(context.Background())
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
	s := benchServer(b)
	req := httptest.NewRequest(http.MethodGet, "/api/cells", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	s.ServeHTTP(httptest.NewRecorder(), req) // build the snapshot
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkRebuildSnapshot is the cost of a change: reading town, units and
// cells from the store, indexing, encoding and compressing every body.
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
		if _, err := s.buildSnapshot(ctx, rev); err != nil {
			b.Fatal(err)
		}
	}
}
