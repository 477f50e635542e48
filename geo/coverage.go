package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Coverage holds the thresholds of a coverage check (see CheckCoverage).
type Coverage struct {
	// MinOverlapM2 is the smallest overlap reported as one; boundaries
	// that meet in a smaller overlap, or touch without sharing a vertex,
	// are reported as ProblemVertex, since BuildTopology refuses them too.
	MinOverlapM2 float64
	// MinAreaM2 and MinThinness make a polygon a sliver: an area below
	// MinAreaM2, or an area over the squared perimeter below MinThinness
	// (1/16 for a square; w/4L for a strip w wide and L long).
	MinAreaM2   float64
	MinThinness float64
	// MaxSliverGapM2 tells a sliver gap between neighbours (smaller, or
	// thinner than MinThinness) from ground the cells enclose without
	// covering it. Both are reported as ProblemGap: a town is one area
	// without holes.
	MaxSliverGapM2 float64
	// MaxOutsideShare is the share of a cell that may lie outside the
	// unit it mostly lies in before it is reported as ProblemOutsideUnit.
	MaxOutsideShare float64
}

// DefaultCoverage returns the thresholds of CheckCoverage:
//   - overlaps from 0.01 m² (10 cm square): far below anything surveyed,
//     far above the rounding of coordinates (about 1e-6 m² over a cell);
//   - slivers below 100 m² (no grid cell is smaller than a house plot) or
//     thinner than 1/1000 (a strip narrower than 0.4% of its length: 4 m
//     over 1 km);
//   - gaps up to 100 m² or thin ones called slivers between neighbours;
//   - cells with more than 1% outside their unit.
func DefaultCoverage() Coverage {
	return Coverage{MinOverlapM2: 0.01, MinAreaM2: 100, MinThinness: 0.001, MaxSliverGapM2: 100, MaxOutsideShare: 0.01}
}

// CheckCoverage lists what keeps polys (cells, in longitude/latitude) from
// tiling one area, with DefaultCoverage's thresholds; see Coverage.Check.
func CheckCoverage(polys []orb.Polygon, units []orb.Polygon) []Problem {
	return DefaultCoverage().Check(polys, units)
}

// Check lists what keeps polys from tiling one area: per feature, a kind, the
// features (Faces, positions in polys), a point on or inside the fault
// (At), its area and a message in English, in the order
// invalid, self_intersection, overlap, vertex, gap, sliver, outside_unit,
// then by feature. IDs are left empty: the caller knows the features' names.
//
//   - ProblemInvalid: a feature without a polygon, or a ring too short, not
//     closed or with repeated points.
//   - ProblemSelfIntersection: a ring that crosses or touches itself.
//   - ProblemOverlap: two features covering common ground, with its area
//     and a point inside it.
//   - ProblemVertex: boundaries of two features that meet without sharing
//     their vertices (a T-junction, a crossing without area).
//   - ProblemGap: ground no feature covers but the features enclose (a hole
//     in their union), or features apart from the largest piece.
//   - ProblemSliver: a feature smaller or thinner than the thresholds.
//   - ProblemOutsideUnit: when units are given, a feature of which more than
//     MaxOutsideShare lies outside the unit it mostly lies in (outside
//     every unit, or in another); Units names the units it lies in.
//
// Features found invalid or self-intersecting are left out of the other
// checks, which may then report a gap where they lie; so are invalid
// units, each reported as ProblemInvalid with Units set. Overlaps and gaps
// are measured exactly on the straight edges (an overlay of all boundaries),
// so they need no snapping; the cost grows with the number of vertices and
// of crossings.
func (c Coverage) Check(polys []orb.Polygon, units []orb.Polygon) []Problem {
	var out []Problem
	add := func(p Problem) { out = append(out, p) }
	frame := newLocalFrame(boundOf(polys, units))

	parts := make([]orb.Polygon, len(polys)+len(units))
	for i, p := range polys {
		if q, pr := checkFeature(p); pr != nil {
			pr.Faces = []int{i}
			add(*pr)
		} else {
			parts[i] = q
		}
	}
	for u, p := range units {
		if q, pr := checkFeature(p); pr != nil {
			pr.Kind, pr.Units = ProblemInvalid, []int{u}
			pr.Message = "unit: " + pr.Message
			add(*pr)
		} else {
			parts[len(polys)+u] = q
		}
	}

	ov := newOverlay(parts, len(polys))
	ov.run()
	out = append(out, ov.overlaps(c)...)
	out = append(out, ov.gaps(c, frame)...)

	areas := make([]float64, len(polys))
	for i, p := range parts[:len(polys)] {
		if p == nil {
			continue
		}
		areas[i] = Area(p)
		perim := 0.0
		for _, r := range p {
			perim += frame.ringLength(r)
		}
		thin := areas[i] / (perim * perim)
		if areas[i] < c.MinAreaM2 || thin < c.MinThinness {
			add(Problem{Kind: ProblemSliver, Faces: []int{i}, At: LabelPoint(p), AreaM2: areas[i],
				Message: fmt.Sprintf("feature is a sliver: %.3g m², area/perimeter² %.2g (the minimum is %.3g m² and %.2g)", areas[i], thin, c.MinAreaM2, c.MinThinness)})
		}
	}
	if len(units) > 0 {
		out = append(out, ov.outside(c, areas)...)
	}
	order := []string{ProblemInvalid, ProblemSelfIntersection, ProblemOverlap, ProblemVertex, ProblemGap, ProblemSliver, ProblemOutsideUnit}
	slices.SortStableFunc(out, func(a, b Problem) int {
		if k := cmp.Compare(slices.Index(order, a.Kind), slices.Index(order, b.Kind)); k != 0 {
			return k
		}
		return slices.Compare(a.Faces, b.Faces)
	})
	return out
}

// checkFeature returns p wound as RFC 7946 asks, or the problem that keeps it
// out of the overlay.
func checkFeature(p orb.Polygon) (orb.Polygon, *Problem) {
	if len(p) == 0 || len(p[0]) == 0 {
		return nil, &Problem{Kind: ProblemInvalid, Message: "feature has no polygon"}
	}
	for r, ring := range p {
		err := ValidateRing(ring)
		if err == nil {
			continue
		}
		e := err.(*InvalidError)
		what := "boundary"
		if r > 0 {
			what = fmt.Sprintf("hole %d", r)
		}
		kind := ProblemInvalid
		if e.SelfIntersection {
			kind = ProblemSelfIntersection
		}
		return nil, &Problem{Kind: kind, At: e.At, Message: fmt.Sprintf("%s: %s", what, e.Reason)}
	}
	return RightHand(p), nil
}

func boundOf(sets ...[]orb.Polygon) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, polys := range sets {
		for _, p := range polys {
			for _, r := range p {
				for _, q := range r {
					if !math.IsNaN(q[0]) && !math.IsNaN(q[1]) && !math.IsInf(q[0], 0) && !math.IsInf(q[1], 0) {
						b = b.Extend(q)
					}
				}
			}
		}
	}
	if b.Min[0] > b.Max[0] {
		return orb.Bound{}
	}
	return b
}
