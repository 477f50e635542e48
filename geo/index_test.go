package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// lattice returns an n×n partition of the square [0,n]² into unit squares,
// counter-clockwise, numbered row by row from the south-west.
func lattice(n int) []orb.Polygon {
	var ps []orb.Polygon
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x), float64(y)
			ps = append(ps, orb.Polygon{{{fx, fy}, {fx + 1, fy}, {fx + 1, fy + 1}, {fx, fy + 1}, {fx, fy}}})
		}
	}
	return ps
}

func TestIndexLocate(t *testing.T) {
	// 2×2 lattice: 0 south-west, 1 south-east, 2 north-west, 3 north-east.
	ix := NewIndex(lattice(2))
	cases := []struct {
		name string
		p    orb.Point
		want int // -1: not found
	}{
		{"interior south-west", orb.Point{0.5, 0.5}, 0},
		{"interior north-east", orb.Point{1.5, 1.5}, 3},
		{"vertical shared edge goes east", orb.Point{1, 0.5}, 1},
		{"horizontal shared edge goes north", orb.Point{0.5, 1}, 2},
		{"centre vertex goes north-east", orb.Point{1, 1}, 3},
		{"west outer edge is inside", orb.Point{0, 0.5}, 0},
		{"south outer edge is inside", orb.Point{0.5, 0}, 0},
		{"east outer edge is outside", orb.Point{2, 0.5}, -1},
		{"north outer edge is outside", orb.Point{0.5, 2}, -1},
		{"outside", orb.Point{3, 3}, -1},
		{"NaN", orb.Point{math.NaN(), 0.5}, -1},
		{"infinity", orb.Point{math.Inf(1), 0.5}, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ix.Locate(c.p)
			if !ok {
				got = -1
			}
			if got != c.want {
				t.Errorf("Locate(%v) = %d; want %d", c.p, got, c.want)
			}
		})
	}
}

func TestIndexEmpty(t *testing.T) {
	if i, ok := NewIndex(nil).Locate(orb.Point{0, 0}); ok {
		t.Errorf("Locate on empty index = %d; want not found", i)
	}
}

// jitteredLattice is an n×n lattice whose interior vertices are moved at
// random, with rings in alternating orientations, so shared edges are
// sloped and run in opposite directions in the two cells.
func jitteredLattice(n int, r *rand.Rand) []orb.Polygon {
	v := make([][]orb.Point, n+1)
	for y := 0; y <= n; y++ {
		v[y] = make([]orb.Point, n+1)
		for x := 0; x <= n; x++ {
			p := orb.Point{float64(x), float64(y)}
			if x > 0 && x < n && y > 0 && y < n {
				p[0] += (r.Float64() - 0.5) * 0.6
				p[1] += (r.Float64() - 0.5) * 0.6
			}
			v[y][x] = p
		}
	}
	var ps []orb.Polygon
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			ring := orb.Ring{v[y][x], v[y][x+1], v[y+1][x+1], v[y+1][x], v[y][x]}
			if (x+y)%2 == 1 {
				for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
					ring[i], ring[j] = ring[j], ring[i]
				}
			}
			ps = append(ps, orb.Polygon{ring})
		}
	}
	return ps
}

// TestIndexExactlyOne checks that points on shared edges and vertices, and
// random interior points, are in exactly one cell, and that the index
// agrees with testing every cell.
func TestIndexExactlyOne(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 6
	ps := jitteredLattice(n, r)
	ix := NewIndex(ps)
	var pts []orb.Point
	for _, p := range ps {
		ring := p[0]
		for i := 0; i+1 < len(ring); i++ {
			a, b := ring[i], ring[i+1]
			pts = append(pts, a)
			for k := 0; k < 5; k++ {
				f := r.Float64()
				pts = append(pts, orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])})
			}
		}
	}
	for k := 0; k < 2000; k++ {
		pts = append(pts, orb.Point{0.001 + r.Float64()*(n-0.002), 0.001 + r.Float64()*(n-0.002)})
	}
	for _, pt := range pts {
		onEastOrNorthEdge := pt[0] == n || pt[1] == n
		var in []int
		for i, p := range ps {
			if Contains(p, pt) {
				in = append(in, i)
			}
		}
		got, ok := ix.Locate(pt)
		switch {
		case onEastOrNorthEdge:
			if len(in) != 0 || ok {
				t.Errorf("point %v on the east/north outer edge in %v (Locate %d, %v); want none", pt, in, got, ok)
			}
		case len(in) != 1:
			t.Errorf("point %v in cells %v; want exactly one", pt, in)
		case !ok || got != in[0]:
			t.Errorf("Locate(%v) = %d, %v; want %d", pt, got, ok, in[0])
		}
	}
}

