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

// Hotspot is a cell's statistic over a window. Rates are NaN where they
// are not defined.
type Hotspot struct {
	CellAgg
	Rate    float64 // empirical-Bayes rate per 1,000 residents
	RawRate float64 // incidents per 1,000 residents; NaN without residents
	Share   float64 // of the resolved, those resolved at the grassroots; NaN when none
	Gi      geo.LocalStat
	Moran   geo.MoranStat
	Cluster string // Moran's cluster (HH, LL, HL, LH), NS when not significant
}

// Hotspots are the cells' statistics over a window.
type Hotspots struct {
	Cells    []Hotspot
	Total    int            // incidents
	People   int            // residents
	TownRate float64        // incidents per 1,000 residents; NaN without residents
	Summary  map[string]int // cells per Gi* bin ("-3" to "3") or Moran cluster
}

// ComputeHotspots computes the local statistic of each cell's incidents in
// agg (as Table.Aggregate gives them), pops being the cells' residents and
// w their contiguity. Rates need residents: with none, opt.Rate is
// EINVALID naming "measure".
func ComputeHotspots(agg []CellAgg, pops []int, w geo.Weights, opt HotspotOptions) (*Hotspots, error) {
	n := len(agg)
	counts, fpops := make([]float64, n), make([]float64, n)
	h := &Hotspots{Cells: make([]Hotspot, n), Summary: map[string]int{}, TownRate: math.NaN()}
	for i := range agg {
		counts[i], fpops[i] = float64(agg[i].Count), float64(pops[i])
		h.Total += agg[i].Count
		h.People += pops[i]
	}
	if opt.Rate && h.People == 0 {
		return nil, data.FieldErrorf("measure", "No cell has residents yet: rates per 1,000 residents need the cells' populations; use measure=count.")
	}
	rates := geo.EmpiricalBayes(counts, fpops)
	x := counts
	if opt.Rate {
		x = rates
	}
	var gi []geo.LocalStat
	var moran []geo.MoranStat
	cutoff := MoranAlpha
	if !opt.Moran {
		gi = geo.GiStar(x, w)
		if opt.FDR {
			gi = geo.FDR(gi)
		}
	} else {
		moran = geo.LocalMoran(x, w, opt.Permutations, opt.Seed, MoranAlpha)
		if opt.FDR {
			ps := make([]float64, 0, n)
			for _, m := range moran {
				if !m.Island {
					ps = append(ps, m.P)
				}
			}
			cutoff = geo.BenjaminiHochberg(ps, MoranAlpha)
		}
	}
	for i := range agg {
		a := agg[i]
		c := Hotspot{CellAgg: a, Rate: rates[i] * 1000, RawRate: math.NaN(), Share: math.NaN()}
		if fpops[i] > 0 {
			c.RawRate = counts[i] / fpops[i] * 1000
		}
		if a.Resolved > 0 {
			c.Share = float64(a.Grassroots) / float64(a.Resolved)
		}
		if gi != nil {
			c.Gi = gi[i]
			h.Summary[strconv.Itoa(c.Gi.Bin)]++
		} else {
			c.Moran = moran[i]
			c.Cluster = c.Moran.Cluster
			if c.Cluster == "" || c.Moran.P > cutoff {
				c.Cluster = "NS"
			}
			h.Summary[c.Cluster]++
		}
		h.Cells[i] = c
	}
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
