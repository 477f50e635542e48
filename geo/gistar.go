package geo

import (
	"math"
	"slices"
	"strconv"
)

// GiStar returns the Getis-Ord Gi* statistic of each area for the values x
// (one per area, finite, in the order of w), the local statistic of
// ArcGIS "Hot Spot Analysis". A hot spot is an area whose neighbourhood,
// itself included, holds more than the town's share; a cold spot less.
//
// With binary weights w_ij (1 for a neighbour, and w_ii = 1: the area
// itself belongs to its neighbourhood), W_i = Σ_j w_ij, n areas, mean
// X̄ = Σ_j x_j / n and standard deviation S = √(Σ_j x_j²/n − X̄²)
// (computed as √(Σ_j (x_j − X̄)²/n), which is the same and loses less to
// rounding), Ord and
// Getis (1995, eq. 14) give the standard normal score
//
//	Gi*_i = (Σ_j w_ij x_j − X̄ W_i) / (S √((n Σ_j w_ij² − W_i²) / (n − 1)))
//
// where Σ_j w_ij² = W_i for binary weights. P is its two-sided p-value
// (NormalP) and Bin its confidence bin (ConfidenceBin), not corrected for
// testing many areas at once: see FDR.
//
// Islands (areas without neighbours) count in X̄ and S but get no
// statistic: Z and P are NaN, Bin 0, Island true. When the denominator is
// zero, because all values are equal (S = 0), n < 2, or a neighbourhood
// covers all n areas, there is nothing to detect: Z is 0, P 1 and Bin 0.
//
// GiStar panics if len(x) differs from w.N().
func GiStar(x []float64, w Weights) []LocalStat {
	n := len(x)
	if n != w.N() {
		panic("geo.GiStar: " + strconv.Itoa(n) + " values for " + strconv.Itoa(w.N()) + " areas")
	}
	out := make([]LocalStat, n)
	if n == 0 {
		return out
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean := sum / float64(n)
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	s := math.Sqrt(ss / float64(n))
	nf := float64(n)
	for i, nb := range w.Neighbors {
		if len(nb) == 0 {
			out[i] = LocalStat{Z: math.NaN(), P: math.NaN(), Island: true}
			continue
		}
		lag := x[i]
		for _, j := range nb {
			lag += x[j]
		}
		wi := float64(len(nb) + 1)
		den := s * math.Sqrt((nf*wi-wi*wi)/(nf-1))
		if !(den > 0) || math.IsInf(den, 0) {
			out[i] = LocalStat{Z: 0, P: 1}
			continue
		}
		z := (lag - mean*wi) / den
		p := NormalP(z)
		out[i] = LocalStat{Z: z, P: p, Bin: ConfidenceBin(z, p)}
	}
	return out
}

// FDR returns a copy of stats whose bins are corrected for testing all
// areas at once, as ArcGIS Hot Spot Analysis does with its "False
// Discovery Rate (FDR) correction": with many areas some pass 95 % by
// chance alone, and FDR keeps the expected share of false hot and cold
// spots among those reported at or below 1 − confidence.
//
// For each confidence level, α ∈ {0.10, 0.05, 0.01} for bins 1, 2, 3, the
// Benjamini-Hochberg (1995) step-up procedure ranks the m p-values of areas
// that are not islands ascending, p_(1) ≤ … ≤ p_(m), finds the largest k
// with p_(k) ≤ k α / m, and keeps the areas ranked 1 … k significant at α.
// Bin becomes the sign of Z times the highest level an area keeps, 0 if
// none. Z, P and Island are unchanged; islands keep Bin 0.
func FDR(stats []LocalStat) []LocalStat {
	out := slices.Clone(stats)
	var ps []float64
	for _, s := range stats {
		if !s.Island && !math.IsNaN(s.P) {
			ps = append(ps, s.P)
		}
	}
	var cut [3]float64
	for level, alpha := range []float64{0.10, 0.05, 0.01} {
		cut[level] = BenjaminiHochberg(ps, alpha)
	}
	for i, s := range stats {
		out[i].Bin = 0
		if s.Island || math.IsNaN(s.P) || s.Z == 0 {
			continue
		}
		for level := 2; level >= 0; level-- {
			if s.P <= cut[level] {
				out[i].Bin = level + 1
				if s.Z < 0 {
					out[i].Bin = -out[i].Bin
				}
				break
			}
		}
	}
	return out
}

// BenjaminiHochberg returns the p-value at or below which tests stay
// significant at false discovery rate alpha among the m p-values ps
// (Benjamini & Hochberg 1995): with ps ranked ascending p_(1) ≤ … ≤ p_(m),
// the largest p_(k) with p_(k) ≤ k·alpha/m; 0 when there is none, so that
// no test passes. NaN values are ignored. ps is not changed.
func BenjaminiHochberg(ps []float64, alpha float64) float64 {
	sorted := make([]float64, 0, len(ps))
	for _, p := range ps {
		if !math.IsNaN(p) {
			sorted = append(sorted, p)
		}
	}
	slices.Sort(sorted)
	m := float64(len(sorted))
	cut := 0.0
	for r, p := range sorted {
		if p <= float64(r+1)*alpha/m {
			cut = p
		}
	}
	return cut
}
