package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestIndexNear(t *testing.T) {
	// A 2×2 lattice of cells 0.001° wide (about 98 m east–west and 111 m
	// north–south at 28.5°N), south-west corner at (106.6, 28.5).
	var polys []orb.Polygon
	for _, q := range lattice(2) {
		var r orb.Ring
		for _, pt := range q[0] {
			r = append(r, orb.Point{106.6 + pt[0]*0.001, 28.5 + pt[1]*0.001})
		}
		polys = append(polys, orb.Polygon{r})
	}
	ix := NewIndex(polys)
	ky := earthRadius * math.Pi / 180
	cases := []struct {
		name   string
		p      orb.Point
		meters float64
		want   []int
	}{
		{"centre of a cell: nothing within 30 m", orb.Point{106.6005, 28.5005}, 30, nil},
		{"10 m south of the east–west edge", orb.Point{106.6005, 28.501 - 10/ky}, 30, []int{2}},
		{"near the centre vertex: three others, nearest first", orb.Point{106.601 - 0.00001, 28.501 - 0.00002}, 50, []int{1, 2, 3}},
		{"outside the town, 20 m west", orb.Point{106.6 - 0.0002, 28.5005}, 50, []int{0}},
		{"far outside", orb.Point{0, 0}, 50, nil},
	}
	for _, c := range cases {
		hits := ix.Near(c.p, c.meters)
		var got []int
		for _, h := range hits {
			got = append(got, h.Pos)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: Near = %v; want %v", c.name, hits, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: Near = %v; want %v", c.name, hits, c.want)
				break
			}
		}
	}
	if h := ix.Near(orb.Point{106.6005, 28.501 - 10/ky}, 30); len(h) != 1 || math.Abs(h[0].DistanceM-10) > 0.05 {
		t.Errorf("distance to the edge = %v; want 10 m", h)
	}
}
