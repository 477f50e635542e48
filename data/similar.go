package data

import (
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// The rule of "may be the same dispute", which a report form checks
// before sending: a case of the same type within SimilarRadiusM reported
// within SimilarDays, or an open or recent case with one of the same
// parties (the same resident, or the same name and phone). Duplicates are
// never candidates: their originals are.
const (
	SimilarRadiusM = 100 // metres
	SimilarDays    = 90  // days back from now
	MaxSimilar     = 20  // candidates, and earlier disputes, an answer lists
)

// Reasons a case may be the dispute being reported.
const (
	ReasonNearbySameType = "nearby_same_type"
	ReasonSameParties    = "same_parties"
)

// SimilarQuery is a report about to be sent, as far as it is filled in.
type SimilarQuery struct {
	Location *orb.Point // nil: not placed yet
	Type     string     // "": not chosen yet
	Parties  []Party
	Now      time.Time
}

// SimilarReason is why a case may be the dispute being reported:
// DistanceM (for nearby_same_type) and Days, since the case was reported.
type SimilarReason struct {
	Reason    string  `json:"reason"`
	DistanceM float64 `json:"distance_m,omitempty"`
	Days      int     `json:"days"`
}

// Since is the earliest report time a nearby case may have.
func (q SimilarQuery) Since() time.Time { return q.Now.AddDate(0, 0, -SimilarDays) }

// NearbyBound is a box holding every point within SimilarRadiusM of p
// (with a margin): the stores' prefilter before the exact distance.
func NearbyBound(p orb.Point) orb.Bound {
	const metresPerDegree = 111320.0
	dlat := SimilarRadiusM * 1.1 / metresPerDegree
	dlon := dlat / math.Max(math.Cos(p.Lat()*math.Pi/180), 0.01)
	return orb.Bound{Min: orb.Point{p.Lon() - dlon, p.Lat() - dlat}, Max: orb.Point{p.Lon() + dlon, p.Lat() + dlat}}
}

// SimilarReasons lists why in may be the dispute q describes, given
// whether it shares a party with q's (which the store finds): none when
// it is a duplicate, or neither near with the same type nor sharing a
// party while open or reported within SimilarDays.
func SimilarReasons(q SimilarQuery, in *Incident, sharesParty bool) []SimilarReason {
	if in.Status == StatusDuplicate {
		return nil
	}
	days := max(0, int(q.Now.Sub(in.ReportedAt).Hours()/24))
	recent := !in.ReportedAt.Before(q.Since())
	var out []SimilarReason
	if q.Location != nil && q.Type != "" && in.Type == q.Type && recent {
		if d := geo.Distance(*q.Location, in.Location); d <= SimilarRadiusM {
			out = append(out, SimilarReason{Reason: ReasonNearbySameType, DistanceM: math.Round(d*10) / 10, Days: days})
		}
	}
	if sharesParty && (IsOpen(in.Status) || recent) {
		out = append(out, SimilarReason{Reason: ReasonSameParties, Days: days})
	}
	return out
}