func TestContainsWithHole(t *testing.T) {
	p := orb.Polygon{
		{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
		{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}},
	}
	cases := []struct {
		name string
		pt   orb.Point
		want bool
	}{
		{"in the shell", orb.Point{0.5, 0.5}, true},
		{"in the hole", orb.Point{2, 2}, false},
		{"open ring is closed implicitly", orb.Point{3.5, 3.5}, true},
	}
	for _, c := range cases {
		if got := Contains(p, c.pt); got != c.want {
			t.Errorf("%s: Contains(%v) = %v; want %v", c.name, c.pt, got, c.want)
		}
	}
	open := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}}}
	if !Contains(open, orb.Point{1, 1}) {
		t.Errorf("Contains(open ring, {1 1}) = false; want true")
	}
}

func TestIntersectsBound(t *testing.T) {
	tri := orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}}
	cases := []struct {
		name string
		b    orb.Bound
		want bool
	}{
		{"contains a vertex", orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{1, 1}}, true},
		{"inside the polygon", orb.Bound{Min: orb.Point{0.5, 0.5}, Max: orb.Point{1, 1}}, true},
		{"crossed by an edge only", orb.Bound{Min: orb.Point{1.5, 1.5}, Max: orb.Point{3, 3}}, true},
		{"in the bound but beyond the hypotenuse", orb.Bound{Min: orb.Point{3, 3}, Max: orb.Point{4, 4}}, false},
		{"touching an edge", orb.Bound{Min: orb.Point{2, 2}, Max: orb.Point{3, 3}}, true},
		{"far away", orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}, false},
	}
	for _, c := range cases {
		if got := IntersectsBound(tri, c.b); got != c.want {
			t.Errorf("%s: IntersectsBound(%v) = %v; want %v", c.name, c.b, got, c.want)
		}
	}
}

func TestLabelPointInside(t *testing.T) {
	// A C shape whose centroid falls in its notch.
	c := orb.Polygon{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}}
	if p := LabelPoint(c); !Contains(c, p) {
		t.Errorf("LabelPoint(C shape) = %v; outside the polygon", p)
	}
	sq := lattice(1)[0]
	if p := LabelPoint(sq); p != (orb.Point{0.5, 0.5}) {
		t.Errorf("LabelPoint(unit square) = %v; want its centre", p)
	}
}

// TestIndexOverlapping: the bbox candidates are exactly the polygons
// whose bounds meet the box, ascending, for boxes small and large, inside,
// across and outside the lattice, with an empty polygon among them.
func TestIndexOverlapping(t *testing.T) {
	polys := lattice(20)
	polys[7] = nil
	ix := NewIndex(polys)
	rnd := rand.New(rand.NewPCG(15, 1))
	boxes := []orb.Bound{
		{Min: orb.Point{-5, -5}, Max: orb.Point{-1, -1}},
		{Min: orb.Point{-5, -5}, Max: orb.Point{50, 50}},
		{Min: orb.Point{3.5, 3.5}, Max: orb.Point{3.6, 3.6}},
		{Min: orb.Point{3, 3}, Max: orb.Point{4, 4}},
		{Min: orb.Point{19.5, -1}, Max: orb.Point{30, 0.5}},
	}
	for range 200 {
		x, y := rnd.Float64()*24-2, rnd.Float64()*24-2
		w, h := rnd.Float64()*rnd.Float64()*10, rnd.Float64()*rnd.Float64()*10
		boxes = append(boxes, orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}})
	}
	for _, b := range boxes {
		var want []int
		for i, p := range polys {
			if len(p) > 0 && p.Bound().Intersects(b) {
				want = append(want, i)
			}
		}
		got := ix.Overlapping(b)
		if len(got) != len(want) {
			t.Fatalf("Overlapping(%v) = %v; want %v", b, got, want)
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("Overlapping(%v) = %v; want %v", b, got, want)
			}
			if ix.Bound(got[k]) != polys[got[k]].Bound() {
				t.Errorf("Bound(%d) = %v; want %v", got[k], ix.Bound(got[k]), polys[got[k]].Bound())
			}
		}
	}
}
