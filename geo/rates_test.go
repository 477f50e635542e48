package geo_test

import (
	"math"
	"testing"

	"gridmap/geo"
)

func TestEmpiricalBayes(t *testing.T) {
	tests := []struct {
		name   string
		events []float64
		pop    []float64
		want   []float64
	}{
		{
			// r = 0.02, 0, 0.06; b = 8/400 = 0.02;
			// s² = (100·0² + 200·0.02² + 100·0.04²)/400 = 0.24/400 = 0.0006;
			// p̄ = 400/3, b/p̄ = 0.00015, a = 0.00045;
			// C = 0.00045/(0.00045+0.0002) = 9/13, 0.00045/(0.00045+0.0001) = 9/11, 9/13;
			// EB = 0.02, 2/11·0.02 = 0.04/11, 9/13·0.06 + 4/13·0.02 = 0.62/13.
			name:   "shrinks toward the town rate",
			events: []float64{2, 0, 6},
			pop:    []float64{100, 200, 100},
			want:   []float64{0.02, 0.04 / 11, 0.62 / 13},
		},
		{
			// Σe = 8, Σp = 400, b = 0.02, s² = 0.0006 as above;
			// p̄ = 400/4 = 100, b/p̄ = 0.0002, a = 0.0004;
			// C = 2/3, 0.8, 2/3; EB = 0.02, 0.2·0.02 = 0.004,
			// 2/3·0.06 + 1/3·0.02 = 0.14/3; population 0 → b = 0.02.
			name:   "population zero gets the prior",
			events: []float64{2, 0, 6, 0},
			pop:    []float64{100, 200, 100, 0},
			want:   []float64{0.02, 0.004, 0.14 / 3, 0.02},
		},
		{
			// r = 0.01, 0.03; b = 4/200 = 0.02;
			// s² = (100·0.0001 + 100·0.0001)/200 = 0.0001; p̄ = 100,
			// b/p̄ = 0.0002, a = −0.0001 → 0: all rates are b.
			name:   "no excess variance clamps to the town rate",
			events: []float64{1, 3},
			pop:    []float64{100, 100},
			want:   []float64{0.02, 0.02},
		},
		{
			name:   "no events",
			events: []float64{0, 0},
			pop:    []float64{10, 30},
			want:   []float64{0, 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := geo.EmpiricalBayes(tc.events, tc.pop)
			for i, w := range tc.want {
				if math.Abs(got[i]-w) > 1e-12 {
					t.Errorf("EmpiricalBayes(...)[%d] = %v; want %v", i, got[i], w)
				}
			}
		})
	}
}

func TestEmpiricalBayesNoPopulation(t *testing.T) {
	for i, r := range geo.EmpiricalBayes([]float64{1, 0}, []float64{0, 0}) {
		if !math.IsNaN(r) {
			t.Errorf("EmpiricalBayes(...)[%d] = %v; want NaN", i, r)
		}
	}
}
