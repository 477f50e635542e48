package geo

import "math"

// Weights are the spatial neighbours of n areas (cells) with binary
// weights: Neighbors[i] lists, ascending and without repeats, the areas
// adjacent to area i; it never lists i itself. Hotspot statistics take
// them as the definition of "neighbourhood".
type Weights struct {
	Neighbors [][]int
}

// N returns the number of areas.
func (w Weights) N() int { return len(w.Neighbors) }

// Islands returns the areas without neighbours, ascending. Local statistics
// are not defined for them, and they are reported, never given a value.
func (w Weights) Islands() []int {
	var out []int
	for i, n := range w.Neighbors {
		if len(n) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// LocalStat is a local statistic of one area expressed as a standard normal
// score, as Getis-Ord Gi* gives it.
type LocalStat struct {
	Z float64 // z-score; NaN for an island
	P float64 // two-sided p-value of Z; NaN for an island
	// Bin is the confidence bin as GIS analysts know it (ArcGIS "Gi_Bin"):
	// +3, +2, +1 for a hot spot at 99 %, 95 %, 90 % confidence, -3, -2, -1
	// for a cold spot, 0 not significant (and for an island).
	Bin    int
	Island bool // no neighbours: no statistic
}

// NormalP returns the two-sided p-value of a standard normal z-score:
// P(|Z| >= |z|) = erfc(|z|/√2).
func NormalP(z float64) float64 { return math.Erfc(math.Abs(z) / math.Sqrt2) }

// ConfidenceBin returns the bin of a score z with two-sided p-value p:
// ±3 when p < 0.01, ±2 when p < 0.05, ±1 when p < 0.10, the sign of z,
// else 0. NaN gives 0.
func ConfidenceBin(z, p float64) int {
	var b int
	switch {
	case p < 0.01:
		b = 3
	case p < 0.05:
		b = 2
	case p < 0.10:
		b = 1
	default:
		return 0
	}
	if z < 0 {
		return -b
	}
	return b
}
