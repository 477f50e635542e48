package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// SplitTolerance is the distance in degrees (about 0.1 m), planar in
// longitude and latitude, within which SplitFace takes an end of a drawn
// line to lie on the face's boundary. An end within it of a boundary
// vertex becomes that vertex; otherwise it is moved onto the nearest
// boundary segment and becomes a new vertex there.
const SplitTolerance = 1e-6

// SplitFace and MergeFaces change which faces there are, not only where
// their boundaries run, so unlike the other edits they rebuild the
// topology from the polygons: face indexes stay as they were (a split
// appends one face, a merge leaves an empty one), while nodes and edges
// are numbered anew. The new topology keeps the town's outline that the
// receiver was built with, for Validate.

// SplitFace returns the topology with a face cut in two along a drawn
// line, and the index of the new face. The line's first and last points
// must lie on the face's outer boundary (within SplitTolerance; see
// there), its other points inside the face and farther than
// SplitTolerance from its boundary, and it must cross neither itself nor
// the boundary. Its ends become vertices of the boundary, in the
// neighbouring faces too, so that shared vertices stay identical. The
// larger part by Area keeps the index face (and so the cell's code); the
// smaller is appended at index len(t.Faces). Other faces keep their
// indexes; nodes and edges are numbered anew.
//
// A new vertex leaves its edge straight in longitude and latitude, so the
// neighbours keep their shape; their Area may change in the last digits
// (about a millionth on a sloping 500 m edge), as Area follows edges
// straight in its projection.
//
// Holes of the face stay in whichever part contains them. A line that
// starts or ends on a hole is refused, since it would not cut the face in
// two. It fails also when the line has fewer than 2 points, a coordinate
// is not finite, the ends are not on the boundary or meet, the line leaves
// the face, or a part would have no area. The error says which.
func (t *Topology) SplitFace(face int, line orb.LineString) (*Topology, int, error) {
	if err := t.checkFace(face); err != nil {
		return nil, 0, err
	}
	if len(line) < 2 {
		return nil, 0, editErrorf(EditLineShort, []int{face}, orb.Point{}, "geo: the line to split face %d along has %d points; at least 2 are needed", face, len(line))
	}
	for _, p := range line {
		if err := checkFinite(p); err != nil {
			return nil, 0, err
		}
	}
	polys := t.Polygons()
	// An end landing on the town's boundary is a new vertex of its outline.
	outline := slices.Clone(t.outline)
	q1, err := landOnBoundary(polys, outline, face, line[0], "first")
	if err != nil {
		return nil, 0, err
	}
	q2, err := landOnBoundary(polys, outline, face, line[len(line)-1], "last")
	if err != nil {
		return nil, 0, err
	}
	if q1 == q2 {
		return nil, 0, editErrorf(EditLineClosed, []int{face}, q1, "geo: the line to split face %d along starts and ends at the same point %v of its boundary", face, q1)
	}
	pts := orb.LineString{q1}
	for _, p := range line[1 : len(line)-1] {
		if p != pts[len(pts)-1] {
			pts = append(pts, p)
		}
	}
	if pts[len(pts)-1] != q2 {
		pts = append(pts, q2)
	}
	ext := polys[face][0]
	ext = ext[:len(ext)-1]
	i1, i2 := slices.Index(ext, q1), slices.Index(ext, q2)
	if i1 < 0 || i2 < 0 {
		return nil, 0, editErrorf(EditLineOnHole, []int{face}, q1, "geo: the line to split face %d along ends on the boundary of a hole; a line must run between two points of the outer boundary to cut the face in two", face)
	}
	if n := len(ext); len(pts) == 2 && (i2 == (i1+1)%n || i1 == (i2+1)%n) {
		return nil, 0, editErrorf(EditNoArea, []int{face}, q1, "geo: the line to split face %d along runs along its boundary from %v to %v and would leave a part with no area", face, q1, q2)
	}
	for _, p := range pts[1 : len(pts)-1] {
		if d := distToBoundary(polys[face], p); d <= SplitTolerance {
			return nil, 0, editErrorf(EditLineTouchesBoundary, []int{face}, p, "geo: the point %v of the line to split face %d along is on its boundary or within %g° of it; only the first and last points may be", p, face, SplitTolerance)
		}
	}
	if err := checkSplitLine(polys[face], face, pts); err != nil {
		return nil, 0, err
	}

	inner := pts[1 : len(pts)-1]
	a := cyclic(ext, i1, i2)
	for k := len(inner) - 1; k >= 0; k-- {
		a = append(a, inner[k])
	}
	b := cyclic(ext, i2, i1)
	b = append(b, inner...)
	parts := []orb.Polygon{{append(a, a[0])}, {append(b, b[0])}}
	for _, p := range parts {
		if planarArea(p[0]) <= 0 || Area(p) <= 0 {
			return nil, 0, editErrorf(EditNoArea, []int{face}, p[0][0], "geo: splitting face %d along the line would leave a part with no area (at %v)", face, p[0][0])
		}
	}
	for _, h := range polys[face][1:] {
		k := 1
		if Contains(parts[0], h[0]) {
			k = 0
		}
		parts[k] = append(parts[k], h)
	}
	if Area(parts[0]) < Area(parts[1]) {
		parts[0], parts[1] = parts[1], parts[0]
	}
	polys[face] = parts[0]
	polys = append(polys, parts[1])
	u, err := rebuilt(polys, outline)
	if err != nil {
		return nil, 0, editErrorf(EditBroken, []int{face}, orb.Point{}, "geo: splitting face %d: %v", face, err)
	}
	return u, len(t.Faces), nil
}

