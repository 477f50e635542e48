package geo

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestContiguityWeights(t *testing.T) {
	holed := rect(0, 0, 3, 3)
	holed = append(holed, orb.Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}})
	tests := []struct {
		name  string
		polys []orb.Polygon
		queen [][]int
		rook  [][]int
	}{
		{
			name:  "3x3 unit lattice",
			polys: lattice(3),
			queen: [][]int{
				{1, 3, 4}, {0, 2, 3, 4, 5}, {1, 4, 5},
				{0, 1, 4, 6, 7}, {0, 1, 2, 3, 5, 6, 7, 8}, {1, 2, 4, 7, 8},
				{3, 4, 7}, {3, 4, 5, 6, 8}, {4, 5, 7},
			},
			rook: [][]int{
				{1, 3}, {0, 2, 4}, {1, 5},
				{0, 4, 6}, {1, 3, 5, 7}, {2, 4, 8},
				{3, 7}, {4, 6, 8}, {5, 7},
			},
		},
		{
			// The corner (1,1) of 1 and 2 lies inside the top edge of 0,
			// which has no vertex there.
			name:  "T-junction",
			polys: []orb.Polygon{rect(0, 0, 2, 1), rect(0, 1, 1, 2), rect(1, 1, 2, 2)},
			queen: [][]int{{1, 2}, {0, 2}, {0, 1}},
			rook:  [][]int{{1, 2}, {0, 2}, {0, 1}},
		},
		{
			// A diamond whose bottom vertex lies on the middle of an edge.
			name:  "vertex on an edge only",
			polys: []orb.Polygon{rect(0, 0, 2, 1), {{{1, 1}, {1.5, 1.5}, {1, 2}, {0.5, 1.5}, {1, 1}}}},
			queen: [][]int{{1}, {0}},
			rook:  [][]int{nil, nil},
		},
		{
			// Top edge of 0 is (0,1)-(2,1), bottom edge of 1 is (1,1)-(3,1):
			// they share (1,1)-(2,1), and each has one end inside the other.
			name:  "collinear edges overlapping in part",
			polys: []orb.Polygon{rect(0, 0, 2, 1), rect(1, 1, 3, 2)},
			queen: [][]int{{1}, {0}},
			rook:  [][]int{{1}, {0}},
		},
		{
			// Not a partition: the two bars of a plus sign cross, and no
			// vertex of one is on the other's boundary.
			name:  "crossing boundaries",
			polys: []orb.Polygon{rect(0, 1, 3, 2), rect(1, 0, 2, 3)},
			queen: [][]int{{1}, {0}},
			rook:  [][]int{nil, nil},
		},
		{
			name:  "corner only",
			polys: []orb.Polygon{rect(0, 0, 1, 1), rect(1, 1, 2, 2)},
			queen: [][]int{{1}, {0}},
			rook:  [][]int{nil, nil},
		},
		{
			name:  "gap within the snapping tolerance",
			polys: []orb.Polygon{rect(0, 0, 1, 1), rect(1+1e-10, 0, 2, 1)},
			queen: [][]int{{1}, {0}},
			rook:  [][]int{{1}, {0}},
		},
		{
			name:  "gap beyond the snapping tolerance",
			polys: []orb.Polygon{rect(0, 0, 1, 1), rect(1+1e-6, 0, 2, 1)},
			queen: [][]int{nil, nil},
			rook:  [][]int{nil, nil},
		},
		{
			name:  "islands: far away and without rings",
			polys: []orb.Polygon{rect(0, 0, 1, 1), rect(1, 0, 2, 1), rect(5, 5, 6, 6), {}},
			queen: [][]int{{1}, {0}, nil, nil},
			rook:  [][]int{{1}, {0}, nil, nil},
		},
		{
			// 1 fills the hole of 0; 2 borders 0 on the outside only.
			name:  "cell in a hole",
			polys: []orb.Polygon{holed, rect(1, 1, 2, 2), rect(3, 0, 4, 3)},
			queen: [][]int{{1, 2}, {0}, {0}},
			rook:  [][]int{{1, 2}, {0}, {0}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []struct {
				kind Contiguity
				want [][]int
			}{{Queen, tc.queen}, {Rook, tc.rook}} {
				got := ContiguityWeights(tc.polys, k.kind).Neighbors
				if len(got) != len(k.want) {
					t.Fatalf("ContiguityWeights(%s) has %d areas; want %d", k.kind, len(got), len(k.want))
				}
				for i := range got {
					if !slices.Equal(got[i], k.want[i]) {
						t.Errorf("ContiguityWeights(%s).Neighbors[%d] = %v; want %v", k.kind, i, got[i], k.want[i])
					}
				}
			}
		})
	}
}

// TestContiguityWeightsJittered checks every cell of a jittered lattice of
// the size of a city: a cell's queen neighbours are the up to 8 cells around
// it, its rook neighbours the up to 4 across its edges.
func TestContiguityWeightsJittered(t *testing.T) {
	const n = 142
	polys := jitteredLattice(n, rand.New(rand.NewPCG(3, 4)))
	queen := ContiguityWeights(polys, Queen)
	rook := ContiguityWeights(polys, Rook)
	for i := range polys {
		x, y := i%n, i/n
		var wantQ, wantR []int
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				xx, yy := x+dx, y+dy
				if (dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= n || yy >= n {
					continue
				}
				wantQ = append(wantQ, yy*n+xx)
				if dx == 0 || dy == 0 {
					wantR = append(wantR, yy*n+xx)
				}
			}
		}
		if !slices.Equal(queen.Neighbors[i], wantQ) {
			t.Fatalf("queen Neighbors[%d] = %v; want %v", i, queen.Neighbors[i], wantQ)
		}
		if !slices.Equal(rook.Neighbors[i], wantR) {
			t.Fatalf("rook Neighbors[%d] = %v; want %v", i, rook.Neighbors[i], wantR)
		}
		if interior := x > 0 && y > 0 && x < n-1 && y < n-1; interior && (len(wantQ) != 8 || len(wantR) != 4) {
			t.Fatalf("interior cell %d: %d queen, %d rook neighbours; want 8, 4", i, len(wantQ), len(wantR))
		}
	}
}

func TestContiguityString(t *testing.T) {
	for _, tc := range []struct {
		c    Contiguity
		want string
	}{{Queen, "queen"}, {Rook, "rook"}, {Contiguity(7), "Contiguity(7)"}} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("Contiguity(%d).String() = %q; want %q", int(tc.c), got, tc.want)
		}
	}
}

// BenchmarkContiguityWeightsCity builds queen weights for a city-sized
// jittered lattice of 142×142 = 20,164 cells.
func BenchmarkContiguityWeightsCity(b *testing.B) {
	polys := jitteredLattice(142, rand.New(rand.NewPCG(3, 4)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ContiguityWeights(polys, Queen)
	}
}
