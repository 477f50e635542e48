package geo_test

import (
	"math"
	"testing"

	"gridmap/geo"
)

// rook3 is the rook weights of a 3×3 lattice numbered row by row:
//
//	6 7 8
//	3 4 5
//	0 1 2
var rook3 = geo.Weights{Neighbors: [][]int{
	{1, 3}, {0, 2, 4}, {1, 5},
	{0, 4, 6}, {1, 3, 5, 7}, {2, 4, 8},
	{3, 7}, {4, 6, 8}, {5, 7},
}}

func TestGiStarByHand(t *testing.T) {
	// x_i = i+1 on rook3. n = 9, X̄ = 45/9 = 5,
	// Σ(x−X̄)² = 16+9+4+1+0+1+4+9+16 = 60, S = √(60/9) = √(20/3).
	// Denominator S √((n W_i − W_i²)/(n−1)):
	//   W = 3 (corner): √(20/3) √((27−9)/8) = √(20/3 · 9/4) = √15
	//   W = 4 (edge):   √(20/3) √((36−16)/8) = √(20/3 · 5/2) = √(50/3)
	//   W = 5 (centre): √(20/3) √((45−25)/8) = √(50/3)
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	tests := []struct {
		name string
		i    int
		z    float64
		bin  int
	}{
		// Cell 0: 1 + (2 + 4) = 7, numerator 7 − 5·3 = −8, z = −8/√15 ≈ −2.0656, p ≈ 0.039.
		{"low corner", 0, -8 / math.Sqrt(15), -2},
		// Cell 1: 2 + (1 + 3 + 5) = 11, numerator 11 − 5·4 = −9, z = −9/√(50/3) ≈ −2.2045, p ≈ 0.027.
		{"low edge", 1, -9 / math.Sqrt(50.0/3), -2},
		// Cell 4: 5 + (2 + 4 + 6 + 8) = 25, numerator 25 − 5·5 = 0, z = 0.
		{"centre", 4, 0, 0},
		// Cell 8: 9 + (6 + 8) = 23, numerator 23 − 5·3 = 8, z = 8/√15 ≈ 2.0656.
		{"high corner", 8, 8 / math.Sqrt(15), 2},
		// Cell 3: 4 + (1 + 5 + 7) = 17, numerator 17 − 5·4 = −3, z = −3/√(50/3) ≈ −0.7348, p ≈ 0.46.
		{"west edge", 3, -3 / math.Sqrt(50.0/3), 0},
	}
	got := geo.GiStar(x, rook3)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := got[tc.i]
			if math.Abs(s.Z-tc.z) > 1e-9 {
				t.Errorf("GiStar(...)[%d].Z = %v; want %v", tc.i, s.Z, tc.z)
			}
			if want := geo.NormalP(tc.z); math.Abs(s.P-want) > 1e-9 {
				t.Errorf("GiStar(...)[%d].P = %v; want %v", tc.i, s.P, want)
			}
			if s.Bin != tc.bin || s.Island {
				t.Errorf("GiStar(...)[%d] = bin %d, island %v; want bin %d, not an island", tc.i, s.Bin, s.Island, tc.bin)
			}
		})
	}
}

func TestGiStarIsland(t *testing.T) {
	// A chain 0-1-2 and an island 3 with a high value, which still counts
	// in the mean and variance: n = 4, X̄ = 16/4 = 4,
	// Σ(x−X̄)² = 9+4+1+36 = 50, S = √12.5.
	//   W = 2: denominator √12.5 √((8−4)/3) = √(50/3)
	//   W = 3: denominator √12.5 √((12−9)/3) = √12.5
	w := geo.Weights{Neighbors: [][]int{{1}, {0, 2}, {1}, nil}}
	x := []float64{1, 2, 3, 10}
	want := []float64{
		(1 + 2 - 4*2) / math.Sqrt(50.0/3),   // −5/√(50/3) ≈ −1.2247
		(1 + 2 + 3 - 4*3) / math.Sqrt(12.5), // −6/√12.5 ≈ −1.6971
		(2 + 3 - 4*2) / math.Sqrt(50.0/3),   // −3/√(50/3) ≈ −0.7348
	}
	got := geo.GiStar(x, w)
	for i, z := range want {
		if math.Abs(got[i].Z-z) > 1e-9 || got[i].Island {
			t.Errorf("GiStar(...)[%d] = %+v; want Z %v, not an island", i, got[i], z)
		}
	}
	if s := got[3]; !s.Island || !math.IsNaN(s.Z) || !math.IsNaN(s.P) || s.Bin != 0 {
		t.Errorf("GiStar(...)[3] = %+v; want an island: NaN, NaN, bin 0", s)
	}
}

