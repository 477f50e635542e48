package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// fuzzPolygons reads polygons from bytes: for each, a count of points (3 to
// 8) then that many points on a 16×16 grid, one byte each.
func fuzzPolygons(b []byte) []orb.Polygon {
	var out []orb.Polygon
	for len(b) > 0 && len(out) < 8 {
		n := 3 + int(b[0])%6
		b = b[1:]
		if len(b) < n {
			break
		}
		var r orb.Ring
		for _, c := range b[:n] {
			r = append(r, orb.Point{float64(c>>4) / 4, float64(c&15) / 4})
		}
		r = append(r, r[0])
		out = append(out, orb.Polygon{r})
		b = b[n:]
	}
	return out
}

// FuzzBuildTopology builds topologies of arbitrary polygons: it must never
// panic, and a valid partition must come back unchanged and valid.
func FuzzBuildTopology(f *testing.F) {
	f.Add([]byte{1, 0x00, 0x40, 0x44, 0x04, 1, 0x40, 0x80, 0x84, 0x44})                // two squares side by side
	f.Add([]byte{1, 0x00, 0x40, 0x44, 0x04, 1, 0x00, 0x40, 0x44, 0x04})                // the same square twice
	f.Add([]byte{0, 0x00, 0x40, 0x04, 0, 0x40, 0x44, 0x04, 1, 0x40, 0x80, 0x84, 0x44}) // triangles and a square
	f.Fuzz(func(t *testing.T, b []byte) {
		polys := fuzzPolygons(b)
		top, err := BuildTopology(polys)
		if err != nil {
			return
		}
		got := top.Polygons()
		ps := top.Validate(ValidateOptions{})
		parts := make([]Part, len(polys))
		for i, p := range polys {
			parts[i] = Part{ID: string(rune('a' + i)), Polygon: p}
		}
		if len(polys) == 0 || ValidatePartition(parts, nil) != nil {
			return
		}
		if ps != nil {
			t.Fatalf("Validate() = %v for a valid partition %v", ps, polys)
		}
		for i, p := range polys {
			if !sameRing(got[i][0], RightHand(p)[0]) {
				t.Fatalf("face %d = %v; want %v", i, got[i], p)
			}
		}
	})
}
