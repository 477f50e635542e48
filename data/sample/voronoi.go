package sample

import "github.com/paulmach/orb"

// vcell is a convex Voronoi cell: its vertices counter-clockwise (not
// closed) and, for each edge i→i+1, the index of the seed on its other side
// (-1 for the bounding box).
type vcell struct {
	pts    []orb.Point
	across []int
}

// voronoi returns the cells of the first n seeds in the Voronoi diagram of
// all seeds (the rest are ghosts), each the bounding box clipped by the
// bisector half-planes towards every other seed.
func voronoi(seeds []orb.Point, n int, box orb.Bound) []vcell {
	cells := make([]vcell, n)
	for i := range cells {
		c := vcell{
			pts:    []orb.Point{box.Min, {box.Max[0], box.Min[1]}, box.Max, {box.Min[0], box.Max[1]}},
			across: []int{-1, -1, -1, -1},
		}
		for j, s := range seeds {
			if j != i {
				c = clip(c, seeds[i], s, j)
			}
		}
		cells[i] = c
	}
	return cells
}

// clip keeps the part of c closer to s than to t (seed j).
func clip(c vcell, s, t orb.Point, j int) vcell {
	mid := scale(add(s, t), 0.5)
	normal := sub(t, s)
	side := func(p orb.Point) float64 { return dot(sub(p, mid), normal) }
	outside := false
	for _, p := range c.pts {
		if side(p) > 0 {
			outside = true
			break
		}
	}
	if !outside {
		return c
	}
	var out vcell
	n := len(c.pts)
	for i := range n {
		p, q := c.pts[i], c.pts[(i+1)%n]
		dp, dq := side(p), side(q)
		switch {
		case dp <= 0 && dq <= 0:
			out.pts = append(out.pts, p)
			out.across = append(out.across, c.across[i])
		case dp <= 0: // leaving
			out.pts = append(out.pts, p, lerp(p, q, dp/(dp-dq)))
			out.across = append(out.across, c.across[i], j)
		case dq <= 0: // entering
			out.pts = append(out.pts, lerp(p, q, dp/(dp-dq)))
			out.across = append(out.across, c.across[i])
		}
	}
	return out
}
