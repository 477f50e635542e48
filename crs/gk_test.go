package crs_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/crs"
)

// gkSample is a grid of lon, lat points across the zone of c, from 3°N to
// 53°N (China's extent) and from the central meridian to past both zone
// edges, where files straddling two zones put their coordinates.
func gkSample(c *crs.CRS, halfWidth float64) []orb.Point {
	var pts []orb.Point
	for _, lat := range []float64{3.2, 18.25, 22.6, 29.99, 36.1, 41.7, 47.05, 53.5} {
		for _, f := range []float64{-1.2, -1, -0.99, -0.5, -0.01, 0, 0.25, 0.7, 0.999, 1, 1.2} {
			pts = append(pts, orb.Point{c.CentralMeridian() + f*halfWidth, lat})
		}
	}
	return pts
}

// TestGaussKrugerAgainstPROJ converts points of every CGCS2000
// Gauss-Krüger zone, with and without the zone prefix, 3- and 6-degree,
// in both directions and compares with what PROJ (through GDAL's
// gdaltransform) computes at test time: to 1 mm in metres and 1e-9
// degrees (0.1 mm) in longitude and latitude.
func TestGaussKrugerAgainstPROJ(t *testing.T) {
	t.Parallel()
	tool(t, "gdaltransform")
	for code := 4491; code <= 4554; code++ {
		c, err := crs.FromEPSG(code)
		if err != nil {
			t.Fatalf("FromEPSG(%d): %v", code, err)
		}
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			half := 1.5
			if code < 4513 {
				half = 3
			}
			lonlat := gkSample(c, half)
			want := gdaltransform(t, 4490, code, lonlat)
			for i, p := range lonlat {
				got, err := c.FromWGS84(p)
				if err != nil {
					t.Fatalf("%s.FromWGS84(%v): %v", c.Name(), p, err)
				}
				if d := math.Hypot(got[0]-want[i][0], got[1]-want[i][1]); d > 1e-3 {
					t.Errorf("%s.FromWGS84(%v) = %.4f; PROJ gives %.4f (%.2g m apart)", c.Name(), p, got, want[i], d)
				}
			}
			back := gdaltransform(t, code, 4490, want)
			for i, p := range want {
				got, err := c.ToWGS84(p)
				if err != nil {
					t.Fatalf("%s.ToWGS84(%v): %v", c.Name(), p, err)
				}
				if d := math.Max(math.Abs(got[0]-back[i][0]), math.Abs(got[1]-back[i][1])); d > 1e-9 {
					t.Errorf("%s.ToWGS84(%.4f) = %.11f; PROJ gives %.11f (%.2g° apart)", c.Name(), p, got, back[i], d)
				}
			}
		})
	}
}

// TestGaussKrugerRoundTrip checks that ToWGS84 inverts FromWGS84 to well
// under a millimetre over a whole zone, without an outside tool.
func TestGaussKrugerRoundTrip(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4513, 4527, 4533, 4534, 4548, 4554, 4497, 4509} {
		c, _ := crs.FromEPSG(code)
		for _, p := range gkSample(c, 3) {
			en, err := c.FromWGS84(p)
			if err != nil {
				t.Fatalf("%s.FromWGS84(%v): %v", c.Name(), p, err)
			}
			q, err := c.ToWGS84(en)
			if err != nil {
				t.Fatalf("%s.ToWGS84(%v): %v", c.Name(), en, err)
			}
			if d := math.Max(math.Abs(q[0]-p[0]), math.Abs(q[1]-p[1])); d > 1e-10 {
				t.Errorf("%s: %v -> %.4f -> %.12f (%.2g° off)", c.Name(), p, en, q, d)
			}
		}
	}
}

// TestGaussKrugerKnownPoint pins one value without GDAL: on the central
// meridian the northing is the meridian arc, 3 320 113.398 m at 30°N on
// the CGCS2000 ellipsoid (PROJ: 3320113.39784502), and the easting is the
// false easting.
func TestGaussKrugerKnownPoint(t *testing.T) {
	c, _ := crs.FromEPSG(4527)
	got, err := c.FromWGS84(orb.Point{117, 30})
	if err != nil {
		t.Fatal(err)
	}
	if want := (orb.Point{39500000, 3320113.39784502}); math.Abs(got[0]-want[0]) > 1e-6 || math.Abs(got[1]-want[1]) > 1e-6 {
		t.Errorf("EPSG:4527.FromWGS84(117, 30) = %.8f; want %.8f", got, want)
	}
}

func TestTransformRefusesWhatIsNoCoordinate(t *testing.T) {
	gk, _ := crs.FromEPSG(4527)
	gcj, _ := crs.Parse("gcj02")
	cases := []struct {
		name string
		c    *crs.CRS
		p    orb.Point
		from bool // FromWGS84 rather than ToWGS84
	}{
		{"NaN easting", gk, orb.Point{math.NaN(), 3e6}, false},
		{"infinite latitude", crs.WGS84(), orb.Point{117, math.Inf(1)}, false},
		{"easting of another zone", gk, orb.Point{36500000, 3e6}, false},
		{"easting without prefix", gk, orb.Point{500000, 3e6}, false},
		{"latitude past the pole", crs.CGCS2000(), orb.Point{117, 91}, false},
		{"GCJ-02 longitude out of range", gcj, orb.Point{190, 30}, false},
		{"longitude far from the zone", gk, orb.Point{150, 30}, true},
		{"longitude out of range", gk, orb.Point{400, 30}, true},
	}
	for _, tc := range cases {
		f := tc.c.ToWGS84
		if tc.from {
			f = tc.c.FromWGS84
		}
		if got, err := f(tc.p); err == nil {
			t.Errorf("%s: %s of %v = %v; want an error", tc.name, tc.c.Name(), tc.p, got)
		}
	}
}

func ExampleCRS_ToWGS84() {
	c, _ := crs.Parse("EPSG:4527") // CGCS2000 3-degree zone 39, eastings with the prefix
	p, _ := c.ToWGS84(orb.Point{39500000, 3320113.398})
	fmt.Printf("%.6f %.6f\n", p[0], p[1])
	// Output: 117.000000 30.000000
}

// BenchmarkGaussKrugerToWGS84 converts 100,000 points of a polygon in
// zone 39 to WGS 84.
func BenchmarkGaussKrugerToWGS84(b *testing.B) {
	c, _ := crs.FromEPSG(4527)
	ring := make(orb.Ring, 100000)
	for i := range ring {
		a := 2 * math.Pi * float64(i) / float64(len(ring))
		ring[i] = orb.Point{39500000 + 20000*math.Cos(a), 3320000 + 20000*math.Sin(a)}
	}
	g := orb.Polygon{ring}
	b.ResetTimer()
	for range b.N {
		if _, err := crs.ToWGS84(c, g); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGCJ02ToWGS84 does the same for GCJ-02, whose inverse iterates.
func BenchmarkGCJ02ToWGS84(b *testing.B) {
	c := crs.GCJ02()
	ring := make(orb.Ring, 100000)
	for i := range ring {
		a := 2 * math.Pi * float64(i) / float64(len(ring))
		ring[i] = orb.Point{106.6 + 0.2*math.Cos(a), 28.9 + 0.2*math.Sin(a)}
	}
	g := orb.Polygon{ring}
	b.ResetTimer()
	for range b.N {
		if _, err := crs.ToWGS84(c, g); err != nil {
			b.Fatal(err)
		}
	}
}
