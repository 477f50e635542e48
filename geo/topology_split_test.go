package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// lattice2x2 are four unit squares: 0 at the origin, 1 to its east, 2 to
// its north, 3 at the north-east.
func lattice2x2() []orb.Polygon {
	return []orb.Polygon{unitSquare(0, 0, 1), unitSquare(1, 0, 1), unitSquare(0, 1, 1), unitSquare(1, 1, 1)}
}

// enclosing are a U-shaped face 0 and a cap 1 along its top, which share
// two edges and enclose the square face 2 between them.
func enclosing() []orb.Polygon {
	return []orb.Polygon{
		{{{0, 0}, {3, 0}, {3, 2}, {2, 2}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}},
		{{{0, 2}, {1, 2}, {2, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 2}}},
		unitSquare(1, 1, 1),
	}
}

// pinched are a square face 0, a face 1 that shares its east side and
// touches its north-west corner, and the triangle 2 they enclose: the
// union of 0 and 1 would touch itself at that corner.
func pinched() []orb.Polygon {
	return []orb.Polygon{
		unitSquare(0, 0, 1),
		{{{1, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 1}, {0.5, 1.5}, {1, 1}, {1, 0}}},
		{{{0, 1}, {1, 1}, {0.5, 1.5}, {0, 1}}},
	}
}

// lShape is an L-shaped face 0 with a square face 1 in its notch.
func lShape() []orb.Polygon {
	return []orb.Polygon{
		{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}},
		unitSquare(1, 1, 1),
	}
}

// townLattice is jitteredLattice(n) at the scale of a town, cells of
// about 500 m: on cells a degree wide, a vertex inserted into a straight
// edge changes Area measurably, since the edge is not straight in its
// equal-area projection.
func townLattice(n int, seed uint64) []orb.Polygon {
	polys := jitteredLattice(n, rand.New(rand.NewPCG(seed, 3)))
	for _, p := range polys {
		for _, r := range p {
			for i, q := range r {
				r[i] = orb.Point{121 + q[0]*0.005, 31 + q[1]*0.005}
			}
		}
	}
	return polys
}

func mustBuild(tb testing.TB, polys []orb.Polygon) *Topology {
	tb.Helper()
	top, err := BuildTopology(polys)
	if err != nil {
		tb.Fatalf("BuildTopology: %v", err)
	}
	return top
}

// degreeArea returns the area of p in square degrees. Where a split inserts
// a vertex into a sloping edge, the edge stays straight in longitude and
// latitude but not in the projection Area uses, so Area of the faces
// beside it changes by about a millionth on 500 m cells (less on shorter
// edges); planar areas add up exactly.
func degreeArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(planarArea(p[0]))
	for _, h := range p[1:] {
		a -= math.Abs(planarArea(h))
	}
	return a
}

// hasVertex reports whether p is a vertex of poly.
func hasVertex(poly orb.Polygon, p orb.Point) bool {
	for _, r := range poly {
		if slices.Contains(r, p) {
			return true
		}
	}
	return false
}

