package geofile

import (
	"testing"

	"github.com/paulmach/orb"
)

// square is the clockwise (shapefile exterior) square from (x, y) of side s.
func square(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x, y + s}, {x + s, y + s}, {x + s, y}, {x, y}}
}

func reversed(r orb.Ring) orb.Ring {
	r = r.Clone()
	r.Reverse()
	return r
}

// TestAssembleRings groups a shapefile's rings as GDAL does.
func TestAssembleRings(t *testing.T) {
	t.Parallel()
	outer, inner := square(0, 0, 10), square(2, 2, 6)
	hole := reversed(square(4, 4, 2))
	far := square(20, 0, 5)
	orphan := reversed(square(40, 0, 1))
	ccw := func(r orb.Ring) orb.Ring { return reversed(r) }
	cases := []struct {
		name  string
		rings []orb.Ring
		want  orb.Geometry
	}{
		{"one exterior", []orb.Ring{outer}, orb.Polygon{ccw(outer)}},
		{"a hole after two exteriors goes to the one that holds it", []orb.Ring{far, outer, hole},
			orb.MultiPolygon{{ccw(far)}, {ccw(outer), reversed(hole)}}},
		{"a hole goes to the smallest exterior that holds it (an island in a lake)", []orb.Ring{outer, reversed(inner), inner, hole},
			orb.MultiPolygon{{ccw(outer), inner}, {ccw(inner), reversed(hole)}}},
		{"a hole no exterior holds is an exterior", []orb.Ring{outer, orphan},
			orb.MultiPolygon{{ccw(outer)}, {orphan}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := assembleRings(c.rings); !orb.Equal(got, c.want) {
				t.Errorf("assembleRings = %v; want %v", got, c.want)
			}
		})
	}
}

// TestLookupEncoding checks the names .cpg files give encodings.
func TestLookupEncoding(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"UTF-8": "UTF-8", "utf8": "UTF-8", "65001": "UTF-8",
		"GBK": "GBK", "936": "GBK", "CP936": "GBK", "ANSI 936": "GBK", "MS936": "GBK", "windows-936": "GBK", "GB2312": "GBK",
		"GB18030": "GB18030", "54936": "GB18030", "Big5": "Big5", "1252": "CP1252", "ISO-8859-1": "ISO-8859-1",
	}
	for name, want := range cases {
		if e, ok := lookupEncoding(name); !ok || e.name != want {
			t.Errorf("lookupEncoding(%q) = %q, %v; want %q", name, e.name, ok, want)
		}
	}
	for _, name := range []string{"", "KOI8-R", "EBCDIC"} {
		if e, ok := lookupEncoding(name); ok {
			t.Errorf("lookupEncoding(%q) = %q; want none", name, e.name)
		}
	}
	gbk, _ := lookupEncoding("GBK")
	if s, ok := gbk.decode([]byte{0xd0, 0xc2, 0xbb, 0xaa}); !ok || s != "新华" {
		t.Errorf("GBK decode = %q, %v; want 新华", s, ok)
	}
}
