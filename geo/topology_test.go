package geo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestBuildTopologySquaresWithHole(t *testing.T) {
	polys := squaresWithHole()
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatalf("BuildTopology: %v", err)
	}
	checkTopology(t, top, polys)
	// The centre, the four midpoints of the outer sides, and one point on
	// the hole's ring, which meets no other.
	if len(top.Nodes) != 6 {
		t.Errorf("%d nodes %v; want 6", len(top.Nodes), top.Nodes)
	}
	var sides []string
	for _, e := range top.Edges {
		sides = append(sides, fmt.Sprintf("%d %d", min(e.Left, e.Right), max(e.Left, e.Right)))
	}
	slices.Sort(sides)
	want := []string{"-1 0", "-1 1", "-1 2", "-1 3", "0 1", "0 2", "0 4", "1 3", "2 3"}
	if !slices.Equal(sides, want) {
		t.Errorf("edges separate faces %q; want %q", sides, want)
	}
	hole := top.Faces[0].Rings[1]
	if len(hole) != 1 {
		t.Fatalf("the hole is %d edges; want 1", len(hole))
	}
	if e, _ := EdgeIndex(hole[0]); top.Edges[e].Start != top.Edges[e].End || !slices.Equal(top.Faces[4].Rings[0], []int{^hole[0]}) {
		t.Errorf("hole ring %v of face 0 and ring %v of face 4 are not one closed edge followed both ways", hole, top.Faces[4].Rings[0])
	}
	if ps := top.Validate(ValidateOptions{}); ps != nil {
		t.Errorf("Validate() = %v; want nil", ps)
	}
	// The hole's one node moves in the cell with the hole and in the island.
	hn := top.Edges[^top.Faces[4].Rings[0][0]].Start
	grown, err := top.MoveNode(hn, orb.Point{0.2, 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if got := changedFaces(top.Polygons(), grown.Polygons()); !slices.Equal(got, []int{0, 4}) {
		t.Errorf("moving the hole's node changed faces %v; want [0 4]", got)
	}
	if ps := grown.Validate(ValidateOptions{}); ps != nil {
		t.Errorf("Validate() after moving the hole's node = %v; want nil", ps)
	}
	if a, b := totalArea(polys), totalArea(grown.Polygons()); !closeEnough(a, b) {
		t.Errorf("total area %v after moving the hole's node; want %v", b, a)
	}
	centre := slices.Index(top.Nodes, orb.Point{1, 1})
	if got := top.NodeFaces(centre); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("NodeFaces(centre) = %v; want [0 1 2 3]", got)
	}
}

func TestBuildTopologyLattice(t *testing.T) {
	for _, n := range []int{1, 2, 5, 12} {
		polys := jitteredLattice(n, rand.New(rand.NewPCG(uint64(n), 7)))
		top, err := BuildTopology(polys)
		if err != nil {
			t.Fatalf("n=%d: BuildTopology: %v", n, err)
		}
		checkTopology(t, top, polys)
		// Every lattice point is a node but the four corners; every side
		// between two of them an edge, the outer ones joined at corners.
		wantNodes, wantEdges := (n+1)*(n+1)-4, 2*n*(n-1)+4*n-4
		if n == 1 {
			wantNodes, wantEdges = 1, 1
		}
		if len(top.Nodes) != wantNodes || len(top.Edges) != wantEdges {
			t.Errorf("n=%d: %d nodes and %d edges; want %d and %d", n, len(top.Nodes), len(top.Edges), wantNodes, wantEdges)
		}
		if ps := top.Validate(ValidateOptions{}); ps != nil {
			t.Errorf("n=%d: Validate() = %v; want nil", n, ps)
		}
	}
}

func TestBuildTopologySnaps(t *testing.T) {
	polys := []orb.Polygon{unitSquare(0, 0, 1), unitSquare(1, 0, 1)}
	polys[1][0][0][0] += 3e-10 // (1,0) in the right square, a rounding apart
	polys[1][0][4] = polys[1][0][0]
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatalf("BuildTopology: %v", err)
	}
	if len(top.Edges) != 3 || len(top.Nodes) != 2 {
		t.Errorf("%d edges and %d nodes; want 3 and 2 once (1,0) is snapped", len(top.Edges), len(top.Nodes))
	}
}

