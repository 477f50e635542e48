package geofile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
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
	if format == "gpkg" {
		if err := tmp.Close(); err != nil {
			return err
		}
		if err := checkLayer(l); err != nil {
			return err
		}
		if err := writeGPKG(tmp.Name(), l); err != nil {
			return err
		}
	} else {
		err := Encode(tmp, format, l)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return os.Rename(tmp.Name(), path)
}

// Encode writes l to w in format, as Write does, for a download.
func Encode(w io.Writer, format string, l *Layer) error {
	if err := checkLayer(l); err != nil {
		return err
	}
	switch format {
	case "gpkg":
		return encodeGPKG(w, l)
	case "geojson":
		if l.SRS.EPSG == 0 && l.SRS.WKT != "" {
			return data.Errorf(data.EINVALID, "Layer %s is in a coordinate system without an EPSG code, which GeoJSON cannot name.", l.Name)
		}
		return writeGeoJSON(w, l)
	case "shp":
		return writeShapefileZip(w, l)
	case "kml":
		if l.SRS.EPSG != 0 && l.SRS.EPSG != 4326 && l.SRS.EPSG != 4490 || l.SRS.EPSG == 0 && l.SRS.WKT != "" {
			return data.Errorf(data.EINVALID, "Layer %s is not in longitude/latitude, which KML requires.", l.Name)
		}
		return writeKML(w, l)
	}
	return data.FieldErrorf("format", "The format %q is not one gridmap writes; use geojson, shp, kml or gpkg.", format)
}

// checkLayer refuses what no format could write back unchanged: features
// that are not polygons.
func checkLayer(l *Layer) error {
	for _, f := range l.Features {
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			return data.Errorf(data.EINTERNAL, "Feature %d of layer %s is not a polygon.", f.Index, l.Name)
		}
	}
	return nil
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

// encodeGPKG writes l as a GeoPackage to w: SQLite wants a file, so it is
// written to a temporary one first.
func encodeGPKG(w io.Writer, l *Layer) error {
	f, err := os.CreateTemp("", "gridmap-*.gpkg")
	if err != nil {
		return err
	}
	f.Close()
	defer os.Remove(f.Name())
	if err := writeGPKG(f.Name(), l); err != nil {
		return err
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return err
	}
	_, err = io.Copy(w, bytes.NewReader(b))
	return err
}
