// Package stats measures how a place handles its disputes: counts, open
// and overdue cases, the share resolved at the grassroots, repeats, and the
// per-cell tables, monthly series and hotspot statistics over them. It
// computes aggregates only, from incidents or their facts, and knows
// nothing of HTTP or of the stores.
package stats

import (
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// An incident repeats an earlier one reported within repeatWindow before
// it at most repeatRadiusM metres away, or with a party in common.
const (
	repeatRadiusM = 100
	repeatWindow  = 90 * 24 * time.Hour
)

// Measures are the measures of a set of incidents.
type Measures struct {
	Total    int            `json:"total"`
	ByType   map[string]int `json:"by_type"`
	ByStatus map[string]int `json:"by_status"`
	Open     int            `json:"open"`
	Overdue  int            `json:"overdue"`
	// FollowupOverdue counts the resolved incidents past the deadline of
	// their 回访 without a passed one (overdue says which).
	FollowupOverdue int `json:"followup_overdue"`
	Resolved        int `json:"resolved"` // resolved or closed
	// Grassroot counts the incidents resolved at the grassroots
	// (domain.ResolvedAtGrassroots): closed after a passed 回访, never
	// escalated to the town or district.
	Grassroot int `json:"resolved_at_grassroots"`
	// GrassrootShare is Grassroot's share of the resolved incidents (null
	// when none resolved).
	GrassrootShare *float64 `json:"grassroots_share"`
	// MedianDaysToResolve is from report to resolution (null when none).
	MedianDaysToResolve *float64 `json:"median_days_to_resolve"`
	// Repeats counts incidents that repeat an earlier one of the last 90
	// days: within 100 m of it, or with a party in common.
	Repeats     int `json:"repeats"`
	RepeatPlace int `json:"repeats_same_place"`
	RepeatParty int `json:"repeats_same_parties"`
	// Followups measures the incidents' 回访 records (AddFollowups).
	Followups FollowupMeasures `json:"followups"`
}

// Measure measures list; types are the incident types every answer lists
// (with 0 when none has them), and overdue says whether an incident is late.
// Its Followups are of none: AddFollowups measures the 回访 records.
func Measure(list []data.Incident, types []data.IncidentType, overdue func(*data.Incident) bool) Measures {
	st := Measures{Total: len(list), ByType: map[string]int{}, ByStatus: domain.StatusCounts()}
	for _, t := range types {
		st.ByType[t.Name] = 0
	}
	var days []float64
	for i := range list {
		in := &list[i]
		st.ByType[in.Type]++
		st.ByStatus[in.Status]++
		if domain.IsOpen(in.Status) {
			st.Open++
			if overdue(in) {
				st.Overdue++
			}
		}
		if in.Status == data.StatusResolved && overdue(in) {
			st.FollowupOverdue++
		}
		if domain.IsDone(in.Status) && in.ResolvedAt != nil {
			st.Resolved++
			if domain.ResolvedAtGrassroots(in) {
				st.Grassroot++
			}
			days = append(days, in.ResolvedAt.Sub(in.ReportedAt).Hours()/24)
		}
	}
	if st.Resolved > 0 {
		share := roundTo(float64(st.Grassroot)/float64(st.Resolved), 4)
		st.GrassrootShare = &share
	}
	if len(days) > 0 {
		sort.Float64s(days)
		m := days[len(days)/2]
		if len(days)%2 == 0 {
			m = (days[len(days)/2-1] + days[len(days)/2]) / 2
		}
		m = roundTo(m, 2)
		st.MedianDaysToResolve = &m
	}
	st.Repeats, st.RepeatPlace, st.RepeatParty = repeats(list)
	st.Followups = MeasureFollowups(nil)
	return st
}

// AddFollowups sets m's Followups to the measures of fs, the 回访
// records of the incidents m measures.
func (m *Measures) AddFollowups(fs []data.Followup) {
	m.Followups = MeasureFollowups(fs)
}

// repeats counts the incidents that follow an earlier one within 90 days at
// the same place (100 m) or with a common party, bucketing locations on a
// grid of the radius so that each incident is compared with its neighbours
// only.
func repeats(list []data.Incident) (total, place, party int) {
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := &list[order[a]], &list[order[b]]
		if !x.ReportedAt.Equal(y.ReportedAt) {
			return x.ReportedAt.Before(y.ReportedAt)
		}
		return x.ID < y.ID
	})
	type key struct{ x, y int }
	grid := map[key][]int{}
	lastParty := map[string]time.Time{}
	cellOf := func(p orb.Point) key {
		ky := earthMetresPerDegree
		kx := ky * math.Cos(p[1]*math.Pi/180)
		return key{int(math.Floor(p[0] * kx / repeatRadiusM)), int(math.Floor(p[1] * ky / repeatRadiusM))}
	}
	for _, i := range order {
		in := &list[i]
		k := cellOf(in.Location)
		samePlace := false
		for dx := -1; dx <= 1 && !samePlace; dx++ {
			for dy := -1; dy <= 1 && !samePlace; dy++ {
				for _, j := range grid[key{k.x + dx, k.y + dy}] {
					prev := &list[j]
					if in.ReportedAt.Sub(prev.ReportedAt) <= repeatWindow && metres(in.Location, prev.Location) <= repeatRadiusM {
						samePlace = true
						break
					}
				}
			}
		}
		sameParty := false
		for _, p := range in.Parties {
			if t, ok := lastParty[p]; ok && in.ReportedAt.Sub(t) <= repeatWindow {
				sameParty = true
			}
		}
		for _, p := range in.Parties {
			lastParty[p] = in.ReportedAt
		}
		grid[k] = append(grid[k], i)
		if samePlace {
			place++
		}
		if sameParty {
			party++
		}
		if samePlace || sameParty {
			total++
		}
	}
	return total, place, party
}

// earthMetresPerDegree is the length of a degree of latitude.
const earthMetresPerDegree = 6371008.8 * math.Pi / 180

// metres is the distance between two nearby points.
func metres(a, b orb.Point) float64 {
	kx := earthMetresPerDegree * math.Cos((a[1]+b[1])/2*math.Pi/180)
	return math.Hypot((a[0]-b[0])*kx, (a[1]-b[1])*earthMetresPerDegree)
}

// roundTo rounds x to n decimal digits, as the answers give measures.
func roundTo(x float64, n int) float64 {
	p := math.Pow10(n)
	return math.Round(x*p) / p
}
