package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// overlaps reports the cells that share ground, and those whose boundaries
// meet without sharing vertices.
func (ov *overlay) overlaps(c Coverage) []Problem {
	var out []Problem
	reported := make(map[[2]int]bool)
	for _, k := range sortedKeys(ov.acc) {
		if k[1] >= ov.cells {
			continue
		}
		a := ov.areaM2(k)
		if a < c.MinOverlapM2 {
			continue
		}
		reported[k] = true
		out = append(out, Problem{Kind: ProblemOverlap, Faces: []int{k[0], k[1]}, At: insideOf(ov.pieces[k]), AreaM2: a,
			Message: fmt.Sprintf("features overlap over %.3g m²", a)})
	}
	for _, k := range sortedKeys(ov.meets) {
		if !reported[k] {
			out = append(out, Problem{Kind: ProblemVertex, Faces: []int{k[0], k[1]}, At: ov.meets[k],
				Message: "boundaries meet without a shared vertex here (a T-junction, or edges crossing or running along each other): snap them or correct the file"})
		}
	}
	return out
}

// insideOf returns a point inside the largest ring chained from edges, or
// the middle of the first edge if none closes.
func insideOf(edges []dirEdge) orb.Point {
	if len(edges) == 0 {
		return orb.Point{}
	}
	rings, _ := chain(edges)
	best, bestA := -1, 0.0
	for i, r := range rings {
		if a := planarArea(r.ring); r.closed && a > bestA {
			best, bestA = i, a
		}
	}
	if best < 0 {
		return midpoint(edges[0].from, edges[0].to)
	}
	return LabelPoint(orb.Polygon{rings[best].ring})
}

// gaps reports the holes in the union of the cells and the cells apart from
// its largest piece.
func (ov *overlay) gaps(c Coverage, f localFrame) []Problem {
	partOf := make(map[[2]orb.Point]int, len(ov.boundary))
	for _, e := range ov.boundary {
		partOf[[2]orb.Point{e.from, e.to}] = e.part
	}
	var rings []orb.Ring
	for _, r := range chainRight(ov.boundary) {
		rings = append(rings, splitLoops(r)...)
	}
	outer, outerA := -1, 0.0
	for i, r := range rings {
		if a := planarArea(r); a > outerA {
			outer, outerA = i, a
		}
	}
	var out []Problem
	// Slivers between the same features are one problem, shown at the
	// largest piece: where neighbours were digitised apart they come by
	// the dozen along a border.
	type sliver struct {
		at      int     // position in out
		n       int     // pieces
		largest float64 // area of the largest piece
	}
	slivers := make(map[string]*sliver)
	for i, r := range rings {
		a := planarArea(r)
		if i == outer || a == 0 {
			continue
		}
		var faces []int
		for k := 0; k+1 < len(r); k++ {
			faces = appendPart(faces, partOf[[2]orb.Point{r[k], r[k+1]}])
		}
		slices.Sort(faces)
		p := orb.Polygon{r}
		area := Area(p)
		pr := Problem{Kind: ProblemGap, Faces: faces, At: LabelPoint(p), AreaM2: area}
		perim := f.ringLength(r)
		switch {
		case a > 0:
			pr.Apart = true
			pr.Message = fmt.Sprintf("features lie apart from the rest (%.3g m²): the town must be one area", area)
		case area < c.MaxSliverGapM2 || area/(perim*perim) < c.MinThinness:
			key := fmt.Sprint(faces)
			sl := slivers[key]
			if sl == nil {
				sl = &sliver{at: len(out)}
				slivers[key] = sl
				out = append(out, pr)
				out[sl.at].AreaM2 = 0
			}
			q := &out[sl.at]
			sl.n++
			q.AreaM2 += area
			if area > sl.largest {
				sl.largest, q.At = area, pr.At
			}
			q.Message = fmt.Sprintf("a sliver of %.3g m² between neighbours is covered by no feature: snap with a larger tolerance or correct the file", q.AreaM2)
			if sl.n > 1 {
				q.Message = fmt.Sprintf("slivers of %.3g m² in all (%d pieces) between neighbours are covered by no feature: snap with a larger tolerance or correct the file", q.AreaM2, sl.n)
			}
			continue
		default:
			pr.Message = fmt.Sprintf("%.3g m² enclosed by the features is covered by none: the town must be one area without holes", area)
		}
		out = append(out, pr)
	}
	return out
}

