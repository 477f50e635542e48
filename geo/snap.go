package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// SnapStats says what Snap changed, for the import report.
type SnapStats struct {
	Moved    int     // vertices moved onto another vertex within the tolerance
	Inserted int     // vertices inserted into an edge of another polygon
	MaxMoveM float64 // the longest move, in metres
	// Dropped counts points removed because snapping repeated them or
	// folded a ring back on itself (a spike of no width).
	Dropped int
	// Collapsed lists the polygons whose exterior ring snapping would
	// reduce to fewer than three points or to no area. They are returned
	// unchanged, for CheckCoverage and the report to point at.
	Collapsed []int
	// HolesDropped counts holes that collapsed and were left out.
	HolesDropped int
}

// Snap makes polygons digitised one by one share their boundaries: within
// tolM metres, vertices become one vertex and a vertex of one polygon is
// inserted into the edges of the others it lies near, so that two
// neighbours with small gaps or overlaps along their border end up with
// the same vertices on it, as BuildTopology and ValidatePartition require.
// polys are in longitude/latitude degrees; distances are measured with
// the ellipsoid's local scales (see localFrame).
//
// Vertices are clustered greedily in input order: each vertex moves to the
// nearest earlier vertex within tolM that has not itself moved, or stays.
// So every move is at most tolM (a mean of a chain of clusters could drift
// further), every output coordinate is an input coordinate, the vertices
// left are more than tolM apart, and the result does not depend on map or
// grid order, only on the order of the input: the polygon listed first
// keeps its vertices. Edge insertion then adds no new coordinates either.
//
// Vertices of one ring closer than tolM merge too: a ring loses detail
// finer than the tolerance. A tolerance of 0 returns copies unchanged.
//
// Rings come back closed, without repeated points or spikes, wound as they
// were. A hole that collapses is dropped; a polygon whose exterior collapses
// is returned unchanged and listed in SnapStats.Collapsed. Snap does not
// repair rings that cross themselves; CheckCoverage reports them. Its
// error is for input it cannot work with: a tolerance that is negative or
// not finite, or a coordinate that is not finite.
func Snap(polys []orb.Polygon, tolM float64) ([]orb.Polygon, SnapStats, error) {
	var st SnapStats
	if !(tolM >= 0) || math.IsInf(tolM, 0) {
		return nil, st, fmt.Errorf("geo: snap: tolerance %v m is not a distance", tolM)
	}
	s := &vertexSnap{tol: tolM}
	if err := s.load(polys); err != nil {
		return nil, st, err
	}
	out := make([]orb.Polygon, len(polys))
	if tolM == 0 || len(s.pts) == 0 {
		for i, p := range polys {
			out[i] = clonePolygon(p)
		}
		return out, st, nil
	}
	s.cluster(&st)
	s.collectPolyReps()
	for i, p := range polys {
		if len(p) == 0 {
			out[i] = orb.Polygon{}
			continue
		}
		q := make(orb.Polygon, 0, len(p))
		collapsed := false
		for r := range p {
			ring, ok := s.snapRing(i, s.ringOf[i]+r, &st)
			switch {
			case ok:
				q = append(q, ring)
			case r == 0:
				collapsed = true
			default:
				st.HolesDropped++
			}
		}
		if collapsed {
			st.Collapsed = append(st.Collapsed, i)
			q = clonePolygon(p)
		}
		out[i] = q
	}
	return out, st, nil
}

// vertexSnap holds the vertices of all rings, flat, for Snap.
type vertexSnap struct {
	tol    float64
	frame  localFrame
	pts    []orb.Point // input vertices, rings without their closing point
	xs, ys []float64   // the same in metres
	poly   []int32     // polygon of each vertex
	rings  [][2]int32  // vertex range of each ring
	ringOf []int       // first ring of each polygon
	grid   *pointGrid
	rep    []int32 // the vertex each vertex snaps to; rep[i] == i for those that stay

	polyStart []int32 // polygon i's distinct reps are polyReps[polyStart[i]:polyStart[i+1]], sorted
	polyReps  []int32
}

func (s *vertexSnap) load(polys []orb.Polygon) error {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += len(r)
		}
	}
	s.pts = make([]orb.Point, 0, n)
	s.poly = make([]int32, 0, n)
	s.ringOf = make([]int, len(polys))
	var edgeLen float64
	for i, p := range polys {
		s.ringOf[i] = len(s.rings)
		for _, r := range p {
			lo := int32(len(s.pts))
			r = openRing(r)
			for _, q := range r {
				if math.IsNaN(q[0]) || math.IsNaN(q[1]) || math.IsInf(q[0], 0) || math.IsInf(q[1], 0) {
					return fmt.Errorf("geo: snap: polygon %d has a coordinate that is not finite at %v", i, q)
				}
				b = b.Extend(q)
				s.pts = append(s.pts, q)
				s.poly = append(s.poly, int32(i))
			}
			s.rings = append(s.rings, [2]int32{lo, int32(len(s.pts))})
		}
	}
	if len(s.pts) == 0 {
		return nil
	}
	s.frame = newLocalFrame(b)
	s.xs, s.ys = make([]float64, len(s.pts)), make([]float64, len(s.pts))
	for i, q := range s.pts {
		s.xs[i], s.ys[i] = s.frame.xy(q)
	}
	for _, r := range s.rings {
		for i := r[0]; i+1 < r[1]; i++ {
			edgeLen += math.Hypot(s.xs[i+1]-s.xs[i], s.ys[i+1]-s.ys[i])
		}
	}
	// Cells about as long as an edge hold a few vertices each and are
	// crossed by an edge in a few steps.
	size := 2 * s.tol
	if len(s.pts) > len(s.rings) {
		size = math.Max(size, edgeLen/float64(len(s.pts)-len(s.rings)))
	}
	s.grid = newPointGrid(s.xs, s.ys, size)
	return nil
}

