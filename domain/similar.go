package domain

import (
	"gridmap/data"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// NearbyBound is a box holding every point within SimilarRadiusM of p
// (with a margin): the stores' prefilter before the exact distance.
func NearbyBound(p orb.Point) orb.Bound {
	const metresPerDegree = 111320.0
	dlat := data.SimilarRadiusM * 1.1 / metresPerDegree
	dlon := dlat / math.Max(math.Cos(p.Lat()*math.Pi/180), 0.01)
	return orb.Bound{Min: orb.Point{p.Lon() - dlon, p.Lat() - dlat}, Max: orb.Point{p.Lon() + dlon, p.Lat() + dlat}}
}

// SimilarReasons lists why in may be the dispute q describes, given
// whether it shares a party with q's (which the store finds): none when
// it is a duplicate, or neither near with the same type nor sharing a
// party while open or reported within SimilarDays.
func SimilarReasons(q data.SimilarQuery, in *data.Incident, sharesParty bool) []data.SimilarReason {
	if in.Status == data.StatusDuplicate {
		return nil
	}
	days := max(0, int(q.Now.Sub(in.ReportedAt).Hours()/24))
	recent := !in.ReportedAt.Before(q.Since())
	var out []data.SimilarReason
	if q.Location != nil && q.Type != "" && in.Type == q.Type && recent {
		if d := geo.Distance(*q.Location, in.Location); d <= data.SimilarRadiusM {
			out = append(out, data.SimilarReason{Reason: data.ReasonNearbySameType, DistanceM: math.Round(d*10) / 10, Days: days})
		}
	}
	if sharesParty && (IsOpen(in.Status) || recent) {
		out = append(out, data.SimilarReason{Reason: data.ReasonSameParties, Days: days})
	}
	return out
}
