package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// checkBoundary chains the edges used once into rings: one outer ring is
// expected; every other ring is uncovered ground, a piece apart, or a part
// lying inside another. Rings and pinches that involve parts already
// reported as overlapping, or with unshared vertices, follow from those
// problems and are not reported again.
func (v *validation) checkBoundary(boundary []dirEdge) {
	rings, pinches := chain(boundary)
	pinched := make(map[orb.Point]bool)
	for _, p := range pinches {
		pinched[p] = true
		var ids []int
		for _, e := range boundary {
			if e.from == p {
				ids = appendPart(ids, e.part)
			}
		}
		slices.Sort(ids)
		key := fmt.Sprint("pinch", ids)
		if !v.anyImplicated(ids) && !v.seen[key] {
			v.seen[key] = true
			v.add(ProblemGap, p, ids, "the boundary of the union touches itself: parts meet at a point only, with uncovered ground or the outside on both sides")
		}
	}
	outer, outerArea := -1, 0.0
	for i, r := range rings {
		if a := planarArea(r.ring); r.closed && a > outerArea {
			outer, outerArea = i, a
		}
	}
	for i, r := range rings {
		if i == outer || !r.closed || collinear(r.ring) || v.anyImplicated(r.parts) {
			// Open chains follow from reported overlaps; collinear rings
			// from reported unshared vertices.
			continue
		}
		at := r.ring[0]
		switch a := planarArea(r.ring); {
		case a > 0 && slices.ContainsFunc(r.ring, func(p orb.Point) bool { return pinched[p] }):
			// Reported with the pinch.
		case a < 0:
			v.add(ProblemGap, at, r.parts, "about %.3g m² enclosed by parts is covered by none", Area(orb.Polygon{r.ring}))
		case outer >= 0 && planar.RingContains(rings[outer].ring, insidePoint(r.ring)):
			v.add(ProblemOverlap, at, r.parts, "parts lie inside the partition without sharing its edges")
		default:
			v.add(ProblemGap, at, r.parts, "parts are apart from the rest of the partition")
		}
	}
}

func (v *validation) anyImplicated(parts []int) bool {
	for _, p := range parts {
		if v.implicated[p] {
			return true
		}
	}
	return false
}

// collinear reports whether all points of r lie on one line.
func collinear(r orb.Ring) bool {
	for i := 1; i+1 < len(r); i++ {
		if orient(r[0], r[i], r[i+1]) != 0 {
			return false
		}
	}
	return true
}

// insidePoint returns a point just left of the middle of the longest edge of
// the counter-clockwise ring r, that is just inside it.
func insidePoint(r orb.Ring) orb.Point {
	best, bestLen := 0, -1.0
	for i := 0; i+1 < len(r); i++ {
		if l := math.Hypot(r[i+1][0]-r[i][0], r[i+1][1]-r[i][1]); l > bestLen {
			best, bestLen = i, l
		}
	}
	a, b := r[best], r[best+1]
	m := midpoint(a, b)
	return orb.Point{m[0] - float64((b[1]-a[1])*1e-6), m[1] + float64((b[0]-a[0])*1e-6)}
}

// checkOutline compares the boundary of the union with the outline, edge
// for edge.
func (v *validation) checkOutline(boundary []dirEdge, outline orb.Polygon) {
	if err := ValidatePolygon(outline); err != nil {
		e := err.(*InvalidError)
		v.add(ProblemOutline, e.At, nil, "outline is invalid: %s", e.Reason)
		return
	}
	type dir struct{ from, to orb.Point }
	want := make(map[dir]bool)
	o := RightHand(outline)[0]
	for i := 0; i+1 < len(o); i++ {
		want[dir{o[i], o[i+1]}] = true
	}
	var extra, first = 0, -1
	var ids []int
	for i, e := range boundary {
		if want[dir{e.from, e.to}] {
			delete(want, dir{e.from, e.to})
			continue
		}
		extra++
		ids = appendPart(ids, e.part)
		if first < 0 {
			first = i
		}
	}
	if extra == 0 && len(want) == 0 {
		return
	}
	at := o[0]
	if first >= 0 {
		at = boundary[first].from
	} else {
		for i := 0; i+1 < len(o); i++ {
			if want[dir{o[i], o[i+1]}] {
				at = o[i]
				break
			}
		}
	}
	slices.Sort(ids)
	v.add(ProblemOutline, at, ids, "union of the parts differs from the outline: %d of its boundary edges are not on the outline, %d outline edges are not on it", extra, len(want))
}
