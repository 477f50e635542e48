package stats

import (
	"math"
	"strconv"

	"gridmap/data"
	"gridmap/geo"
)

// MoranAlpha is the significance level of local Moran's I clusters.
const MoranAlpha = 0.05

// HotspotOptions choose the statistic of Hotspots.
type HotspotOptions struct {
	Rate         bool   // on empirical-Bayes rates per 1,000 residents, not on counts
	Moran        bool   // local Moran's I, not Getis-Ord Gi*
	FDR          bool   // correct for the false discovery rate
	Permutations int    // of local Moran's I
	Seed         uint64 // of its permutations
}

// Hotspots are the cells' statistics over a window, per cell in the
// order of the aggregates they were computed from. Rates are NaN where
// they are not defined.
type Hotspots struct {
	Cells    []CellAgg       // the window's counts, as given
	Rates    []float64       // empirical-Bayes rates per 1,000 residents
	Gi       []geo.LocalStat // Getis-Ord Gi*, unless Moran
	Moran    []geo.MoranStat // local Moran's I, when Moran
	Clusters []string        // Moran's cluster (HH, LL, HL, LH), NS when not significant
	Total    int             // incidents
	People   int             // residents
	TownRate float64         // incidents per 1,000 residents; NaN without residents
	Summary  map[string]int  // cells per Gi* bin ("-3" to "3") or Moran cluster

	counts, pops []float64
}

// RawRate is cell i's incidents per 1,000 residents, NaN without residents.
func (h *Hotspots) RawRate(i int) float64 {
	if h.pops[i] > 0 {
		return h.counts[i] / h.pops[i] * 1000
	}
	return math.NaN()
}

// Share is the share of cell i's resolved incidents resolved at the
// grassroots, NaN when none is resolved.
func (h *Hotspots) Share(i int) float64 {
	if a := h.Cells[i]; a.Resolved > 0 {
		return float64(a.Grassroots) / float64(a.Resolved)
	}
	return math.NaN()
}

// ComputeHotspots computes the local statistic of each cell's incidents in
// agg (as Table.Aggregate gives them), pops being the cells' residents and
// w their contiguity. Rates need residents: with none, opt.Rate is
// EINVALID naming "measure".
func ComputeHotspots(agg []CellAgg, pops []int, w geo.Weights, opt HotspotOptions) (*Hotspots, error) {
	n := len(agg)
	h := &Hotspots{Cells: agg, Summary: map[string]int{}, TownRate: math.NaN(),
		counts: make([]float64, n), pops: make([]float64, n)}
	for i := range agg {
		h.counts[i], h.pops[i] = float64(agg[i].Count), float64(pops[i])
		h.Total += agg[i].Count
		h.People += pops[i]
	}
	if opt.Rate && h.People == 0 {
		return nil, data.FieldErrorf("measure", "No cell has residents yet: rates per 1,000 residents need the cells' populations; use measure=count.")
	}
	rates := geo.EmpiricalBayes(h.counts, h.pops)
	x := h.counts
	if opt.Rate {
		x = rates
	}
	if !opt.Moran {
		h.Gi = geo.GiStar(x, w)
		if opt.FDR {
			h.Gi = geo.FDR(h.Gi)
		}
		for _, g := range h.Gi {
			h.Summary[strconv.Itoa(g.Bin)]++
		}
	} else {
		h.Moran = geo.LocalMoran(x, w, opt.Permutations, opt.Seed, MoranAlpha)
		cutoff := MoranAlpha
		if opt.FDR {
			ps := make([]float64, 0, n)
			for _, m := range h.Moran {
				if !m.Island {
					ps = append(ps, m.P)
				}
			}
			cutoff = geo.BenjaminiHochberg(ps, MoranAlpha)
		}
		h.Clusters = make([]string, n)
		for i, m := range h.Moran {
			h.Clusters[i] = m.Cluster
			if m.Cluster == "" || m.P > cutoff {
				h.Clusters[i] = "NS"
			}
			h.Summary[h.Clusters[i]]++
		}
	}
	for i := range rates {
		rates[i] *= 1000 // after the statistics, which took the rates per resident
	}
	h.Rates = rates
	if h.People > 0 {
		h.TownRate = float64(h.Total) / float64(h.People) * 1000
	}
	return h, nil
}

// Emerging computes, from the monthly counts per cell of series (as
// Table.Monthly gives them), the Gi* of each month, corrected for the false
// discovery rate month by month as Esri's Emerging Hot Spot Analysis does,
// and from their series each cell's emerging hot- or cold-spot category.
func Emerging(series [][]float64, w geo.Weights) ([][]geo.LocalStat, []geo.EmergingArea) {
	months := make([][]geo.LocalStat, len(series))
	for t, x := range series {
		months[t] = geo.FDR(geo.GiStar(x, w))
	}
	return months, geo.EmergingHotSpots(months)
}