// MergeFaces returns the topology with face gone merged into face keep:
// keep becomes their union, without the edges they shared, and gone is
// left empty (no rings) so that every other face keeps its index. Nodes
// that no longer separate three or more edges or different faces become
// plain vertices of the edges through them; nodes and edges are numbered
// anew. Validate accepts the empty face when it is listed in
// ValidateOptions.Removed.
//
// It fails when an index is out of range, keep equals gone, either face is
// already empty, the faces share no edge (meeting at a point is not
// enough), or their union would not be one polygon (its boundary touching
// itself at a point).
func (t *Topology) MergeFaces(keep, gone int) (*Topology, error) {
	if err := t.checkFace(keep); err != nil {
		return nil, err
	}
	if err := t.checkFace(gone); err != nil {
		return nil, err
	}
	if keep == gone {
		return nil, editErrorf(EditMergeSelf, []int{keep}, orb.Point{}, "geo: cannot merge face %d with itself", keep)
	}
	if !slices.ContainsFunc(t.Edges, func(e Edge) bool {
		return (e.Left == keep && e.Right == gone) || (e.Left == gone && e.Right == keep)
	}) {
		return nil, editErrorf(EditNotNeighbours, []int{keep, gone}, orb.Point{}, "geo: faces %d and %d share no edge; only neighbours along a boundary can be merged", keep, gone)
	}
	polys := t.Polygons()
	edges := newEdgeSet(0)
	for _, f := range []int{keep, gone} {
		for _, r := range polys[f] {
			edges.addRing(r, f)
		}
	}
	for _, u := range edges.uses {
		if bad, _, _ := u.overlapped(); bad {
			return nil, editErrorf(EditMergeShape, []int{keep, gone}, u.key.lo, "geo: faces %d and %d overlap along the edge at %v; they cannot be merged", keep, gone, u.key.lo)
		}
	}
	rings, pinches := chain(edges.boundary())
	if len(pinches) > 0 {
		return nil, editErrorf(EditMergeShape, []int{keep, gone}, pinches[0], "geo: the union of faces %d and %d would touch itself at %v; they cannot be merged", keep, gone, pinches[0])
	}
	var union orb.Polygon
	var holes []orb.Ring
	for _, r := range rings {
		switch {
		case !r.closed:
			return nil, editErrorf(EditMergeShape, []int{keep, gone}, r.ring[0], "geo: the boundary of faces %d and %d does not close at %v; they cannot be merged", keep, gone, r.ring[0])
		case planarArea(r.ring) > 0:
			union = append(union, r.ring)
		default:
			holes = append(holes, r.ring)
		}
	}
	if len(union) != 1 {
		return nil, editErrorf(EditMergeShape, []int{keep, gone}, orb.Point{}, "geo: the union of faces %d and %d has %d outer boundaries, not one; they cannot be merged", keep, gone, len(union))
	}
	polys[keep] = append(union, holes...)
	polys[gone] = orb.Polygon{}
	u, err := rebuilt(polys, t.outline)
	if err != nil {
		return nil, editErrorf(EditBroken, []int{keep, gone}, orb.Point{}, "geo: merging faces %d and %d: %v", keep, gone, err)
	}
	return u, nil
}

func (t *Topology) checkFace(face int) error {
	if face < 0 || face >= len(t.Faces) {
		return editErrorf(EditNoFace, []int{face}, orb.Point{}, "geo: topology has no face %d", face)
	}
	if len(t.Faces[face].Rings) == 0 {
		return editErrorf(EditNoFace, []int{face}, orb.Point{}, "geo: face %d is empty (merged away)", face)
	}
	return nil
}

// rebuilt builds the topology of polys, which may hold empty faces, with
// the town's outline (nil when unknown).
func rebuilt(polys []orb.Polygon, outline orb.Polygon) (*Topology, error) {
	u, err := buildTopology(polys, true)
	if err != nil {
		return nil, err
	}
	u.outline = outline
	return u, nil
}

