package geofile

import (
	"bufio"
	"encoding/xml"
	"io"

	"github.com/paulmach/orb"
)

// writeKML writes l as a KML Document: a Placemark per feature with its
// "name" field as the label Google Earth shows, every field (the name too)
// as SimpleData of one Schema in field order (GDAL keeps Chinese names of
// SimpleData, not of Data), and its polygons. The coordinates must be
// WGS 84 longitude/latitude.
func writeKML(w io.Writer, l *Layer) error {
	b := bufio.NewWriter(w)
	text := func(s string) { xml.EscapeText(b, []byte(s)) }
	b.WriteString(xml.Header + `<kml xmlns="http://www.opengis.net/kml/2.2">` + "\n<Document><name>")
	text(l.Name)
	b.WriteString("</name>\n<Schema name=\"")
	text(l.Name)
	b.WriteString(`" id="fields">`)
	for _, k := range l.Fields {
		b.WriteString(`<SimpleField name="`)
		text(k)
		b.WriteString(`" type="string"></SimpleField>`)
	}
	b.WriteString("</Schema>\n")
	for _, f := range l.Features {
		b.WriteString("<Placemark>")
		if v, ok := f.Attrs["name"]; ok {
			b.WriteString("<name>")
			text(v)
			b.WriteString("</name>")
		}
		b.WriteString(`<ExtendedData><SchemaData schemaUrl="#fields">`)
		for _, k := range l.Fields {
			v, ok := f.Attrs[k]
			if !ok {
				continue
			}
			b.WriteString(`<SimpleData name="`)
			text(k)
			b.WriteString(`">`)
			text(v)
			b.WriteString("</SimpleData>")
		}
		b.WriteString("</SchemaData></ExtendedData>")
		ps := polygons(f.Geometry)
		_, multi := f.Geometry.(orb.MultiPolygon)
		if multi {
			b.WriteString("<MultiGeometry>")
		}
		for _, p := range ps {
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
	}
	b.WriteString("</Document></kml>\n")
	return b.Flush()
}

func writeKMLRing(b *bufio.Writer, r orb.Ring) {
	for i, p := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p[0]) + "," + num(p[1]))
	}
}