// checkSplit splits a face along a line and checks the result: one more
// face, the two parts adding up to the old face and the larger keeping its
// index, the other faces' areas unchanged, Validate clean with removed,
// and every face whose boundary the line's ends land on having them as
// vertices.
func checkSplit(tb testing.TB, top *Topology, face int, line orb.LineString, removed []int) (*Topology, int) {
	tb.Helper()
	before := top.Polygons()
	u, nf, err := top.SplitFace(face, line)
	if err != nil {
		tb.Fatalf("SplitFace(%d, %v): %v", face, line, err)
	}
	if nf != len(before) || len(u.Faces) != len(before)+1 {
		tb.Fatalf("SplitFace(%d, %v) = new face %d of %d; want %d of %d", face, line, nf, len(u.Faces), len(before), len(before)+1)
	}
	after := u.Polygons()
	if a, b := Area(after[face]), Area(after[nf]); a < b {
		tb.Errorf("SplitFace(%d, %v): parts of %g and %g m²; want the larger first", face, line, a, b)
	}
	if a, b, want := degreeArea(after[face]), degreeArea(after[nf]), degreeArea(before[face]); !closeEnough(a+b, want) {
		tb.Errorf("SplitFace(%d, %v): parts of %g and %g square degrees; want them adding up to %g", face, line, a, b, want)
	}
	for f := range before {
		if f != face && !closeEnough(degreeArea(after[f]), degreeArea(before[f])) {
			tb.Errorf("SplitFace(%d, %v): face %d changed area from %g to %g square degrees", face, line, f, degreeArea(before[f]), degreeArea(after[f]))
		}
	}
	if a, b := totalArea(after), totalArea(before); !closeEnough(a, b) {
		tb.Errorf("SplitFace(%d, %v): total area %g; want %g", face, line, a, b)
	}
	if ps := u.Validate(ValidateOptions{Removed: removed}); ps != nil {
		tb.Errorf("SplitFace(%d, %v): Validate() = %v; want nil", face, line, ps)
	}
	// The ends landed at the vertices of the new face nearest the drawn ends.
	for _, end := range []orb.Point{line[0], line[len(line)-1]} {
		land, d := orb.Point{}, math.Inf(1)
		for _, q := range after[nf][0] {
			if e := math.Hypot(q[0]-end[0], q[1]-end[1]); e < d {
				land, d = q, e
			}
		}
		if d > SplitTolerance {
			tb.Errorf("SplitFace(%d, %v): no vertex of the new face within %g of the end %v", face, line, SplitTolerance, end)
		}
		if !hasVertex(after[face], land) {
			tb.Errorf("SplitFace(%d, %v): the end %v is not a vertex of face %d", face, line, land, face)
		}
		for f, p := range before {
			if f != face && len(p) > 0 && distToBoundary(p, land) < 1e-12 && !hasVertex(after[f], land) {
				tb.Errorf("SplitFace(%d, %v): neighbour %d has no vertex at the end %v", face, line, f, land)
			}
		}
	}
	return u, nf
}

func TestSplitFace(t *testing.T) {
	jittered := townLattice(3, 7)
	centre := jittered[4][0]
	tests := []struct {
		name  string
		polys []orb.Polygon
		face  int
		line  orb.LineString
		inKey orb.Point // a point that must end up in the face keeping the index
	}{
		{"straight across, outline to a neighbour", lattice2x2(), 0, orb.LineString{{0, 0.3}, {1, 0.3}}, orb.Point{0.5, 0.6}},
		{"straight across, neighbour to neighbour", lattice2x2(), 3, orb.LineString{{1.4, 1}, {1.4, 2}}, orb.Point{1.75, 1.5}},
		{"through an existing vertex", lattice2x2(), 3, orb.LineString{{1, 1}, {2, 1.7}}, orb.Point{1.5, 1.8}},
		{"ends snapped onto the boundary", lattice2x2(), 0, orb.LineString{{-5e-7, 0.3}, {1 + 4e-7, 0.3}}, orb.Point{0.5, 0.6}},
		{"end near a vertex uses it", lattice2x2(), 0, orb.LineString{{0, 0.2}, {1 + 3e-7, 1 - 3e-7}}, orb.Point{0.8, 0.3}},
		{"polyline with a bend", lattice2x2(), 1, orb.LineString{{1, 0.5}, {1.5, 0.2}, {2, 0.5}}, orb.Point{1.5, 0.8}},
		{"both ends on one side", lattice2x2(), 0, orb.LineString{{0.2, 0}, {0.5, 0.5}, {0.8, 0}}, orb.Point{0.1, 0.9}},
		{"hole stays in its part", squaresWithHole(), 0, orb.LineString{{0, 0.1}, {1, 0.1}}, orb.Point{0.1, 0.5}},
		{"jittered centre, opposite sides", jittered, 4, orb.LineString{midpoint(centre[0], centre[1]), midpoint(centre[2], centre[3])}, orb.Point{}},
		{"jittered centre, adjacent sides", jittered, 4, orb.LineString{midpoint(centre[0], centre[1]), LabelPoint(jittered[4]), midpoint(centre[1], centre[2])}, orb.Point{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := mustBuild(t, tt.polys)
			u, _ := checkSplit(t, top, tt.face, tt.line, nil)
			if tt.inKey != (orb.Point{}) {
				if p := u.Polygon(tt.face); !Contains(p, tt.inKey) {
					t.Errorf("SplitFace(%d, %v): face %d = %v; want the larger part, with %v", tt.face, tt.line, tt.face, p, tt.inKey)
				}
			}
			// The receiver is untouched.
			if got := top.Polygons(); len(got) != len(tt.polys) || !sameRing(got[tt.face][0], RightHand(tt.polys[tt.face])[0]) {
				t.Errorf("SplitFace(%d, %v) changed the receiver", tt.face, tt.line)
			}
		})
	}
}