// cluster sets rep: in input order, each vertex goes to the nearest earlier
// vertex within the tolerance that stays, or stays itself.
func (s *vertexSnap) cluster(st *SnapStats) {
	s.rep = make([]int32, len(s.pts))
	tol2 := s.tol * s.tol
	for i := range s.pts {
		x, y := s.xs[i], s.ys[i]
		best, bestD := int32(i), math.Inf(1)
		s.grid.nearPoint(x, y, s.tol, func(j int32) {
			if int(j) >= i || s.rep[j] != j {
				return
			}
			d := (s.xs[j]-x)*(s.xs[j]-x) + (s.ys[j]-y)*(s.ys[j]-y)
			if d <= tol2 && (d < bestD || (d == bestD && j < best)) {
				best, bestD = j, d
			}
		})
		s.rep[i] = best
		if s.pts[best] != s.pts[i] {
			st.Moved++
			st.MaxMoveM = math.Max(st.MaxMoveM, math.Sqrt(bestD))
		}
	}
}

// collectPolyReps lists the distinct vertices each polygon ends up with.
func (s *vertexSnap) collectPolyReps() {
	np := len(s.ringOf)
	s.polyStart = make([]int32, np+1)
	s.polyReps = make([]int32, 0, len(s.pts))
	i := 0
	for p := range np {
		s.polyStart[p] = int32(len(s.polyReps))
		lo := len(s.polyReps)
		for i < len(s.pts) && int(s.poly[i]) == p {
			s.polyReps = append(s.polyReps, s.rep[i])
			i++
		}
		part := s.polyReps[lo:]
		slices.Sort(part)
		s.polyReps = s.polyReps[:lo+len(slices.Compact(part))]
	}
	s.polyStart[np] = int32(len(s.polyReps))
}

func (s *vertexSnap) hasVertex(poly int, v int32) bool {
	_, found := slices.BinarySearch(s.polyReps[s.polyStart[poly]:s.polyStart[poly+1]], v)
	return found
}

// snapRing returns ring k of polygon poly with its vertices snapped and the
// vertices of other polygons near its edges inserted, closed, or false when
// it collapses.
func (s *vertexSnap) snapRing(poly, k int, st *SnapStats) (orb.Ring, bool) {
	lo, hi := s.rings[k][0], s.rings[k][1]
	seq := make([]int32, 0, hi-lo)
	for i := lo; i < hi; i++ {
		v := s.rep[i]
		if len(seq) > 0 && seq[len(seq)-1] == v {
			st.Dropped++
			continue
		}
		seq = append(seq, v)
	}
	for len(seq) > 1 && seq[0] == seq[len(seq)-1] {
		seq = seq[:len(seq)-1]
		st.Dropped++
	}
	type near struct {
		t float64
		v int32
	}
	var ins []near
	out := make([]int32, 0, len(seq)+4)
	tol2 := s.tol * s.tol
	for e := range seq {
		a, b := seq[e], seq[(e+1)%len(seq)]
		out = append(out, a)
		if a == b {
			continue
		}
		ax, ay, bx, by := s.xs[a], s.ys[a], s.xs[b], s.ys[b]
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		ins = ins[:0]
		s.grid.nearSegment(ax, ay, bx, by, s.tol, func(j int32) {
			if s.rep[j] != j || j == a || j == b {
				return
			}
			t := ((s.xs[j]-ax)*dx + (s.ys[j]-ay)*dy) / l2
			if !(t > 0 && t < 1) {
				return
			}
			px, py := ax+t*dx-s.xs[j], ay+t*dy-s.ys[j]
			if px*px+py*py > tol2 || s.hasVertex(poly, j) {
				return
			}
			ins = append(ins, near{t, j})
		})
		slices.SortFunc(ins, func(p, q near) int {
			if p.t != q.t {
				if p.t < q.t {
					return -1
				}
				return 1
			}
			return int(p.v - q.v)
		})
		for _, n := range ins {
			out = append(out, n.v)
		}
		st.Inserted += len(ins)
	}
	out, dropped := dropSpikes(out)
	st.Dropped += dropped
	if len(out) < 3 {
		return nil, false
	}
	ring := make(orb.Ring, len(out)+1)
	for i, v := range out {
		ring[i] = s.pts[v]
	}
	ring[len(out)] = ring[0]
	if planarArea(ring) == 0 {
		return nil, false
	}
	return ring, true
}

// dropSpikes removes from the closed sequence seq (without its closing
// point) every stretch that runs out and straight back (a, b, a becomes a)
// and repeated points, and says how many points it removed.
func dropSpikes(seq []int32) ([]int32, int) {
	n := len(seq)
	st := seq[:0:0]
	for _, v := range seq {
		if len(st) > 0 && st[len(st)-1] == v {
			continue
		}
		if len(st) >= 2 && st[len(st)-2] == v {
			st = st[:len(st)-1]
			continue
		}
		st = append(st, v)
	}
	for {
		m := len(st)
		switch {
		case m >= 2 && st[0] == st[m-1]:
			st = st[:m-1]
		case m >= 3 && st[1] == st[m-1]: // a spike at st[0]
			st = st[1 : m-1]
		case m >= 3 && st[m-2] == st[0]: // a spike at st[m-1]
			st = st[:m-2]
		default:
			return st, n - len(st)
		}
	}
}

func clonePolygon(p orb.Polygon) orb.Polygon {
	if p == nil {
		return nil
	}
	q := make(orb.Polygon, len(p))
	for i, r := range p {
		q[i] = slices.Clone(r)
	}
	return q
}