func TestBuildTopologyRejects(t *testing.T) {
	tests := []struct {
		name  string
		polys []orb.Polygon
		want  string
	}{
		{"overlapping along an edge", []orb.Polygon{unitSquare(0, 0, 1), unitSquare(0, 0, 1)}, "polygons 0 and 1 lie on the same side"},
		{"three sharing a side", []orb.Polygon{unitSquare(0, 0, 1), unitSquare(1, 0, 1), {{{1, 0}, {1.5, 0.5}, {1, 1}, {1, 0}}}}, "polygons 1 and 2 lie on the same side"},
		{"no ring", []orb.Polygon{unitSquare(0, 0, 1), {}}, "polygon 1 has no ring"},
		{"degenerate ring", []orb.Polygon{{{{0, 0}, {1, 0}, {0, 0}}}}, "polygon 0 ring 0 has fewer than 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BuildTopology(tt.polys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("BuildTopology() error = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// changedFaces lists the faces whose polygons differ.
func changedFaces(a, b []orb.Polygon) []int {
	var out []int
	for i := range a {
		same := len(a[i]) == len(b[i])
		for r := 0; same && r < len(a[i]); r++ {
			same = sameRing(a[i][r], b[i][r])
		}
		if !same {
			out = append(out, i)
		}
	}
	return out
}

func TestMoveNode(t *testing.T) {
	polys := jitteredLattice(6, rand.New(rand.NewPCG(3, 4)))
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	before := top.Polygons()
	node := slices.IndexFunc(top.Nodes, func(p orb.Point) bool { return p[0] > 2.5 && p[0] < 3.5 && p[1] > 2.5 && p[1] < 3.5 })
	to := orb.Point{top.Nodes[node][0] + 0.02, top.Nodes[node][1] - 0.01}
	moved, err := top.MoveNode(node, to)
	if err != nil {
		t.Fatal(err)
	}
	after := moved.Polygons()
	if got, want := changedFaces(before, after), top.NodeFaces(node); !slices.Equal(got, want) || len(want) != 4 {
		t.Errorf("MoveNode changed faces %v; want the 4 sharing the node, %v", got, want)
	}
	for _, f := range top.NodeFaces(node) {
		if !slices.Contains(after[f][0], to) || slices.Contains(after[f][0], top.Nodes[node]) {
			t.Errorf("face %d after the move = %v; want it through %v, not %v", f, after[f][0], to, top.Nodes[node])
		}
	}
	if ps := moved.Validate(ValidateOptions{}); ps != nil {
		t.Errorf("Validate() after a small move = %v; want nil", ps)
	}
	if a, b := totalArea(before), totalArea(after); !closeEnough(a, b) {
		t.Errorf("total area %v after the move; want %v", b, a)
	}
	checkTopology(t, top, polys) // the old topology is untouched

	// Across the far side of one of its faces: the faces cross.
	f := top.NodeFaces(node)[0]
	far := -1
	for _, ref := range top.Faces[f].Rings[0] {
		if e, _ := EdgeIndex(ref); top.Edges[e].Start != node && top.Edges[e].End != node {
			far = e
		}
	}
	line := top.Edges[far].Line
	m := midpoint(line[0], line[1])
	c := LabelPoint(before[f])
	crossed, err := top.MoveNode(node, orb.Point{m[0] + (m[0]-c[0])*0.1, m[1] + (m[1]-c[1])*0.1})
	if err != nil {
		t.Fatal(err)
	}
	ps := crossed.Validate(ValidateOptions{})
	if len(ps) == 0 {
		t.Fatal("Validate() after moving a node across an edge = nil; want problems")
	}
	named := false
	for _, p := range ps {
		if p.Kind == ProblemCross && slices.Contains(p.Faces, f) {
			named = true
		}
	}
	if !named {
		t.Errorf("Validate() = %v; want a crossing naming face %d", kinds(ps), f)
	}
	if _, err := top.MoveNode(len(top.Nodes), to); err == nil {
		t.Error("MoveNode(no such node) = nil error")
	}
}

func TestVertexEdits(t *testing.T) {
	parts := wiggledLattice(3, 3, 3, 0.01)
	polys := partPolygons(parts)
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	before := top.Polygons()
	// An interior edge with its 3 wiggled vertices.
	edge := slices.IndexFunc(top.Edges, func(e Edge) bool { return e.Left != Outside && e.Right != Outside })
	line := top.Edges[edge].Line
	if len(line) != 5 {
		t.Fatalf("edge %d has %d points; want 5", edge, len(line))
	}
	faces := top.EdgeFaces(edge)
	check := func(name string, u *Topology, err error, wantPoints int) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := len(u.Edges[edge].Line); got != wantPoints {
			t.Errorf("%s: edge has %d points; want %d", name, got, wantPoints)
		}
		if got := changedFaces(before, u.Polygons()); !slices.Equal(got, faces) {
			t.Errorf("%s changed faces %v; want %v", name, got, faces)
		}
		if ps := u.Validate(ValidateOptions{}); ps != nil {
			t.Errorf("%s: Validate() = %v; want nil", name, ps)
		}
		if len(top.Edges[edge].Line) != 5 || top.Edges[edge].Line[2] != line[2] {
			t.Errorf("%s modified the original topology", name)
		}
	}
	mid := midpoint(line[1], line[2])
	u, err := top.InsertVertex(edge, 1, mid)
	check("InsertVertex", u, err, 6)
	if a, b := totalArea(before), totalArea(u.Polygons()); !closeEnough(a, b) {
		t.Errorf("InsertVertex on a segment changed the total area from %v to %v", a, b)
	}
	u, err = top.MoveVertex(edge, 2, midpoint(line[2], midpoint(line[0], line[4])))
	check("MoveVertex", u, err, 5)
	u, err = top.DeleteVertex(edge, 2)
	check("DeleteVertex", u, err, 4)
	u, err = top.ReplaceEdge(edge, orb.LineString{line[0], line[4]})
	check("ReplaceEdge", u, err, 2)

	// A vertex dragged across the neighbour's far side.
	f := top.Edges[edge].Right
	c := LabelPoint(before[f])
	bad, err := top.MoveVertex(edge, 2, orb.Point{c[0] + 3*(c[0]-line[2][0]), c[1] + 3*(c[1]-line[2][1])})
	if err != nil {
		t.Fatal(err)
	}
	if ps := bad.Validate(ValidateOptions{}); len(ps) == 0 || !slices.Contains(ps[0].Faces, f) {
		t.Errorf("Validate() after dragging a vertex across cell %d = %v; want problems naming it", f, kinds(ps))
	}

	// Edits refused for what the caller asked say why in an EditError, so
	// that callers can word it; an index out of range is the caller's bug.
	errs := []struct {
		name string
		err  error
		kind string // of the EditError; "" for a plain error
	}{
		{"MoveVertex(node)", second(top.MoveVertex(edge, 0, mid)), ""},
		{"MoveVertex(past the end)", second(top.MoveVertex(edge, 4, mid)), ""},
		{"MoveVertex(not finite)", second(top.MoveVertex(edge, 1, orb.Point{math.NaN(), 1})), EditNotFinite},
		{"InsertVertex(after the end)", second(top.InsertVertex(edge, 4, mid)), ""},
		{"DeleteVertex(node)", second(top.DeleteVertex(edge, 4)), ""},
		{"ReplaceEdge(moved end)", second(top.ReplaceEdge(edge, orb.LineString{line[0], mid})), EditLineEnds},
		{"ReplaceEdge(one point)", second(top.ReplaceEdge(edge, orb.LineString{line[0]})), EditLineShort},
		{"ReplaceEdge(no such edge)", second(top.ReplaceEdge(-1, line)), ""},
	}
	for _, e := range errs {
		var ee *EditError
		switch {
		case e.err == nil:
			t.Errorf("%s = nil error; want one", e.name)
		case e.kind == "" && errors.As(e.err, &ee):
			t.Errorf("%s = EditError %q; want a plain error", e.name, ee.Kind)
		case e.kind != "" && (!errors.As(e.err, &ee) || ee.Kind != e.kind):
			t.Errorf("%s = %v; want an EditError %q", e.name, e.err, e.kind)
		}
	}
	if _, err := top.ReplaceEdge(edge, orb.LineString{line[0], mid}); err != nil {
		var ee *EditError
		if errors.As(err, &ee) && (ee.At != mid || !slices.Contains(ee.Faces, top.Edges[edge].Left)) {
			t.Errorf("ReplaceEdge(moved end) = faces %v at %v; want the edge's faces at %v", ee.Faces, ee.At, mid)
		}
	}
}

func second(_ *Topology, err error) error { return err }

func TestValidateSliverAndOutline(t *testing.T) {
	polys := squaresWithHole()
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	// The island is 0.25 square degrees, about 3,000 km²; the others 4 times that.
	ps := top.Validate(ValidateOptions{MinAreaM2: 4e9, IDs: []string{"a", "b", "c", "d", "island"}})
	if len(ps) != 1 || ps[0].Kind != ProblemSliver || !slices.Equal(ps[0].IDs, []string{"island"}) {
		t.Errorf("Validate(MinAreaM2) = %v; want one sliver, the island", ps)
	}
	// Pull a node on the town's boundary outwards.
	node := slices.Index(top.Nodes, orb.Point{1, 0})
	out, err := top.MoveNode(node, orb.Point{1, -0.1})
	if err != nil {
		t.Fatal(err)
	}
	if ps := out.Validate(ValidateOptions{}); len(ps) != 1 || ps[0].Kind != ProblemOutline {
		t.Errorf("Validate() after moving the outline = %v; want one outline problem", kinds(ps))
	}
	if ps := out.Validate(ValidateOptions{OuterMayChange: true}); ps != nil {
		t.Errorf("Validate(OuterMayChange) = %v; want nil", ps)
	}
}

// TestNodeMovesProperty moves random nodes of a jittered lattice by small
// random steps: a move Validate accepts keeps the total area, and moves
// of nodes on the town's boundary are refused. Moving a node across a far
// side of one of its faces is always refused.
func TestNodeMovesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 6))
	const n = 8
	polys := jitteredLattice(n, r)
	top, err := BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	area := totalArea(polys)
	onOutline := func(p orb.Point) bool { return p[0] == 0 || p[1] == 0 || p[0] == n || p[1] == n }
	accepted, refused := 0, 0
	cur := top
	for range 400 {
		node := r.IntN(len(cur.Nodes))
		p := cur.Nodes[node]
		to := orb.Point{p[0] + (r.Float64()-0.5)*0.3, p[1] + (r.Float64()-0.5)*0.3}
		u, err := cur.MoveNode(node, to)
		if err != nil {
			t.Fatal(err)
		}
		ps := u.Validate(ValidateOptions{})
		if ps != nil {
			refused++
			continue
		}
		accepted++
		if onOutline(p) {
			t.Fatalf("MoveNode(%d on the outline at %v to %v) passes Validate", node, p, to)
		}
		if a := totalArea(u.Polygons()); !closeEnough(a, area) {
			t.Fatalf("MoveNode(%d from %v to %v) passes Validate but the total area is %v; want %v", node, p, to, a, area)
		}
		cur = u // walk on from the valid result
	}
	t.Logf("%d moves accepted, %d refused", accepted, refused)
	if accepted < 100 || refused < 20 {
		t.Errorf("%d moves accepted and %d refused; want both common", accepted, refused)
	}

	for k := range 300 {
		node := r.IntN(len(cur.Nodes))
		faces := cur.NodeFaces(node)
		f := faces[r.IntN(len(faces))]
		var far []int
		for _, ref := range cur.Faces[f].Rings[0] {
			if e, _ := EdgeIndex(ref); cur.Edges[e].Start != node && cur.Edges[e].End != node {
				far = append(far, ref)
			}
		}
		e, back := EdgeIndex(far[r.IntN(len(far))])
		line := cur.Edges[e].Line
		s := r.IntN(len(line) - 1)
		a, b := line[s], line[s+1]
		if back {
			a, b = b, a
		}
		// f lies left of a→b; step just to the right of a point inside it.
		t0 := 0.2 + 0.6*r.Float64()
		const eps = 1e-6
		to := orb.Point{a[0] + t0*(b[0]-a[0]) + eps*(b[1]-a[1]), a[1] + t0*(b[1]-a[1]) - eps*(b[0]-a[0])}
		u, err := cur.MoveNode(node, to)
		if err != nil {
			t.Fatal(err)
		}
		if ps := u.Validate(ValidateOptions{OuterMayChange: true}); ps == nil {
			t.Fatalf("crossing move %d: MoveNode(%d from %v across edge %d of face %d to %v) passes Validate", k, node, cur.Nodes[node], e, f, to)
		}
	}
}

// BenchmarkBuildTopologyCity builds the topology of a city-sized partition,
// 142×142 = 20,164 cells.
func BenchmarkBuildTopologyCity(b *testing.B) {
	polys := jitteredLattice(142, rand.New(rand.NewPCG(5, 6)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildTopology(polys); err != nil {
			b.Fatal(err)
		}
	}
}
