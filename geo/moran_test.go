package geo_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data/sample"
	"gridmap/geo"
)

// latticeWeights returns the contiguity of an r×c lattice whose area
// row*c+col is the cell in that row and column: rook neighbours share an
// edge, queen neighbours an edge or a corner.
func latticeWeights(r, c int, queen bool) geo.Weights {
	nb := make([][]int, r*c)
	for y := range r {
		for x := range c {
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if dx == 0 && dy == 0 || !queen && dx != 0 && dy != 0 {
						continue
					}
					yy, xx := y+dy, x+dx
					if yy < 0 || yy >= r || xx < 0 || xx >= c {
						continue
					}
					nb[y*c+x] = append(nb[y*c+x], yy*c+xx)
				}
			}
		}
	}
	return geo.Weights{Neighbors: nb}
}

// TestLocalMoranByHand checks I_i against arithmetic done by hand on a 3×3
// rook lattice holding 1..9 row by row:
//
//	1 2 3      z = x − x̄, x̄ = 45/9 = 5:   -4 -3 -2
//	4 5 6                                   -1  0  1
//	7 8 9                                    2  3  4
//
// m2 = Σz²/n = (16+9+4+1+0+1+4+9+16)/9 = 60/9 = 20/3.
func TestLocalMoranByHand(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	w := latticeWeights(3, 3, false)
	got := geo.LocalMoran(x, w, 99, 1, 0.05)
	tests := []struct {
		name string
		i    int
		want float64
	}{
		// Neighbours 1, 3: lag = (-3 + -1)/2 = -2; I = (-4/(20/3))·(-2) = -0.6·-2 = 1.2.
		{"corner low among low", 0, 1.2},
		// Neighbours 0, 2, 4: lag = (-4 + -2 + 0)/3 = -2; I = (-3·3/20)·(-2) = 0.9.
		{"edge low among low", 1, 0.9},
		// Neighbours 1, 5: lag = (-3 + 1)/2 = -1; I = (-2·3/20)·(-1) = 0.3.
		{"corner between", 2, 0.3},
		// z = 0, so I = 0 whatever the lag.
		{"centre at the mean", 4, 0},
		// z = 1; neighbours 2, 4, 8: lag = (-2 + 0 + 4)/3 = 2/3;
		// I = (1·3/20)·(2/3) = 0.1.
		{"edge high", 5, 0.1},
		// Neighbours 5, 7: lag = (1 + 3)/2 = 2; I = (4·3/20)·2 = 1.2.
		{"corner high among high", 8, 1.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g := got[tt.i].I; math.Abs(g-tt.want) > 1e-9 {
				t.Errorf("LocalMoran(1..9)[%d].I = %v; want %v", tt.i, g, tt.want)
			}
		})
	}
}

// TestLocalMoranPermutation checks that the pseudo p-values are
// reproducible for a seed, lie in [1/(R+1), 1], and change with the seed.
func TestLocalMoranPermutation(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 64)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	w := latticeWeights(8, 8, true)
	const perms = 199
	a := geo.LocalMoran(x, w, perms, 42, 0.05)
	b := geo.LocalMoran(x, w, perms, 42, 0.05)
	c := geo.LocalMoran(x, w, perms, 43, 0.05)
	differ := false
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("LocalMoran(seed 42)[%d] = %+v, then %+v; want the same", i, a[i], b[i])
		}
		if p := a[i].P; p < 1.0/(perms+1) || p > 1 {
			t.Errorf("LocalMoran[%d].P = %v; want within [%v, 1]", i, p, 1.0/(perms+1))
		}
		if a[i].P != c[i].P {
			differ = true
		}
		if (a[i].Cluster != "") != (a[i].P <= 0.05) {
			t.Errorf("LocalMoran[%d] = %+v; want a cluster exactly when P <= 0.05", i, a[i])
		}
	}
	if !differ {
		t.Errorf("LocalMoran with seeds 42 and 43 gave identical p-values; want the seed to matter")
	}
}

