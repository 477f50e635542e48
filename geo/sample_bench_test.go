package geo_test

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/geo"
)

// sampleIndex indexes the sample town's cells.
func sampleIndex(tb testing.TB) (*data.Dataset, *geo.Index) {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	polys := make([]orb.Polygon, len(ds.Cells))
	for i, c := range ds.Cells {
		polys[i] = c.Geometry
	}
	return ds, geo.NewIndex(polys)
}

// BenchmarkLocateSample looks up random points over the sample town's
// bound among its 138 cells (tens of vertices each); about a quarter of the
// points fall outside the town. Target: 3 million lookups a second on one core.
func BenchmarkLocateSample(b *testing.B) {
	ds, ix := sampleIndex(b)
	bound := ds.Town.Geometry.Bound()
	r := rand.New(rand.NewPCG(11, 13))
	pts := make([]orb.Point, 1<<12)
	for i := range pts {
		pts[i] = orb.Point{bound.Min[0] + r.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + r.Float64()*(bound.Max[1]-bound.Min[1])}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Locate(pts[i&(len(pts)-1)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

// BenchmarkLocateHouseholds looks up the home positions of the sample's
// households, all of which lie inside the town.
func BenchmarkLocateHouseholds(b *testing.B) {
	ds, ix := sampleIndex(b)
	pts := make([]orb.Point, len(ds.Households))
	for i, h := range ds.Households {
		pts[i] = h.Location
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := ix.Locate(pts[i%len(pts)]); !ok {
			b.Fatalf("household at %v is in no cell", pts[i%len(pts)])
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

// TestSampleHouseholdsLocated checks the index against the sample: every
// household is found in the cell the generator put it in.
func TestSampleHouseholdsLocated(t *testing.T) {
	ds, ix := sampleIndex(t)
	for _, h := range ds.Households {
		i, ok := ix.Locate(h.Location)
		if !ok || ds.Cells[i].Code != h.CellCode {
			got := "none"
			if ok {
				got = ds.Cells[i].Code
			}
			t.Fatalf("Locate(household %d at %v) = %s; want %s", h.ID, h.Location, got, h.CellCode)
		}
	}
}
