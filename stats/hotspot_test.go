package stats

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

// grid returns the queen weights of n×n unit squares, row by row.
func grid(n int) geo.Weights {
	var polys []orb.Polygon
	for y := range n {
		for x := range n {
			x0, y0 := float64(x)*0.01, float64(y)*0.01
			polys = append(polys, orb.Polygon{{{x0, y0}, {x0 + 0.01, y0}, {x0 + 0.01, y0 + 0.01}, {x0, y0 + 0.01}, {x0, y0}}})
		}
	}
	return geo.ContiguityWeights(polys, geo.Queen)
}

func TestComputeHotspots(t *testing.T) {
	w := grid(5)
	agg := make([]CellAgg, 25)
	pops := make([]int, 25)
	for i := range agg {
		agg[i] = CellAgg{Count: 1}
		pops[i] = 100
	}
	for _, i := range []int{6, 7, 8, 11, 12, 13, 16, 17, 18} { // the middle 3×3 block
		agg[i].Count = 20
	}
	agg[12].Resolved, agg[12].Grassroots = 4, 3
	pops[0] = 0

	h, err := ComputeHotspots(agg, pops, w, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Total != 16+180 || h.People != 2400 || h.TownRate != float64(196)/2400*1000 {
		t.Errorf("total %d, people %d, town rate %v; want 196, 2400, %v", h.Total, h.People, h.TownRate, float64(196)/2400*1000)
	}
	if h.Gi[12].Bin != 3 || h.Share(12) != 0.75 || h.RawRate(12) != 200 {
		t.Errorf("centre cell: bin %d, share %v, raw rate %v; want 3, 0.75, 200", h.Gi[12].Bin, h.Share(12), h.RawRate(12))
	}
	if !math.IsNaN(h.RawRate(0)) || !math.IsNaN(h.Share(0)) || h.Gi[0].Bin > 0 || math.IsNaN(h.Rates[0]) {
		t.Errorf("corner cell without residents: raw rate %v, share %v, bin %d, EB rate %v; want NaN, NaN, not hot, a rate",
			h.RawRate(0), h.Share(0), h.Gi[0].Bin, h.Rates[0])
	}
	if r := h.Rates[12]; r < 50 || r > 200 {
		t.Errorf("centre cell's EB rate = %v per 1,000; want between the town's (about 82) and its own (200)", r)
	}
	cells := 0
	for _, n := range h.Summary {
		cells += n
	}
	if cells != 25 || h.Summary["3"] == 0 {
		t.Errorf("summary %v: %d cells; want 25, some in bin 3", h.Summary, cells)
	}

	m, err := ComputeHotspots(agg, pops, w, HotspotOptions{Moran: true, Permutations: 99, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Gi != nil || m.Clusters[12] != "HH" || m.Clusters[24] != "NS" {
		t.Errorf("Moran clusters: centre %q, corner %q; want HH, NS (and no Gi*)", m.Clusters[12], m.Clusters[24])
	}

	// With the false discovery rate, a cluster significant at 5 % but not
	// under the Benjamini-Hochberg cutoff is NS.
	f, err := ComputeHotspots(agg, pops, w, HotspotOptions{Moran: true, FDR: true, Permutations: 99, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var ps []float64
	for _, s := range f.Moran {
		if !s.Island {
			ps = append(ps, s.P)
		}
	}
	cutoff, demoted := geo.BenjaminiHochberg(ps, MoranAlpha), 0
	for i, s := range f.Moran {
		want := s.Cluster
		if want == "" || s.P > cutoff {
			want = "NS"
		}
		if f.Clusters[i] != want {
			t.Errorf("cell %d with FDR: cluster %q (p %v, cutoff %v); want %q", i, f.Clusters[i], s.P, cutoff, want)
		}
		if s.Cluster != "" && want == "NS" {
			demoted++
		}
	}
	if demoted == 0 {
		t.Errorf("no cluster demoted by the FDR cutoff %v: the case proves nothing", cutoff)
	}

	if _, err := ComputeHotspots(agg, make([]int, 25), w, HotspotOptions{Rate: true}); invalidField(err) != "measure" {
		t.Errorf("rates of cells without residents = %v; want EINVALID naming measure", err)
	}
}

func TestEmerging(t *testing.T) {
	w := grid(5)
	series := make([][]float64, 12)
	for m := range series {
		series[m] = make([]float64, 25)
		for i := range series[m] {
			series[m][i] = float64(1 + i%3)
		}
		for _, i := range []int{6, 7, 11, 12} { // a block grows month by month
			series[m][i] = float64(2 + 5*m)
		}
	}
	months, areas := Emerging(series, w)
	if len(months) != 12 || len(areas) != 25 || areas[6].HotSlices == 0 || areas[6].Category == geo.EmergingNone {
		t.Fatalf("Emerging = %d months, %d areas, the growing cell %+v; want 12, 25, a hot spot of the growing block", len(months), len(areas), areas[6])
	}
	for m := range series {
		want := geo.FDR(geo.GiStar(series[m], w)) // Esri corrects each month for multiple testing
		for i := range want {
			if months[m][i] != want[i] {
				t.Fatalf("Emerging month %d cell %d = %+v; want FDR(GiStar) %+v", m, i, months[m][i], want[i])
			}
		}
	}
}
