package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gridmap/geo"
)

// series builds the Gi* statistics of one area over time from one letter a
// slice: 'H' a hot spot at 99 % (Bin 3), 'h' at 90 % (Bin 1), 'C' and 'c'
// the cold ones, '.' not significant, 'I' an island. z gives the
// z-scores; when nil they follow the letters (±3, ±1.8, 0).
func series(bins string, z []float64) []geo.LocalStat {
	out := make([]geo.LocalStat, len(bins))
	for t, b := range bins {
		var s geo.LocalStat
		switch b {
		case 'H':
			s = geo.LocalStat{Z: 3, Bin: 3}
		case 'h':
			s = geo.LocalStat{Z: 1.8, Bin: 1}
		case 'C':
			s = geo.LocalStat{Z: -3, Bin: -3}
		case 'c':
			s = geo.LocalStat{Z: -1.8, Bin: -1}
		case 'I':
			s = geo.LocalStat{Z: math.NaN(), Island: true}
		}
		if z != nil {
			s.Z = z[t]
		}
		s.P = geo.NormalP(s.Z)
		out[t] = s
	}
	return out
}

// ramp returns n z-scores from a to b in equal steps: a significant trend.
func ramp(a, b float64, n int) []float64 {
	z := make([]float64, n)
	for i := range z {
		z[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return z
}

// flat is ten z-scores around 3 with no trend: S = 5, Var = 10·9·25/18 =
// 125, Z = 4/√125 ≈ 0.36, P ≈ 0.72.
var flat = []float64{3.5, 3.0, 3.9, 3.2, 3.6, 3.1, 3.8, 3.3, 3.7, 3.4}

// negate returns −z.
func negate(z []float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = -v
	}
	return out
}

func TestClassifyEmerging(t *testing.T) {
	tests := []struct {
		name string
		bins string
		z    []float64
		want geo.Emerging
	}{
		{"new: only the last slice hot", ".........H", nil, geo.NewHot},
		{"consecutive: a final run of 3, nothing before, 30 %", ".......HHH", nil, geo.ConsecutiveHot},
		{"consecutive: a final run of 8 at 80 %", "..HHHHHHHH", nil, geo.ConsecutiveHot},
		{"intensifying: all hot, rising", "HHHHHHHHHH", ramp(2, 3.8, 10), geo.IntensifyingHot},
		{"intensifying: 90 % hot incl. the last, rising", ".HHHHHHHHH", ramp(1, 3.8, 10), geo.IntensifyingHot},
		{"persistent: all hot, no trend", "HHHHHHHHHH", flat, geo.PersistentHot},
		{"persistent: 90 % confidence bins count", "hhhhhhhhhh", flat, geo.PersistentHot},
		{"diminishing: all hot, falling", "HHHHHHHHHH", ramp(3.8, 2, 10), geo.DiminishingHot},
		{"sporadic: last hot, on and off, never cold", "H..H...H.H", nil, geo.SporadicHot},
		{"sporadic: an earlier hot before the final run", "H......HHH", nil, geo.SporadicHot},
		{"oscillating: last hot, an earlier cold", "C...H....H", nil, geo.OscillatingHot},
		{"oscillating rather than new after a cold spot", "C........H", nil, geo.OscillatingHot},
		{"historical: last not hot, 90 % hot", "HHHHHHHHH.", nil, geo.HistoricalHot},

		{"new cold", ".........C", nil, geo.NewCold},
		{"consecutive cold", "......CCCC", nil, geo.ConsecutiveCold},
		{"intensifying cold: ever colder", "CCCCCCCCCC", ramp(-2, -3.8, 10), geo.IntensifyingCold},
		{"persistent cold", "CCCCCCCCCC", negate(flat), geo.PersistentCold},
		{"diminishing cold: warming", "CCCCCCCCCC", ramp(-3.8, -2, 10), geo.DiminishingCold},
		{"sporadic cold", ".C.C..C..C", nil, geo.SporadicCold},
		{"oscillating cold", "H..C.H...C", nil, geo.OscillatingCold},
		{"historical cold", "CCCCCCCCC.", nil, geo.HistoricalCold},

		{"none: never significant", "..........", nil, geo.EmergingNone},
		{"none: hot long ago, 20 %", "HH........", nil, geo.EmergingNone},
		{"none: 80 % hot but not now", "HHHHHHHH..", nil, geo.EmergingNone},
		{"none: fewer than 10 slices", "........H", nil, geo.EmergingNone},
		{"none: an island in one slice", "HHHHIHHHHH", nil, geo.EmergingNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := series(tt.bins, tt.z)
			got, trend := geo.ClassifyEmerging(s)
			if got != tt.want {
				t.Errorf("ClassifyEmerging(%s, z %v) = %q (trend %+v); want %q", tt.bins, tt.z, got, trend, tt.want)
			}
			z := make([]float64, len(s))
			for i := range s {
				z[i] = s[i].Z
			}
			if want := geo.MannKendall(z); trend != want {
				t.Errorf("ClassifyEmerging(%s) trend = %+v; want MannKendall of Z %+v", tt.bins, trend, want)
			}
		})
	}
}

