package geo

import "fmt"

// Emerging is an Emerging Hot Spot Analysis category: how an area's hot or
// cold spot status has developed over the time slices, so a township
// leader can tell a new problem from a long-standing or a fading one. The
// values are stable identifiers for APIs and message catalogs.
//
// The categories are those of Esri's Emerging Hot Spot Analysis ("How
// Emerging Hot Spot Analysis works",
// https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm),
// whose definitions each constant restates; the cold categories mirror
// the hot ones with cold spots in place of hot spots and a falling
// intensity of clustering of low values read from the trend.
type Emerging string

// The seventeen Emerging Hot Spot Analysis categories.
const (
	// EmergingNone: no pattern detected; the area fits none of the
	// categories below (also islands and series too short to judge).
	EmergingNone Emerging = "none"

	// NewHot: a significant hot spot in the final time slice that has
	// never been a significant hot spot before.
	NewHot Emerging = "new_hot"
	// ConsecutiveHot: a single uninterrupted run of at least two
	// significant hot spot slices ending with the final slice; never a
	// significant hot spot before that run, and fewer than 90 % of all
	// slices are significant hot spots.
	ConsecutiveHot Emerging = "consecutive_hot"
	// IntensifyingHot: a significant hot spot in at least 90 % of the
	// slices, including the final one, whose intensity of clustering of
	// high values increases overall, and significantly so.
	IntensifyingHot Emerging = "intensifying_hot"
	// PersistentHot: a significant hot spot in at least 90 % of the
	// slices with no discernible trend in the intensity of clustering.
	PersistentHot Emerging = "persistent_hot"
	// DiminishingHot: a significant hot spot in at least 90 % of the
	// slices, including the final one, whose intensity of clustering
	// decreases overall, and significantly so.
	DiminishingHot Emerging = "diminishing_hot"
	// SporadicHot: a significant hot spot in the final slice with a
	// history of being an on-again, off-again hot spot; fewer than 90 % of
	// the slices are significant hot spots and none is a significant cold
	// spot.
	SporadicHot Emerging = "sporadic_hot"
	// OscillatingHot: a significant hot spot in the final slice that has
	// been a significant cold spot in an earlier slice; fewer than 90 % of
	// the slices are significant hot spots.
	OscillatingHot Emerging = "oscillating_hot"
	// HistoricalHot: not a hot spot in the most recent slice, but a
	// significant hot spot in at least 90 % of the slices.
	HistoricalHot Emerging = "historical_hot"

	// NewCold mirrors NewHot.
	NewCold Emerging = "new_cold"
	// ConsecutiveCold mirrors ConsecutiveHot.
	ConsecutiveCold Emerging = "consecutive_cold"
	// IntensifyingCold mirrors IntensifyingHot: the clustering of low
	// values grows stronger, a significant falling trend of Z.
	IntensifyingCold Emerging = "intensifying_cold"
	// PersistentCold mirrors PersistentHot.
	PersistentCold Emerging = "persistent_cold"
	// DiminishingCold mirrors DiminishingHot: a significant rising trend
	// of Z, the clustering of low values weakening.
	DiminishingCold Emerging = "diminishing_cold"
	// SporadicCold mirrors SporadicHot.
	SporadicCold Emerging = "sporadic_cold"
	// OscillatingCold mirrors OscillatingHot: a cold spot now that has
	// been a significant hot spot before.
	OscillatingCold Emerging = "oscillating_cold"
	// HistoricalCold mirrors HistoricalHot.
	HistoricalCold Emerging = "historical_cold"
)

// MinEmergingSlices is the fewest time slices Emerging Hot Spot Analysis
// classifies: Esri's tool requires a space-time cube of at least ten time
// steps, below which the Mann-Kendall trend and the 90 % shares mean
// little. Shorter series are classified EmergingNone.
const MinEmergingSlices = 10

// EmergingAlpha is the significance level of the Mann-Kendall trend that
// separates intensifying and diminishing from persistent spots. It matches
// the significance of the hot and cold spots themselves: a slice counts as
// a hot (cold) spot when its Bin is above (below) 0, that is at 90 %
// confidence or more, the lowest confidence Esri's Gi_Bin reports as a
// hot or cold spot. Esri's pattern definitions say only "statistically
// significant", without a level; 90 % is the reading that counts every
// bin Esri maps as a hot or cold spot. Esri computes each slice's bins
// with the false discovery rate correction: callers do the same by passing
// FDR(GiStar(...)) per slice (the API does). Callers wanting 95 % can pass
// series whose Bin is zeroed where |Bin| < 2.
const EmergingAlpha = 0.10

// EmergingArea is the Emerging Hot Spot Analysis result of one area.
type EmergingArea struct {
	Category   Emerging
	Trend      Trend // Mann-Kendall test of the area's Gi* z-scores over time
	Island     bool  // an island in some slice: not classified
	HotSlices  int   // slices in which the area is a hot spot (Bin > 0)
	ColdSlices int   // slices in which the area is a cold spot (Bin < 0)
}

