package geo

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestUnionPartition(t *testing.T) {
	tests := []struct {
		name  string
		polys []orb.Polygon
		want  orb.Ring // nil when an error is expected
		err   string
	}{
		{"one square", []orb.Polygon{unitSquare(0, 0, 1)}, orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, ""},
		{"2x2 squares keep shared vertices",
			[]orb.Polygon{unitSquare(1, 1, 1), unitSquare(0, 0, 1), unitSquare(1, 0, 1), unitSquare(0, 1, 1)},
			orb.Ring{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}, {0, 0}}, ""},
		{"clockwise input", []orb.Polygon{{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}, unitSquare(1, 0, 1)},
			orb.Ring{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {1, 1}, {0, 1}, {0, 0}}, ""},
		{"apart", []orb.Polygon{unitSquare(0, 0, 1), unitSquare(2, 0, 1)}, nil, "2 rings"},
		{"ring around a hole",
			[]orb.Polygon{unitSquare(0, 0, 1), unitSquare(1, 0, 1), unitSquare(2, 0, 1), unitSquare(0, 1, 1),
				unitSquare(2, 1, 1), unitSquare(0, 2, 1), unitSquare(1, 2, 1), unitSquare(2, 2, 1)}, nil, "2 rings"},
		{"corner only", []orb.Polygon{unitSquare(0, 0, 1), unitSquare(1, 1, 1)}, nil, "touches itself"},
		{"same square twice", []orb.Polygon{unitSquare(0, 0, 1), unitSquare(0, 0, 1)}, nil, "overlap"},
		{"empty polygon", []orb.Polygon{{}}, nil, "no ring"},
		{"nothing", nil, nil, "no area"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := UnionPartition(tt.polys)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("UnionPartition() error = %v; want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("UnionPartition() error = %v", err)
			}
			if len(got) != 1 || !slices.Equal(got[0], tt.want) {
				t.Fatalf("UnionPartition() = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestUnionPartitionLattice(t *testing.T) {
	lat := wiggledLattice(7, 5, 6, 0.003)
	polys := partPolygons(lat)
	got, err := UnionPartition(polys)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, p := range polys {
		sum += Area(p)
	}
	if a := Area(got); math.Abs(a-sum) > 1e-6*sum {
		t.Fatalf("Area(union) = %.1f; want the sum of the cells %.1f", a, sum)
	}
	// 7x5 cells with 6 interior points per side: 2*(7+5)*(6+1) boundary edges.
	if n := len(got[0]) - 1; n != 2*(7+5)*7 {
		t.Fatalf("union has %d edges; want %d", n, 2*(7+5)*7)
	}
	slices.Reverse(polys)
	again, err := UnionPartition(polys)
	if err != nil || !slices.Equal(again[0], got[0]) {
		t.Fatalf("UnionPartition(reversed order) differs: %v", err)
	}
	if p := ValidatePartition(lat, got); len(p) != 0 {
		t.Fatalf("ValidatePartition(lattice, union) = %v; want none", p)
	}
}

func BenchmarkUnionPartition(b *testing.B) {
	polys := partPolygons(wiggledLattice(141, 141, 12, 0.001)) // about 20,000 cells
	for b.Loop() {
		if _, err := UnionPartition(polys); err != nil {
			b.Fatal(err)
		}
	}
}

func TestUnionArea(t *testing.T) {
	sq := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
	}
	var ring []orb.Polygon // eight squares around an empty middle one
	for y := range 3 {
		for x := range 3 {
			if x != 1 || y != 1 {
				ring = append(ring, sq(float64(x), float64(y)))
			}
		}
	}
	u, err := UnionArea(ring)
	if err != nil {
		t.Fatalf("UnionArea(eight squares around a hole) = %v", err)
	}
	if len(u) != 2 || RightHand(u)[0][0] != (orb.Point{0, 0}) {
		t.Fatalf("UnionArea(eight squares around a hole) = %v; want the 3x3 exterior from (0,0) and one hole", u)
	}
	if !SamePolygon(orb.Polygon{u[1]}, sq(1, 1)) || !SamePolygon(orb.Polygon{u[0]}, orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 1}, {3, 2}, {3, 3}, {2, 3}, {1, 3}, {0, 3}, {0, 2}, {0, 1}, {0, 0}}}) {
		t.Errorf("UnionArea(eight squares around a hole) = %v; want the outer square with every vertex and the middle square as its hole", u)
	}
	if _, err := UnionPartition(ring); err == nil {
		t.Errorf("UnionPartition(eight squares around a hole) = nil error; want the hole refused")
	}
	if _, err := UnionArea([]orb.Polygon{sq(0, 0), sq(5, 5)}); err == nil {
		t.Errorf("UnionArea(two squares apart) = nil error; want an error")
	}
	if got, err := UnionArea([]orb.Polygon{sq(0, 0), sq(1, 0)}); err != nil || len(got) != 1 {
		t.Errorf("UnionArea(two neighbours) = %v, %v; want one ring", got, err)
	}
}
