package geo

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
)

// MoranStat is the local Moran's I of one area with its pseudo p-value and
// cluster type, as a LISA cluster map shows it: it tells a township leader
// not only where values are high among high neighbours (a hot cluster) but
// also where one area stands out from its surroundings (a spatial outlier).
type MoranStat struct {
	I       float64 // local Moran's I; NaN for an island
	P       float64 // pseudo p-value from conditional permutation; NaN for an island
	Cluster string  // "HH", "LL", "HL", "LH" when P <= alpha, else ""; "" for an island
	Island  bool    // no neighbours: no statistic
}

// LocalMoran returns the local Moran's I of each area (Anselin 1995,
// "Local Indicators of Spatial Association — LISA", Geographical Analysis
// 27(2)) with a pseudo p-value from conditional permutation, as PySAL's
// esda.Moran_Local and GeoDa compute them. x[i] is the value of area i and
// w its neighbours; w must describe len(x) areas.
//
// Weights are row-standardised, w_ij = 1/|N_i| for j in N_i. With the
// deviations z_i = x_i − x̄ and m2 = Σ_i z_i²/n over all n areas (islands
// included),
//
//	lag_i = Σ_j w_ij z_j          (the mean deviation of the neighbours)
//	I_i   = (z_i / m2) · lag_i
//
// Conditional permutation holds x_i fixed and draws |N_i| values without
// replacement from the other n−1 values (islands included), recomputing
// I_i each time, permutations times. With larger = #(I_perm ≥ I_i), folded
// to permutations − larger when that is smaller, the pseudo p-value is
// P = (larger+1)/(permutations+1): one-sided in the direction of the
// observed I_i, so it lies in [1/(permutations+1), 1] (PySAL esda).
//
// Area i draws from its own PCG stream, derived from seed and i, so the
// result is determined by seed alone, whatever order areas are evaluated
// in; areas may be computed in parallel without changing any value.
//
// The cluster type is the Moran scatterplot quadrant, from the sign of z_i
// (H when z_i > 0, else L) and of lag_i (H when lag_i > 0, else L), as
// PySAL assigns it; it is set only when P <= alpha. So "HH" is a hot
// cluster, "LL" a cold cluster, "HL" a high value among low neighbours and
// "LH" a low value among high neighbours.
//
// Degenerate inputs do not panic. An island gets I and P NaN, Cluster ""
// and Island true. When all values are equal (m2 = 0) every other area has
// I = 0 and P = 1: there is no variation to cluster; so too when a value is
// not finite (NaN or infinite), which there is no telling apart. When permutation
// cannot tell anything apart — fewer than 3 areas, an area adjacent to all
// n−1 others (every draw is its own neighbourhood), or permutations < 1 —
// I is reported and P is 1.
func LocalMoran(x []float64, w Weights, permutations int, seed uint64, alpha float64) []MoranStat {
	n := len(x)
	if w.N() != n {
		panic(fmt.Sprintf("geo: LocalMoran: %d values but weights for %d areas", n, w.N()))
	}
	out := make([]MoranStat, n)
	if n == 0 {
		return out
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	z := make([]float64, n)
	var m2 float64
	for i, v := range x {
		z[i] = v - mean
		m2 += z[i] * z[i]
	}
	m2 /= float64(n)

	// Areas are independent (each draws from its own stream), so large
	// problems are split between the processors in contiguous blocks.
	workers := 1
	if n*max(permutations, 1) >= 1<<20 {
		workers = min(runtime.GOMAXPROCS(0), n)
	}
	var wg sync.WaitGroup
	for b := range workers {
		lo, hi := n*b/workers, n*(b+1)/workers
		wg.Go(func() { localMoranBlock(out, x, z, m2, w, permutations, seed, alpha, lo, hi) })
	}
	wg.Wait()
	return out
}

// localMoranBlock computes LocalMoran for the areas lo..hi-1 into out.
func localMoranBlock(out []MoranStat, x, z []float64, m2 float64, w Weights, permutations int, seed uint64, alpha float64, lo, hi int) {
	n := len(x)
	// idx holds the indices 0..n−2 of "the other n−1 areas"; a partial
	// Fisher–Yates shuffle draws from it and is undone after each draw so
	// that every area starts from the same order.
	idx := make([]int32, max(n-1, 0))
	for j := range idx {
		idx[j] = int32(j)
	}
	var swaps []int32
	pcg := new(rand.PCG)

	for i := lo; i < hi; i++ {
		nb := w.Neighbors[i]
		k := len(nb)
		if k == 0 {
			out[i] = MoranStat{I: math.NaN(), P: math.NaN(), Island: true}
			continue
		}
		if !(m2 > 0) || math.IsInf(m2, 0) { // all equal, or a value not finite
			out[i] = MoranStat{I: 0, P: 1}
			continue
		}
		var sum float64
		for _, j := range nb {
			sum += z[j]
		}
		lag := sum / float64(k)
		obs := z[i] / m2 * lag
		st := MoranStat{I: obs, P: 1}
		if n >= 3 && k < n-1 && permutations >= 1 {
			pcg.Seed(areaSeed(seed, uint64(i)))
			if cap(swaps) < k {
				swaps = make([]int32, k)
			}
			swaps = swaps[:k]
			zi := z[i] / m2
			larger := 0
			for range permutations {
				var s float64
				for j := range k {
					r := j + int(uniform(pcg, uint64(n-1-j)))
					swaps[j] = int32(r)
					idx[j], idx[r] = idx[r], idx[j]
					o := int(idx[j])
					if o >= i {
						o++ // skip area i itself
					}
					s += z[o]
				}
				for j := k - 1; j >= 0; j-- {
					r := swaps[j]
					idx[j], idx[r] = idx[r], idx[j]
				}
				if zi*(s/float64(k)) >= obs {
					larger++
				}
			}
			if permutations-larger < larger {
				larger = permutations - larger
			}
			st.P = float64(larger+1) / float64(permutations+1)
		}
		if st.P <= alpha {
			st.Cluster = quadrant(z[i], lag)
		}
		out[i] = st
	}
}

// quadrant names the Moran scatterplot quadrant of a deviation and its
// spatial lag; zero counts as low, as in PySAL.
func quadrant(zi, lag float64) string {
	switch {
	case zi > 0 && lag > 0:
		return "HH"
	case zi <= 0 && lag <= 0:
		return "LL"
	case zi > 0:
		return "HL"
	default:
		return "LH"
	}
}

// uniform returns a uniform integer in [0, n), n > 0, by Lemire's
// multiply-and-reject method ("Fast random integer generation in an
// interval", 2019), without the interface call of rand.Rand.
func uniform(p *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(p.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(p.Uint64(), n)
		}
	}
	return hi
}

// areaSeed derives the two PCG seed words of area i from seed with
// SplitMix64 finalisers, so neighbouring areas get unrelated streams.
func areaSeed(seed, i uint64) (uint64, uint64) {
	a := splitmix(seed ^ splitmix(i+0x9e3779b97f4a7c15))
	return a, splitmix(a ^ 0xd1b54a32d192ed03)
}

// splitmix is the SplitMix64 output function (Steele, Lea and Flood 2014).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
