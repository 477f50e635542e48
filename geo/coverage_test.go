package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// rect returns the rectangle from (x0, y0) to (x1, y1) metres.
func (m metricPlane) rect(x0, y0, x1, y1 float64) orb.Polygon {
	return m.poly([2]float64{x0, y0}, [2]float64{x1, y0}, [2]float64{x1, y1}, [2]float64{x0, y1})
}

// wantProblem is one expected problem: its kind, features, area (0: not
// checked) and a point its location must lie within 1 m of, or inside the
// rectangle in, when set.
type wantProblem struct {
	kind   string
	faces  []int
	units  []int
	areaM2 float64
	in     *[4]float64 // x0, y0, x1, y1 in metres, borders included
}

func TestCheckCoverage(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	box := func(x0, y0, x1, y1 float64) *[4]float64 { return &[4]float64{x0, y0, x1, y1} }
	for _, tc := range []struct {
		name  string
		polys []orb.Polygon
		units []orb.Polygon
		want  []wantProblem
	}{
		{
			name:  "neighbours sharing their edge",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(100, 0, 200, 100)},
		},
		{
			name:  "no polygon and a ring too short",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), {}, {{m.at(200, 0), m.at(300, 0), m.at(200, 0)}}},
			want: []wantProblem{
				{kind: ProblemInvalid, faces: []int{1}},
				{kind: ProblemInvalid, faces: []int{2}, in: box(200, 0, 200, 0)},
			},
		},
		{
			name: "bow tie",
			polys: []orb.Polygon{
				m.rect(0, 0, 100, 100),
				m.poly([2]float64{100, 0}, [2]float64{200, 100}, [2]float64{200, 0}, [2]float64{100, 100}),
			},
			want: []wantProblem{{kind: ProblemSelfIntersection, faces: []int{1}, in: box(150, 50, 150, 50)}},
		},
		{
			name:  "overlap of 10 m by 100 m",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(90, 0, 200, 100)},
			want:  []wantProblem{{kind: ProblemOverlap, faces: []int{0, 1}, areaM2: 1000, in: box(90, 0, 100, 100)}},
		},
		{
			name:  "one inside the other",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(20, 20, 40, 40)},
			want:  []wantProblem{{kind: ProblemOverlap, faces: []int{0, 1}, areaM2: 400, in: box(20, 20, 40, 40)}},
		},
		{
			name:  "along the same edge on the same side",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(0, 0, 100, 50), m.rect(0, 100, 100, 200)},
			want:  []wantProblem{{kind: ProblemOverlap, faces: []int{0, 1}, areaM2: 5000, in: box(0, 0, 100, 50)}},
		},
		{
			name: "T-junction without the shared vertex",
			polys: []orb.Polygon{
				m.rect(0, 0, 100, 100), m.rect(100, 0, 200, 50), m.rect(100, 50, 200, 100),
			},
			want: []wantProblem{
				{kind: ProblemVertex, faces: []int{0, 1}, in: box(100, 50, 100, 50)},
				{kind: ProblemVertex, faces: []int{0, 2}, in: box(100, 50, 100, 50)},
			},
		},
		{
			name: "enclosed ground",
			polys: []orb.Polygon{
				m.poly([2]float64{0, 0}, [2]float64{300, 0}, [2]float64{300, 100}, [2]float64{200, 100}, [2]float64{100, 100}, [2]float64{0, 100}),
				m.rect(0, 100, 100, 200), m.rect(200, 100, 300, 200),
				m.poly([2]float64{0, 200}, [2]float64{100, 200}, [2]float64{200, 200}, [2]float64{300, 200}, [2]float64{300, 300}, [2]float64{0, 300}),
			},
			want: []wantProblem{{kind: ProblemGap, faces: []int{0, 1, 2, 3}, areaM2: 10000, in: box(100, 100, 200, 200)}},
		},
		{
			// The gap reaches the outside at no point but touches it at two
			// corners: the union's boundary must go round it, not split
			// into one ring per cell.
			name: "sliver gap from corner to corner",
			polys: []orb.Polygon{
				m.rect(0, 0, 100, 100),
				m.poly([2]float64{100, 0}, [2]float64{200, 0}, [2]float64{200, 100}, [2]float64{100, 100}, [2]float64{100.4, 50}),
			},
			want: []wantProblem{{kind: ProblemGap, faces: []int{0, 1}, areaM2: 20, in: box(100, 0, 100.4, 100)}},
		},
		{
			name: "slivers between the same neighbours are one problem",
			polys: []orb.Polygon{
				m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{100, 50}, [2]float64{100, 100}, [2]float64{0, 100}),
				m.poly([2]float64{100, 0}, [2]float64{200, 0}, [2]float64{200, 100}, [2]float64{100, 100}, [2]float64{100.3, 75}, [2]float64{100, 50}, [2]float64{100.3, 25}),
			},
			want: []wantProblem{{kind: ProblemGap, faces: []int{0, 1}, areaM2: 15, in: box(100, 0, 100.3, 100)}},
		},
		{
			name:  "apart",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(100, 0, 200, 100), m.rect(300, 0, 350, 100)},
			want:  []wantProblem{{kind: ProblemGap, faces: []int{2}, areaM2: 5000, in: box(300, 0, 350, 100)}},
		},
		{
			name:  "thin sliver",
			polys: []orb.Polygon{m.rect(0, 0, 1000, 3)},
			want:  []wantProblem{{kind: ProblemSliver, faces: []int{0}, areaM2: 3000, in: box(0, 0, 1000, 3)}},
		},
		{
			name:  "small sliver",
			polys: []orb.Polygon{m.rect(0, 0, 10, 5)},
			want:  []wantProblem{{kind: ProblemSliver, faces: []int{0}, areaM2: 50, in: box(0, 0, 10, 5)}},
		},
		{
			name:  "long but wide enough",
			polys: []orb.Polygon{m.rect(0, 0, 1000, 5)},
		},
		{
			name:  "cells against units",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(100, 0, 200, 100), m.rect(200, 0, 300, 100), m.rect(0, 100, 100, 200)},
			units: []orb.Polygon{m.rect(0, 0, 150, 100), m.rect(150, 0, 300, 100)},
			want: []wantProblem{
				{kind: ProblemOutsideUnit, faces: []int{1}, units: []int{0, 1}, areaM2: 5000, in: box(100, 0, 200, 100)},
				{kind: ProblemOutsideUnit, faces: []int{3}, areaM2: 10000, in: box(0, 100, 100, 200)},
			},
		},
		{
			// Both copies of the shared edge must be cut at the same point.
			name: "a unit border across a slanted shared edge",
			polys: []orb.Polygon{
				m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{37.3, 100}, [2]float64{0, 100}),
				m.poly([2]float64{100, 0}, [2]float64{200, 0}, [2]float64{200, 100}, [2]float64{37.3, 100}),
			},
			units: []orb.Polygon{m.rect(0, 0, 200, 43.7), m.rect(0, 43.7, 200, 100)},
			want: []wantProblem{
				{kind: ProblemOutsideUnit, faces: []int{0}, units: []int{0, 1}},
				{kind: ProblemOutsideUnit, faces: []int{1}, units: []int{0, 1}},
			},
		},
		{
			name:  "a cell a little outside its unit",
			polys: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(100, 0, 200, 100)},
			units: []orb.Polygon{m.rect(0, 0, 100, 100), m.rect(100, 0, 199.5, 100)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckCoverage(tc.polys, tc.units)
			if len(got) != len(tc.want) {
				t.Fatalf("CheckCoverage = %v; want %d problems", got, len(tc.want))
			}
			for i, w := range tc.want {
				p := got[i]
				if p.Kind != w.kind || !slices.Equal(p.Faces, w.faces) || !slices.Equal(p.Units, w.units) {
					t.Errorf("problem %d = %v %v units %v; want %s %v units %v", i, p.Kind, p.Faces, p.Units, w.kind, w.faces, w.units)
				}
				if w.areaM2 > 0 && math.Abs(p.AreaM2-w.areaM2) > 0.01*w.areaM2 {
					t.Errorf("%s area = %.5g m²; want %.5g m²", p.Kind, p.AreaM2, w.areaM2)
				}
				if w.in != nil {
					x, y := m.f.xy(p.At)
					if x < w.in[0]-0.01 || x > w.in[2]+0.01 || y < w.in[1]-0.01 || y > w.in[3]+0.01 {
						t.Errorf("%s at (%.2f, %.2f) m; want within %v", p.Kind, x, y, *w.in)
					}
				}
				if p.Message == "" {
					t.Errorf("%s has no message", p.Kind)
				}
			}
		})
	}
}

// TestCanonicalCrossing checks that the two copies of a shared edge, run
// either way, are cut by a third segment at the very same point, which
// plain crossing does not promise.
func TestCanonicalCrossing(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	pt := func() orb.Point { return orb.Point{106.6 + r.Float64()*0.1, 29 + r.Float64()*0.1} }
	plainDiffers := 0
	for range 1000 {
		a, b, c, d := pt(), pt(), pt(), pt()
		x := canonicalCrossing(a, b, c, d)
		for _, y := range []orb.Point{canonicalCrossing(b, a, c, d), canonicalCrossing(c, d, b, a), canonicalCrossing(d, c, a, b)} {
			if y != x {
				t.Fatalf("canonicalCrossing of %v %v %v %v depends on the order: %v and %v", a, b, c, d, x, y)
			}
		}
		if crossing(a, b, c, d) != crossing(b, a, c, d) {
			plainDiffers++
		}
	}
	if plainDiffers == 0 {
		t.Error("crossing never depends on the order here; the test shows nothing")
	}
}
