package export

import (
	"context"
	"io"
	"strconv"
	"strings"

	"gridmap/geofile"
)

// cellColumns are the fields of the cells layer: what the boundary import
// reads back (code, name, unit_code) and what a map shows.
var cellColumns = []column{
	{"code", "code", "网格编码"},
	{"name", "name", "网格名称"},
	{"unit_code", "unit_code", "村社区编码"},
	{"unit_name", "unit_name", "所属村社区"},
	{"kind", "kind", "类型"},
	{"population", "population", "人口"},
	{"households", "households", "户数"},
	{"area_m2", "area_m2", "面积（平方米）"},
	{"workers", "workers", "网格员"},
}

// unitColumns are the fields of the units layer.
var unitColumns = []column{
	{"code", "code", "编码"},
	{"name", "name", "名称"},
	{"kind", "kind", "类型"},
	{"cells", "cells", "网格数"},
	{"population", "population", "人口"},
	{"households", "households", "户数"},
}

// openPolygons starts the sink of a layer: a table named sheet for a sheet
// format, else a map layer of polygons.
func openPolygons(w io.Writer, format, layer, sheet string, cols []column) (sink, error) {
	if isSheet(format) {
		return newTableSink(w, format, sheet, cols)
	}
	return newGeoSink(w, format, layer, geofile.GeometryPolygon, "name", cols)
}

func writeCells(ctx context.Context, st Store, w io.Writer, format string, hideStaff bool) (int, error) {
	cells, err := st.Cells(ctx)
	if err != nil {
		return 0, err
	}
	s, err := openPolygons(w, format, Cells, "网格", cellColumns)
	if err != nil {
		return 0, err
	}
	for _, c := range cells {
		var names []string
		if !hideStaff {
			for _, g := range c.GridWorkers {
				names = append(names, g.Name)
			}
		}
		row := map[string]string{
			"code": c.Code, "name": c.Name, "unit_code": c.UnitCode, "unit_name": c.UnitName, "kind": c.Kind,
			"population": strconv.Itoa(c.Population), "households": strconv.Itoa(c.Households),
			"area_m2": strconv.FormatFloat(c.AreaM2, 'f', 1, 64), "workers": strings.Join(names, "、"),
		}
		if err := s.write(row, c.Geometry); err != nil {
			s.abort()
			return 0, err
		}
	}
	return len(cells), s.close()
}

func writeUnits(ctx context.Context, st Store, w io.Writer, format string) (int, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return 0, err
	}
	s, err := openPolygons(w, format, Units, "村社区", unitColumns)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range units {
		if len(u.Geometry) == 0 && !isSheet(format) {
			continue // a unit without cells has no outline
		}
		row := map[string]string{
			"code": u.Code, "name": u.Name, "kind": u.Kind, "cells": strconv.Itoa(u.Cells),
			"population": strconv.Itoa(u.Population), "households": strconv.Itoa(u.Households),
		}
		if err := s.write(row, u.Geometry); err != nil {
			s.abort()
			return 0, err
		}
		n++
	}
	return n, s.close()
}
