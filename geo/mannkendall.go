package geo

import (
	"math"
	"slices"
)

// Trend is the result of a Mann-Kendall trend test on a time series: it
// says whether the values rise or fall over time, monotonically but not
// necessarily linearly, and how surely.
type Trend struct {
	S    int     // Mann-Kendall S: concordant minus discordant pairs
	VarS float64 // variance of S under no trend, corrected for ties
	Z    float64 // standard normal score of S, continuity-corrected
	P    float64 // two-sided p-value of Z
	Tau  float64 // Kendall's tau-a, S over the number of pairs, in [-1, 1]
}

// MannKendall tests the series x, oldest first, for a monotonic trend
// (Mann 1945, "Nonparametric tests against trend", Econometrica 13;
// Kendall 1975, Rank Correlation Methods), the test Esri's Emerging Hot
// Spot Analysis applies to each location's Gi* z-scores. NaN values are
// skipped (an island's z-scores are NaN); n is the number of the others.
//
//	S      = Σ_{i<j} sgn(x_j − x_i)
//	Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18
//
// where t runs over the sizes of the groups of tied values. The score is
// continuity-corrected, Z = (S−1)/√Var(S) for S > 0, (S+1)/√Var(S) for
// S < 0 and 0 for S = 0; P is its two-sided normal p-value (NormalP) and
// Tau = S / (n(n−1)/2).
//
// With fewer than 3 values, or Var(S) = 0 (all values tied), there is no
// test: Z is 0 and P is 1, while S, VarS and Tau are still reported.
func MannKendall(x []float64) Trend {
	return mannKendall(x, nil)
}

// mannKendall is MannKendall with a scratch buffer for the sorted values;
// a buffer of capacity len(x) spares an allocation per call.
func mannKendall(x, buf []float64) Trend {
	vals := buf[:0]
	for _, v := range x {
		if !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	n := len(vals)
	var tr Trend
	for i := range n {
		for j := i + 1; j < n; j++ {
			switch {
			case vals[j] > vals[i]:
				tr.S++
			case vals[j] < vals[i]:
				tr.S--
			}
		}
	}
	if n >= 2 {
		tr.Tau = float64(tr.S) / (float64(n) * float64(n-1) / 2)
	}
	slices.Sort(vals)
	var ties float64
	for i := 0; i < n; {
		j := i + 1
		for j < n && vals[j] == vals[i] {
			j++
		}
		if t := float64(j - i); t > 1 {
			ties += t * (t - 1) * (2*t + 5)
		}
		i = j
	}
	fn := float64(n)
	tr.VarS = (fn*(fn-1)*(2*fn+5) - ties) / 18
	tr.P = 1
	if n < 3 || tr.VarS <= 0 {
		return tr
	}
	sd := math.Sqrt(tr.VarS)
	switch {
	case tr.S > 0:
		tr.Z = float64(tr.S-1) / sd
	case tr.S < 0:
		tr.Z = float64(tr.S+1) / sd
	}
	tr.P = NormalP(tr.Z)
	return tr
}
