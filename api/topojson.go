package api

import (
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// TopoJSON (https://github.com/topojson/topojson-specification) stores each
// boundary between two cells once, as an arc that both cells refer to: the
// shape a boundary editor works on, and about half the size of the cells'
// GeoJSON. Coordinates are plain longitude/latitude, not quantized, so they
// equal those of /api/cells exactly.

// topoJSONProps are the cell properties the TopoJSON carries: those of
// /api/cells that describe the cell rather than its current workload.
var topoJSONProps = map[string]bool{
	"code": true, "name": true, "unit_code": true, "unit_name": true,
	"kind": true, "population": true, "households": true,
}

// listCellsTopoJSON answers GET /api/cells.topojson: every cell as a
// TopoJSON polygon over shared arcs, from the body cached in the snapshot.
func (s *Server) listCellsTopoJSON(c echo.Context) error {
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	b, err := sn.topoJSON()
	if err != nil {
		return err
	}
	return s.send(c, typeJSON, b)
}

// appendTopoJSON writes cells as a TopoJSON Topology with one
// GeometryCollection object, "cells", whose polygons refer to the edges of
// top as arcs (^i, that is -i-1, for an arc followed backwards).
func appendTopoJSON(b []byte, cells []data.Cell, top *geo.Topology) []byte {
	var bound orb.Bound
	for i, e := range top.Edges {
		if i == 0 {
			bound = e.Line.Bound()
		} else {
			bound = bound.Union(e.Line.Bound())
		}
	}
	b = append(b, `{"type":"Topology","bbox":[`...)
	for i, v := range []float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]} {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	b = append(b, `],"objects":{"cells":{"type":"GeometryCollection","geometries":[`...)
	for i, f := range top.Faces {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"type":"Polygon","id":`...)
		b = appendString(b, cells[i].Code)
		b = append(b, `,"properties":`...)
		b = appendProps(b, cellProps(&cells[i]).only(topoJSONProps))
		b = append(b, `,"arcs":[`...)
		for r, refs := range f.Rings {
			if r > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for k, ref := range refs {
				if k > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(ref), 10)
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
	}
	b = append(b, `]}},"arcs":[`...)
	for i, e := range top.Edges {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for k, p := range e.Line {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendPoint(b, p)
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}
