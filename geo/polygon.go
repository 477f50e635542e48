package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// InvalidError says why a ring or polygon is not valid, and where, so that
// an editor can point at the fault.
type InvalidError struct {
	Reason string
	At     orb.Point
	// SelfIntersection is set when the ring crosses, touches or folds back
	// on itself, as opposed to being malformed (too short, not closed,
	// repeated points, coordinates not finite).
	SelfIntersection bool
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("geo: %s at %v", e.Reason, e.At)
}

func invalid(at orb.Point, format string, args ...any) *InvalidError {
	return &InvalidError{Reason: fmt.Sprintf(format, args...), At: at}
}

// ValidatePolygon checks that p is a valid cell, unit or town boundary: one
// simple ring (see ValidateRing) and no holes. It returns nil or an
// *InvalidError.
func ValidatePolygon(p orb.Polygon) error {
	if len(p) == 0 {
		return invalid(orb.Point{}, "polygon has no ring")
	}
	if err := ValidateRing(p[0]); err != nil {
		return err
	}
	if len(p) > 1 && len(p[1]) > 0 {
		return invalid(p[1][0], "polygon has %d hole(s); a simple polygon is expected", len(p)-1)
	}
	return nil
}

// ValidateRing checks that r is closed, has at least 4 points, finite
// coordinates, no repeated consecutive points, does not touch or cross
// itself (hence encloses a non-zero area). Collinear consecutive edges are
// allowed: cells keep the vertices of their neighbours. It returns nil or
// an *InvalidError.
func ValidateRing(r orb.Ring) error {
	if len(r) == 0 {
		return invalid(orb.Point{}, "ring is empty")
	}
	for _, p := range r {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return invalid(p, "coordinate is not finite")
		}
	}
	if len(r) < 4 {
		return invalid(r[0], "ring has %d points; at least 4 are needed", len(r))
	}
	if r[0] != r[len(r)-1] {
		return invalid(r[0], "ring is not closed")
	}
	for i := 0; i+1 < len(r); i++ {
		if r[i] == r[i+1] {
			return invalid(r[i], "point repeated")
		}
	}
	// A closed ring without area runs back over itself, so this also
	// rejects rings of zero area.
	return ringSelfIntersection(r)
}

// ringSelfIntersection finds a place where two edges of r meet other than
// where consecutive edges join.
func ringSelfIntersection(r orb.Ring) error {
	n := len(r) - 1 // edges
	segs := make([]segment, n)
	for i := range segs {
		segs[i] = segment{a: r[i], b: r[i+1]}
	}
	var err error
	pairsNear(segs, func(i, j int) bool {
		rel, at := relate(segs[i].a, segs[i].b, segs[j].a, segs[j].b)
		adjacent := j == i+1 || (i == 0 && j == n-1)
		switch {
		case rel == relNone:
		case adjacent && rel == relShared:
		case rel == relOverlap:
			err = &InvalidError{Reason: "ring folds back on itself", At: at, SelfIntersection: true}
		default:
			err = &InvalidError{Reason: "ring intersects itself", At: at, SelfIntersection: true}
		}
		return err == nil
	})
	return err
}
