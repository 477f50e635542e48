package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// benchLocate measures lookups of random points over the bound of polys.
func benchLocate(b *testing.B, polys []orb.Polygon) {
	ix := NewIndex(polys)
	var bound orb.Bound
	for i, p := range polys {
		if i == 0 {
			bound = p.Bound()
		}
		bound = bound.Union(p.Bound())
	}
	r := rand.New(rand.NewPCG(7, 7))
	pts := make([]orb.Point, 1<<12)
	for i := range pts {
		pts[i] = orb.Point{bound.Min[0] + r.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + r.Float64()*(bound.Max[1]-bound.Min[1])}
	}
	b.ReportAllocs()
	b.ResetTimer()
	found := 0
	for i := 0; i < b.N; i++ {
		if _, ok := ix.Locate(pts[i&(len(pts)-1)]); ok {
			found++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	if b.N > len(pts) && found == 0 {
		b.Fatal("no point found in any polygon")
	}
}

// BenchmarkLocateCity is city scale: 20,164 cells with sloped, shared edges.
func BenchmarkLocateCity(b *testing.B) {
	benchLocate(b, jitteredLattice(142, rand.New(rand.NewPCG(3, 4))))
}
