package geo

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkGiStarFDRCity computes Gi* and its FDR bins for 20,164 cells,
// weights built beforehand. Target: under 200 ms.
func BenchmarkGiStarFDRCity(b *testing.B) {
	const n = 142
	polys := jitteredLattice(n, rand.New(rand.NewPCG(3, 4)))
	w := ContiguityWeights(polys, Queen)
	r := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, len(polys))
	for i := range x {
		x[i] = float64(r.IntN(20))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		FDR(GiStar(x, w))
	}
}
