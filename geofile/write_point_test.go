package geofile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestWritePoints writes a point layer, streamed, in every format and
// checks that GDAL reads it as points with every feature and field,
// Chinese values and shapefile field names included.
func TestWritePoints(t *testing.T) {
	t.Parallel()
	ogrinfo := gdalTool(t, "ogrinfo")
	dir := t.TempDir()
	s := Schema{Name: "residents", SRS: SRS{EPSG: 4326}, Fields: []string{"name", "公民身份号码"}, Geometry: GeometryPoint}
	for _, c := range []struct{ format, ext, open, field string }{
		{"geojson", ".geojson", "", "公民身份号码"},
		{"kml", ".kml", "", "公民身份号码"},
		{"gpkg", ".gpkg", "", "公民身份号码"},
		{"shp", ".zip", "/vsizip/", "公民身"},
	} {
		t.Run(c.format, func(t *testing.T) {
			var b bytes.Buffer
			w, err := NewWriter(&b, c.format, s)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				f := Feature{Attrs: map[string]string{"name": "张三", "公民身份号码": "11010519491231002X"}, Geometry: orb.Point{106.6 + float64(i)/100, 28.9}}
				if err := w.Write(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Write(Feature{Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}); err == nil {
				t.Fatal("Write(polygon) to a point layer succeeded; want an error")
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "residents"+c.ext)
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			open := path
			if c.open != "" {
				open = c.open + path + "/residents.shp"
			}
			out, err := run(ogrinfo, "-ro", "-al", "-so", open)
			if err != nil {
				t.Fatalf("ogrinfo: %v\n%s", err, out)
			}
			for _, want := range []string{"Feature Count: 3", "Point", c.field + ":"} {
				if !strings.Contains(out, want) {
					t.Errorf("ogrinfo of %s does not say %q:\n%s", c.format, want, out)
				}
			}
			if c.format == "shp" && !strings.Contains(out, "WGS 84") {
				t.Errorf("ogrinfo of the shapefile names no WGS 84 (.prj):\n%s", out)
			}
		})
	}
}
