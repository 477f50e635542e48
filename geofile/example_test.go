package geofile_test

import (
	"fmt"
	"strings"

	"gridmap/geofile"
)

// An upload is read from its bytes; its name gives the format.
func ExampleReadFrom() {
	const upload = `{"type":"FeatureCollection","features":[{"type":"Feature",
		"properties":{"code":"500110119201001","name":"新华村第一网格"},
		"geometry":{"type":"Polygon","coordinates":[[[106.60,28.90],[106.61,28.90],[106.61,28.91],[106.60,28.90]]]}}]}`
	l, err := geofile.ReadFrom("网格.geojson", strings.NewReader(upload), int64(len(upload)), geofile.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := l.Features[0]
	fmt.Println(l.Format, l.SRS.EPSG, l.Fields, f.Index, f.Attrs["name"], f.Geometry.GeoJSONType())

	_, err = geofile.ReadFrom("网格.geojson", strings.NewReader(upload[:80]), 80, geofile.Options{})
	fmt.Println(err)
	// Output:
	// geojson 4326 [code name] 1 新华村第一网格 Polygon
	// gridmap: invalid: 网格.geojson is not valid JSON (line 2). (file)
}
