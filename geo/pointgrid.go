package geo

import "math"

// pointGrid buckets points (in metres) into square cells, stored compressed
// (a prefix sum of counts and the point ids cell by cell), for "which points
// lie within a distance of this point or segment". Its cells are at least as
// large as the distances asked for, so that a point query reads at most
// four cells.
type pointGrid struct {
	x0, y0, size float64
	cols, rows   int
	start        []int32 // cell c holds ids[start[c]:start[c+1]]
	ids          []int32
}

// newPointGrid buckets the points xs, ys with cells of at least size
// metres, larger when the points are so spread out that there would be
// more than about two cells per point.
func newPointGrid(xs, ys []float64, size float64) *pointGrid {
	g := &pointGrid{}
	if len(xs) == 0 {
		g.cols, g.rows, g.size = 1, 1, 1
		g.start = []int32{0, 0}
		return g
	}
	minX, minY, maxX, maxY := xs[0], ys[0], xs[0], ys[0]
	for i := range xs {
		minX, maxX = math.Min(minX, xs[i]), math.Max(maxX, xs[i])
		minY, maxY = math.Min(minY, ys[i]), math.Max(maxY, ys[i])
	}
	w, h := maxX-minX, maxY-minY
	n := float64(len(xs))
	size = math.Max(size, math.Sqrt(w*h/(2*n)))
	size = math.Max(size, math.Max(w, h)/(2*n)) // a thin strip of points
	if !(size > 0) {
		size = 1
	}
	g.x0, g.y0, g.size = minX, minY, size
	g.cols, g.rows = int(w/size)+1, int(h/size)+1
	g.start = make([]int32, g.cols*g.rows+1)
	for i := range xs {
		g.start[g.cell(xs[i], ys[i])+1]++
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	fill := make([]int32, g.cols*g.rows)
	copy(fill, g.start)
	g.ids = make([]int32, len(xs))
	for i := range xs {
		c := g.cell(xs[i], ys[i])
		g.ids[fill[c]] = int32(i)
		fill[c]++
	}
	return g
}

func (g *pointGrid) col(x float64) int {
	return min(max(int(math.Floor((x-g.x0)/g.size)), 0), g.cols-1)
}

func (g *pointGrid) row(y float64) int {
	return min(max(int(math.Floor((y-g.y0)/g.size)), 0), g.rows-1)
}

func (g *pointGrid) cell(x, y float64) int { return g.row(y)*g.cols + g.col(x) }

// nearPoint calls fn with every point in the cells that the square of half
// side d around (x, y) meets: a superset of the points within d.
func (g *pointGrid) nearPoint(x, y, d float64, fn func(id int32)) {
	c0, c1 := g.col(x-d), g.col(x+d)
	for r := g.row(y - d); r <= g.row(y+d); r++ {
		for _, id := range g.ids[g.start[r*g.cols+c0]:g.start[r*g.cols+c1+1]] {
			fn(id)
		}
	}
}

// nearSegment calls fn once with every point in the cells that the
// segment (ax, ay)–(bx, by), widened by d, meets: a superset of the points
// within d of it. It walks the cells along the segment, so a long diagonal
// segment costs its length in cells, not the area of its bound.
func (g *pointGrid) nearSegment(ax, ay, bx, by, d float64, fn func(id int32)) {
	alongX := math.Abs(bx-ax) >= math.Abs(by-ay)
	if !alongX { // walk rows: swap the roles of x and y
		ax, ay, bx, by = ay, ax, by, bx
	}
	if ax > bx {
		ax, ay, bx, by = bx, by, ax, ay
	}
	lo, hi, org := g.col, g.row, g.x0
	if !alongX {
		lo, hi, org = g.row, g.col, g.y0
	}
	yAt := func(x float64) float64 {
		if bx == ax {
			return ay
		}
		return ay + (x-ax)*(by-ay)/(bx-ax)
	}
	for k := lo(ax - d); k <= lo(bx+d); k++ {
		// The points of this column (row) within d of the segment are
		// within d of its part over the column widened by d.
		u0 := math.Max(org+float64(k)*g.size-d, ax)
		u1 := math.Min(org+float64(k+1)*g.size+d, bx)
		if u0 > u1 {
			u0, u1 = math.Min(math.Max(u0, ax), bx), math.Min(math.Max(u1, ax), bx)
		}
		v0, v1 := yAt(u0), yAt(u1)
		if v0 > v1 {
			v0, v1 = v1, v0
		}
		if bx == ax {
			v0, v1 = math.Min(ay, by), math.Max(ay, by)
		}
		for m := hi(v0 - d); m <= hi(v1+d); m++ {
			c := m*g.cols + k
			if !alongX {
				c = k*g.cols + m
			}
			for _, id := range g.ids[g.start[c]:g.start[c+1]] {
				fn(id)
			}
		}
	}
}