// TestLocalMoranPlanted plants patterns on a 7×7 queen lattice and checks
// that the centre is found at 99 % with 999 permutations.
// TestLocalMoranParallelSameAsSequential: a problem big enough to be
// split between processors gives exactly the answer of one processor.
func TestLocalMoranParallelSameAsSequential(t *testing.T) {
	w := latticeWeights(40, 40, true)
	r := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, w.N())
	for i := range x {
		x[i] = r.Float64() * 10
	}
	prev := runtime.GOMAXPROCS(1)
	one := geo.LocalMoran(x, w, 999, 42, 0.05)
	runtime.GOMAXPROCS(max(prev, 4))
	many := geo.LocalMoran(x, w, 999, 42, 0.05)
	runtime.GOMAXPROCS(prev)
	for i := range one {
		if one[i] != many[i] {
			t.Fatalf("LocalMoran area %d: one processor %+v, several %+v; want equal", i, one[i], many[i])
		}
	}
}

func TestLocalMoranPlanted(t *testing.T) {
	w := latticeWeights(7, 7, true)
	const centre = 3*7 + 3
	r := rand.New(rand.NewPCG(5, 6))

	// A 3×3 block of 10s among values in [0, 1): of the 999 draws of 8 of
	// the other 48 values, only the one taking all 8 other 10s reaches the
	// observed lag, which almost never happens.
	cluster := make([]float64, 49)
	for i := range cluster {
		cluster[i] = r.Float64()
	}
	for _, j := range append([]int{centre}, w.Neighbors[centre]...) {
		cluster[j] = 10
	}

	// One 10 whose 8 neighbours are 0, among values 1..1.4: every other
	// draw has a higher lag, so I (negative) is extreme.
	outlier := make([]float64, 49)
	for i := range outlier {
		outlier[i] = 1 + float64(i%5)/10
	}
	outlier[centre] = 10
	for _, j := range w.Neighbors[centre] {
		outlier[j] = 0
	}

	tests := []struct {
		name string
		x    []float64
		want string
	}{
		{"high cluster", cluster, "HH"},
		{"single high among lows", outlier, "HL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geo.LocalMoran(tt.x, w, 999, 7, 0.01)[centre]
			if got.Cluster != tt.want || got.P > 0.01 {
				t.Errorf("LocalMoran(%s)[centre] = %+v; want %q with P <= 0.01", tt.name, got, tt.want)
			}
		})
	}
}