func TestGiStarDegenerate(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		w    geo.Weights
	}{
		{"all values equal", []float64{4, 4, 4, 4, 4, 4, 4, 4, 4}, rook3},
		{"all zero", make([]float64, 9), rook3},
		{"neighbourhood is everything", []float64{1, 5}, geo.Weights{Neighbors: [][]int{{1}, {0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for i, s := range geo.GiStar(tc.x, tc.w) {
				if s.Z != 0 || s.P != 1 || s.Bin != 0 || s.Island {
					t.Errorf("GiStar(...)[%d] = %+v; want Z 0, P 1, bin 0", i, s)
				}
			}
		})
	}
	if got := geo.GiStar(nil, geo.Weights{}); len(got) != 0 {
		t.Errorf("GiStar(nil) = %v; want empty", got)
	}
}

func TestGiStarLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("GiStar with 2 values for 9 areas did not panic")
		}
	}()
	geo.GiStar([]float64{1, 2}, rook3)
}

func TestFDRByHand(t *testing.T) {
	// m = 5 areas that are not islands; sorted p: 0.004, 0.025, 0.028,
	// 0.20, 0.60. Benjamini-Hochberg thresholds k·α/m:
	//   α = 0.10: 0.02 0.04 0.06 0.08 0.10 → pass at k = 1, 2, 3; k = 3
	//   α = 0.05: 0.01 0.02 0.03 0.04 0.05 → pass at k = 1, 3 (0.025 > 0.02
	//             fails its own, but the step-up keeps it below k = 3); k = 3
	//   α = 0.01: 0.002 0.004 0.006 0.008 0.010 → none (0.004 > 0.002); k = 0
	// So the three smallest keep 95 % (bin ±2) and none keeps 99 %; the
	// uncorrected bins were ±3, ±2, ±2, 0, 0.
	in := []geo.LocalStat{
		{Z: -2.24, P: 0.025, Bin: -2},
		{Z: 0.84, P: 0.60},
		{Z: math.NaN(), P: math.NaN(), Island: true},
		{Z: 2.88, P: 0.004, Bin: 3},
		{Z: -1.28, P: 0.20},
		{Z: 2.20, P: 0.028, Bin: 2},
	}
	want := []int{-2, 0, 0, 2, 0, 2}
	got := geo.FDR(in)
	for i, b := range want {
		if got[i].Bin != b {
			t.Errorf("FDR(...)[%d].Bin = %d; want %d", i, got[i].Bin, b)
		}
		if got[i].Island != in[i].Island || !same(got[i].Z, in[i].Z) || !same(got[i].P, in[i].P) {
			t.Errorf("FDR(...)[%d] = %+v; want Z, P, Island of %+v", i, got[i], in[i])
		}
	}
	if in[3].Bin != 3 {
		t.Errorf("FDR changed its input: in[3].Bin = %d; want 3", in[3].Bin)
	}
}

func TestFDRAllSignificant(t *testing.T) {
	// m = 2, p = 0.001, 0.002: α = 0.01 thresholds 0.005, 0.01 → k = 2.
	in := []geo.LocalStat{{Z: -3.29, P: 0.001}, {Z: 3.09, P: 0.002}}
	got := geo.FDR(in)
	if got[0].Bin != -3 || got[1].Bin != 3 {
		t.Errorf("FDR(...) bins = %d, %d; want -3, 3", got[0].Bin, got[1].Bin)
	}
}

// same reports whether a and b are equal or both NaN.
func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

func TestBenjaminiHochbergByHand(t *testing.T) {
	// The p-values of TestFDRByHand, unsorted, with a NaN that is ignored.
	ps := []float64{0.025, 0.60, math.NaN(), 0.004, 0.20, 0.028}
	for _, tt := range []struct{ alpha, want float64 }{
		{0.10, 0.028}, // k = 3
		{0.05, 0.028}, // k = 3: the step-up keeps 0.025 too
		{0.01, 0},     // k = 0: nothing passes
		{1, 0.60},     // every test passes
	} {
		if got := geo.BenjaminiHochberg(ps, tt.alpha); got != tt.want {
			t.Errorf("BenjaminiHochberg(%v, %v) = %v; want %v", ps, tt.alpha, got, tt.want)
		}
	}
	if !math.IsNaN(ps[2]) || ps[0] != 0.025 {
		t.Errorf("BenjaminiHochberg changed its input: %v", ps)
	}
	if got := geo.BenjaminiHochberg(nil, 0.05); got != 0 {
		t.Errorf("BenjaminiHochberg(nil, 0.05) = %v; want 0", got)
	}
}
