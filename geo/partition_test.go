package geo

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// found is the part of a Problem a test pins down: its kind and parts.
func found(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s %v", p.Kind, p.IDs)
	}
	return out
}

func parts(ps ...orb.Polygon) []Part {
	out := make([]Part, len(ps))
	for i, p := range ps {
		out[i] = Part{ID: string(rune('a' + i)), Polygon: p}
	}
	return out
}

func TestValidatePartition(t *testing.T) {
	lat := wiggledLattice(2, 2, 3, 0.01)
	union, err := UnionPartition(partPolygons(lat))
	if err != nil {
		t.Fatal(err)
	}
	withHole := orb.Polygon{unitSquare(1, 0, 1)[0], {{1.2, 0.2}, {1.2, 0.4}, {1.4, 0.4}, {1.4, 0.2}, {1.2, 0.2}}}
	// c is split in two at x=1.5 but a (the wide cell on top) lacks (1.5, 1).
	tJunction := parts(orb.Polygon{{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}},
		orb.Polygon{{{1, 0}, {1.5, 0}, {1.5, 1}, {1, 1}, {1, 0}}},
		orb.Polygon{{{1.5, 0}, {2, 0}, {2, 1}, {1.5, 1}, {1.5, 0}}})
	tests := []struct {
		name    string
		parts   []Part
		outline orb.Polygon
		want    []string
	}{
		{"2x2 squares", parts(unitSquare(0, 0, 1), unitSquare(1, 0, 1), unitSquare(0, 1, 1), unitSquare(1, 1, 1)), nil, nil},
		{"wiggled lattice with its outline", lat, union, nil},
		{"wiggled 6x5 lattice", wiggledLattice(6, 5, 7, 0.002), nil, nil},
		{"clockwise parts", parts(orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}, unitSquare(1, 0, 1)), nil, nil},
		{"overlap: square shifted into its neighbour",
			parts(unitSquare(0, 0, 1), unitSquare(0.5, 0.25, 1)), nil,
			[]string{"overlap [a b]"}},
		{"overlap: duplicate cell",
			[]Part{{"a", unitSquare(0, 0, 1)}, {"b", unitSquare(1, 0, 1)}, {"c", unitSquare(1, 0, 1)}}, nil,
			[]string{"overlap [b c]"}},
		{"overlap: cell inside another",
			parts(unitSquare(0, 0, 3), unitSquare(1, 1, 1)), nil,
			[]string{"overlap [b]"}},
		{"gap: middle of 3x3 missing",
			parts(unitSquare(0, 0, 1), unitSquare(1, 0, 1), unitSquare(2, 0, 1),
				unitSquare(0, 1, 1), unitSquare(2, 1, 1),
				unitSquare(0, 2, 1), unitSquare(1, 2, 1), unitSquare(2, 2, 1)), nil,
			[]string{"gap [b d e g]"}},
		{"gap: two pieces apart", parts(unitSquare(0, 0, 1), unitSquare(3, 0, 1)), nil, []string{"gap [b]"}},
		{"gap: cells meet at a corner only", parts(unitSquare(0, 0, 1), unitSquare(1, 1, 1)), nil, []string{"gap [a b]"}},
		{"hole in a cell", parts(unitSquare(0, 0, 1), withHole), nil, []string{"hole [b]", "gap [b]"}},
		{"bow-tie", parts(unitSquare(0, 0, 1), orb.Polygon{{{1, 0}, {2, 1}, {2, 0}, {1, 1}, {1, 0}}}), nil, []string{"invalid [b]"}},
		{"vertex not shared", tJunction, nil, []string{"vertex [a b]", "vertex [a c]"}},
		{"gap: shared vertex off by a nanodegree",
			parts(orb.Polygon{{{0, 0}, {1, 0}, {1, 0.5}, {1, 1}, {0, 1}, {0, 0}}},
				orb.Polygon{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1 + 1e-9, 0.5}, {1, 0}}}), nil,
			[]string{"gap [a b]"}},
		{"duplicate ID", []Part{{"a", unitSquare(0, 0, 1)}, {"a", unitSquare(1, 0, 1)}}, nil, []string{"invalid [a a]"}},
		{"outline differs", parts(unitSquare(0, 0, 1), unitSquare(1, 0, 1)), unitSquare(0, 0, 2), []string{"outline [a b]"}},
		{"outline missing a vertex the cells have", parts(unitSquare(0, 0, 1), unitSquare(1, 0, 1)),
			orb.Polygon{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {0, 1}, {0, 0}}}, []string{"outline [a b]"}},
		{"outline equal to the union", parts(unitSquare(0, 0, 1), unitSquare(1, 0, 1)),
			orb.Polygon{{{1, 1}, {0, 1}, {0, 0}, {1, 0}, {2, 0}, {2, 1}, {1, 1}}}, nil},
		{"outline invalid", parts(unitSquare(0, 0, 1)), orb.Polygon{{{0, 0}, {1, 0}}}, []string{"outline []"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidatePartition(tt.parts, tt.outline)
			if !slices.Equal(found(got), tt.want) {
				t.Fatalf("ValidatePartition() = %q; want %q\n%v", found(got), tt.want, got)
			}
		})
	}
}

func TestValidatePartitionAt(t *testing.T) {
	got := ValidatePartition(parts(unitSquare(0, 0, 2), unitSquare(1, 1, 2)), nil)
	if len(got) == 0 {
		t.Fatal("ValidatePartition(overlapping squares) = nil; want an overlap")
	}
	want := orb.Point{2, 1}
	if got[0].Kind != ProblemOverlap || (got[0].At != want && got[0].At != orb.Point{1, 2}) {
		t.Fatalf("ValidatePartition(overlapping squares)[0] = %v; want an overlap at %v or (1 2)", got[0], want)
	}
}

func TestValidatePartitionOrderIndependent(t *testing.T) {
	lat := wiggledLattice(4, 3, 5, 0.01)
	broken := slices.Clone(lat)
	broken = append(broken[:5], broken[6:]...) // an interior cell missing
	want := found(ValidatePartition(broken, nil))
	if len(want) != 1 {
		t.Fatalf("ValidatePartition(lattice without c1-1) = %q; want one gap", want)
	}
	slices.Reverse(broken)
	got := found(ValidatePartition(broken, nil))
	if len(got) != 1 || got[0][:3] != "gap" {
		t.Fatalf("ValidatePartition(reversed) = %q; want one gap", got)
	}
}

func BenchmarkValidatePartition(b *testing.B) {
	for _, n := range []int{12, 141} { // about 138 and 20,000 cells
		lat := wiggledLattice(n, n, 12, 0.001)
		b.Run(fmt.Sprintf("%d_cells", n*n), func(b *testing.B) {
			for b.Loop() {
				if p := ValidatePartition(lat, nil); len(p) != 0 {
					b.Fatal(p)
				}
			}
		})
	}
}