// cyclic returns the points of the ring r (without its closing point) from
// index i to index j inclusive, going forward and wrapping round.
func cyclic(r orb.Ring, i, j int) orb.Ring {
	n := len(r)
	out := orb.Ring{r[i]}
	for k := i; k%n != j; {
		k++
		out = append(out, r[k%n])
	}
	return out
}

// landOnBoundary finds where p lands on the boundary of face within
// SplitTolerance: a vertex of it, or else the nearest point of its nearest
// segment, which is then inserted into every ring of polys with that
// segment (the face's and its neighbour's, or outline's) in place. which
// names the end for errors.
func landOnBoundary(polys []orb.Polygon, outline orb.Polygon, face int, p orb.Point, which string) (orb.Point, error) {
	best, bestD := orb.Point{}, math.Inf(1)
	for _, r := range polys[face] {
		for _, q := range r {
			if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d < bestD {
				best, bestD = q, d
			}
		}
	}
	if bestD <= SplitTolerance {
		return best, nil
	}
	var seg edgeKey
	bestD = math.Inf(1)
	for _, r := range polys[face] {
		for k := 0; k+1 < len(r); k++ {
			q := nearestOnSegment(r[k], r[k+1], p)
			if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d < bestD {
				best, bestD, seg = q, d, edgeKey{r[k], r[k+1]}
			}
		}
	}
	if bestD > SplitTolerance {
		return orb.Point{}, editErrorf(EditLineOffBoundary, []int{face}, p, "geo: the %s point %v of the line is not on the boundary of face %d (it is %.3g° away; at most %g° is accepted)", which, p, face, bestD, SplitTolerance)
	}
	if best == seg.lo || best == seg.hi {
		return best, nil
	}
	insert := func(poly orb.Polygon) {
		for ri, r := range poly {
			for k := 0; k+1 < len(r); k++ {
				if (r[k] == seg.lo && r[k+1] == seg.hi) || (r[k] == seg.hi && r[k+1] == seg.lo) {
					poly[ri] = slices.Insert(slices.Clone(r), k+1, best)
					break
				}
			}
		}
	}
	for _, poly := range polys {
		insert(poly)
	}
	insert(outline)
	return best, nil
}

// distToBoundary returns the planar distance in degrees from p to the
// nearest boundary segment of poly.
func distToBoundary(poly orb.Polygon, p orb.Point) float64 {
	d := math.Inf(1)
	for _, r := range poly {
		for k := 0; k+1 < len(r); k++ {
			q := nearestOnSegment(r[k], r[k+1], p)
			d = math.Min(d, math.Hypot(q[0]-p[0], q[1]-p[1]))
		}
	}
	return d
}

// nearestOnSegment returns the point of the segment ab nearest to p.
func nearestOnSegment(a, b, p orb.Point) orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return a
	}
	s := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	switch {
	case s <= 0:
		return a
	case s >= 1:
		return b
	}
	return orb.Point{a[0] + s*dx, a[1] + s*dy}
}

// checkSplitLine checks that the line pts, whose ends are vertices of the
// boundary of poly, crosses neither itself nor the boundary, meets the
// boundary only at its ends, and runs inside poly.
func checkSplitLine(poly orb.Polygon, face int, pts orb.LineString) error {
	last := len(pts) - 2 // index of the last segment
	for i := 0; i <= last; i++ {
		for j := i + 1; j <= last; j++ {
			rel, at := relate(pts[i], pts[i+1], pts[j], pts[j+1])
			if rel == relNone || (rel == relShared && j == i+1 && at == pts[j]) {
				continue
			}
			return editErrorf(EditLineCrossesItself, []int{face}, at, "geo: the line to split face %d along crosses or touches itself at %v", face, at)
		}
	}
	for i := 0; i <= last; i++ {
		a, b := pts[i], pts[i+1]
		for _, r := range poly {
			for k := 0; k+1 < len(r); k++ {
				rel, at := relate(a, b, r[k], r[k+1])
				if rel == relNone || (rel == relShared && ((i == 0 && at == pts[0]) || (i == last && at == pts[last+1]))) {
					continue
				}
				return editErrorf(EditLineTouchesBoundary, []int{face}, at, "geo: the line to split face %d along crosses or touches its boundary at %v", face, at)
			}
		}
		// Meeting the boundary only at its ends, a segment lies wholly
		// inside the face or wholly outside it.
		if m := midpoint(a, b); !Contains(poly, m) {
			return editErrorf(EditLineLeavesFace, []int{face}, m, "geo: the line to split face %d along leaves the face at %v", face, m)
		}
	}
	return nil
}
