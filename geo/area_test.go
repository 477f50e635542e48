package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// bandArea integrates the ellipsoid's area element M·N·cos φ over a
// longitude/latitude rectangle with Simpson's rule, independently of the
// projection that Area uses.
func bandArea(lon0, lat0, lon1, lat1 float64) float64 {
	const n = 1000
	f := func(lat float64) float64 {
		phi := lat * math.Pi / 180
		s := math.Sin(phi)
		w := 1 - ecc2*s*s
		return semiMajor * semiMajor * (1 - ecc2) * math.Cos(phi) / (w * w)
	}
	h := (lat1 - lat0) / n * math.Pi / 180
	sum := f(lat0) + f(lat1)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(lat0+float64(i)*(lat1-lat0)/n)
	}
	return sum * h / 3 * (lon1 - lon0) * math.Pi / 180
}

func rect(lon0, lat0, lon1, lat1 float64) orb.Polygon {
	return orb.Polygon{{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}
}

func TestArea(t *testing.T) {
	tests := []struct {
		name string
		poly orb.Polygon
		want float64
		tol  float64 // relative
	}{
		{"1°×1° at the equator", rect(0, 0, 1, 1), bandArea(0, 0, 1, 1), 1e-9},
		{"a town-sized rectangle", rect(106.6, 28.5, 106.72, 28.6), bandArea(106.6, 28.5, 106.72, 28.6), 1e-9},
		{"a cell-sized rectangle", rect(106.65, 28.55, 106.655, 28.553), bandArea(106.65, 28.55, 106.655, 28.553), 1e-7},
		{"clockwise", orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}, bandArea(0, 0, 1, 1), 1e-9},
		{"with a hole", orb.Polygon{rect(0, 0, 2, 2)[0], rect(0.5, 0.5, 1.5, 1.5)[0]}, bandArea(0, 0, 2, 2) - bandArea(0.5, 0.5, 1.5, 1.5), 1e-9},
		{"empty", orb.Polygon{}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Area(tt.poly)
			if math.Abs(got-tt.want) > tt.tol*tt.want {
				t.Fatalf("Area(%v) = %.3f; want %.3f", tt.poly, got, tt.want)
			}
		})
	}
}

func TestAreaKnownValue(t *testing.T) {
	// A 1°×1° cell on the equator covers about 12,309 km² on WGS84/CGCS2000.
	if got := Area(rect(0, 0, 1, 1)) / 1e6; math.Abs(got-12308.8) > 1 {
		t.Fatalf("Area(1°×1° at the equator) = %.1f km²; want about 12308.8", got)
	}
}
