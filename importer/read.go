package importer

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/crs"
	"gridmap/data"
	"gridmap/geo"
	"gridmap/geofile"
)

// ReadOptions say how to read a boundary file.
type ReadOptions struct {
	Layer    string  // a GeoPackage's, KML's or zip's layer; "" when there is one
	Encoding string  // a Shapefile's attribute encoding; "" from its .cpg, else UTF-8 or GB18030
	SRS      string  // the coordinate system when the file declares none or the wrong one (gcj02 for 高德/腾讯 maps)
	SnapM    float64 // snap vertices and edges closer than this many metres; 0 for none
}

// ReadReport says what was read and done to it.
type ReadReport struct {
	File     string        `json:"file"`
	Format   string        `json:"format"` // geojson, shp, kml, kmz, gpkg
	Layer    string        `json:"layer"`
	Encoding string        `json:"encoding"`
	SRS      string        `json:"srs"` // the system the coordinates were read in, e.g. EPSG:4524
	Features int           `json:"features"`
	Snap     geo.SnapStats `json:"snap"`
}

// ReadBoundaries reads the polygons of a boundary file into WGS 84
// features (see ReadBoundariesFrom). A .shp is read with its siblings.
func ReadBoundaries(path string, opt ReadOptions) ([]Feature, *ReadReport, error) {
	layer, err := geofile.Read(path, geofile.Options{Layer: opt.Layer, Encoding: opt.Encoding})
	if err != nil {
		return nil, nil, err
	}
	return toWGS84(path, layer, opt)
}

// ReadBoundariesFrom reads an uploaded boundary file named name: its
// coordinate system from opt.SRS, else what the file declares (KML and
// GeoJSON are WGS 84), converted to WGS 84 and, with opt.SnapM, snapped so
// that neighbours digitised polygon by polygon share their edges.
func ReadBoundariesFrom(name string, r io.ReaderAt, size int64, opt ReadOptions) ([]Feature, *ReadReport, error) {
	layer, err := geofile.ReadFrom(name, r, size, geofile.Options{Layer: opt.Layer, Encoding: opt.Encoding})
	if err != nil {
		return nil, nil, err
	}
	return toWGS84(name, layer, opt)
}

func toWGS84(name string, l *geofile.Layer, opt ReadOptions) ([]Feature, *ReadReport, error) {
	rep := &ReadReport{File: name, Format: l.Format, Layer: l.Name, Encoding: l.Encoding, Features: len(l.Features)}
	if len(l.Features) == 0 {
		return nil, rep, data.FieldErrorf("file", "The file has no features.").In(layerName(name, l))
	}
	var bound orb.Bound
	for i, f := range l.Features {
		if i == 0 {
			bound = f.Geometry.Bound()
		} else {
			bound = bound.Union(f.Geometry.Bound())
		}
	}
	sys, err := systemOf(l.SRS, opt.SRS, bound)
	if err != nil {
		if opt.SRS == "" { // the file's own system: name the file that declares it
			err = inFile(srsFile(name, l), err)
		}
		return nil, rep, err
	}
	rep.SRS = sys.Name()
	fs := make([]Feature, len(l.Features))
	polys := make([]orb.Polygon, len(l.Features))
	for i, f := range l.Features {
		g, err := crs.ToWGS84(sys, f.Geometry)
		if err != nil {
			return nil, rep, inFile(fmt.Sprintf("%s, feature %d", name, f.Index), err)
		}
		fs[i] = Feature{Index: f.Index, Attrs: f.Attrs, Geometry: g}
		if p, ok := g.(orb.Polygon); ok {
			polys[i] = p
		}
	}
	if opt.SnapM > 0 {
		// Features of several parts are left as they are: they are refused
		// as cells anyway.
		var idx []int
		var some []orb.Polygon
		for i, p := range polys {
			if p != nil {
				idx, some = append(idx, i), append(some, p)
			}
		}
		snapped, stats, err := geo.Snap(some, opt.SnapM)
		if err != nil {
			return nil, rep, data.FieldErrorf("snap", "The snapping distance must be a number of metres, not negative.")
		}
		for j, i := range idx {
			fs[i].Geometry = snapped[j]
		}
		for k, j := range stats.Collapsed {
			stats.Collapsed[k] = fs[idx[j]].Index
		}
		rep.Snap = stats
	}
	return fs, rep, nil
}

// inFile names file in err, an EINVALID *data.Error; other errors are
// returned as they are.
func inFile(file string, err error) error {
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.EINVALID {
		return err
	}
	return de.In(file)
}

// layerName names the file a layer was read from, and its layer when the
// file holds several (a GeoPackage's, a zip's).
func layerName(name string, l *geofile.Layer) string {
	name = filepath.Base(name)
	if l.Name != "" && (l.Format == "gpkg" || strings.HasSuffix(strings.ToLower(name), ".zip")) {
		return name + " (" + l.Name + ")"
	}
	return name
}

// srsFile names the file that declares a layer's coordinate system: the
// .prj of a shapefile that has one, else the file.
func srsFile(name string, l *geofile.Layer) string {
	if l.Format == "shp" && (l.SRS.WKT != "" || l.SRS.EPSG != 0) {
		base := filepath.Base(name)
		if strings.HasSuffix(strings.ToLower(base), ".zip") {
			return base + ": " + l.Name + ".prj"
		}
		return strings.TrimSuffix(base, filepath.Ext(base)) + ".prj"
	}
	return layerName(name, l)
}

// systemOf is the coordinate system of a layer's coordinates: the one
// given, else the one the file declares, else WGS 84; checked against the
// coordinates for the zone prefix of Gauss-Krüger eastings and for degrees
// read as metres or the other way round.
func systemOf(declared geofile.SRS, given string, b orb.Bound) (*crs.CRS, error) {
	var sys *crs.CRS
	var err error
	if given != "" {
		sys, err = crs.Parse(given)
	} else {
		sys, err = crs.Identify(declared.EPSG, declared.WKT)
	}
	if err != nil {
		return nil, err
	}
	if sys == nil {
		// Nothing declared: WGS 84, as GeoJSON and KML are, when the
		// coordinates are degrees.
		if fit, err := crs.FitPrefix(crs.WGS84(), b); err == nil {
			return fit, nil
		}
		if g := crs.GuessGK(b); g != nil {
			return nil, data.FieldErrorf("srs", "The file declares no coordinate system, and its coordinates are not longitude and latitude; they look like %s: give that system (-srs).", g.Name())
		}
		return nil, data.FieldErrorf("srs", "The file declares no coordinate system, and its coordinates are not longitude and latitude: give the system they are in (-srs), such as the Gauss-Kruger zone (EPSG:4513-4554).")
	}
	return crs.FitPrefix(sys, b)
}
