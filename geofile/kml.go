package geofile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// kmlPlacemark is the part of a KML Placemark a boundary needs.
type kmlPlacemark struct {
	Name         *string `xml:"name"`
	Description  *string `xml:"description"`
	ExtendedData struct {
		Data []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value"`
		} `xml:"Data"`
		SchemaData []struct {
			SimpleData []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:",chardata"`
			} `xml:"SimpleData"`
		} `xml:"SchemaData"`
	} `xml:"ExtendedData"`
	Geometry []kmlGeometry `xml:",any"`
}

// kmlGeometry is any child element of a Placemark or MultiGeometry; the
// geometries among them are told by name.
type kmlGeometry struct {
	XMLName xml.Name
	Outer   []kmlBoundary `xml:"outerBoundaryIs"`
	Inner   []kmlBoundary `xml:"innerBoundaryIs"`
	Members []kmlGeometry `xml:",any"`
}

type kmlBoundary struct {
	Rings []struct {
		Coordinates string `xml:"coordinates"`
	} `xml:"LinearRing"`
}

// kmlKinds are the KML geometries other than polygons, by their GeoJSON
// names for errors.
var kmlKinds = map[string]string{
	"Point": "Point", "LineString": "LineString", "LinearRing": "LineString",
	"Track": "LineString", "MultiTrack": "MultiLineString", "Model": "Model",
}

// readKML reads the Placemarks of a KML document, in WGS 84 always. With
// opt.Layer it reads those inside the Document or Folder of that name.
func readKML(file string, b []byte, format string, opt Options) (*Layer, error) {
	dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte(bom))))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		enc, ok := lookupEncoding(label)
		if !ok {
			return nil, errors.New("unknown encoding " + label)
		}
		if enc.enc == nil {
			return r, nil
		}
		return enc.enc.NewDecoder().Reader(r), nil
	}
	l := &Layer{Format: format, SRS: SRS{EPSG: 4326}, Encoding: "UTF-8"}
	type container struct {
		name  string
		depth int
	}
	var (
		stack      []container // open Documents and Folders
		depth      int
		containers []string
		index      int
		seen       = map[string]bool{}
		root       bool // the document is a <kml>
	)
	field := func(k string) {
		if !seen[k] {
			seen[k] = true
			l.Fields = append(l.Fields, k)
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlError(file, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				root = t.Name.Local == "kml"
			}
			switch t.Name.Local {
			case "Document", "Folder":
				stack = append(stack, container{depth: depth})
			case "name":
				if len(stack) > 0 && stack[len(stack)-1].depth == depth-1 {
					var s string
					if err := dec.DecodeElement(&s, &t); err != nil {
						return nil, xmlError(file, dec, err)
					}
					depth--
					s = strings.TrimSpace(s)
					stack[len(stack)-1].name = s
					if !slices.Contains(containers, s) {
						containers = append(containers, s)
					}
					if l.Name == "" {
						l.Name = s
					}
				}
			case "Placemark":
				var p kmlPlacemark
				if err := dec.DecodeElement(&p, &t); err != nil {
					return nil, xmlError(file, dec, err)
				}
				depth--
				index++
				if index > MaxFeatures {
					return nil, data.FieldErrorf("file", "%s holds more than %d shapes; a layer may hold at most that.", file, MaxFeatures)
				}
				if opt.Layer != "" && !slices.ContainsFunc(stack, func(c container) bool { return c.name == opt.Layer }) {
					continue
				}
				f, err := p.feature(file, index, field)
				if err != nil {
					return nil, err
				}
				l.Features = append(l.Features, f)
			}
		case xml.EndElement:
			if len(stack) > 0 && stack[len(stack)-1].depth == depth {
				stack = stack[:len(stack)-1]
			}
			depth--
		}
	}
	if !root {
		return nil, data.FieldErrorf("file", "%s is not a KML document: its root element is not <kml>.", file)
	}
	if opt.Layer != "" {
		if !slices.Contains(containers, opt.Layer) {
			return nil, data.FieldErrorf("layer", "%s has no layer %q; its layers are %s.", file, opt.Layer, listLayers(containers))
		}
		l.Name = opt.Layer
	}
	if l.Name == "" {
		l.Name = stem(file)
	}
	return l, nil
}

// feature turns the Placemark numbered n into a Feature; field records
// each attribute name in the order met.
func (p *kmlPlacemark) feature(file string, n int, field func(string)) (Feature, error) {
	f := Feature{Index: n, Attrs: map[string]string{}}
	set := func(k, v string) {
		field(k)
		if v = strings.TrimSpace(v); v != "" {
			f.Attrs[k] = v
		}
	}
	// ExtendedData first, so that a name or description kept there too
	// keeps its place among the fields.
	for _, d := range p.ExtendedData.Data {
		set(d.Name, d.Value)
	}
	for _, sd := range p.ExtendedData.SchemaData {
		for _, d := range sd.SimpleData {
			set(d.Name, d.Value)
		}
	}
	if _, ok := f.Attrs["name"]; !ok && p.Name != nil {
		set("name", *p.Name)
	}
	if _, ok := f.Attrs["description"]; !ok && p.Description != nil {
		set("description", *p.Description)
	}
	var polys orb.MultiPolygon
	if err := collectKML(file, n, p.Geometry, &polys); err != nil {
		return f, err
	}
	var g orb.Geometry
	switch len(polys) {
	case 0:
		return f, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, n)
	case 1:
		g = polys[0]
	default:
		g = polys
	}
	g, err := checkPolygons(file, n, g)
	f.Geometry = g
	return f, err
}

// collectKML appends the polygons among gs, looking into MultiGeometry,
// and refuses any other geometry.
func collectKML(file string, n int, gs []kmlGeometry, out *orb.MultiPolygon) error {
	for _, g := range gs {
		switch g.XMLName.Local {
		case "Polygon":
			var p orb.Polygon
			for _, b := range append(g.Outer[:len(g.Outer):len(g.Outer)], g.Inner...) {
				for _, r := range b.Rings {
					ring, err := kmlCoordinates(file, n, r.Coordinates)
					if err != nil {
						return err
					}
					p = append(p, ring)
				}
			}
			if len(g.Outer) != 1 || len(g.Outer[0].Rings) != 1 {
				return data.FieldErrorf("file", "%s, feature %d: a Polygon needs one outerBoundaryIs with one LinearRing.", file, n)
			}
			*out = append(*out, p)
		case "MultiGeometry":
			if err := collectKML(file, n, g.Members, out); err != nil {
				return err
			}
		default:
			if kind, ok := kmlKinds[g.XMLName.Local]; ok {
				return notPolygon(file, n, kind)
			}
		}
	}
	return nil
}

// kmlCoordinates parses a coordinates element: "lon,lat[,alt]" tuples
// separated by any whitespace (a space after a comma is forgiven).
func kmlCoordinates(file string, n int, s string) (orb.Ring, error) {
	var tuples []string
	for _, t := range strings.Fields(s) {
		if k := len(tuples) - 1; k >= 0 && (strings.HasSuffix(tuples[k], ",") || strings.HasPrefix(t, ",")) {
			tuples[k] += t
			continue
		}
		tuples = append(tuples, t)
	}
	r := make(orb.Ring, 0, len(tuples))
	for _, t := range tuples {
		parts := strings.Split(t, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, data.FieldErrorf("file", "%s, feature %d: %q is not a longitude,latitude pair.", file, n, t)
		}
		lon, err1 := strconv.ParseFloat(parts[0], 64)
		lat, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return nil, data.FieldErrorf("file", "%s, feature %d: %q is not a longitude,latitude pair.", file, n, t)
		}
		r = append(r, orb.Point{lon, lat})
	}
	return r, nil
}

// xmlError names the line where a KML stops being well-formed XML.
func xmlError(file string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return data.FieldErrorf("file", "%s is not valid XML (line %d).", file, se.Line)
	}
	line, _ := dec.InputPos()
	return data.FieldErrorf("file", "%s is not valid XML (line %d).", file, line)
}