func TestSplitFaceRejects(t *testing.T) {
	merged, err := mustBuild(t, lattice2x2()).MergeFaces(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	tests := []struct {
		name string
		top  *Topology
		face int
		line orb.LineString
		want string
	}{
		{"one point", mustBuild(t, lattice2x2()), 0, orb.LineString{{0.5, 0}}, "at least 2 are needed"},
		{"no face", mustBuild(t, lattice2x2()), 4, orb.LineString{{0, 0.5}, {1, 0.5}}, "no face 4"},
		{"merged-away face", merged, 1, orb.LineString{{1, 0.5}, {2, 0.5}}, "face 1 is empty"},
		{"not finite", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {nan, 0.5}, {1, 0.5}}, "not finite"},
		{"start inside", mustBuild(t, lattice2x2()), 0, orb.LineString{{0.5, 0.5}, {1, 0.5}}, "first point [0.5 0.5] of the line is not on the boundary of face 0"},
		{"end inside", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.5, 0.5}}, "last point [0.5 0.5] of the line is not on the boundary"},
		{"end beyond the tolerance", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {1 + 1e-5, 0.5}}, "is not on the boundary"},
		{"end on another face", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {2, 0.5}}, "last point [2 0.5] of the line is not on the boundary"},
		{"same point", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.5, 0.6}, {0, 0.5}}, "starts and ends at the same point"},
		{"along the boundary", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0}, {1, 0}}, "no area"},
		{"crosses the boundary", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {1.5, 0.5}, {1.5, 0.8}, {1, 0.8}}, "crosses or touches its boundary"},
		{"touches the boundary", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.5, 1}, {1, 0.5}}, "point [0.5 1] of the line to split face 0 along is on its boundary"},
		{"bends just inside the boundary", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.5, 1 - 5e-7}, {1, 0.5}}, "is on its boundary or within"},
		{"passes a vertex", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.5, 0.5}, {1.5, 1.5}, {0.8, 1.6}, {0.8, 1}}, "crosses or touches its boundary at [1 1]"},
		{"leaves the face", mustBuild(t, lShape()), 0, orb.LineString{{1.5, 1}, {1, 1.5}}, "leaves the face"},
		{"crosses itself", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.8, 0.5}, {0.8, 0.8}, {0.5, 0.8}, {0.5, 0.2}, {1, 0.2}}, "crosses or touches itself"},
		{"turns back on itself", mustBuild(t, lattice2x2()), 0, orb.LineString{{0, 0.5}, {0.8, 0.5}, {0.4, 0.5}, {1, 0.6}}, "crosses or touches itself"},
		{"ends on a hole", mustBuild(t, squaresWithHole()), 0, orb.LineString{{0, 0.5}, {0.25, 0.5}}, "hole"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, nf, err := tt.top.SplitFace(tt.face, tt.line)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("SplitFace(%d, %v) = %v, %d, %v; want an error containing %q", tt.face, tt.line, u, nf, err, tt.want)
			}
		})
	}
}

