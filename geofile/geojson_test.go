package geofile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// TestReadGeoJSON covers the shapes a GeoJSON upload takes.
func TestReadGeoJSON(t *testing.T) {
	t.Parallel()
	square := `{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}`
	ccw := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	cases := []struct {
		name   string
		text   string
		epsg   int
		fields []string
		attrs  map[string]string
		geom   orb.Geometry
	}{
		{"bare geometry, wound clockwise", square, 4326, nil, map[string]string{}, ccw},
		{"a Feature with a byte order mark", bom + `{"type":"Feature","properties":{"名称":"新华村第一网格"},"geometry":` + square + `}`,
			4326, []string{"名称"}, map[string]string{"名称": "新华村第一网格"}, ccw},
		{"properties in order, numbers as written, nulls left out",
			`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"z":1,"code":500110119201001,"a":null,"b":true,"c":{"d":[1]}},"geometry":` + square + `}]}`,
			4326, []string{"z", "code", "a", "b", "c"}, map[string]string{"z": "1", "code": "500110119201001", "b": "true", "c": `{"d":[1]}`}, ccw},
		{"GDAL's crs member", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[{"type":"Feature","properties":null,"geometry":` + square + `}]}`,
			4490, nil, map[string]string{}, ccw},
		{"a crs without a code", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"local"}},"features":[{"type":"Feature","properties":{},"geometry":` + square + `}]}`,
			0, nil, map[string]string{}, ccw},
		{"a multipolygon with a height", `{"type":"MultiPolygon","coordinates":[[[[0,0,5],[1,0,5],[1,1,5],[0,1,5],[0,0,5]]]]}`,
			4326, nil, map[string]string{}, orb.MultiPolygon{ccw}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := readGeoJSON("cells.geojson", []byte(c.text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if l.SRS.EPSG != c.epsg || !slices.Equal(l.Fields, c.fields) || len(l.Features) != 1 {
				t.Fatalf("read EPSG %d, fields %q, %d features; want %d, %q, 1", l.SRS.EPSG, l.Fields, len(l.Features), c.epsg, c.fields)
			}
			f := l.Features[0]
			if !orb.Equal(f.Geometry, c.geom) {
				t.Errorf("geometry %v; want %v", f.Geometry, c.geom)
			}
			if len(f.Attrs) != len(c.attrs) {
				t.Errorf("attributes %q; want %q", f.Attrs, c.attrs)
			}
			for k, v := range c.attrs {
				if f.Attrs[k] != v {
					t.Errorf("%s = %q; want %q", k, f.Attrs[k], v)
				}
			}
		})
	}
}

// TestReadGeoJSONRefusesPositions: a position of one number is no point
// (it was refused as a damaged geometry, without the reason), and one of
// four or more has no meaning in RFC 7946 (it was read, the rest cut).
func TestReadGeoJSONRefusesPositions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, coords, says string }{
		{"one number", `[[[0,0],[0,1],[1],[1,0],[0,0]]]`, "feature 1 has the position [1];"},
		{"no numbers", `[[[0,0],[0,1],[],[1,0],[0,0]]]`, "feature 1 has the position [];"},
		{"four numbers", `[[[0,0],[0,1],[1,1,5,7],[1,0],[0,0]]]`, "feature 1 has the position [1,1,5,7];"},
	} {
		for _, typ := range []string{"Polygon", "MultiPolygon"} {
			coords := c.coords
			if typ == "MultiPolygon" {
				coords = "[" + coords + "]"
			}
			text := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"` + typ + `","coordinates":` + coords + `}}]}`
			_, err := readGeoJSON("cells.geojson", []byte(text), Options{})
			var de *data.Error
			if !errors.As(err, &de) || de.Code != data.EINVALID || de.Field != "file" || !strings.Contains(de.Message, c.says) {
				t.Errorf("%s in a %s: %v; want invalid naming file, saying %q", c.name, typ, err, c.says)
			}
		}
	}
}
