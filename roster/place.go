package roster

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// Locator gives the code of the cell a point (longitude, latitude) lies
// in, and false when it lies in none. The caller passes the store's
// (Store.LocateCell or a geo.Index over the cells).
type Locator func(orb.Point) (string, bool)

// places resolves what a sheet names to the town's cells and units.
type places struct {
	cells  map[string]*data.Cell // by code and by name
	units  map[string]string     // unit code by code and by name
	labels map[string]orb.Point  // cell code -> label point, computed once
	locate Locator
}

func newPlaces(cells []data.Cell, locate Locator) *places {
	p := &places{cells: map[string]*data.Cell{}, units: map[string]string{}, labels: map[string]orb.Point{}, locate: locate}
	names := map[string]int{}
	for _, c := range cells {
		names[c.Name]++
	}
	for i := range cells {
		c := &cells[i]
		p.cells[c.Code] = c
		if names[c.Name] == 1 { // a name two units share must be given by code
			p.cells[c.Name] = c
		}
		if c.UnitCode != "" {
			p.units[c.UnitCode] = c.UnitCode
			if c.UnitName != "" {
				p.units[c.UnitName] = c.UnitCode
			}
		}
	}
	return p
}

// cell resolves a cell given by its 15-digit code or its name.
func (p *places) cell(field, s string) (*data.Cell, *data.Error) {
	s = strings.TrimSpace(s)
	if c, ok := p.cells[s]; ok {
		return c, nil
	}
	if len(s) == 15 && allDigits(s) {
		return nil, data.FieldErrorf(field, "The town has no cell with code %s.", s)
	}
	return nil, data.FieldErrorf(field, "The town has no cell named %q (or two cells have that name: give the 15-digit code).", s)
}

// unit resolves a village or community given by its 12-digit code or name.
func (p *places) unit(field, s string) (string, *data.Error) {
	s = strings.TrimSpace(s)
	if u, ok := p.units[s]; ok {
		return u, nil
	}
	return "", data.FieldErrorf(field, "The town has no village or community %q.", s)
}

// label is the label point of a cell: where a household without
// coordinates is placed, marked approximate.
func (p *places) label(c *data.Cell) orb.Point {
	pt, ok := p.labels[c.Code]
	if !ok {
		pt = geo.LabelPoint(c.Geometry)
		p.labels[c.Code] = pt
	}
	return pt
}

// position is where a row is: the cell and point, and whether the point
// is only the cell's label point.
type position struct {
	cell        string
	point       orb.Point
	approximate bool
}

// place resolves a row's cell and location. With both a cell and
// coordinates, the point must lie in that cell; with coordinates alone
// the cell is the one containing them; with a cell alone the point is
// the cell's label point, approximate; with neither the position is
// empty, without error. Errors name the column at fault.
func (p *places) place(cellCol, cellText, lonCol, lonText, latCol, latText string) (position, []*data.Error) {
	cellText, lonText, latText = strings.TrimSpace(cellText), strings.TrimSpace(lonText), strings.TrimSpace(latText)
	var errs []*data.Error
	var c *data.Cell
	if cellText != "" {
		var err *data.Error
		if c, err = p.cell(cellCol, cellText); err != nil {
			errs = append(errs, err)
		}
	}
	if lonText == "" && latText == "" {
		if c == nil { // no place, or a wrong cell; the caller decides whether a row may lack one
			return position{}, errs
		}
		return position{cell: c.Code, point: p.label(c), approximate: true}, nil
	}
	pt, perr := point(lonCol, lonText, latCol, latText)
	if perr != nil {
		return position{}, append(errs, perr)
	}
	if p.locate == nil {
		return position{}, append(errs, data.FieldErrorf(lonCol, "Coordinates cannot be checked: no cell boundaries were given."))
	}
	in, ok := p.locate(pt)
	switch {
	case !ok:
		errs = append(errs, data.FieldErrorf(lonCol, "The point (%.6f, %.6f) lies in none of the town's cells.", pt[0], pt[1]))
	case c != nil && in != c.Code:
		errs = append(errs, data.FieldErrorf(lonCol, "The point (%.6f, %.6f) lies in cell %s, not in cell %s named in %s.", pt[0], pt[1], in, c.Code, cellCol))
	}
	if len(errs) > 0 {
		return position{}, errs
	}
	return position{cell: in, point: pt}, nil
}

// point reads longitude and latitude in decimal degrees; both or neither.
func point(lonCol, lonText, latCol, latText string) (orb.Point, *data.Error) {
	if lonText == "" {
		return orb.Point{}, data.FieldErrorf(lonCol, "The latitude is given without the longitude.")
	}
	if latText == "" {
		return orb.Point{}, data.FieldErrorf(latCol, "The longitude is given without the latitude.")
	}
	lon, err1 := strconv.ParseFloat(lonText, 64)
	lat, err2 := strconv.ParseFloat(latText, 64)
	switch {
	case err1 == nil && err2 == nil && lat > 60 && lon < 60 && lon > 0: // China lies east of 73°E and south of 54°N
		return orb.Point{}, data.FieldErrorf(lonCol, "Longitude %s and latitude %s look swapped.", lonText, latText)
	case err1 != nil || math.IsNaN(lon) || lon < -180 || lon > 180:
		return orb.Point{}, data.FieldErrorf(lonCol, "%q is not a longitude in decimal degrees (-180 to 180).", lonText)
	case err2 != nil || math.IsNaN(lat) || lat < -90 || lat > 90:
		return orb.Point{}, data.FieldErrorf(latCol, "%q is not a latitude in decimal degrees (-90 to 90).", latText)
	}
	return orb.Point{lon, lat}, nil
}