// checkMerge merges two faces and checks the result: keep covers the sum
// of both areas, gone is empty, the others are unchanged, and Validate is
// clean with removed (gone added) and reports gone as empty without.
func checkMerge(tb testing.TB, top *Topology, keep, gone int, removed []int) *Topology {
	tb.Helper()
	before := top.Polygons()
	u, err := top.MergeFaces(keep, gone)
	if err != nil {
		tb.Fatalf("MergeFaces(%d, %d): %v", keep, gone, err)
	}
	after := u.Polygons()
	if len(after) != len(before) || len(after[gone]) != 0 || len(u.Faces[gone].Rings) != 0 {
		tb.Fatalf("MergeFaces(%d, %d): %d faces, face %d = %v; want %d faces and face %d empty", keep, gone, len(after), gone, after[gone], len(before), gone)
	}
	if a, want := Area(after[keep]), Area(before[keep])+Area(before[gone]); !closeEnough(a, want) {
		tb.Errorf("MergeFaces(%d, %d): face %d covers %g m²; want %g", keep, gone, keep, a, want)
	}
	for f := range before {
		if f != keep && f != gone && !closeEnough(Area(after[f]), Area(before[f])) {
			tb.Errorf("MergeFaces(%d, %d): face %d changed area from %g to %g", keep, gone, f, Area(before[f]), Area(after[f]))
		}
	}
	removed = append(slices.Clone(removed), gone)
	if ps := u.Validate(ValidateOptions{Removed: removed}); ps != nil {
		tb.Errorf("MergeFaces(%d, %d): Validate(Removed: %v) = %v; want nil", keep, gone, removed, ps)
	}
	ps := u.Validate(ValidateOptions{Removed: removed[:len(removed)-1]})
	if !slices.ContainsFunc(ps, func(p Problem) bool { return p.Kind == ProblemEmpty && slices.Equal(p.Faces, []int{gone}) }) {
		tb.Errorf("MergeFaces(%d, %d): Validate() without face %d removed = %v; want it reported empty", keep, gone, gone, kinds(ps))
	}
	return u
}

func TestMergeFaces(t *testing.T) {
	tests := []struct {
		name       string
		polys      []orb.Polygon
		keep, gone int
		dissolved  []orb.Point // nodes that must become plain vertices
	}{
		{"side by side", lattice2x2(), 0, 1, []orb.Point{{1, 0}}},
		{"keep after gone", lattice2x2(), 3, 1, []orb.Point{{2, 1}}},
		{"island into the face around it", squaresWithHole(), 0, 4, nil},
		{"face with a hole into a neighbour", squaresWithHole(), 1, 0, []orb.Point{{1, 0}}},
		{"notch of an L", lShape(), 0, 1, []orb.Point{{2, 1}, {1, 2}}},
		{"jittered centre", townLattice(3, 7), 4, 5, nil},
		{"union around another face", enclosing(), 1, 0, []orb.Point{{0, 2}, {3, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := mustBuild(t, tt.polys)
			u := checkMerge(t, top, tt.keep, tt.gone, nil)
			for _, p := range tt.dissolved {
				if slices.Contains(u.Nodes, p) {
					t.Errorf("MergeFaces(%d, %d): %v is still a node", tt.keep, tt.gone, p)
				}
			}
			if n := len(top.Polygons()[tt.gone]); n == 0 {
				t.Errorf("MergeFaces(%d, %d) emptied face %d of the receiver", tt.keep, tt.gone, tt.gone)
			}
		})
	}
}

func TestMergeFacesRejects(t *testing.T) {
	top := mustBuild(t, lattice2x2())
	merged, err := top.MergeFaces(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		top        *Topology
		keep, gone int
		want       string
	}{
		{"corner only", top, 0, 3, "share no edge"},
		{"union touching itself", mustBuild(t, pinched()), 0, 1, "would touch itself at [0 1]"},
		{"itself", top, 2, 2, "with itself"},
		{"keep out of range", top, -1, 0, "no face -1"},
		{"gone out of range", top, 0, 4, "no face 4"},
		{"gone already merged", merged, 0, 1, "face 1 is empty"},
		{"keep already merged", merged, 1, 0, "face 1 is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.top.MergeFaces(tt.keep, tt.gone); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("MergeFaces(%d, %d) error = %v; want one containing %q", tt.keep, tt.gone, err, tt.want)
			}
		})
	}
}

// areaSet returns the planar areas of the non-empty faces, sorted.
func areaSet(polys []orb.Polygon) []float64 {
	var out []float64
	for _, p := range polys {
		if len(p) > 0 {
			out = append(out, degreeArea(p))
		}
	}
	slices.Sort(out)
	return out
}

func sameAreas(a, b []float64) bool {
	return slices.EqualFunc(a, b, closeEnough)
}