// TestEmergingFixtures checks that the z-scores the cases rely on have the
// trends they are meant to have, so a case cannot pass by accident.
func TestEmergingFixtures(t *testing.T) {
	if tr := geo.MannKendall(flat); tr.P < geo.EmergingAlpha {
		t.Errorf("MannKendall(%v).P = %v; want >= %v (no trend)", flat, tr.P, geo.EmergingAlpha)
	}
	if tr := geo.MannKendall(ramp(2, 3.8, 10)); tr.P >= geo.EmergingAlpha || tr.Z <= 0 {
		t.Errorf("MannKendall(ramp up) = %+v; want a significant rise", tr)
	}
}

func TestEmergingHotSpots(t *testing.T) {
	areas := []struct {
		bins       string
		z          []float64
		want       geo.Emerging
		hot, cold  int
		wantIsland bool
	}{
		{".........H", nil, geo.NewHot, 1, 0, false},
		{"HHHHHHHHHH", ramp(2, 3.8, 10), geo.IntensifyingHot, 10, 0, false},
		{"H..C.H...C", nil, geo.OscillatingCold, 2, 2, false},
		{"..........", nil, geo.EmergingNone, 0, 0, false},
		{"...I......", nil, geo.EmergingNone, 0, 0, true},
	}
	slices := make([][]geo.LocalStat, 10)
	for _, a := range areas {
		for ti, s := range series(a.bins, a.z) {
			slices[ti] = append(slices[ti], s)
		}
	}
	got := geo.EmergingHotSpots(slices)
	if len(got) != len(areas) {
		t.Fatalf("EmergingHotSpots: %d areas; want %d", len(got), len(areas))
	}
	for i, a := range areas {
		g := got[i]
		if g.Category != a.want || g.HotSlices != a.hot || g.ColdSlices != a.cold || g.Island != a.wantIsland {
			t.Errorf("EmergingHotSpots[%d] (%s) = %+v; want %q, %d hot, %d cold, island %v", i, a.bins, g, a.want, a.hot, a.cold, a.wantIsland)
		}
		cat, tr := geo.ClassifyEmerging(series(a.bins, a.z))
		if cat != g.Category || tr != g.Trend {
			t.Errorf("EmergingHotSpots[%d] = %q %+v; ClassifyEmerging gives %q %+v", i, g.Category, g.Trend, cat, tr)
		}
	}
	if got := geo.EmergingHotSpots(nil); got != nil {
		t.Errorf("EmergingHotSpots(nil) = %v; want nil", got)
	}
	t.Run("ragged slices panic", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Errorf("EmergingHotSpots(ragged) did not panic")
			}
		}()
		geo.EmergingHotSpots([][]geo.LocalStat{make([]geo.LocalStat, 2), make([]geo.LocalStat, 3)})
	})
}

// BenchmarkEmergingCity classifies 20,164 areas (a 142×142 city) over 24
// monthly slices of synthetic Gi* statistics.
func BenchmarkEmergingCity(b *testing.B) {
	const areas, months = 142 * 142, 24
	r := rand.New(rand.NewPCG(10, 11))
	slices := make([][]geo.LocalStat, months)
	for t := range slices {
		slices[t] = make([]geo.LocalStat, areas)
	}
	for i := range areas {
		drift := r.NormFloat64() * 0.1
		level := r.NormFloat64() * 2
		for t := range months {
			z := level + drift*float64(t) + r.NormFloat64()*0.5
			p := geo.NormalP(z)
			slices[t][i] = geo.LocalStat{Z: z, P: p, Bin: geo.ConfidenceBin(z, p)}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		geo.EmergingHotSpots(slices)
	}
}
