package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gridmap/data"
	"gridmap/geo"
)

// cityStore is a city of n×n jittered lattice cells about 600 m across
// (20,164 for n = 142), with no units: the reads a map's tiles make and
// nothing else (any other method panics on the nil Store).
type cityStore struct {
	data.Store
	town  data.Town
	cells []data.Cell
}

func newCityStore(n int) *cityStore {
	const size, lon0, lat0 = 0.0055, 106.3, 28.8
	r := rand.New(rand.NewPCG(3, 4))
	v := make([][]orb.Point, n+1)
	for y := 0; y <= n; y++ {
		v[y] = make([]orb.Point, n+1)
		for x := 0; x <= n; x++ {
			fx, fy := float64(x), float64(y)
			if x > 0 && x < n && y > 0 && y < n {
				fx += (r.Float64() - 0.5) * 0.6
				fy += (r.Float64() - 0.5) * 0.6
			}
			v[y][x] = orb.Point{lon0 + fx*size, lat0 + fy*size}
		}
	}
	st := &cityStore{town: data.Town{Code: "500000000000", Name: "city",
		Geometry: orb.Polygon{{v[0][0], v[0][n], v[n][n], v[n][0], v[0][0]}}}}
	for y := range n {
		for x := range n {
			st.cells = append(st.cells, data.Cell{Code: fmt.Sprintf("C%03d%03d", y, x), Name: fmt.Sprintf("网格%d-%d", y, x),
				UnitCode: "U", UnitName: "街道", Kind: data.CellCommunity, Population: 100, Households: 40,
				Geometry: orb.Polygon{{v[y][x], v[y][x+1], v[y+1][x+1], v[y+1][x], v[y][x]}}})
		}
	}
	return st
}

func (st *cityStore) Revision(context.Context) (data.Revision, error) {
	return data.Revision{Cells: 1, Incidents: 1}, nil
}
func (st *cityStore) Town(context.Context) (*data.Town, error)   { t := st.town; return &t, nil }
func (st *cityStore) Units(context.Context) ([]data.Unit, error) { return nil, nil }
func (st *cityStore) Cells(context.Context) ([]data.Cell, error) {
	return append([]data.Cell(nil), st.cells...), nil
}

// BenchmarkTiles serves the centre tile of a 20,164-cell city at zoom 10
// (about 4,000 cells) and 13 through the handler, with gzip: cold (the
// zoom simplified, the tile not yet built) and cached (a map lookup). The
// simplify case is the once-per-zoom work of a boundary version.
func BenchmarkTiles(b *testing.B) {
	st := newCityStore(142)
	s := New(st, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	centre := st.town.Geometry.Bound().Center()
	for _, z := range []maptile.Zoom{10, 13} {
		path := tilePath(maptile.At(centre, z))
		serve := func(b *testing.B) int {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s = %d", path, rec.Code)
			}
			return rec.Body.Len()
		}
		n := serve(b) // builds the snapshot, the topology and the zoom's simplification
		raw, err := s.tile(context.Background(), &principal{}, tileKey{layer: "cells", z: uint32(z), x: maptile.At(centre, z).X, y: maptile.At(centre, z).Y})
		if err != nil {
			b.Fatal(err)
		}
		ls, err := mvt.Unmarshal(raw.raw)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d cells, %d bytes, %d gzipped", path, len(ls[0].Features), len(raw.raw), n)
		b.Run(fmt.Sprintf("z%d/cold", z), func(b *testing.B) {
			for b.Loop() {
				s.tiles.mu.Lock()
				s.tiles.polygons = newPageCache(maxCachedTiles, maxTileBytes)
				s.tiles.mu.Unlock()
				serve(b)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tiles/s")
		})
		b.Run(fmt.Sprintf("z%d/cached", z), func(b *testing.B) {
			for b.Loop() {
				serve(b)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tiles/s")
		})
	}
	polys := make([]orb.Polygon, len(st.cells))
	for i := range st.cells {
		polys[i] = st.cells[i].Geometry
	}
	top, err := geo.BuildTopology(polys)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("simplify/z10", func(b *testing.B) {
		for b.Loop() {
			top.Simplify(geo.PixelDegrees(10))
		}
	})
}

func tilePath(t maptile.Tile) string {
	return fmt.Sprintf("/tiles/cells/%d/%d/%d.mvt", t.Z, t.X, t.Y)
}
