package geo_test

import (
	"testing"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

func TestSamePolygon(t *testing.T) {
	sq := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	rotated := orb.Ring{{2, 2}, {0, 2}, {0, 0}, {2, 0}, {2, 2}}
	reversed := orb.Ring{{0, 0}, {0, 2}, {2, 2}, {2, 0}, {0, 0}}
	moved := orb.Ring{{0, 0}, {2, 0}, {2, 2.5}, {0, 2}, {0, 0}}
	extra := orb.Ring{{0, 0}, {1, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	h1 := orb.Ring{{0.5, 0.5}, {0.5, 1}, {1, 1}, {0.5, 0.5}}
	h2 := orb.Ring{{1.2, 1.2}, {1.2, 1.5}, {1.5, 1.5}, {1.2, 1.2}}
	tests := []struct {
		name string
		a, b orb.Polygon
		want bool
	}{
		{"identical", orb.Polygon{sq}, orb.Polygon{sq}, true},
		{"other start", orb.Polygon{sq}, orb.Polygon{rotated}, true},
		{"other direction", orb.Polygon{sq}, orb.Polygon{reversed}, true},
		{"a vertex moved", orb.Polygon{sq}, orb.Polygon{moved}, false},
		{"a vertex added on an edge", orb.Polygon{sq}, orb.Polygon{extra}, false},
		{"holes in another order", orb.Polygon{sq, h1, h2}, orb.Polygon{rotated, h2, h1}, true},
		{"a hole missing", orb.Polygon{sq, h1, h2}, orb.Polygon{sq, h1}, false},
		{"a hole twice against two holes", orb.Polygon{sq, h1, h1}, orb.Polygon{sq, h1, h2}, false},
		{"empty", orb.Polygon{}, orb.Polygon{}, true},
		{"empty against a square", orb.Polygon{}, orb.Polygon{sq}, false},
	}
	for _, tt := range tests {
		if got := geo.SamePolygon(tt.a, tt.b); got != tt.want {
			t.Errorf("SamePolygon(%s) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
