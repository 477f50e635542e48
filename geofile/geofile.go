// Package geofile reads the polygon layers a town brings for its grid
// boundaries (GeoJSON, Shapefile as a .zip or a .shp with its siblings,
// KML and KMZ, GeoPackage) into orb polygons with their attributes, and
// writes layers back out in the same formats.
//
// It reads a layer as the file stores it: coordinates stay in the file's
// own reference system, which Layer.SRS reports as the file declares it
// (geo/crs identifies it; this package parses no projection). Rings come
// out wound as RFC 7946 asks (exteriors counter-clockwise, holes
// clockwise) whatever the file's convention. Every fault of a file is a
// *data.Error naming the file, and the feature when there is one; no
// input makes it panic, and zips that would expand past Options.MaxBytes
// are refused before they are expanded.
package geofile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// DefaultMaxBytes is the most a file, or the members of a zip together, may
// expand to when Options.MaxBytes is zero.
const DefaultMaxBytes = 512 << 20

// MaxFeatures is the most features one layer may hold: a town has a few
// hundred cells, and a count far past this is a damaged or hostile file.
const MaxFeatures = 200_000

// Options choose what to read from a file.
type Options struct {
	// Layer names the layer to read from a file that holds several (a zip
	// of shapefiles, a GeoPackage, a KML with folders).
	Layer string
	// Encoding forces the encoding of a shapefile's attributes (UTF-8,
	// GBK, GB18030, ...), overriding its .cpg.
	Encoding string
	// MaxBytes bounds how much a file may expand to; 0 means DefaultMaxBytes.
	MaxBytes int64
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// SRS is the spatial reference system a file declares, for geo/crs to
// identify: an EPSG code when the file gives one, and the WKT of a .prj or
// of a GeoPackage's gpkg_spatial_ref_sys. It is zero when the file declares
// nothing (a shapefile without .prj).
type SRS struct {
	EPSG int
	WKT  string
}

// Feature is one polygon feature of a layer.
type Feature struct {
	// Index is the feature's place in the file, from 1: the record number
	// of a shapefile, the n-th Placemark of a KML, and so on.
	Index int
	// Attrs holds the feature's attributes as text, keyed by field name.
	// A null value has no entry.
	Attrs map[string]string
	// Geometry is an orb.Polygon or orb.MultiPolygon in the file's own
	// coordinates.
	Geometry orb.Geometry
}

// Layer is one polygon layer read from a file.
type Layer struct {
	Format   string // "geojson", "shp", "kml", "kmz" or "gpkg"
	Name     string
	SRS      SRS
	Fields   []string // attribute names in file order
	Encoding string   // the encoding the attributes were decoded with
	Features []Feature
}

// Read reads the polygon layer in the file at path. The format follows the
// extension (.geojson/.json, .shp, .zip, .kml, .kmz, .gpkg), or the content
// when the extension names none of them. A .shp is read with the .shx,
// .dbf, .prj and .cpg beside it.
func Read(path string, opt Options) (*Layer, error) {
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".shp":
		return readShapefile(name, dirFiles{dir: filepath.Dir(path)}, name, opt)
	case ".gpkg":
		return readGPKGFile(name, path, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, data.FieldErrorf("file", "%s cannot be opened: %s", name, errText(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, data.FieldErrorf("file", "%s cannot be opened: %s", name, errText(err))
	}
	return ReadFrom(name, f, st.Size(), opt)
}

// ReadFrom reads the polygon layer of a file of size bytes named name (an
// upload, say); name gives the format as for Read. A bare .shp cannot be
// read this way, as its siblings are missing: upload it zipped with them.
func ReadFrom(name string, r io.ReaderAt, size int64, opt Options) (*Layer, error) {
	if size > opt.maxBytes() {
		return nil, data.FieldErrorf("file", "%s is larger than %d MB, the most a file may be.", name, opt.maxBytes()>>20)
	}
	head := make([]byte, 16)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	format := strings.ToLower(filepath.Ext(name))
	switch format {
	case ".geojson", ".json", ".kml", ".kmz", ".zip", ".gpkg":
	case ".shp":
		return nil, data.FieldErrorf("file", "%s is a .shp alone; send it as a .zip together with its .shx, .dbf, .prj and .cpg.", name)
	default:
		format = sniff(head)
	}
	switch format {
	case ".zip", ".kmz":
		return readZip(name, r, size, opt)
	case ".gpkg":
		return readGPKGReader(name, r, size, opt)
	}
	b, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, data.FieldErrorf("file", "%s cannot be opened: %s", name, errText(err))
	}
	switch format {
	case ".kml":
		return readKML(name, b, "kml", opt)
	case ".geojson", ".json":
		return readGeoJSON(name, b, opt)
	}
	return nil, data.FieldErrorf("file", "%s is not in a format gridmap reads (GeoJSON, Shapefile, KML, KMZ or GeoPackage).", name)
}

// bom is the UTF-8 byte order mark some Windows tools put first.
const bom = "\ufeff"

// sniff names the format of a file from its first bytes, or "".
func sniff(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ".zip"
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return ".gpkg"
	case bytes.HasPrefix(t, []byte("{")):
		return ".geojson"
	case bytes.HasPrefix(t, []byte("<")):
		return ".kml"
	}
	return ""
}

// errText is the text of an I/O error without the path, which names the
// server's files rather than the user's.
func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// stem is a file name without folder and extension: the name of its layer.
func stem(name string) string {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// listLayers joins layer names for an error message.
func listLayers(names []string) string {
	return strings.Join(names, ", ")
}

// pickLayer chooses the layer named by want among names: the only one when
// want is empty, else an error that lists them.
func pickLayer(file string, names []string, want string) (string, error) {
	if want == "" {
		if len(names) == 1 {
			return names[0], nil
		}
		return "", data.FieldErrorf("layer", "%s holds several layers (%s); choose one with the layer option.", file, listLayers(names))
	}
	for _, n := range names {
		if n == want {
			return n, nil
		}
	}
	for _, n := range names {
		if strings.EqualFold(n, want) {
			return n, nil
		}
	}
	return "", data.FieldErrorf("layer", "%s has no layer %q; its layers are %s.", file, want, listLayers(names))
}
