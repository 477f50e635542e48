package geo

import "math"

// EmpiricalBayes returns the global empirical-Bayes smoothed rates of
// events per person in each area (multiply by 1000 for a rate per 1,000
// residents). Raw rates e_i/p_i of small populations swing wildly (one
// incident among 20 residents is 50 per 1,000); smoothing pulls each rate
// toward the town's rate as far as its population leaves it uncertain,
// so maps and hotspot statistics of rates are not driven by the smallest
// cells.
//
// With events e_i ≥ 0 and population p_i ≥ 0, Marshall's (1991) method of
// moments gives
//
//	r_i  = e_i / p_i                       raw rate
//	b    = Σ e / Σ p                       prior mean: the town's rate
//	s²   = Σ p_i (r_i − b)² / Σ p          population-weighted variance
//	a    = max(0, s² − b / p̄),  p̄ = Σ p / n   prior variance
//	C_i  = a / (a + b / p_i)               shrinkage weight
//	EB_i = C_i r_i + (1 − C_i) b
//
// An area with population 0 carries no information and gets the prior b.
// When a clamps at 0 (the rates vary no more than chance would make them)
// every area gets b. When Σ p = 0 there is no rate at all and every result
// is NaN.
//
// EmpiricalBayes panics if the two slices differ in length.
func EmpiricalBayes(events, population []float64) []float64 {
	n := len(events)
	if n != len(population) {
		panic("geo.EmpiricalBayes: events and population differ in length")
	}
	out := make([]float64, n)
	var se, sp float64
	for i := range events {
		se += events[i]
		sp += population[i]
	}
	if !(sp > 0) {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	b := se / sp
	var ss float64
	for i, p := range population {
		if p > 0 {
			d := events[i]/p - b
			ss += p * d * d
		}
	}
	a := math.Max(0, ss/sp-b/(sp/float64(n)))
	for i, p := range population {
		if !(p > 0) || a == 0 {
			out[i] = b
			continue
		}
		r := events[i] / p
		c := a / (a + b/p)
		out[i] = c*r + (1-c)*b
	}
	return out
}
