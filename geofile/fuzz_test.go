package geofile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"path"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
)

// memFiles is a shapefile's parts held in memory.
type memFiles map[string][]byte

func (m memFiles) names() []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	return out
}

func (m memFiles) read(name string) ([]byte, error) { return m[name], nil }

func (m memFiles) display(name string) string { return name }

// sourceLayer is sourceGeoJSON read, for seeds.
func sourceLayer(t testing.TB) *Layer {
	t.Helper()
	l, err := readGeoJSON("cells.geojson", []byte(sourceGeoJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// mustBeFileError fails unless err is nil or an invalid-input *data.Error:
// bad input must never give another kind of error, nor a panic.
func mustBeFileError(t *testing.T, err error) {
	t.Helper()
	if err != nil && data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("error %v is not an invalid-input *data.Error", err)
	}
}

// FuzzShapefile feeds damaged .shp, .shx and .dbf files to the shapefile
// reader: it must refuse them with an error, never panic.
func FuzzShapefile(f *testing.F) {
	l := sourceLayer(f)
	shp, shx, dbf := shapefileParts(f, l)
	f.Add(shp, shx, dbf)
	f.Add(shp[:len(shp)-7], shx, dbf)
	f.Add(shp, shx[:108], dbf[:len(dbf)/2])
	z := bytes.Clone(shp)
	binary.LittleEndian.PutUint32(z[108:], shpPolygonZ)
	f.Add(z, shx, dbf)
	f.Fuzz(func(t *testing.T, shp, shx, dbf []byte) {
		set := memFiles{"cells.shp": shp, "cells.shx": shx, "cells.dbf": dbf}
		l, err := readShapefile("cells.zip", set, "cells.shp", Options{})
		mustBeFileError(t, err)
		if err == nil {
			for _, f := range l.Features {
				if _, err := checkPolygons("again", f.Index, f.Geometry); err != nil {
					t.Fatalf("feature %d passed the reader but not the ring checks: %v", f.Index, err)
				}
			}
		}
	})
}

// shapefileParts writes l as a shapefile and returns its .shp, .shx and
// .dbf.
func shapefileParts(t testing.TB, l *Layer) (shp, shx, dbf []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, "shp", l); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[path.Ext(f.Name)], _ = io.ReadAll(r)
		r.Close()
	}
	return parts[".shp"], parts[".shx"], parts[".dbf"]
}

// FuzzGPKGGeometry feeds damaged GeoPackage geometry blobs to the decoder.
func FuzzGPKGGeometry(f *testing.F) {
	for _, feat := range sourceLayer(f).Features {
		b, err := gpkgBlob(feat.Geometry, 4490)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(gpkgZBlob(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}))
	f.Add([]byte("GP\x00\x11\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decodeGPKGGeometry("cells.gpkg", 1, b)
		mustBeFileError(t, err)
		if err == nil && len(polygons(g)) == 0 {
			t.Fatalf("decoded %v without polygons and without an error", g)
		}
	})
}

// FuzzKML feeds damaged KML to its reader.
func FuzzKML(f *testing.F) {
	var b bytes.Buffer
	if err := Encode(&b, "kml", sourceLayer(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`<kml><Placemark><MultiGeometry><Point><coordinates>1,2</coordinates></Point></MultiGeometry></Placemark></kml>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := readKML("cells.kml", b, "kml", Options{})
		mustBeFileError(t, err)
	})
}

// FuzzGeoJSON feeds damaged GeoJSON to its reader.
func FuzzGeoJSON(f *testing.F) {
	f.Add([]byte(sourceGeoJSON))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := readGeoJSON("cells.geojson", b, Options{})
		mustBeFileError(t, err)
	})
}

// gpkgZBlob is p as a GeoPackage blob of an ISO WKB PolygonZ (type 1003)
// with heights of 300 m, as QGIS and GDAL write 3D layers.
func gpkgZBlob(p orb.Polygon) []byte {
	var b bytes.Buffer
	b.Write([]byte{'G', 'P', 0, gpkgLittleEndian})
	binary.Write(&b, binary.LittleEndian, int32(4490))
	b.WriteByte(1)
	binary.Write(&b, binary.LittleEndian, uint32(1003))
	binary.Write(&b, binary.LittleEndian, uint32(len(p)))
	for _, r := range p {
		binary.Write(&b, binary.LittleEndian, uint32(len(r)))
		for _, pt := range r {
			binary.Write(&b, binary.LittleEndian, [3]float64{pt[0], pt[1], 300})
		}
	}
	return b.Bytes()
}

// TestDecodeGPKGGeometryZ checks that a PolygonZ blob decodes to the same
// polygon as its 2D form, and that a NaN in it is refused.
func TestDecodeGPKGGeometryZ(t *testing.T) {
	t.Parallel()
	p := orb.Polygon{{{106.6, 28.9}, {106.61, 28.9}, {106.61, 28.91}, {106.6, 28.9}}}
	g, err := decodeGPKGGeometry("cells.gpkg", 1, gpkgZBlob(p))
	if err != nil {
		t.Fatal(err)
	}
	flat, _ := wkb.Marshal(p, binary.LittleEndian)
	want, _ := wkb.Unmarshal(flat)
	if !orb.Equal(g, want) {
		t.Errorf("decoded %v; want %v", g, want)
	}
	p[0][1][0] = math.NaN()
	_, err = decodeGPKGGeometry("cells.gpkg", 7, gpkgZBlob(p))
	wantFileError(t, err, "cells.gpkg", "feature 7", "not a finite number")
}

// FuzzZip feeds damaged zips (a shapefile's, a KMZ) to ReadFrom.
func FuzzZip(f *testing.F) {
	l := sourceLayer(f)
	for _, format := range []string{"shp", "kml"} {
		var b bytes.Buffer
		if err := Encode(&b, format, l); err != nil {
			f.Fatal(err)
		}
		if format == "kml" {
			kml := b.Bytes()
			b = bytes.Buffer{}
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("doc.kml")
			w.Write(kml)
			zw.Close()
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ReadFrom("cells.zip", bytes.NewReader(b), int64(len(b)), Options{MaxBytes: 1 << 20})
		mustBeFileError(t, err)
	})
}
