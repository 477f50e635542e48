package sample

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Edge perturbation. Straight Voronoi edges look nothing like the ridges,
// streams and paths that bound real cells, so every edge between two mesh
// vertices becomes a jagged line by midpoint displacement. An edge is
// perturbed once, from its lower to its higher vertex ID, and both cells
// use the same points, so neighbours keep identical vertices.
//
// Nothing can cross: the perturbed course of an edge stays in the two
// triangles it forms with the seeds on either side, shrunk towards the
// edge. For a Voronoi diagram those triangles, over all edges, never
// overlap (each lies in its own cell, and a cell's triangles fan out from
// its seed), and the course is a graph over the edge, so it cannot cross
// itself either.
const (
	wiggleSpacing = 50.0       // metres: target length of the final segments
	wiggleLevels  = 3          // at most 2^3 segments per edge
	wiggleInner   = 0.20       // displacement, as a fraction of the segment split
	wiggleOuter   = 0.30       // the town boundary is more irregular
	wiggleShrink  = 0.8        // triangles shrunk towards the edge by this factor
	wigglePCG     = 0x77696767 // "wigg"
)

// wiggle returns the interior points of every perturbed edge, from lo to
// hi. nInner is the number of real seeds; seeds beyond it are ghosts.
func (m *mesh) wiggle(nInner int) map[edgeID][]orb.Point {
	out := make(map[edgeID][]orb.Point)
	for ci, ring := range m.rings {
		for i, u := range ring {
			w := ring[(i+1)%len(ring)]
			e, fwd := undirected(u, w)
			if _, done := out[e]; done {
				continue
			}
			left, right := m.seeds[ci], m.seeds[m.across[ci][i]]
			if !fwd {
				left, right = right, left
			}
			amp := wiggleInner
			if m.across[ci][i] >= nInner {
				amp = wiggleOuter
			}
			out[e] = perturb(m.verts[e.lo], m.verts[e.hi], left, right, amp)
		}
	}
	return out
}

// perturb returns the interior points of a jagged course from p to q that
// stays within triangle p, q, left on the left and p, q, right on the right.
func perturb(p, q, left, right orb.Point, amp float64) []orb.Point {
	length := math.Sqrt(dist2(p, q))
	levels := 0
	for levels < wiggleLevels && length/float64(int(1)<<levels) > wiggleSpacing {
		levels++
	}
	if levels == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(wigglePCG, edgeHash(p, q)))
	dir := scale(sub(q, p), 1/length)
	normal := orb.Point{-dir[1], dir[0]} // to the left
	mid := scale(add(p, q), 0.5)
	apexL := lerp(mid, left, wiggleShrink)
	apexR := lerp(mid, right, wiggleShrink)
	inside := func(x orb.Point, h float64) bool {
		if h > 0 {
			return turn(p, q, x) > 0 && turn(q, apexL, x) > 0 && turn(apexL, p, x) > 0
		}
		return turn(q, p, x) > 0 && turn(p, apexR, x) > 0 && turn(apexR, q, x) > 0
	}
	// Points in edge coordinates: t along the edge (0..1), h metres to the left.
	type th struct{ t, h float64 }
	pts := []th{{0, 0}, {1, 0}}
	for range levels {
		next := make([]th, 0, 2*len(pts)-1)
		for k := 0; k+1 < len(pts); k++ {
			a, b := pts[k], pts[k+1]
			span := b.t - a.t
			t := float64((a.t+b.t)/2) + float64(float64(span*0.3)*(float64(rng.Float64())-0.5))
			h := float64((a.h+b.h)/2) + float64(float64(float64(amp*span)*length)*(float64(2*float64(rng.Float64()))-1))
			for tries := 0; h != 0; tries++ {
				if inside(at(p, dir, normal, length, t, h), h) {
					break
				}
				h /= 2
				if tries == 30 {
					h = 0
				}
			}
			next = append(next, a, th{t, h})
		}
		pts = append(next, pts[len(pts)-1])
	}
	out := make([]orb.Point, 0, len(pts)-2)
	for _, x := range pts[1 : len(pts)-1] {
		out = append(out, at(p, dir, normal, length, x.t, x.h))
	}
	return out
}

// at returns the point t·length along the edge from p and h to its left.
func at(p, dir, normal orb.Point, length, t, h float64) orb.Point {
	return add(add(p, scale(dir, float64(t*length))), scale(normal, h))
}

// turn is positive when c lies left of a→b.
func turn(a, b, c orb.Point) float64 {
	return cross(sub(b, a), sub(c, a))
}

// edgeHash keys an edge's random stream on its endpoints, whatever the
// order of the cells that reach it first.
func edgeHash(p, q orb.Point) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, v := range []float64{p[0], p[1], q[0], q[1]} {
		h = splitmix(h ^ math.Float64bits(v))
	}
	return h
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// polygons returns the cells with their perturbed edges, in longitude and
// latitude, closed and counter-clockwise.
func (m *mesh) polygons(wiggles map[edgeID][]orb.Point) []orb.Polygon {
	polys := make([]orb.Polygon, len(m.rings))
	for ci, ring := range m.rings {
		var r orb.Ring
		for i, u := range ring {
			r = append(r, lonLat(m.verts[u]))
			e, fwd := undirected(u, ring[(i+1)%len(ring)])
			pts := wiggles[e]
			for k := range pts {
				if !fwd {
					k = len(pts) - 1 - k
				}
				r = append(r, lonLat(pts[k]))
			}
		}
		polys[ci] = orb.Polygon{append(r, r[0])}
	}
	return polys
}
