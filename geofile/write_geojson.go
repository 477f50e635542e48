package geofile

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/paulmach/orb"
)

// writeGeoJSON writes l as a FeatureCollection: properties in field order,
// every value as text (null when missing), and a crs member naming the
// EPSG code when it is not WGS 84, as GDAL writes it.
func writeGeoJSON(w io.Writer, l *Layer) error {
	b := bufio.NewWriter(w)
	str := func(s string) {
		j, _ := json.Marshal(s)
		b.Write(j)
	}
	b.WriteString(`{"type":"FeatureCollection","name":`)
	str(l.Name)
	if l.SRS.EPSG != 0 && l.SRS.EPSG != 4326 {
		b.WriteString(`,"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::` + strconv.Itoa(l.SRS.EPSG) + `"}}`)
	}
	b.WriteString(`,"features":[`)
	for i, f := range l.Features {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + `{"type":"Feature","properties":{`)
		for k, name := range l.Fields {
			if k > 0 {
				b.WriteByte(',')
			}
			str(name)
			b.WriteByte(':')
			if v, ok := f.Attrs[name]; ok {
				str(v)
			} else {
				b.WriteString("null")
			}
		}
		b.WriteString(`},"geometry":`)
		writeJSONGeometry(b, f.Geometry)
		b.WriteByte('}')
	}
	b.WriteString("\n]}\n")
	return b.Flush()
}

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
