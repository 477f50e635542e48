package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// earthRadius is the mean Earth radius in metres (IUGG), for short local
// distances where the sphere is accurate to well under a metre.
const earthRadius = 6371008.8

// Hit is a polygon near a point and the distance to its boundary.
type Hit struct {
	Pos       int     // position in the polygons the index was built from
	DistanceM float64 // metres from the point to the polygon's boundary
}

// Near returns the polygons whose boundary lies within meters of p, other
// than the one containing p, nearest first. It answers "is this report
// close to another cell?" for reports near a shared edge. Distances use a
// local equirectangular projection at p, exact to centimetres over the
// tens of metres this is meant for.
func (ix *Index) Near(p orb.Point, meters float64) []Hit {
	if ix.nx == 0 || math.IsNaN(p[0]) || math.IsNaN(p[1]) || meters < 0 {
		return nil
	}
	kx := earthRadius * math.Pi / 180 * math.Cos(p[1]*math.Pi/180) // metres per degree of longitude here
	ky := earthRadius * math.Pi / 180
	dx, dy := meters/kx, meters/ky
	lo := orb.Point{p[0] - dx, p[1] - dy}
	hi := orb.Point{p[0] + dx, p[1] + dy}
	if hi[0] < ix.bound.Min[0] || lo[0] > ix.bound.Max[0] || hi[1] < ix.bound.Min[1] || lo[1] > ix.bound.Max[1] {
		return nil
	}
	inside, _ := ix.Locate(p)
	x0, y0 := ix.bucketOf(lo)
	x1, y1 := ix.bucketOf(hi)
	seen := map[int32]bool{}
	var hits []Hit
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			b := y*ix.nx + x
			for _, c := range ix.cand[ix.start[b]:ix.start[b+1]] {
				if seen[c] || int(c) == inside {
					continue
				}
				seen[c] = true
				ip := &ix.polys[c]
				if ip.bound.Max[0] < lo[0] || ip.bound.Min[0] > hi[0] || ip.bound.Max[1] < lo[1] || ip.bound.Min[1] > hi[1] {
					continue
				}
				if d := ix.boundaryDistance(ip, p, kx, ky); d <= meters {
					hits = append(hits, Hit{Pos: int(c), DistanceM: d})
				}
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].DistanceM != hits[j].DistanceM {
			return hits[i].DistanceM < hits[j].DistanceM
		}
		return hits[i].Pos < hits[j].Pos
	})
	return hits
}

// boundaryDistance is the distance in metres from p to the nearest edge of
// a polygon, with kx, ky metres per degree.
func (ix *Index) boundaryDistance(ip *indexedPolygon, p orb.Point, kx, ky float64) float64 {
	best := math.Inf(1)
	for _, r := range ip.rings {
		for i := r.lo; i+1 < r.hi; i++ {
			ax, ay := (ix.xs[i]-p[0])*kx, (ix.ys[i]-p[1])*ky
			bx, by := (ix.xs[i+1]-p[0])*kx, (ix.ys[i+1]-p[1])*ky
			best = math.Min(best, segmentDistance(ax, ay, bx, by))
		}
	}
	return best
}

// segmentDistance is the distance from the origin to the segment ab.
func segmentDistance(ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := 0.0
	if l := vx*vx + vy*vy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*vx+ay*vy)/l))
	}
	return math.Hypot(ax+t*vx, ay+t*vy)
}
