package crs_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/crs"
)

// gcjPairs are published WGS 84 / GCJ-02 pairs, lon, lat: the three of
// the eviltransform project's tests (googollee/eviltransform,
// go/transform_test.go: Shanghai, Shenzhen, Beijing).
var gcjPairs = []struct {
	name     string
	wgs, gcj orb.Point
}{
	{"Shanghai", orb.Point{121.5272106, 31.1774276}, orb.Point{121.531541859215, 31.17530398364597}},
	{"Shenzhen", orb.Point{113.912316, 22.543847}, orb.Point{113.9171764808363, 22.540796131694766}},
	{"Beijing", orb.Point{116.377817, 39.911954}, orb.Point{116.38404722455657, 39.91334545536069}},
}

func TestGCJ02PublishedPairs(t *testing.T) {
	c, err := crs.Parse("gcj02")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range gcjPairs {
		got, err := c.FromWGS84(p.wgs)
		if err != nil {
			t.Fatal(err)
		}
		// The pairs are printed to 1e-14°; 1e-9° is 0.1 mm.
		if d := math.Max(math.Abs(got[0]-p.gcj[0]), math.Abs(got[1]-p.gcj[1])); d > 1e-9 {
			t.Errorf("%s: GCJ-02 FromWGS84(%v) = %.12f; want %.12f", p.name, p.wgs, got, p.gcj)
		}
		back, err := c.ToWGS84(p.gcj)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Max(math.Abs(back[0]-p.wgs[0]), math.Abs(back[1]-p.wgs[1])); d > 1e-7 {
			t.Errorf("%s: GCJ-02 ToWGS84(%v) = %.9f; want %.9f", p.name, p.gcj, back, p.wgs)
		}
	}
}

// TestGCJ02RoundTrip: for random points across China, GCJ -> WGS -> GCJ
// returns within 1e-7° (1 cm), and the offset is the few hundred metres
// GCJ-02 is known for, not zero.
func TestGCJ02RoundTrip(t *testing.T) {
	t.Parallel()
	c := crs.GCJ02()
	r := rand.New(rand.NewPCG(12, 2))
	for range 20000 {
		gcj := orb.Point{73 + r.Float64()*62, 18 + r.Float64()*35}
		wgs, err := c.ToWGS84(gcj)
		if err != nil {
			t.Fatalf("ToWGS84(%v): %v", gcj, err)
		}
		again, err := c.FromWGS84(wgs)
		if err != nil {
			t.Fatalf("FromWGS84(%v): %v", wgs, err)
		}
		if d := math.Max(math.Abs(again[0]-gcj[0]), math.Abs(again[1]-gcj[1])); d > 1e-7 {
			t.Fatalf("GCJ %v -> WGS %v -> GCJ %v: %.2g° off", gcj, wgs, again, d)
		}
		if d := math.Hypot(wgs[0]-gcj[0], wgs[1]-gcj[1]); d < 1e-4 || d > 0.02 {
			t.Fatalf("GCJ %v lies %.2g° from WGS %v; GCJ-02 moves points by 0.001-0.01°", gcj, d, wgs)
		}
	}
}

func TestGCJ02OutsideChinaIsWGS84(t *testing.T) {
	c := crs.GCJ02()
	for _, p := range []orb.Point{{139.69, 35.69} /* Tokyo */, {2.35, 48.86} /* Paris */, {106.85, -6.2} /* Jakarta */} {
		to, err1 := c.ToWGS84(p)
		from, err2 := c.FromWGS84(p)
		if err1 != nil || err2 != nil || to != p || from != p {
			t.Errorf("GCJ-02 of %v = %v, %v (%v, %v); want it unchanged", p, to, from, err1, err2)
		}
	}
}

func BenchmarkGCJ02FromWGS84(b *testing.B) {
	c := crs.GCJ02()
	for i := range b.N {
		_, _ = c.FromWGS84(orb.Point{106.6 + float64(i%100)*1e-4, 28.9})
	}
}
