package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// FuzzSnapCoverage snaps arbitrary polygons on a grid of 0.3 m steps, so
// that the 0.5 m tolerance merges and inserts vertices, and checks the
// coverage before and after: neither may panic, Snap's rings must be closed
// without repeated points, and every problem must name features that exist.
func FuzzSnapCoverage(f *testing.F) {
	f.Add([]byte{1, 0x00, 0x40, 0x44, 0x04, 1, 0x41, 0x81, 0x85, 0x45})                // two squares 0.3 m apart
	f.Add([]byte{1, 0x00, 0x40, 0x44, 0x04, 1, 0x00, 0x40, 0x44, 0x04})                // the same square twice
	f.Add([]byte{0, 0x00, 0x40, 0x04, 0, 0x40, 0x44, 0x04, 1, 0x40, 0x80, 0x84, 0x44}) // triangles and a square
	f.Add([]byte{1, 0x00, 0x10, 0x11, 0x01})                                           // collapses
	m := newMetricPlane()
	f.Fuzz(func(t *testing.T, b []byte) {
		grid := fuzzPolygons(b)
		polys := make([]orb.Polygon, len(grid))
		for i, p := range grid {
			r := make(orb.Ring, len(p[0]))
			for k, q := range p[0] {
				r[k] = m.at(q[0]*4*0.3, q[1]*4*0.3)
			}
			polys[i] = orb.Polygon{r}
		}
		out, st, err := Snap(polys, 0.5)
		if err != nil {
			t.Fatalf("Snap = %v", err)
		}
		if len(out) != len(polys) || st.MaxMoveM > 0.5 {
			t.Fatalf("Snap returned %d polygons, stats %+v", len(out), st)
		}
		for i, p := range out {
			for _, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("polygon %d ring %v is not closed", i, r)
				}
				if k := repeatedPoint(r); k >= 0 && !contains(st.Collapsed, i) {
					t.Fatalf("polygon %d ring %v repeats a point", i, r)
				}
			}
		}
		for _, ps := range [][]Problem{CheckCoverage(polys, nil), CheckCoverage(out, polys[:min(len(polys), 2)])} {
			for _, p := range ps {
				for _, f := range p.Faces {
					if f < 0 || f >= len(polys) {
						t.Fatalf("%v names feature %d of %d", p, f, len(polys))
					}
				}
			}
		}
	})
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
