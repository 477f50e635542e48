package geofile

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/paulmach/orb"
)

// geojsonWriter writes a FeatureCollection: properties in field order,
// every value as text (null when missing), and a crs member naming the
// EPSG code when it is not WGS 84, as GDAL writes it.
type geojsonWriter struct {
	b *bufio.Writer
	s Schema
	n int
}

func newGeoJSONWriter(w io.Writer, s Schema) *geojsonWriter {
	g := &geojsonWriter{b: bufio.NewWriter(w), s: s}
	g.b.WriteString(`{"type":"FeatureCollection","name":`)
	g.str(s.Name)
	if s.SRS.EPSG != 0 && s.SRS.EPSG != 4326 {
		g.b.WriteString(`,"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::` + strconv.Itoa(s.SRS.EPSG) + `"}}`)
	}
	g.b.WriteString(`,"features":[`)
	return g
}

func (g *geojsonWriter) str(s string) {
	j, _ := json.Marshal(s)
	g.b.Write(j)
}

func (g *geojsonWriter) feature(f Feature) error {
	b := g.b
	if g.n > 0 {
		b.WriteByte(',')
	}
	g.n++
	b.WriteString("\n" + `{"type":"Feature","properties":{`)
	for k, name := range g.s.Fields {
		if k > 0 {
			b.WriteByte(',')
		}
		g.str(name)
		b.WriteByte(':')
		if v, ok := f.Attrs[name]; ok {
			g.str(v)
		} else {
			b.WriteString("null")
		}
	}
	b.WriteString(`},"geometry":`)
	writeJSONGeometry(b, f.Geometry)
	b.WriteByte('}')
	return nil
}

func (g *geojsonWriter) close() error {
	g.b.WriteString("\n]}\n")
	return g.b.Flush()
}

func (g *geojsonWriter) abort() {}

func writeJSONGeometry(b *bufio.Writer, g orb.Geometry) {
	polygon := func(p orb.Polygon) {
		b.WriteByte('[')
		for i, r := range p {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for k, pt := range r {
				if k > 0 {
					b.WriteByte(',')
				}
				b.WriteString("[" + num(pt[0]) + "," + num(pt[1]) + "]")
			}
			b.WriteByte(']')
		}
		b.WriteByte(']')
	}
	switch g := g.(type) {
	case orb.Point:
		b.WriteString(`{"type":"Point","coordinates":[` + num(g[0]) + "," + num(g[1]) + "]")
	case orb.Polygon:
		b.WriteString(`{"type":"Polygon","coordinates":`)
		polygon(g)
	case orb.MultiPolygon:
		b.WriteString(`{"type":"MultiPolygon","coordinates":[`)
		for i, p := range g {
			if i > 0 {
				b.WriteByte(',')
			}
			polygon(p)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}
