package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// The committed files are GeoJSON FeatureCollections (RFC 7946) of
// Polygons, written one feature per line so that diffs stay readable.
// Coordinates are longitude/latitude with at most 7 decimals, exterior
// rings counter-clockwise. orb's geojson package would pull in a BSON
// module, so this small codec does the job.

// feature is one record of a committed file: string properties and one
// polygon.
type feature struct {
	props   [][2]string // in the order written
	polygon orb.Polygon
}

func encodeFeatures(fs []feature) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i, f := range fs {
		b.WriteString(`{"type":"Feature","properties":{`)
		for j, kv := range f.props {
			if j > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(kv[0])
			v, _ := json.Marshal(kv[1])
			b.Write(k)
			b.WriteByte(':')
			b.Write(v)
		}
		b.WriteString(`},"geometry":{"type":"Polygon","coordinates":[`)
		for j, r := range f.polygon {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for k, p := range r {
				if k > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('[')
				b.Write(strconv.AppendFloat(nil, p[0], 'f', -1, 64))
				b.WriteByte(',')
				b.Write(strconv.AppendFloat(nil, p[1], 'f', -1, 64))
				b.WriteByte(']')
			}
			b.WriteByte(']')
		}
		b.WriteString("]}}")
		if i+1 < len(fs) {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// rawFeature is the decoding side of feature.
type rawFeature struct {
	Properties map[string]string `json:"properties"`
	Geometry   struct {
		Type        string         `json:"type"`
		Coordinates [][][2]float64 `json:"coordinates"`
	} `json:"geometry"`
}

func decodeFeatures(name string, b []byte) ([]rawFeature, []orb.Polygon, error) {
	var fc struct {
		Type     string       `json:"type"`
		Features []rawFeature `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, nil, fmt.Errorf("%s: not a FeatureCollection", name)
	}
	polys := make([]orb.Polygon, len(fc.Features))
	for i, f := range fc.Features {
		if f.Geometry.Type != "Polygon" || len(f.Geometry.Coordinates) == 0 {
			return nil, nil, fmt.Errorf("%s: feature %d is not a Polygon", name, i)
		}
		p := make(orb.Polygon, len(f.Geometry.Coordinates))
		for j, r := range f.Geometry.Coordinates {
			p[j] = make(orb.Ring, len(r))
			for k, c := range r {
				p[j][k] = orb.Point(c)
			}
		}
		polys[i] = p
	}
	return fc.Features, polys, nil
}
