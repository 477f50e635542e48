package geo

import (
	"math"
	"testing"
)

// TestLocalFrameMatchesArea checks the frame's metres against Area, which
// is exact on the ellipsoid for longitude/latitude rectangles: squares laid
// out in the frame near 安稳镇 must cover their side squared, to 0.01% at
// the origin and 0.1% some 10 km north.
func TestLocalFrameMatchesArea(t *testing.T) {
	t.Parallel()
	m := newMetricPlane()
	for _, tc := range []struct{ y, side, tol float64 }{
		{0, 100, 1e-4},
		{0, 1000, 1e-4},
		{10000, 100, 1e-3},
	} {
		a := Area(m.rect(0, tc.y, tc.side, tc.y+tc.side))
		if want := tc.side * tc.side; math.Abs(a-want) > tc.tol*want {
			t.Errorf("square of %g m at %g m north covers %.2f m²; want %.0f m²", tc.side, tc.y, a, want)
		}
	}
}
