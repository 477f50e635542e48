package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// metricPlane places hand-made cases in metres near 安稳镇 (106.6°E,
// 29.0°N): at(x, y) is the point x metres east and y metres north of the
// origin.
type metricPlane struct{ f localFrame }

func newMetricPlane() metricPlane {
	o := orb.Point{106.6, 29.0}
	return metricPlane{newLocalFrame(orb.Bound{Min: o, Max: o})}
}

func (m metricPlane) at(x, y float64) orb.Point {
	return orb.Point{m.f.lon0 + x/m.f.kx, m.f.lat0 + y/m.f.ky}
}

// poly returns the closed polygon through the points given in metres.
func (m metricPlane) poly(xy ...[2]float64) orb.Polygon {
	r := make(orb.Ring, 0, len(xy)+1)
	for _, p := range xy {
		r = append(r, m.at(p[0], p[1]))
	}
	return orb.Polygon{append(r, r[0])}
}

// gapAndOverlap returns square A, 100 m, and B to its east, whose western
// border runs from A's south-east corner 0.3 m into the east (a gap) and
// 0.2 m into A (an overlap) to A's north-east corner, crossing A's border
// at y = 54: a gap of 8.1 m² and an overlap of 4.6 m².
func gapAndOverlap(m metricPlane) []orb.Polygon {
	return []orb.Polygon{
		m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{100, 100}, [2]float64{0, 100}),
		m.poly([2]float64{100, 0}, [2]float64{200, 0}, [2]float64{200, 100}, [2]float64{100, 100}, [2]float64{99.8, 70}, [2]float64{100.3, 30}),
	}
}

