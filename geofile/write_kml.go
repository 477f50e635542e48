package geofile

import (
	"bufio"
	"encoding/xml"
	"io"

	"github.com/paulmach/orb"
)

// kmlWriter writes a KML Document: a Placemark per feature with its
// label field ("name" unless the schema says) as the label Google Earth shows, every field (the name too)
// as SimpleData of one Schema in field order (GDAL keeps Chinese names of
// SimpleData, not of Data), and its point or polygons. The coordinates
// must be WGS 84 longitude/latitude.
type kmlWriter struct {
	b *bufio.Writer
	s Schema
}

func newKMLWriter(w io.Writer, s Schema) *kmlWriter {
	k := &kmlWriter{b: bufio.NewWriter(w), s: s}
	b := k.b
	b.WriteString(xml.Header + `<kml xmlns="http://www.opengis.net/kml/2.2">` + "\n<Document><name>")
	k.text(s.Name)
	b.WriteString("</name>\n<Schema name=\"")
	k.text(s.Name)
	b.WriteString(`" id="fields">`)
	for _, f := range s.Fields {
		b.WriteString(`<SimpleField name="`)
		k.text(f)
		b.WriteString(`" type="string"></SimpleField>`)
	}
	b.WriteString("</Schema>\n")
	return k
}

func (k *kmlWriter) text(s string) {
	xml.EscapeText(k.b, []byte(s))
}

func (k *kmlWriter) feature(f Feature) error {
	b := k.b
	b.WriteString("<Placemark>")
	if v, ok := f.Attrs[k.s.Label]; ok {
		b.WriteString("<name>")
		k.text(v)
		b.WriteString("</name>")
	}
	b.WriteString(`<ExtendedData><SchemaData schemaUrl="#fields">`)
	for _, name := range k.s.Fields {
		v, ok := f.Attrs[name]
		if !ok {
			continue
		}
		b.WriteString(`<SimpleData name="`)
		k.text(name)
		b.WriteString(`">`)
		k.text(v)
		b.WriteString("</SimpleData>")
	}
	b.WriteString("</SchemaData></ExtendedData>")
	if p, ok := f.Geometry.(orb.Point); ok {
		b.WriteString("<Point><coordinates>" + num(p[0]) + "," + num(p[1]) + "</coordinates></Point></Placemark>\n")
		return nil
	}
	_, multi := f.Geometry.(orb.MultiPolygon)
	if multi {
		b.WriteString("<MultiGeometry>")
	}
	for _, p := range polygons(f.Geometry) {
		b.WriteString("<Polygon>")
		for i, r := range p {
			if i == 0 {
				b.WriteString("<outerBoundaryIs>")
			} else {
				b.WriteString("<innerBoundaryIs>")
			}
			b.WriteString("<LinearRing><coordinates>")
			writeKMLRing(b, r)
			b.WriteString("</coordinates></LinearRing>")
			if i == 0 {
				b.WriteString("</outerBoundaryIs>")
			} else {
				b.WriteString("</innerBoundaryIs>")
			}
		}
		b.WriteString("</Polygon>")
	}
	if multi {
		b.WriteString("</MultiGeometry>")
	}
	b.WriteString("</Placemark>\n")
	return nil
}

func (k *kmlWriter) close() error {
	k.b.WriteString("</Document></kml>\n")
	return k.b.Flush()
}

func (k *kmlWriter) abort() {}

func writeKMLRing(b *bufio.Writer, r orb.Ring) {
	for i, p := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p[0]) + "," + num(p[1]))
	}
}
