package data

import (
	"time"

	"github.com/paulmach/orb"
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
