package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// MaxFileBytes is the largest boundary file read: a town's cells are a
// few megabytes even at survey precision.
const MaxFileBytes = 256 << 20

// ReadOptions say how to read a boundary file.
type ReadOptions struct {
	Layer    string  // a GeoPackage's or zip's layer; "" when there is one
	Encoding string  // a Shapefile's attribute encoding; "" from its .cpg, else UTF-8 or GB18030
	SRS      string  // the coordinate system when the file declares none or the wrong one (gcj02 for 高德/腾讯 maps)
	SnapM    float64 // snap vertices and edges closer than this many metres; 0 for none
}

// ReadReport says what was read and done to it.
type ReadReport struct {
	File     string `json:"file"`
	Format   string `json:"format"`
	Layer    string `json:"layer"`
	Encoding string `json:"encoding"`
	SRS      string `json:"srs"` // the system the coordinates were read in
	Features int    `json:"features"`
}

// ReadBoundaries reads the polygons of a boundary file into WGS 84
// features.
func ReadBoundaries(path string, opt ReadOptions) ([]Feature, *ReadReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, data.FieldErrorf("file", "The file %s cannot be opened.", filepath.Base(path))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, data.FieldErrorf("file", "The file %s cannot be opened.", filepath.Base(path))
	}
	return ReadBoundariesFrom(filepath.Base(path), f, st.Size(), opt)
}

// ReadBoundariesFrom reads an uploaded boundary file named name.
func ReadBoundariesFrom(name string, r io.ReaderAt, size int64, opt ReadOptions) ([]Feature, *ReadReport, error) {
	if size > MaxFileBytes {
		return nil, nil, data.FieldErrorf("file", "The file %s is larger than %d MB.", name, MaxFileBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".geojson", ".json":
	default:
		return nil, nil, data.FieldErrorf("file", "The file %s is not a boundary file gridmap reads (%s).", name, "GeoJSON")
	}
	b, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, nil, data.FieldErrorf("file", "The file %s cannot be read.", name)
	}
	fs, err := readGeoJSON(name, b)
	if err != nil {
		return nil, nil, err
	}
	return fs, &ReadReport{File: name, Format: "GeoJSON", SRS: "EPSG:4326", Features: len(fs)}, nil
}

// readGeoJSON reads a FeatureCollection, a Feature or a bare geometry
// (RFC 7946: always WGS 84), with the properties as text.
func readGeoJSON(name string, b []byte) ([]Feature, error) {
	type geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   *geometry      `json:"geometry"`
	}
	var doc struct {
		feature
		Coordinates json.RawMessage `json:"coordinates"`
		Features    []feature       `json:"features"`
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, data.FieldErrorf("file", "The file %s is not GeoJSON.", name)
	}
	var fs []feature
	switch doc.Type {
	case "FeatureCollection":
		fs = doc.Features
	case "Feature":
		fs = []feature{doc.feature}
	case "Polygon", "MultiPolygon":
		fs = []feature{{Geometry: &geometry{Type: doc.Type, Coordinates: doc.Coordinates}}}
	default:
		return nil, data.FieldErrorf("file", "The file %s is not GeoJSON.", name)
	}
	out := make([]Feature, len(fs))
	for i, f := range fs {
		attrs := make(map[string]string, len(f.Properties))
		for k, v := range f.Properties {
			if v != nil {
				attrs[k] = textOf(v)
			}
		}
		out[i] = Feature{Index: i + 1, Attrs: attrs}
		if f.Geometry == nil {
			continue // reported as a missing geometry
		}
		var err error
		switch f.Geometry.Type {
		case "Polygon":
			var p orb.Polygon
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			out[i].Geometry = p
		case "MultiPolygon":
			var mp orb.MultiPolygon
			err = json.Unmarshal(f.Geometry.Coordinates, &mp)
			out[i].Geometry = mp
		default:
			return nil, data.FieldErrorf("file", "Feature %d of %s is a %s; a cell is a polygon.", i+1, name, f.Geometry.Type)
		}
		if err != nil || checkCoordinates(out[i].Geometry) != nil {
			return nil, data.FieldErrorf("file", "Feature %d of %s has coordinates that are not longitude and latitude in degrees.", i+1, name)
		}
	}
	return out, nil
}

// textOf writes a property as text: numbers without an exponent, so that a
// code stored as a number keeps its digits.
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprintf("%d", int64(v))
		}
		return fmt.Sprint(v)
	default:
		return fmt.Sprint(v)
	}
}

// checkCoordinates fails for coordinates outside ±180, ±90: a file in a
// projected system that does not say so.
func checkCoordinates(g orb.Geometry) error {
	if g == nil {
		return nil
	}
	b := g.Bound()
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return fmt.Errorf("out of range")
	}
	return nil
}
