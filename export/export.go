// Package export writes the town's layers (cells, units, incidents,
// residents) from a store to an io.Writer, in the formats offices and GIS
// tools read: GeoPackage, Shapefile (one .zip of .shp, .shx, .dbf, .prj
// and a .cpg saying UTF-8), KML, GeoJSON, and the office sheets as .xlsx
// or CSV. Each export reimports unchanged: cells through the boundary
// import (importer.ReadBoundaries), residents and incidents through the
// sheet import (importer.ImportSheet), whose template columns the sheets
// use. Nothing here speaks HTTP.
//
// Field names. Map formats name fields in ASCII of at most ten bytes, so
// that a shapefile's dBASE table keeps them as they are and every map
// format has the same ones (see the column lists of each layer):
//
//	cells      code name unit_code unit_name kind population households area_m2 workers
//	units      code name kind cells population households
//	incidents  id number kind type source status priority reported resolved cell summary [parties descr]
//	residents  hh_no head_name name relation id_number gender birth_date phone address cell approx
//
// Sheets use the Chinese headers of the import templates (户号, 户主姓名,
// 姓名, 公民身份号码, ... for residents; 编号, 类型, 来源, ... for
// incidents); cells and units, which no sheet imports, get a table with
// Chinese headers of the same fields.
//
// Geometry. Coordinates are EPSG:4326 longitude/latitude, as stored.
// Cells and units are polygons. Incidents are points at their location.
// Residents are points at their household's location: a household the
// office gave no coordinates for stands at its cell's label point, and its
// residents' approx field is 1 (in sheets, 经度 and 纬度 are then left
// empty, so that a reimport places them the same way).
//
// Personal data. Residents (names, identity numbers, phones) are exported
// only with Options.Personal, which the caller sets for admins alone.
// Without it incidents have no parties and no description, and their
// summary is masked by mask.Text, the rule the API applies to incidents
// shown to those not entitled to them in full.
package export

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"gridmap/data"
)

// The layers an export writes.
const (
	Cells     = "cells"
	Units     = "units"
	Incidents = "incidents"
	Residents = "residents"
)

// Layers lists every layer, Formats every format.
var (
	Layers  = []string{Cells, Units, Incidents, Residents}
	Formats = []string{"gpkg", "shp", "kml", "geojson", "xlsx", "csv"}
)

// Store is what an export reads.
type Store interface {
	Cells(ctx context.Context) ([]data.Cell, error)
	Units(ctx context.Context) ([]data.Unit, error)
	Incidents(ctx context.Context, f data.IncidentFilter) ([]data.Incident, int, error)
	PartiesOf(ctx context.Context, ids []int64) (map[int64][]data.Party, error)
	Residents(ctx context.Context, f data.ResidentFilter) ([]data.Resident, int, error)
	Households(ctx context.Context, f data.HouseholdFilter) ([]data.Household, int, error)
}

// Options say what an export may show and how it reads the store.
type Options struct {
	// Personal lets the export carry personal data: residents at all, and
	// incidents' parties, descriptions and unmasked summaries. Set it for
	// admins only.
	Personal bool
	// Scope narrows the incidents exported to those of the reader's area
	// (its Limit and Offset are the export's to set); the zero value is
	// the whole town.
	Scope data.IncidentFilter
	// HideStaff leaves the cells' grid workers (their names) out, for a
	// reader who may not see the staff's contacts (api's
	// Config.HideStaffContacts); the column stays, empty.
	HideStaff bool
	// PageSize is how many incidents are read from the store at a time;
	// 0 means 1000. Residents are read a cell at a time.
	PageSize int
}

func (o Options) pageSize() int {
	if o.PageSize > 0 {
		return o.PageSize
	}
	return 1000
}

// Result says what an export wrote.
type Result struct {
	Layer    string `json:"layer"`
	Format   string `json:"format"`
	Features int    `json:"features"`
}

// Write writes layer in format to w. EINVALID naming "layer" or "format"
// for an unknown one; EFORBIDDEN for residents without opt.Personal. On an
// error part of the file may have been written.
func Write(ctx context.Context, st Store, w io.Writer, layer, format string, opt Options) (*Result, error) {
	if err := Check(layer, format); err != nil {
		return nil, err
	}
	if layer == Residents && !opt.Personal {
		return nil, data.Errorf(data.EFORBIDDEN, "Residents hold personal data; only admins may export them.")
	}
	res := &Result{Layer: layer, Format: format}
	var err error
	switch layer {
	case Cells:
		res.Features, err = writeCells(ctx, st, w, format, opt.HideStaff)
	case Units:
		res.Features, err = writeUnits(ctx, st, w, format)
	case Incidents:
		res.Features, err = writeIncidents(ctx, st, w, format, opt)
	case Residents:
		res.Features, err = writeResidents(ctx, st, w, format)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Check returns EINVALID, naming the field, unless layer and format are
// ones Write writes.
func Check(layer, format string) error {
	if !contains(Layers, layer) {
		return data.FieldErrorf("layer", "There is no layer %q to export; the layers are cells, units, incidents and residents.", layer)
	}
	if !contains(Formats, format) {
		return data.FieldErrorf("format", "The format %q is not one gridmap exports; use gpkg, shp, kml, geojson, xlsx or csv.", format)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// FormatOf is the format a file name's extension names (.zip and .shp
// are shp, .json is geojson), or "".
func FormatOf(name string) string {
	switch ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), ".")); ext {
	case "zip", "shp":
		return "shp"
	case "json":
		return "geojson"
	case "gpkg", "kml", "geojson", "xlsx", "csv":
		return ext
	}
	return ""
}

// Ext is the file extension of a format: ".zip" for shp.
func Ext(format string) string {
	if format == "shp" {
		return ".zip"
	}
	return "." + format
}

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case "gpkg":
		return "application/geopackage+sqlite3"
	case "shp":
		return "application/zip"
	case "kml":
		return "application/vnd.google-earth.kml+xml"
	case "geojson":
		return "application/geo+json"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "csv":
		return "text/csv; charset=utf-8"
	}
	return "application/octet-stream"
}
