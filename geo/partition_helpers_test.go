package geo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// wiggledLattice returns nx×ny square cells of side d degrees whose edges carry sub
// interior vertices each, offset sideways by a deterministic wiggle. Shared
// edges have identical vertices in both cells, as in gridmap's data.
func wiggledLattice(nx, ny, sub int, d float64) []Part {
	origin := orb.Point{106.6, 28.5}
	corner := func(i, j int) orb.Point {
		return orb.Point{origin[0] + float64(i)*d, origin[1] + float64(j)*d}
	}
	// edge returns the interior points from corner (i,j) going right (horizontal)
	// or up (vertical).
	edge := func(i, j int, horizontal bool) []orb.Point {
		pts := make([]orb.Point, sub)
		for k := range pts {
			t := float64(k+1) / float64(sub+1)
			w := float64((i*7+j*13+k*3)%5-2) / 2 * 0.2 * d * min(t, 1-t)
			if horizontal {
				pts[k] = orb.Point{corner(i, j)[0] + t*d, corner(i, j)[1] + w}
			} else {
				pts[k] = orb.Point{corner(i, j)[0] + w, corner(i, j)[1] + t*d}
			}
		}
		return pts
	}
	reversed := func(p []orb.Point) []orb.Point {
		out := make([]orb.Point, len(p))
		for i := range p {
			out[i] = p[len(p)-1-i]
		}
		return out
	}
	var parts []Part
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			r := orb.Ring{corner(i, j)}
			r = append(r, edge(i, j, true)...)
			r = append(r, corner(i+1, j))
			r = append(r, edge(i+1, j, false)...)
			r = append(r, corner(i+1, j+1))
			r = append(r, reversed(edge(i, j+1, true))...)
			r = append(r, corner(i, j+1))
			r = append(r, reversed(edge(i, j, false))...)
			r = append(r, corner(i, j))
			parts = append(parts, Part{ID: fmt.Sprintf("c%d-%d", i, j), Polygon: orb.Polygon{r}})
		}
	}
	return parts
}

// unitSquare returns a counter-clockwise square cell with corners (x, y) and
// (x+s, y+s) in the unit plane, for hand-made cases.
func unitSquare(x, y, s float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}
}

func partPolygons(parts []Part) []orb.Polygon {
	out := make([]orb.Polygon, len(parts))
	for i, p := range parts {
		out[i] = p.Polygon
	}
	return out
}