// TestLocalMoranDegenerate checks islands, constant values and inputs too
// small to permute.
func TestLocalMoranDegenerate(t *testing.T) {
	t.Run("island", func(t *testing.T) {
		w := geo.Weights{Neighbors: [][]int{{1}, {0, 2}, {1}, {}}}
		got := geo.LocalMoran([]float64{1, 2, 3, 10}, w, 99, 1, 0.05)
		if s := got[3]; !s.Island || !math.IsNaN(s.I) || !math.IsNaN(s.P) || s.Cluster != "" {
			t.Errorf("LocalMoran(island)[3] = %+v; want Island, NaN I and P, no cluster", s)
		}
		for i, s := range got[:3] {
			if s.Island || math.IsNaN(s.I) || math.IsNaN(s.P) {
				t.Errorf("LocalMoran(island)[%d] = %+v; want a statistic", i, s)
			}
		}
	})
	t.Run("not finite", func(t *testing.T) {
		for _, bad := range []float64{math.NaN(), math.Inf(1)} {
			x := []float64{1, 2, bad, 4, 5, 6, 7, 8, 9}
			for i, s := range geo.LocalMoran(x, latticeWeights(3, 3, true), 99, 1, 0.05) {
				if s != (geo.MoranStat{I: 0, P: 1}) {
					t.Errorf("LocalMoran(with %v)[%d] = %+v; want I 0, P 1, no cluster", bad, i, s)
				}
			}
		}
	})
	t.Run("all equal", func(t *testing.T) {
		x := make([]float64, 9)
		for i := range x {
			x[i] = 4
		}
		for i, s := range geo.LocalMoran(x, latticeWeights(3, 3, true), 99, 1, 0.05) {
			if s != (geo.MoranStat{I: 0, P: 1}) {
				t.Errorf("LocalMoran(all 4)[%d] = %+v; want I 0, P 1", i, s)
			}
		}
	})
	t.Run("two areas", func(t *testing.T) {
		w := geo.Weights{Neighbors: [][]int{{1}, {0}}}
		for i, s := range geo.LocalMoran([]float64{1, 2}, w, 99, 1, 0.05) {
			// z = ∓0.5, m2 = 0.25, lag = ±0.5: I = (∓0.5/0.25)(±0.5) = -1.
			if math.Abs(s.I+1) > 1e-12 || s.P != 1 || s.Cluster != "" {
				t.Errorf("LocalMoran(1, 2)[%d] = %+v; want I -1, P 1, no cluster", i, s)
			}
		}
	})
	t.Run("neighbour of all", func(t *testing.T) {
		// Area 0 borders all others: every draw is its own neighbourhood.
		w := geo.Weights{Neighbors: [][]int{{1, 2, 3}, {0}, {0}, {0}}}
		if s := geo.LocalMoran([]float64{5, 1, 2, 3}, w, 99, 1, 0.05)[0]; s.P != 1 {
			t.Errorf("LocalMoran(hub)[0].P = %v; want 1", s.P)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if got := geo.LocalMoran(nil, geo.Weights{}, 99, 1, 0.05); len(got) != 0 {
			t.Errorf("LocalMoran(nil) = %v; want empty", got)
		}
	})
}

func ExampleLocalMoran() {
	// A 5×5 town, rook contiguity, with a block of high values in the
	// north-west corner.
	x := []float64{
		9, 8, 7, 1, 2,
		8, 9, 6, 2, 1,
		7, 6, 2, 1, 2,
		1, 2, 1, 2, 1,
		2, 1, 2, 1, 2,
	}
	w := latticeWeights(5, 5, false)
	for i, s := range geo.LocalMoran(x, w, 999, 1, 0.05) {
		if s.Cluster != "" {
			fmt.Printf("area %d: I = %.2f, P = %.3f, %s\n", i, s.I, s.P, s.Cluster)
		}
	}
	// Output:
	// area 0: I = 3.04, P = 0.017, HH
	// area 1: I = 2.68, P = 0.002, HH
	// area 5: I = 2.68, P = 0.002, HH
	// area 6: I = 2.38, P = 0.003, HH
	// area 14: I = 0.42, P = 0.033, LL
	// area 18: I = 0.42, P = 0.005, LL
	// area 22: I = 0.42, P = 0.033, LL
}

// sampleWeights returns the queen contiguity of the sample town's cells
// (neighbours share at least one vertex, which gridmap's cells share
// exactly along common boundaries) and their household counts.
func sampleWeights(tb testing.TB) ([]float64, geo.Weights) {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	at := map[orb.Point][]int{}
	for i, c := range ds.Cells {
		for _, ring := range c.Geometry {
			for _, p := range ring {
				if l := at[p]; len(l) == 0 || l[len(l)-1] != i {
					at[p] = append(l, i)
				}
			}
		}
	}
	sets := make([]map[int]bool, len(ds.Cells))
	for i := range sets {
		sets[i] = map[int]bool{}
	}
	for _, cells := range at {
		for _, i := range cells {
			for _, j := range cells {
				if i != j {
					sets[i][j] = true
				}
			}
		}
	}
	w := geo.Weights{Neighbors: make([][]int, len(ds.Cells))}
	for i, s := range sets {
		for j := range s {
			w.Neighbors[i] = append(w.Neighbors[i], j)
		}
		slices.Sort(w.Neighbors[i])
	}
	index := map[string]int{}
	for i, c := range ds.Cells {
		index[c.Code] = i
	}
	x := make([]float64, len(ds.Cells))
	for _, h := range ds.Households {
		x[index[h.CellCode]]++
	}
	return x, w
}

// BenchmarkLocalMoranSample runs LocalMoran with 999 permutations on the
// household counts of the sample town's 138 cells.
func BenchmarkLocalMoranSample(b *testing.B) {
	x, w := sampleWeights(b)
	if len(w.Islands()) != 0 {
		b.Fatalf("sample weights: islands %v; want none", w.Islands())
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		geo.LocalMoran(x, w, 999, uint64(i), 0.05)
	}
}

// BenchmarkLocalMoranCity runs LocalMoran with 999 permutations on a city
// of 20,164 areas, a 142×142 queen lattice.
func BenchmarkLocalMoranCity(b *testing.B) {
	const side = 142
	w := latticeWeights(side, side, true)
	r := rand.New(rand.NewPCG(8, 9))
	x := make([]float64, side*side)
	for i := range x {
		x[i] = r.ExpFloat64()
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		geo.LocalMoran(x, w, 999, uint64(i), 0.05)
	}
}
