package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data/sample"
	"gridmap/geo"
)

// townCellsUnits returns the sample town's cells and units.
func townCellsUnits(tb testing.TB) (cells, units []orb.Polygon) {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range ds.Cells {
		cells = append(cells, c.Geometry)
	}
	for _, u := range ds.Units {
		units = append(units, u.Geometry)
	}
	return cells, units
}

// TestSnapJitteredSample is the property Snap is for: the sample town's
// cells, each polygon's copy of every vertex jittered independently by up
// to 0.2 m as if digitised one by one, snap at 0.5 m back into a topology
// without problems, inside their units, each cell's area within 0.05% of
// the original (the jitter moves a border by at most 0.2 m).
func TestSnapJitteredSample(t *testing.T) {
	t.Parallel()
	cells, units := townCellsUnits(t)
	if ps := geo.CheckCoverage(cells, units); len(ps) != 0 {
		t.Fatalf("CheckCoverage(sample) = %v; want none", ps)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 3 {
		in := geo.Jitter(cells, 0.2, r)
		if len(geo.CheckCoverage(in, nil)) == 0 {
			t.Fatal("CheckCoverage finds nothing wrong with the jittered sample; the case tests nothing")
		}
		out, st, err := geo.Snap(in, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		topo, err := geo.BuildTopology(out)
		if err != nil {
			t.Fatalf("round %d: BuildTopology after Snap = %v (stats %+v)", round, err, st)
		}
		if ps := topo.Validate(geo.ValidateOptions{}); len(ps) != 0 {
			t.Fatalf("round %d: Validate after Snap = %v", round, ps)
		}
		if ps := geo.CheckCoverage(out, units); len(ps) != 0 {
			t.Errorf("round %d: CheckCoverage after Snap = %v; want none", round, ps)
		}
		for i := range cells {
			a, b := geo.Area(cells[i]), geo.Area(out[i])
			if math.Abs(b-a) > 5e-4*a {
				t.Errorf("round %d: cell %d area %.1f m² after Snap; want %.1f m² within 0.05%%", round, i, b, a)
			}
		}
		t.Logf("round %d: %+v", round, st)
	}
}

// benchSnap snaps polys jittered by up to 0.2 m at 0.5 m.
func benchSnap(b *testing.B, polys []orb.Polygon) {
	in := geo.Jitter(polys, 0.2, rand.New(rand.NewPCG(5, 6)))
	n := 0
	for _, p := range in {
		n += len(p[0])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := geo.Snap(in, 0.5); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/vertex")
}

// BenchmarkSnapSample snaps the jittered sample town (138 cells).
func BenchmarkSnapSample(b *testing.B) {
	cells, _ := townCellsUnits(b)
	benchSnap(b, cells)
}

// BenchmarkSnap3000 snaps 3,025 jittered cells of 200 vertices each
// (605,000 vertices). Target: well under a second.
func BenchmarkSnap3000(b *testing.B) {
	benchSnap(b, geo.WiggledLattice(55, 55, 49, 0.01))
}

// BenchmarkCheckCoverageSample checks the sample town's cells against its
// units.
func BenchmarkCheckCoverageSample(b *testing.B) {
	cells, units := townCellsUnits(b)
	b.ReportAllocs()
	for b.Loop() {
		if ps := geo.CheckCoverage(cells, units); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkCheckCoverage3000 checks 3,025 cells of 200 vertices each:
// snapped (nothing to report), snapped against 5 units of 11 columns each
// (their unions), and jittered unsnapped (every border a string of
// overlaps and gaps).
func BenchmarkCheckCoverage3000(b *testing.B) {
	lattice := geo.WiggledLattice(55, 55, 49, 0.01)
	jittered := geo.Jitter(lattice, 0.2, rand.New(rand.NewPCG(7, 8)))
	snapped, _, err := geo.Snap(jittered, 0.5)
	if err != nil {
		b.Fatal(err)
	}
	var units []orb.Polygon
	for u := range 5 {
		var block []orb.Polygon
		for j := range 55 {
			block = append(block, snapped[j*55+u*11:j*55+u*11+11]...)
		}
		outline, err := geo.UnionPartition(block)
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, outline)
	}
	for _, bc := range []struct {
		name         string
		polys, units []orb.Polygon
	}{{"snapped", snapped, nil}, {"snapped_units", snapped, units}, {"jittered", jittered, nil}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(geo.CheckCoverage(bc.polys, bc.units))
			}
			b.ReportMetric(float64(n), "problems")
		})
	}
}