// chainRight links the directed edges of the boundary of a union into
// closed rings. Where the boundary touches itself it takes the sharpest
// right turn, hugging the ground outside the union: so the exterior goes
// round a gap that reaches it at two points rather than closing into one
// ring per side, and the gap's edges make a clockwise ring of their own.
// Chains that do not close (rounding in the input) are left out.
func chainRight(edges []dirEdge) []orb.Ring {
	out := make(map[orb.Point][]int, len(edges))
	for i, e := range edges {
		out[e.from] = append(out[e.from], i)
	}
	used := make([]bool, len(edges))
	var rings []orb.Ring
	for first := range edges {
		if used[first] {
			continue
		}
		start := edges[first].from
		r := orb.Ring{start}
		for e := first; e >= 0; {
			used[e] = true
			in := edges[e]
			r = append(r, in.to)
			if in.to == start {
				rings = append(rings, r)
				break
			}
			best, bestTurn := -1, math.Inf(1)
			dx, dy := in.to[0]-in.from[0], in.to[1]-in.from[1]
			for _, c := range out[in.to] {
				if used[c] {
					continue
				}
				ex, ey := edges[c].to[0]-edges[c].from[0], edges[c].to[1]-edges[c].from[1]
				if turn := math.Atan2(float64(dx*ey)-float64(dy*ex), float64(dx*ex)+float64(dy*ey)); turn < bestTurn {
					best, bestTurn = c, turn
				}
			}
			e = best
		}
	}
	return rings
}

// splitLoops cuts a closed ring that passes through a point more than once
// (where the boundary of a union touches itself, as around a gap that
// reaches a corner) into loops that do not, each closed.
func splitLoops(r orb.Ring) []orb.Ring {
	var out []orb.Ring
	stack := make([]orb.Point, 0, len(r))
	at := make(map[orb.Point]int, len(r))
	for _, p := range r {
		if i, ok := at[p]; ok {
			loop := append(orb.Ring(nil), stack[i:]...)
			out = append(out, append(loop, p))
			for _, q := range stack[i+1:] {
				delete(at, q)
			}
			stack = stack[:i+1]
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	return out
}

// outside reports cells with more than c.MaxOutsideShare of their area
// outside the unit they mostly lie in.
func (ov *overlay) outside(c Coverage, areas []float64) []Problem {
	in := make([][]int, ov.cells) // units each cell shares ground with
	for _, k := range sortedKeys(ov.acc) {
		if k[0] < ov.cells && k[1] >= ov.cells && ov.areaM2(k) > 0 {
			in[k[0]] = append(in[k[0]], k[1])
		}
	}
	var out []Problem
	for cell, units := range in {
		if ov.parts[cell] == nil || areas[cell] <= 0 {
			continue
		}
		main, mainA := -1, 0.0
		for _, u := range units {
			if a := ov.areaM2([2]int{cell, u}); a > mainA {
				main, mainA = u, a
			}
		}
		rest := math.Max(areas[cell]-mainA, 0)
		if rest/areas[cell] <= c.MaxOutsideShare {
			continue
		}
		pr := Problem{Kind: ProblemOutsideUnit, Faces: []int{cell}, At: LabelPoint(ov.parts[cell]), AreaM2: rest}
		for _, u := range units {
			pr.Units = append(pr.Units, u-ov.cells)
		}
		if main < 0 {
			pr.Message = "feature lies outside every unit"
			out = append(out, pr)
			continue
		}
		for _, q := range ov.parts[cell][0] {
			if !Contains(ov.parts[main], q) {
				pr.At = q
				break
			}
		}
		share := func(u int) float64 { return 100 * ov.areaM2([2]int{cell, u}) / areas[cell] }
		pr.Message = fmt.Sprintf("%.1f%% of the feature (%.3g m²) lies outside unit %d, which holds %.1f%%", 100*rest/areas[cell], rest, main-ov.cells, share(main))
		for _, u := range units {
			if u != main {
				pr.Message += fmt.Sprintf("; %.1f%% lies in unit %d", share(u), u-ov.cells)
			}
		}
		out = append(out, pr)
	}
	return out
}

func sortedKeys[V any](m map[[2]int]V) [][2]int {
	keys := make([][2]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return keys
}
