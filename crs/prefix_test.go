package crs_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/crs"
	"gridmap/data"
)

// A town near Beijing's longitude at 30°N in zone 39 (CM 117°E): its
// extent with and without the zone prefix.
var (
	withPrefix    = orb.Bound{Min: orb.Point{39480000, 3310000}, Max: orb.Point{39520000, 3330000}}
	withoutPrefix = orb.Bound{Min: orb.Point{480000, 3310000}, Max: orb.Point{520000, 3330000}}
)

func TestFitPrefix(t *testing.T) {
	cases := []struct {
		name     string
		declared int
		b        orb.Bound
		want     int // 0: refused
		says     string
	}{
		{"prefix zone, prefixed eastings", 4527, withPrefix, 4527, ""},
		{"no-prefix zone, plain eastings", 4548, withoutPrefix, 4548, ""},
		{"no-prefix zone, prefixed eastings", 4548, withPrefix, 4527, ""},
		{"prefix zone, plain eastings", 4527, withoutPrefix, 4548, ""},
		{"6-degree no-prefix zone, 6-degree prefix", 4509,
			orb.Bound{Min: orb.Point{20480000, 3310000}, Max: orb.Point{20520000, 3330000}}, 4498, ""},
		{"6-degree prefix zone, plain eastings", 4498, withoutPrefix, 4548, ""},
		{"prefix of another zone", 4548,
			orb.Bound{Min: orb.Point{36480000, 3310000}, Max: orb.Point{36520000, 3330000}}, 0, "EPSG:4524"},
		{"prefix zone, another zone's prefix", 4527,
			orb.Bound{Min: orb.Point{38480000, 3310000}, Max: orb.Point{38520000, 3330000}}, 0, "EPSG:4526"},
		{"eastings across two zones", 4527,
			orb.Bound{Min: orb.Point{39980000, 3310000}, Max: orb.Point{40020000, 3330000}}, 0, "one Gauss-Kruger zone"},
		{"degrees under a zone", 4527, orb.Bound{Min: orb.Point{116.9, 29.9}, Max: orb.Point{117.1, 30.1}}, 0, "EPSG:4490"},
		{"negative northings", 4548, orb.Bound{Min: orb.Point{480000, -10}, Max: orb.Point{520000, 3330000}}, 0, "one Gauss-Kruger zone"},
		{"lon/lat", 4326, orb.Bound{Min: orb.Point{106.5, 28.8}, Max: orb.Point{106.7, 29}}, 4326, ""},
		{"GCJ-02 lon/lat", 0, orb.Bound{Min: orb.Point{106.5, 28.8}, Max: orb.Point{106.7, 29}}, 0, ""},
		{"prefixed metres under WGS 84", 4326, withPrefix, 0, "EPSG:4527"},
		{"plain metres under CGCS2000", 4490, withoutPrefix, 0, "EPSG:4534-4554"},
		{"NaN", 4527, orb.Bound{Min: orb.Point{math.NaN(), 0}, Max: orb.Point{1, 1}}, 0, "finite"},
	}
	for _, tc := range cases {
		declared := crs.GCJ02()
		if tc.declared != 0 {
			declared, _ = crs.FromEPSG(tc.declared)
		}
		got, err := crs.FitPrefix(declared, tc.b)
		switch {
		case tc.says != "":
			if tc.says == "finite" {
				if err == nil {
					t.Errorf("%s: FitPrefix = %v; want an error", tc.name, got)
				}
				continue
			}
			checkRefusal(t, tc.name, got, err, tc.says)
		case err != nil:
			t.Errorf("%s: FitPrefix(%s, %v): %v", tc.name, declared.Name(), tc.b, err)
		case got.EPSG() != tc.want:
			t.Errorf("%s: FitPrefix(%s, %v) = %s; want EPSG:%d", tc.name, declared.Name(), tc.b, got.Name(), tc.want)
		}
	}
}

