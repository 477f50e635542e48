package geofile

import (
	"io"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// Geometry types of a Schema, as GeoPackage names them.
const (
	GeometryPoint        = "POINT"        // orb.Point
	GeometryPolygon      = "POLYGON"      // orb.Polygon
	GeometryMultiPolygon = "MULTIPOLYGON" // orb.MultiPolygon
	GeometryAny          = "GEOMETRY"     // orb.Polygon or orb.MultiPolygon
)

// Schema describes a layer written one feature at a time: its name (the
// shapefile's members, the GeoPackage table, the KML document), its
// coordinate system, its fields in order (every value is text) and the
// one kind of geometry its features have.
type Schema struct {
	Name     string
	SRS      SRS
	Fields   []string
	Geometry string // GeometryPoint, GeometryPolygon, ...
	// Label is the field that names each feature where a format shows a
	// name (a KML Placemark's); "" means "name".
	Label string
}

// Writer writes a layer to an io.Writer one feature at a time, so that an
// export of many features holds one of them at a time: GeoJSON and KML go
// straight out; a shapefile's parts and a GeoPackage are built in
// temporary files and copied out by Close.
type Writer struct {
	s   Schema
	enc encoder
	n   int
}

// encoder is one format's writer.
type encoder interface {
	feature(f Feature) error
	close() error
	abort() // drops temporary files after a failure
}

// NewWriter starts a layer of schema s in format (geojson, shp, kml or
// gpkg) on w. EINVALID when the format cannot say s (see Write).
func NewWriter(w io.Writer, format string, s Schema) (*Writer, error) {
	if err := checkSchema(format, s); err != nil {
		return nil, err
	}
	if s.Name == "" {
		s.Name = "layer"
	}
	if s.Label == "" {
		s.Label = "name"
	}
	var enc encoder
	var err error
	switch format {
	case "geojson":
		enc = newGeoJSONWriter(w, s)
	case "kml":
		enc = newKMLWriter(w, s)
	case "shp":
		enc, err = newShapefileWriter(w, s)
	case "gpkg":
		enc, err = newGPKGWriter(w, s)
	}
	if err != nil {
		return nil, err
	}
	return &Writer{s: s, enc: enc}, nil
}

// Write writes one feature; its geometry must be of the schema's type.
// Attributes not among the fields are not written.
func (w *Writer) Write(f Feature) error {
	w.n++
	ok := false
	switch f.Geometry.(type) {
	case orb.Point:
		ok = w.s.Geometry == GeometryPoint
	case orb.Polygon:
		ok = w.s.Geometry == GeometryPolygon || w.s.Geometry == GeometryAny
	case orb.MultiPolygon:
		ok = w.s.Geometry == GeometryMultiPolygon || w.s.Geometry == GeometryAny
	}
	switch {
	case !ok && w.s.Geometry == GeometryPoint:
		return data.Errorf(data.EINTERNAL, "Feature %d of layer %s is not a point.", w.n, w.s.Name)
	case !ok:
		return data.Errorf(data.EINTERNAL, "Feature %d of layer %s is not a polygon.", w.n, w.s.Name)
	}
	return w.enc.feature(f)
}

// Close finishes the layer and writes what is still held back.
func (w *Writer) Close() error {
	return w.enc.close()
}

// Abort gives up the layer, removing its temporary files; nothing more is
// written to the io.Writer.
func (w *Writer) Abort() {
	w.enc.abort()
}