func TestSnapGapAndOverlap(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	in := gapAndOverlap(m)
	if topo, err := BuildTopology(in); err == nil && len(topo.Validate(ValidateOptions{})) == 0 {
		t.Fatal("the unsnapped squares make a valid topology; the case tests nothing")
	}
	out, st, err := Snap(in, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Inserted != 2 || st.Moved != 0 {
		t.Errorf("Snap stats = %+v; want 2 vertices inserted into A, none moved", st)
	}
	topo, err := BuildTopology(out)
	if err != nil {
		t.Fatalf("BuildTopology after Snap(0.5) = %v", err)
	}
	if ps := topo.Validate(ValidateOptions{}); len(ps) != 0 {
		t.Errorf("Validate after Snap(0.5) = %v; want none", ps)
	}
	for _, v := range []orb.Point{m.at(100.3, 30), m.at(99.8, 70)} {
		if !slices.Contains(out[0][0], v) {
			t.Errorf("A after Snap(0.5) = %v; want B's vertex %v on its border", out[0][0], v)
		}
	}
	if ps := CheckCoverage(out, nil); len(ps) != 0 {
		t.Errorf("CheckCoverage after Snap(0.5) = %v; want none", ps)
	}

	out, st, err = Snap(in, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Inserted != 0 || st.Moved != 0 || !slices.EqualFunc(out, in, SamePolygon) {
		t.Errorf("Snap(0.1) changed the squares: %+v", st)
	}
	got := CheckCoverage(out, nil)
	want := map[string]struct {
		area float64
		at   orb.Point // a point inside the problem
	}{
		ProblemGap:     {8.1, m.at(100.1, 30)},
		ProblemOverlap: {4.6, m.at(99.9, 70)},
	}
	if len(got) != len(want) {
		t.Fatalf("CheckCoverage after Snap(0.1) = %v; want a gap and an overlap", got)
	}
	for _, p := range got {
		w, ok := want[p.Kind]
		if !ok {
			t.Errorf("CheckCoverage reported %v; want only a gap and an overlap", p)
			continue
		}
		if math.Abs(p.AreaM2-w.area) > 0.01*w.area {
			t.Errorf("%s area = %.4g m²; want %.4g m²", p.Kind, p.AreaM2, w.area)
		}
		if d := m.f.dist(p.At, w.at); d > 25 {
			t.Errorf("%s at %v, %.1f m from %v; want it on the problem", p.Kind, p.At, d, w.at)
		}
		if !slices.Equal(p.Faces, []int{0, 1}) {
			t.Errorf("%s names features %v; want [0 1]", p.Kind, p.Faces)
		}
	}
}

// TestSnapTJunction snaps two cells to the east of a third, whose common
// corner lies 0.2 m off the third's border: the corner is inserted into
// the border, and the three share their edges.
func TestSnapTJunction(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	in := []orb.Polygon{
		m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{100, 100}, [2]float64{0, 100}),
		m.poly([2]float64{100.2, 0}, [2]float64{200, 0}, [2]float64{200, 50}, [2]float64{100.2, 50}),
		m.poly([2]float64{100.2, 50}, [2]float64{200, 50}, [2]float64{200, 100}, [2]float64{100.2, 100}),
	}
	out, st, err := Snap(in, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Moved != 2 || st.Inserted != 1 || math.Abs(st.MaxMoveM-0.2) > 1e-5 {
		t.Errorf("Snap stats = %+v; want 2 outer corners moved 0.2 m and the T-junction inserted", st)
	}
	if !slices.Contains(out[0][0], m.at(100.2, 50)) {
		t.Errorf("west cell = %v; want the T-junction %v on it", out[0][0], m.at(100.2, 50))
	}
	if !slices.Contains(out[1][0], m.at(100, 0)) || slices.Contains(out[1][0], m.at(100.2, 0)) {
		t.Errorf("south-east cell = %v; want its corner moved to the west cell's", out[1][0])
	}
	topo, err := BuildTopology(out)
	if err != nil {
		t.Fatalf("BuildTopology = %v", err)
	}
	if ps := topo.Validate(ValidateOptions{}); len(ps) != 0 {
		t.Errorf("Validate = %v; want none", ps)
	}
}

// TestSnapNearButNotAt checks the tolerance both ways: a vertex 0.4 m off a
// neighbour's edge is inserted at 0.5 m and left alone at 0.3 m, and a
// vertex of the same polygon near its own edge never is.
func TestSnapNearButNotAt(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	in := []orb.Polygon{
		m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{100, 100}, [2]float64{0, 100}),
		m.poly([2]float64{100, 0}, [2]float64{200, 0}, [2]float64{200, 100}, [2]float64{100, 100}, [2]float64{100.4, 50}),
		// A notch whose tip comes within 0.3 m of its own opposite side.
		m.poly([2]float64{0, 200}, [2]float64{100, 200}, [2]float64{100, 300}, [2]float64{50, 300}, [2]float64{50, 200.3}, [2]float64{49, 300}, [2]float64{0, 300}),
	}
	for _, tc := range []struct {
		tol      float64
		inserted int
	}{{0.5, 1}, {0.3, 0}} {
		out, st, err := Snap(in, tc.tol)
		if err != nil {
			t.Fatal(err)
		}
		if st.Inserted != tc.inserted {
			t.Errorf("Snap(%v) inserted %d vertices; want %d", tc.tol, st.Inserted, tc.inserted)
		}
		if got := slices.Contains(out[0][0], m.at(100.4, 50)); got != (tc.inserted == 1) {
			t.Errorf("Snap(%v): west square = %v", tc.tol, out[0][0])
		}
		if !SamePolygon(out[2], in[2]) {
			t.Errorf("Snap(%v) changed the notched polygon: %v", tc.tol, out[2])
		}
	}
}

// TestSnapCollapse checks that a polygon thinner than the tolerance is
// returned unchanged and listed, that a thin hole is dropped, and that
// rings stay closed without repeated points.
func TestSnapCollapse(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	square := m.poly([2]float64{0, 0}, [2]float64{100, 0}, [2]float64{100, 100}, [2]float64{0, 100})
	hole := m.poly([2]float64{40, 40}, [2]float64{40.3, 40}, [2]float64{40.3, 60}, [2]float64{40, 60})
	withHole := orb.Polygon{square[0], hole[0]}
	strip := m.poly([2]float64{0, -10}, [2]float64{100, -10}, [2]float64{100, -9.7}, [2]float64{0, -9.7})
	out, st, err := Snap([]orb.Polygon{withHole, strip}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Collapsed, []int{1}) || st.HolesDropped != 1 {
		t.Errorf("Snap stats = %+v; want polygon 1 collapsed and one hole dropped", st)
	}
	if len(out[0]) != 1 || !SamePolygon(out[0], square) {
		t.Errorf("polygon 0 = %v; want the square without its hole", out[0])
	}
	if !SamePolygon(out[1], strip) {
		t.Errorf("collapsed polygon = %v; want it unchanged", out[1])
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, _, err := Snap([]orb.Polygon{square}, bad); err == nil {
			t.Errorf("Snap(tol %v) = nil error; want one", bad)
		}
	}
	if _, _, err := Snap([]orb.Polygon{{{{math.NaN(), 0}, {1, 0}, {1, 1}, {math.NaN(), 0}}}}, 0.5); err == nil {
		t.Error("Snap(NaN coordinate) = nil error; want one")
	}
}

func TestDropSpikes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want []int32 }{
		{[]int32{1, 2, 3, 4}, []int32{1, 2, 3, 4}},
		{[]int32{1, 2, 3, 2, 4}, []int32{1, 2, 4}},
		{[]int32{1, 2, 3, 9, 3, 4}, []int32{1, 2, 3, 4}},
		{[]int32{9, 1, 2, 3, 1}, []int32{1, 2, 3}}, // spike at the first point
		{[]int32{1, 2, 3, 1, 9}, []int32{1, 2, 3}}, // spike at the last point
		{[]int32{1, 2, 3, 3, 4, 1}, []int32{1, 2, 3, 4}},
		{[]int32{1, 2, 1}, []int32{1}},
	} {
		if got, _ := dropSpikes(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("dropSpikes(%v) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// jitter moves every vertex of every polygon independently by up to d
// metres, each polygon's copy of a shared vertex its own way, as polygons
// digitised one by one are.
func jitter(polys []orb.Polygon, d float64, r *rand.Rand) []orb.Polygon {
	f := newLocalFrame(polys[0].Bound())
	out := make([]orb.Polygon, len(polys))
	for i, p := range polys {
		q := make(orb.Polygon, len(p))
		for k, ring := range p {
			open := openRing(ring)
			nr := make(orb.Ring, 0, len(ring))
			for _, v := range open {
				rho, th := d*math.Sqrt(r.Float64()), 2*math.Pi*r.Float64()
				nr = append(nr, orb.Point{v[0] + rho*math.Cos(th)/f.kx, v[1] + rho*math.Sin(th)/f.ky})
			}
			q[k] = append(nr, nr[0])
		}
		out[i] = q
	}
	return out
}

// TestSnapJitteredLattice: a lattice of 1 km cells whose shared edges carry
// 20 wiggled vertices, each polygon's copy jittered by up to 0.2 m, snaps
// at 0.5 m into a topology, each cell's area within its perimeter times
// 0.2 m of the original.
func TestSnapJitteredLattice(t *testing.T) {
	t.Parallel()
	polys := partPolygons(wiggledLattice(8, 6, 20, 0.01))
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 5 {
		in := jitter(polys, 0.2, r)
		if topo, err := BuildTopology(in); err == nil && len(topo.Validate(ValidateOptions{})) == 0 {
			t.Fatal("the jittered lattice makes a valid topology unsnapped; the case tests nothing")
		}
		if len(CheckCoverage(in, nil)) == 0 {
			t.Fatal("CheckCoverage finds nothing wrong with the jittered lattice")
		}
		out, st, err := Snap(in, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if st.MaxMoveM > 0.4 || len(st.Collapsed) > 0 {
			t.Errorf("round %d: Snap stats = %+v; want moves of at most 0.4 m", round, st)
		}
		topo, err := BuildTopology(out)
		if err != nil {
			t.Fatalf("round %d: BuildTopology after Snap = %v", round, err)
		}
		if ps := topo.Validate(ValidateOptions{}); len(ps) != 0 {
			t.Fatalf("round %d: Validate after Snap = %v", round, ps[:min(len(ps), 3)])
		}
		f := newLocalFrame(polys[0].Bound())
		for i := range polys {
			if d, lim := math.Abs(Area(out[i])-Area(polys[i])), f.ringLength(polys[i][0])*0.2; d > lim {
				t.Errorf("round %d: cell %d area changed by %.1f m²; want at most %.1f", round, i, d, lim)
			}
		}
		if ps := CheckCoverage(out, nil); len(ps) != 0 {
			t.Errorf("round %d: CheckCoverage after Snap = %v; want none", round, ps[:min(len(ps), 3)])
		}
	}
}

// Jitter and WiggledLattice are jitter and wiggledLattice for the external
// tests and benchmarks.
var (
	Jitter         = jitter
	WiggledLattice = func(nx, ny, sub int, d float64) []orb.Polygon { return partPolygons(wiggledLattice(nx, ny, sub, d)) }
)

// TestSnapNoChains: vertices 0.4 m apart in a row snap to the first, not
// along the row: the third, 0.8 m from the first, stays where it is, and no
// vertex moves further than the tolerance.
func TestSnapNoChains(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	in := []orb.Polygon{
		m.poly([2]float64{0, 0}, [2]float64{-50, -50}, [2]float64{-50, 0}),
		m.poly([2]float64{0.4, 0}, [2]float64{20, 50}, [2]float64{-20, 50}),
		m.poly([2]float64{0.8, 0}, [2]float64{50, 0}, [2]float64{50, -50}),
	}
	out, st, err := Snap(in, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(out[1][0], m.at(0, 0)) || !slices.Contains(out[2][0], m.at(0.8, 0)) {
		t.Errorf("Snap = %v; want the second vertex on the first and the third left alone", out)
	}
	if st.Moved != 1 || st.MaxMoveM > 0.5 {
		t.Errorf("Snap stats = %+v; want one vertex moved 0.4 m", st)
	}
}
