package geofile

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// geojsonDoc is the top of a GeoJSON text: a FeatureCollection, a Feature
// or a bare geometry.
type geojsonDoc struct {
	Type     string            `json:"type"`
	Name     string            `json:"name"`
	CRS      *geojsonCRS       `json:"crs"`
	Features []json.RawMessage `json:"features"`
}

// geojsonCRS is the crs member of GeoJSON before RFC 7946, which GDAL still
// writes for other systems than WGS 84.
type geojsonCRS struct {
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

type geojsonFeature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

var epsgURN = regexp.MustCompile(`(?i)EPSG:(?:[0-9.]*:)?:?(\d+)$`)

// readGeoJSON reads a GeoJSON text. Without a crs member its coordinates
// are WGS 84 longitude/latitude, as RFC 7946 says.
func readGeoJSON(file string, b []byte, opt Options) (*Layer, error) {
	b = bytes.TrimPrefix(b, []byte(bom))
	var doc geojsonDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, jsonError(file, b, err)
	}
	l := &Layer{Format: "geojson", Name: doc.Name, Encoding: "UTF-8", SRS: SRS{EPSG: 4326}}
	if l.Name == "" {
		l.Name = stem(file)
	}
	if doc.CRS != nil {
		l.SRS = SRS{}
		if m := epsgURN.FindStringSubmatch(doc.CRS.Properties.Name); m != nil {
			l.SRS.EPSG, _ = strconv.Atoi(m[1])
		} else if n := doc.CRS.Properties.Name; n == "urn:ogc:def:crs:OGC:1.3:CRS84" || n == "urn:ogc:def:crs:OGC::CRS84" {
			l.SRS.EPSG = 4326
		}
	}
	if opt.Layer != "" && opt.Layer != l.Name {
		return nil, data.FieldErrorf("layer", "%s has no layer %q; its layers are %s.", file, opt.Layer, l.Name)
	}
	var raws []json.RawMessage
	switch doc.Type {
	case "":
		return nil, data.FieldErrorf("file", "%s is not GeoJSON: it is not a JSON object with a type.", file)
	case "FeatureCollection":
		raws = doc.Features
	case "Feature":
		raws = []json.RawMessage{b}
	default:
		raws = []json.RawMessage{[]byte(`{"type":"Feature","geometry":` + string(b) + `}`)}
	}
	if len(raws) > MaxFeatures {
		return nil, data.FieldErrorf("file", "%s holds more than %d shapes; a layer may hold at most that.", file, MaxFeatures)
	}
	seen := map[string]bool{}
	for i, raw := range raws {
		n := i + 1
		var f geojsonFeature
		if err := json.Unmarshal(raw, &f); err != nil || f.Type != "Feature" {
			return nil, data.FieldErrorf("file", "%s, feature %d is not a GeoJSON Feature.", file, n)
		}
		if len(f.Geometry) == 0 || string(f.Geometry) == "null" {
			return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, n)
		}
		g, err := geojsonPolygons(file, n, f.Geometry)
		if err != nil {
			return nil, err
		}
		geom, err := checkPolygons(file, n, g)
		if err != nil {
			return nil, err
		}
		keys, attrs, err := properties(f.Properties)
		if err != nil {
			return nil, data.FieldErrorf("file", "%s, feature %d: its properties are not a JSON object.", file, n)
		}
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				l.Fields = append(l.Fields, k)
			}
		}
		l.Features = append(l.Features, Feature{Index: n, Attrs: attrs, Geometry: geom})
	}
	return l, nil
}

// properties decodes a properties object in order: its keys as they come,
// and its values as text (strings as they are, other values as JSON).
func properties(raw json.RawMessage) ([]string, map[string]string, error) {
	attrs := map[string]string{}
	if len(raw) == 0 || string(raw) == "null" {
		return nil, attrs, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, errors.New("not an object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		var s string
		switch {
		case string(v) == "null":
			continue
		case json.Unmarshal(v, &s) == nil:
		default:
			s = string(v)
		}
		attrs[k] = s
	}
	return keys, attrs, nil
}

// jsonError names where a GeoJSON text stops being JSON.
func jsonError(file string, b []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return data.FieldErrorf("file", "%s is not valid JSON (line %d).", file, line)
	}
	return data.FieldErrorf("file", "%s is not GeoJSON: it is not a JSON object with a type.", file)
}

// geojsonGeometry is a GeoJSON geometry object.
type geojsonGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// geojsonPolygons decodes a Polygon or MultiPolygon geometry; other types
// are refused by name.
func geojsonPolygons(file string, n int, raw json.RawMessage) (orb.Geometry, error) {
	damaged := data.FieldErrorf("file", "%s, feature %d: the geometry is damaged.", file, n)
	var g geojsonGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, damaged
	}
	switch g.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, damaged
		}
		return jsonPolygon(file, n, c)
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, damaged
		}
		mp := make(orb.MultiPolygon, len(c))
		for i, p := range c {
			q, err := jsonPolygon(file, n, p)
			if err != nil {
				return nil, err
			}
			mp[i] = q
		}
		return mp, nil
	case "Point", "MultiPoint", "LineString", "MultiLineString", "GeometryCollection":
		return nil, notPolygon(file, n, g.Type)
	}
	return nil, damaged
}

// jsonPolygon makes a polygon of the decoded coordinates of feature n:
// a position is two numbers, or three (the height, dropped, as RFC 7946
// allows); one number is no point, and RFC 7946 gives more than three no
// meaning.
func jsonPolygon(file string, n int, c [][][]float64) (orb.Polygon, error) {
	p := make(orb.Polygon, len(c))
	for i, r := range c {
		p[i] = make(orb.Ring, len(r))
		for k, pos := range r {
			if len(pos) < 2 || len(pos) > 3 {
				text, _ := json.Marshal(pos)
				return nil, data.FieldErrorf("file", "%s, feature %d has the position %s; a position is two numbers, longitude and latitude (a third, the height, is ignored).", file, n, text)
			}
			p[i][k] = orb.Point{pos[0], pos[1]}
		}
	}
	return p, nil
}
