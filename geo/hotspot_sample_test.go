package geo_test

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/geo"
)

// sampleCells returns the sample data set, its cells' polygons and an
// index from cell code to position.
func sampleCells(tb testing.TB) (*data.Dataset, []orb.Polygon, map[string]int) {
	tb.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		tb.Fatal(err)
	}
	polys := make([]orb.Polygon, len(ds.Cells))
	index := make(map[string]int, len(ds.Cells))
	for i, c := range ds.Cells {
		polys[i] = c.Geometry
		index[c.Code] = i
	}
	return ds, polys, index
}

func TestContiguityWeightsSample(t *testing.T) {
	ds, polys, index := sampleCells(t)
	queen := geo.ContiguityWeights(polys, geo.Queen)
	rook := geo.ContiguityWeights(polys, geo.Rook)
	if queen.N() != 138 || rook.N() != 138 {
		t.Fatalf("weights for %d, %d cells; want 138", queen.N(), rook.N())
	}
	if is := queen.Islands(); len(is) != 0 {
		t.Errorf("queen Islands() = %v; want none", is)
	}
	if is := rook.Islands(); len(is) != 0 {
		t.Errorf("rook Islands() = %v; want none", is)
	}
	for name, w := range map[string]geo.Weights{"queen": queen, "rook": rook} {
		for i, nb := range w.Neighbors {
			if !slices.IsSorted(nb) || slices.Contains(nb, i) || len(slices.Compact(slices.Clone(nb))) != len(nb) {
				t.Errorf("%s Neighbors[%d] = %v; want ascending, unique, without %d", name, i, nb, i)
			}
			for _, j := range nb {
				if _, ok := slices.BinarySearch(w.Neighbors[j], i); !ok {
					t.Errorf("%s: %d lists %d but %d does not list %d", name, i, j, j, i)
				}
			}
		}
	}
	for i, nb := range rook.Neighbors {
		for _, j := range nb {
			if _, ok := slices.BinarySearch(queen.Neighbors[i], j); !ok {
				t.Errorf("rook neighbour %d of %d is not a queen neighbour", j, i)
			}
		}
	}
	// The generator plants hot patterns on a centre and all the cells
	// sharing an edge with it: those are the centre's rook neighbours.
	plants, err := sample.Plants()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plants {
		c := index[p.Centre]
		var got []string
		for _, j := range rook.Neighbors[c] {
			got = append(got, ds.Cells[j].Code)
		}
		got = append(got, p.Centre)
		slices.Sort(got)
		if p.Kind == sample.PlantHot && !slices.Equal(got, p.Cells) {
			t.Errorf("plant %s: centre and rook neighbours %v; want %v", p.Name, got, p.Cells)
		}
		for _, code := range p.Cells {
			if !slices.Contains(got, code) {
				t.Errorf("plant %s: cell %s is not a rook neighbour of centre %s", p.Name, code, p.Centre)
			}
		}
	}
}

// TestGiStarFindsPlantedHotSpots counts, per cell, the incidents of each
// hot plant's type reported while it was active, and expects Gi* on queen
// weights to find the plant: its centre a hot spot at 95 % or more, before
// and after the FDR correction, and most of its cells hot.
func TestGiStarFindsPlantedHotSpots(t *testing.T) {
	ds, polys, index := sampleCells(t)
	plants, err := sample.Plants()
	if err != nil {
		t.Fatal(err)
	}
	w := geo.ContiguityWeights(polys, geo.Queen)
	for _, p := range plants {
		if p.Kind != sample.PlantHot {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			x := make([]float64, len(ds.Cells))
			for _, in := range ds.Incidents {
				if in.Type == p.Type && !in.ReportedAt.Before(p.From) && in.ReportedAt.Before(p.To) {
					x[index[in.CellCode]]++
				}
			}
			stats := geo.GiStar(x, w)
			for _, v := range []struct {
				name  string
				stats []geo.LocalStat
			}{{"uncorrected", stats}, {"FDR", geo.FDR(stats)}} {
				c := index[p.Centre]
				t.Logf("%s: centre %s z = %.2f, p = %.2g, bin %d", v.name, p.Centre, v.stats[c].Z, v.stats[c].P, v.stats[c].Bin)
				if v.stats[c].Bin < 2 {
					t.Errorf("%s: GiStar(...)[%d].Bin = %d (z = %.2f); want >= 2", v.name, c, v.stats[c].Bin, v.stats[c].Z)
				}
				hot := 0
				for _, code := range p.Cells {
					if v.stats[index[code]].Bin > 0 {
						hot++
					}
				}
				if 2*hot <= len(p.Cells) {
					t.Errorf("%s: %d of the plant's %d cells hot; want most", v.name, hot, len(p.Cells))
				}
				if v.name != "FDR" {
					continue
				}
				// Gi* of a cell sums its neighbourhood, so the plant shows
				// through in the cells around it too; beyond them, with the
				// false discovery rate controlled, it must not.
				for i, s := range v.stats {
					if s.Bin > 0 && !nearPlant(w, index, p.Cells, i) {
						t.Errorf("FDR(GiStar(...))[%d].Bin = %d: cell %s is neither in the plant nor next to it", i, s.Bin, ds.Cells[i].Code)
					}
				}
			}
		})
	}
}

