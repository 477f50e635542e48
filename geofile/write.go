package geofile

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// Formats lists what Write writes: the formats of exports.
var Formats = []string{"geojson", "shp", "kml", "gpkg"}

// Write writes l to path in format ("geojson", "shp" as a zip of .shp,
// .shx, .dbf, .prj and .cpg, "kml" or "gpkg"), so that Read gives it back
// unchanged. The file appears whole or not at all: it is written beside
// path and renamed. Coordinates are written as they are: KML wants WGS 84
// longitude/latitude, and the .prj and GeoPackage SRS say l.SRS.
func Write(path, format string, l *Layer) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gridmap-*"+filepath.Ext(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = Encode(tmp, format, l)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Encode writes l to w in format, as Write does, for a download.
func Encode(w io.Writer, format string, l *Layer) error {
	s := Schema{Name: l.Name, SRS: l.SRS, Fields: l.Fields, Geometry: polygonType(l)}
	fw, err := NewWriter(w, format, s)
	if err != nil {
		return err
	}
	for _, f := range l.Features {
		if err := fw.Write(f); err != nil {
			fw.Abort()
			return err
		}
	}
	return fw.Close()
}

// polygonType is the GeoPackage geometry type of a polygon layer:
// POLYGON, MULTIPOLYGON, or GEOMETRY when it holds both.
func polygonType(l *Layer) string {
	multi := slices.ContainsFunc(l.Features, func(f Feature) bool { _, ok := f.Geometry.(orb.MultiPolygon); return ok })
	single := slices.ContainsFunc(l.Features, func(f Feature) bool { _, ok := f.Geometry.(orb.Polygon); return ok })
	switch {
	case multi && single:
		return GeometryAny
	case multi:
		return GeometryMultiPolygon
	}
	return GeometryPolygon
}

// checkSchema refuses what a format cannot say: a coordinate system GeoJSON
// cannot name, or one that is not longitude/latitude in KML.
func checkSchema(format string, s Schema) error {
	switch format {
	case "geojson":
		if s.SRS.EPSG == 0 && s.SRS.WKT != "" {
			return data.Errorf(data.EINVALID, "Layer %s is in a coordinate system without an EPSG code, which GeoJSON cannot name.", s.Name)
		}
	case "kml":
		if s.SRS.EPSG != 0 && s.SRS.EPSG != 4326 && s.SRS.EPSG != 4490 || s.SRS.EPSG == 0 && s.SRS.WKT != "" {
			return data.Errorf(data.EINVALID, "Layer %s is not in longitude/latitude, which KML requires.", s.Name)
		}
	case "shp", "gpkg":
	default:
		return data.FieldErrorf("format", "The format %q is not one gridmap writes; use geojson, shp, kml or gpkg.", format)
	}
	switch s.Geometry {
	case GeometryPoint, GeometryPolygon, GeometryMultiPolygon, GeometryAny:
		return nil
	}
	return data.Errorf(data.EINTERNAL, "Layer %s has no geometry type gridmap writes (%q).", s.Name, s.Geometry)
}

// num formats a coordinate so that it parses back to the same float64.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// polygons lists the polygons of g, an orb.Polygon or orb.MultiPolygon.
func polygons(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}