func TestMergeThenSplit(t *testing.T) {
	polys := lattice2x2()
	top := mustBuild(t, polys)
	u := checkMerge(t, top, 0, 1, nil)
	v, nf := checkSplit(t, u, 0, orb.LineString{{1, 0}, {1, 1}}, []int{1})
	if nf != 4 {
		t.Errorf("SplitFace after MergeFaces = new face %d; want 4", nf)
	}
	if got, want := areaSet(v.Polygons()), areaSet(polys); !sameAreas(got, want) {
		t.Errorf("areas after a merge and a split = %v; want %v", got, want)
	}
}

func TestSplitThenMerge(t *testing.T) {
	polys := townLattice(3, 7)
	top := mustBuild(t, polys)
	r := polys[4][0]
	u, nf := checkSplit(t, top, 4, orb.LineString{midpoint(r[0], r[1]), midpoint(r[2], r[3])}, nil)
	v := checkMerge(t, u, 4, nf, nil)
	if got, want := areaSet(v.Polygons()), areaSet(polys); !sameAreas(got, want) {
		t.Errorf("areas after a split and a merge = %v; want %v", got, want)
	}
	if !closeEnough(degreeArea(v.Polygon(4)), degreeArea(polys[4])) {
		t.Errorf("face 4 after a split and a merge covers %g square degrees; want %g", degreeArea(v.Polygon(4)), degreeArea(polys[4]))
	}
}

// TestSplitMergeProperty splits random faces of a jittered lattice along
// random chords between two points of their boundary, and merges random
// neighbours: the total area stays the same and Validate stays clean, with
// the merged-away faces removed. Chords that leave their face and merges
// whose union would touch itself are refused.
func TestSplitMergeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	polys := townLattice(6, 11)
	top := mustBuild(t, polys)
	total := totalArea(polys)
	var removed []int
	splits, merges, refused := 0, 0, 0
	for step := range 100 {
		if r.IntN(3) > 0 {
			var live []int
			for f, face := range top.Faces {
				if len(face.Rings) > 0 {
					live = append(live, f)
				}
			}
			f := live[r.IntN(len(live))]
			ring := top.Polygon(f)[0]
			n := len(ring) - 1
			k1, k2 := r.IntN(n), r.IntN(n)
			if k1 == k2 {
				k2 = (k1 + 1 + r.IntN(n-1)) % n
			}
			at := func(k int) orb.Point {
				s := 0.1 + 0.8*r.Float64()
				a, b := ring[k], ring[k+1]
				return orb.Point{a[0] + s*(b[0]-a[0]), a[1] + s*(b[1]-a[1])}
			}
			line := orb.LineString{at(k1), at(k2)}
			if r.IntN(2) == 0 {
				line = orb.LineString{line[0], midpoint(midpoint(line[0], line[1]), LabelPoint(top.Polygon(f))), line[1]}
			}
			u, _, err := top.SplitFace(f, line)
			if err != nil {
				if !strings.Contains(err.Error(), "leaves the face") && !strings.Contains(err.Error(), "crosses or touches its boundary") {
					t.Fatalf("step %d: SplitFace(%d, %v): %v", step, f, line, err)
				}
				refused++
				continue
			}
			top = u
			splits++
		} else {
			var shared []Edge
			for _, e := range top.Edges {
				if e.Left != Outside && e.Right != Outside {
					shared = append(shared, e)
				}
			}
			e := shared[r.IntN(len(shared))]
			keep, gone := e.Left, e.Right
			if r.IntN(2) == 0 {
				keep, gone = gone, keep
			}
			u, err := top.MergeFaces(keep, gone)
			if err != nil {
				if !strings.Contains(err.Error(), "touch itself") {
					t.Fatalf("step %d: MergeFaces(%d, %d): %v", step, keep, gone, err)
				}
				refused++
				continue
			}
			top = u
			removed = append(removed, gone)
			merges++
		}
		if a := totalArea(top.Polygons()); !closeEnough(a, total) {
			t.Fatalf("step %d: total area %g; want %g", step, a, total)
		}
		if ps := top.Validate(ValidateOptions{Removed: removed}); ps != nil {
			t.Fatalf("step %d: Validate(Removed: %v) = %v; want nil", step, removed, ps)
		}
	}
	t.Logf("%d splits, %d merges, %d refused; %d faces, %d removed", splits, merges, refused, len(top.Faces), len(removed))
	if splits < 20 || merges < 10 {
		t.Errorf("only %d splits and %d merges succeeded; want at least 20 and 10", splits, merges)
	}
}
