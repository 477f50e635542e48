package geo_test

import (
	"fmt"
	"math"
	"testing"

	"gridmap/geo"
)

func TestMannKendall(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    []float64
		want geo.Trend
	}{
		{
			// Every one of the 10 pairs rises: S = 10, Tau = 1.
			// Var = 5·4·15/18 = 300/18 = 50/3; Z = (10−1)/√(50/3).
			name: "increasing",
			x:    []float64{1, 2, 3, 4, 5},
			want: geo.Trend{S: 10, VarS: 50.0 / 3, Z: 9 / math.Sqrt(50.0/3), P: geo.NormalP(9 / math.Sqrt(50.0/3)), Tau: 1},
		},
		{
			name: "decreasing",
			x:    []float64{5, 4, 3, 2, 1},
			want: geo.Trend{S: -10, VarS: 50.0 / 3, Z: -9 / math.Sqrt(50.0/3), P: geo.NormalP(9 / math.Sqrt(50.0/3)), Tau: -1},
		},
		{
			// Pairs: (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+, so S = 5,
			// Tau = 5/6. One tie group of t = 2 takes 2·1·9 = 18 off
			// n(n−1)(2n+5) = 4·3·13 = 156: Var = 138/18 = 23/3;
			// Z = (5−1)/√(23/3).
			name: "tied",
			x:    []float64{1, 2, 2, 3},
			want: geo.Trend{S: 5, VarS: 23.0 / 3, Z: 4 / math.Sqrt(23.0/3), P: geo.NormalP(4 / math.Sqrt(23.0/3)), Tau: 5.0 / 6},
		},
		{
			// The NaNs are dropped, leaving [1 2 3 4 5].
			name: "NaN skipped",
			x:    []float64{nan, 1, 2, nan, 3, 4, 5, nan},
			want: geo.Trend{S: 10, VarS: 50.0 / 3, Z: 9 / math.Sqrt(50.0/3), P: geo.NormalP(9 / math.Sqrt(50.0/3)), Tau: 1},
		},
		{
			// Pairs (1,3)+ (1,2)+ (3,2)−: S = 1, Var = 3·2·11/18 = 11/3,
			// Z = (1−1)/√Var = 0.
			name: "no trend",
			x:    []float64{1, 3, 2},
			want: geo.Trend{S: 1, VarS: 11.0 / 3, Z: 0, P: 1, Tau: 1.0 / 3},
		},
		{
			// Two values: no test. Var = 2·1·9/18 = 1.
			name: "n < 3",
			x:    []float64{1, 2},
			want: geo.Trend{S: 1, VarS: 1, Z: 0, P: 1, Tau: 1},
		},
		{
			// All tied: Var = (4·3·13 − 4·3·13)/18 = 0.
			name: "all tied",
			x:    []float64{7, 7, 7, 7},
			want: geo.Trend{S: 0, VarS: 0, Z: 0, P: 1, Tau: 0},
		},
		{
			name: "empty",
			x:    nil,
			want: geo.Trend{P: 1},
		},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geo.MannKendall(tt.x)
			if got.S != tt.want.S {
				t.Errorf("MannKendall(%v).S = %v; want %v", tt.x, got.S, tt.want.S)
			}
			if !near(got.VarS, tt.want.VarS) {
				t.Errorf("MannKendall(%v).VarS = %v; want %v", tt.x, got.VarS, tt.want.VarS)
			}
			if !near(got.Z, tt.want.Z) {
				t.Errorf("MannKendall(%v).Z = %v; want %v", tt.x, got.Z, tt.want.Z)
			}
			if !near(got.P, tt.want.P) {
				t.Errorf("MannKendall(%v).P = %v; want %v", tt.x, got.P, tt.want.P)
			}
			if !near(got.Tau, tt.want.Tau) {
				t.Errorf("MannKendall(%v).Tau = %v; want %v", tt.x, got.Tau, tt.want.Tau)
			}
		})
	}
}

func ExampleMannKendall() {
	// A steadily rising series, oldest first.
	tr := geo.MannKendall([]float64{1, 2, 3, 4, 5})
	fmt.Printf("S = %d, Var(S) = %.4f, Z = %.4f, P = %.4f, tau = %.2f\n", tr.S, tr.VarS, tr.Z, tr.P, tr.Tau)
	// Output: S = 10, Var(S) = 16.6667, Z = 2.2045, P = 0.0275, tau = 1.00
}
