package geo_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"

	"gridmap/geo"
)

// TestTileGridPolygon: polygons on a tile are clipped to the tile and its
// buffer, wound as vector tiles ask (exterior of positive area with y
// down, holes negative), and dropped when rounding leaves nothing.
func TestTileGridPolygon(t *testing.T) {
	t.Parallel()
	tile := maptile.New(1, 0, 1) // the north-east quarter of the world
	g := geo.TileGrid{Tile: tile, Extent: 4096, Buffer: 64}
	cases := []struct {
		name      string
		poly      orb.Polygon
		rings     int
		minX      float64
		emptyWant bool
	}{
		{"inside, with a hole", orb.Polygon{
			{{30, 10}, {150, 10}, {150, 60}, {30, 60}, {30, 10}},
			{{80, 20}, {80, 40}, {100, 40}, {100, 20}, {80, 20}},
		}, 2, 682, false}, // 30° east is 30/360 of 8192 units
		{"over the west edge", orb.Polygon{{{-20, 10}, {150, 10}, {150, 60}, {-20, 60}, {-20, 10}}}, 1, -64, false},
		{"far beyond the tile", orb.Polygon{{{10, -10}, {20, -10}, {20, -20}, {10, -10}}}, 0, 0, true},
		{"smaller than a unit", orb.Polygon{{{100, 10}, {100 + 1e-9, 10}, {100, 10 + 1e-9}, {100, 10}}}, 0, 0, true},
	}
	for _, c := range cases {
		got := g.Polygon(c.poly)
		if c.emptyWant {
			if got != nil {
				t.Errorf("%s: Polygon = %v; want nil", c.name, got)
			}
			continue
		}
		if len(got) != c.rings {
			t.Fatalf("%s: Polygon has %d rings; want %d", c.name, len(got), c.rings)
		}
		for i, r := range got {
			// planar.Area is positive for counter-clockwise rings with y
			// up, that is for clockwise ones with y down.
			if a := planar.Area(r); (i == 0) != (a > 0) {
				t.Errorf("%s: ring %d has area %g; want the exterior positive, holes negative", c.name, i, a)
			}
			if b := r.Bound(); b.Min[0] < -64 || b.Min[1] < -64 || b.Max[0] > 4096+64 || b.Max[1] > 4096+64 {
				t.Errorf("%s: ring %d spans %v; want it within the tile and its buffer", c.name, i, b)
			}
			if r[0] != r[len(r)-1] {
				t.Errorf("%s: ring %d is not closed", c.name, i)
			}
		}
		if got[0].Bound().Min[0] != c.minX {
			t.Errorf("%s: exterior starts at x = %g; want %g", c.name, got[0].Bound().Min[0], c.minX)
		}
	}
}