// TestFitPrefixConverts: a file declared without the prefix but written
// with it converts, after FitPrefix, to the same place as the same file
// written consistently; without FitPrefix the conversion is refused.
func TestFitPrefixConverts(t *testing.T) {
	declared, _ := crs.FromEPSG(4548)
	p := orb.Point{39512345.678, 3321234.567}
	if got, err := declared.ToWGS84(p); err == nil {
		t.Fatalf("EPSG:4548.ToWGS84(%v) = %v; want a refusal (the easting has a zone prefix)", p, got)
	}
	fitted, err := crs.FitPrefix(declared, orb.Bound{Min: p, Max: p})
	if err != nil {
		t.Fatal(err)
	}
	got, err := fitted.ToWGS84(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := declared.ToWGS84(orb.Point{p[0] - 39e6, p[1]})
	if got != want {
		t.Errorf("with the prefix: %v; without: %v", got, want)
	}
}

func TestGeometryCopyAndInPlace(t *testing.T) {
	c, _ := crs.FromEPSG(4527)
	poly := orb.Polygon{{{39500000, 3320000}, {39501000, 3320000}, {39501000, 3321000}, {39500000, 3320000}}}
	mp := orb.MultiPolygon{poly, poly}
	for _, g := range []orb.Geometry{
		orb.Point{39500000, 3320000}, orb.MultiPoint{{39500000, 3320000}}, orb.LineString(poly[0]),
		orb.MultiLineString{orb.LineString(poly[0])}, poly[0], poly, mp, orb.Collection{poly, orb.Point{39500000, 3320000}},
	} {
		before := orb.Clone(g)
		out, err := crs.ToWGS84(c, g)
		if err != nil {
			t.Fatalf("ToWGS84(%T): %v", g, err)
		}
		if !orb.Equal(g, before) {
			t.Errorf("ToWGS84(%T) changed its input", g)
		}
		if out.GeoJSONType() != g.GeoJSONType() {
			t.Errorf("ToWGS84(%T) returned a %T", g, out)
		}
		if b := out.Bound(); b.Min[0] < 116.9 || b.Max[0] > 117.1 || b.Min[1] < 29.9 || b.Max[1] > 30.1 {
			t.Errorf("ToWGS84(%T) lies at %v, not near 117°E 30°N", g, b)
		}
		back, err := crs.FromWGS84(c, out)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		orbPoints(back, func(i int, p orb.Point) {
			q := pointAt(before, i)
			worst = math.Max(worst, math.Hypot(p[0]-q[0], p[1]-q[1]))
		})
		if worst > 1e-6 {
			t.Errorf("%T round trip is %.2g m off", g, worst)
		}
	}
	// In place: the rings of the polygon itself change.
	in := orb.Clone(poly).(orb.Polygon)
	if _, err := crs.Apply(in, c.ToWGS84); err != nil {
		t.Fatal(err)
	}
	if in[0][0][0] > 180 {
		t.Errorf("Apply did not convert in place: %v", in[0][0])
	}
	if _, err := crs.Apply(orb.Bound{}, c.ToWGS84); err == nil {
		t.Error("Apply(orb.Bound) converted a bound's corners; want a refusal")
	}
	if _, err := crs.ToWGS84(nil, poly); data.ErrorCode(err) != data.EINTERNAL {
		t.Errorf("ToWGS84(nil, …) = %v; want an internal error", err)
	}
	if _, err := crs.FitPrefix(nil, withPrefix); data.ErrorCode(err) != data.EINTERNAL {
		t.Errorf("FitPrefix(nil, …) = %v; want an internal error", err)
	}
	if _, err := crs.ToWGS84(c, orb.LineString{{39500000, 3320000}, {1, 2}}); err == nil {
		t.Error("ToWGS84 of a line with a point outside the zone succeeded; want an error")
	}
}

// orbPoints calls f with every point of g in order.
func orbPoints(g orb.Geometry, f func(int, orb.Point)) {
	i := 0
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			f(i, g)
			i++
		case orb.MultiPoint:
			for _, p := range g {
				walk(p)
			}
		case orb.LineString:
			walk(orb.MultiPoint(g))
		case orb.Ring:
			walk(orb.MultiPoint(g))
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, x := range g {
				walk(x)
			}
		}
	}
	walk(g)
}

func pointAt(g orb.Geometry, n int) orb.Point {
	var out orb.Point
	orbPoints(g, func(i int, p orb.Point) {
		if i == n {
			out = p
		}
	})
	return out
}