// TestGiStarFindsPlantedColdSpot looks for the cold plant, where incidents
// of all types ran at a twentieth of the town's rate per resident over the
// whole span. Counts would mostly measure population, so the statistic is
// Gi* on empirical-Bayes smoothed rates per 1,000 residents.
func TestGiStarFindsPlantedColdSpot(t *testing.T) {
	ds, polys, index := sampleCells(t)
	plants, err := sample.Plants()
	if err != nil {
		t.Fatal(err)
	}
	w := geo.ContiguityWeights(polys, geo.Queen)
	events := make([]float64, len(ds.Cells))
	pop := make([]float64, len(ds.Cells))
	for i, c := range ds.Cells {
		pop[i] = float64(c.Population)
	}
	for _, in := range ds.Incidents {
		events[index[in.CellCode]]++
	}
	rates := geo.EmpiricalBayes(events, pop)
	for i := range rates {
		rates[i] *= 1000
	}
	stats := geo.GiStar(rates, w)
	fdr := geo.FDR(stats)
	for _, p := range plants {
		if p.Kind != sample.PlantCold {
			continue
		}
		c := index[p.Centre]
		t.Logf("%s: centre %s z = %.2f, p = %.2g, bin %d, FDR bin %d", p.Name, p.Centre, stats[c].Z, stats[c].P, stats[c].Bin, fdr[c].Bin)
		for _, code := range p.Cells {
			i := index[code]
			t.Logf("  cell %s: pop %v, events %v, EB %.2f/1000, z %.2f, bin %d, FDR %d", code, pop[i], events[i], rates[i], stats[i].Z, stats[i].Bin, fdr[i].Bin)
		}
		if stats[c].Bin > -2 {
			t.Errorf("GiStar(...)[%d].Bin = %d (z = %.2f); want <= -2", c, stats[c].Bin, stats[c].Z)
		}
		if fdr[c].Bin > -2 {
			t.Errorf("FDR(GiStar(...))[%d].Bin = %d; want <= -2", c, fdr[c].Bin)
		}
		cold := 0
		for _, code := range p.Cells {
			if stats[index[code]].Bin < 0 {
				cold++
			}
		}
		if 2*cold <= len(p.Cells) {
			t.Errorf("%d of the plant's %d cells cold; want most", cold, len(p.Cells))
		}
		for i, s := range fdr {
			if s.Bin < 0 && !nearPlant(w, index, p.Cells, i) {
				t.Errorf("FDR(GiStar(...))[%d].Bin = %d: cell %s is neither in the plant nor next to it", i, s.Bin, ds.Cells[i].Code)
			}
		}
	}
}

// nearPlant reports whether cell i is one of a plant's cells or a queen
// neighbour of one.
func nearPlant(w geo.Weights, index map[string]int, cells []string, i int) bool {
	for _, code := range cells {
		c := index[code]
		if c == i || slices.Contains(w.Neighbors[c], i) {
			return true
		}
	}
	return false
}

// BenchmarkGiStarSample computes Gi* and its FDR bins for the sample town's
// 138 cells, weights built beforehand.
func BenchmarkGiStarSample(b *testing.B) {
	ds, polys, index := sampleCells(b)
	w := geo.ContiguityWeights(polys, geo.Queen)
	x := make([]float64, len(polys))
	for _, in := range ds.Incidents {
		x[index[in.CellCode]]++
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		geo.FDR(geo.GiStar(x, w))
	}
}

// BenchmarkContiguityWeightsSample builds queen weights for the sample
// town's 138 cells of tens of vertices each.
func BenchmarkContiguityWeightsSample(b *testing.B) {
	_, polys, _ := sampleCells(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		geo.ContiguityWeights(polys, geo.Queen)
	}
}