// EmergingHotSpots classifies every area from its Gi* statistics over time:
// slices[t][i] is the statistic of area i in time slice t, oldest slice
// first. All slices must have the same number of areas; EmergingHotSpots
// panics otherwise. Each area is classified as ClassifyEmerging does.
func EmergingHotSpots(slices [][]LocalStat) []EmergingArea {
	if len(slices) == 0 {
		return nil
	}
	n := len(slices[0])
	for t, s := range slices {
		if len(s) != n {
			panic(fmt.Sprintf("geo: EmergingHotSpots: slice %d has %d areas, slice 0 has %d", t, len(s), n))
		}
	}
	out := make([]EmergingArea, n)
	series := make([]LocalStat, len(slices))
	var c classifier
	for i := range out {
		for t, s := range slices {
			series[t] = s[i]
		}
		out[i] = c.classify(series)
	}
	return out
}

// ClassifyEmerging classifies one area from its Gi* statistics over time,
// oldest slice first, and returns the Mann-Kendall test of its z-scores.
//
// A slice is a hot spot when its Bin is above 0 and a cold spot when below
// 0, at 90 % confidence or more (see EmergingAlpha). A trend is
// significant when its two-sided P < EmergingAlpha; its sign is that of Z.
// The rules, for an area whose final slice is a hot spot, are tried in
// this order (the cold categories mirror them):
//
//   - oscillating: some earlier slice is a cold spot and fewer than 90 %
//     are hot spots;
//   - new: no earlier slice is a hot spot;
//   - consecutive: the hot spots form one run of at least two slices
//     ending with the final slice, and are fewer than 90 %;
//   - intensifying, diminishing or persistent: at least 90 % of the slices
//     are hot spots, with a significant rising, a significant falling, or
//     no significant trend;
//   - sporadic: otherwise (fewer than 90 % hot, on and off, never cold).
//
// An area whose final slice is no hot spot is historical when at least
// 90 % of its slices are hot spots, and none otherwise. Esri's definitions
// overlap in two places, and the order settles them as sfdep
// (emerging_hotspot_analysis) does: a past cold spot makes a hot spot
// oscillating rather than new or consecutive, and a hot spot in 90 % of
// the slices that is not hot in the final one is historical, not
// persistent.
//
// An island in any slice, or fewer than MinEmergingSlices slices, gives
// EmergingNone.
func ClassifyEmerging(series []LocalStat) (Emerging, Trend) {
	var c classifier
	a := c.classify(series)
	return a.Category, a.Trend
}

// classifier holds scratch space reused across areas.
type classifier struct {
	z, buf []float64
}

func (c *classifier) classify(series []LocalStat) EmergingArea {
	c.z = c.z[:0]
	a := EmergingArea{Category: EmergingNone}
	for _, s := range series {
		c.z = append(c.z, s.Z)
		switch {
		case s.Island:
			a.Island = true
		case s.Bin > 0:
			a.HotSlices++
		case s.Bin < 0:
			a.ColdSlices++
		}
	}
	if cap(c.buf) < len(c.z) {
		c.buf = make([]float64, 0, len(c.z))
	}
	a.Trend = mannKendall(c.z, c.buf)
	n := len(series)
	if a.Island || n < MinEmergingSlices {
		return a
	}
	rising := a.Trend.P < EmergingAlpha && a.Trend.Z > 0
	falling := a.Trend.P < EmergingAlpha && a.Trend.Z < 0
	last := series[n-1].Bin
	switch {
	case last > 0:
		a.Category = pattern(series, 1, a.HotSlices, a.ColdSlices, rising, falling, hotCategories)
	case last < 0:
		a.Category = pattern(series, -1, a.ColdSlices, a.HotSlices, falling, rising, coldCategories)
	case ninetyPercent(a.HotSlices, n):
		a.Category = HistoricalHot
	case ninetyPercent(a.ColdSlices, n):
		a.Category = HistoricalCold
	}
	return a
}

// categories names the patterns of one side, hot or cold.
type categories struct {
	new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating Emerging
}

var (
	hotCategories  = categories{NewHot, ConsecutiveHot, IntensifyingHot, PersistentHot, DiminishingHot, SporadicHot, OscillatingHot}
	coldCategories = categories{NewCold, ConsecutiveCold, IntensifyingCold, PersistentCold, DiminishingCold, SporadicCold, OscillatingCold}
)

// pattern classifies a series whose final slice is a spot of the given
// sign (1 hot, -1 cold): same counts the slices of that sign, opposite
// those of the other; stronger and weaker are the significant trends
// towards and away from it.
func pattern(series []LocalStat, sign, same, opposite int, stronger, weaker bool, c categories) Emerging {
	n := len(series)
	ninety := ninetyPercent(same, n)
	switch {
	case opposite > 0 && !ninety:
		return c.oscillating
	case same == 1:
		return c.new
	case !ninety && finalRun(series, sign) == same:
		return c.consecutive
	case ninety && stronger:
		return c.intensifying
	case ninety && weaker:
		return c.diminishing
	case ninety:
		return c.persistent
	default:
		return c.sporadic
	}
}

// finalRun returns the length of the run of slices of the given sign that
// ends with the final slice.
func finalRun(series []LocalStat, sign int) int {
	k := 0
	for t := len(series) - 1; t >= 0 && series[t].Bin*sign > 0; t-- {
		k++
	}
	return k
}

// ninetyPercent reports whether k of n slices are at least 90 % of them.
func ninetyPercent(k, n int) bool { return 10*k >= 9*n }
