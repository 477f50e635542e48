package api

import (
	"math"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
)

// listCells answers GET /api/cells: every cell as GeoJSON, from the cached,
// pre-compressed body; with q, the cells that match it (searchCells).
func (s *Server) listCells(c echo.Context) error {
	if c.Request().URL.RawQuery != "" && c.QueryParams().Has("q") {
		return s.searchCells(c)
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	if c.Request().Context().Value(anonymousRead{}) != nil {
		return s.send(c, typeGeoJSON, sn.cellsBodyNow())
	}
	return s.send(c, typeGeoJSON, sn.cellsBody())
}

// getCell answers GET /api/cells/{code}: the cell with its grid workers, its
// unit's mediators (their contacts as staffGridWorkers and staffMediators
// allow) and its incident counts by status.
func (s *Server) getCell(c echo.Context) error {
	ctx := c.Request().Context()
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	code := c.Param("code")
	i, ok := sn.cellByCode[code]
	if !ok {
		return data.Errorf(data.ENOTFOUND, "No cell with code %s.", code).WithField("code")
	}
	mediators, err := s.store.Mediators(ctx, data.MediatorFilter{CellCode: code})
	if err != nil {
		return err
	}
	counts, err := s.store.IncidentCounts(ctx, code)
	if err != nil {
		return err
	}
	f := sn.cellFeature(i)
	workers := sn.cells[i].GridWorkers
	if workers == nil {
		workers = []data.GridWorker{}
	}
	p := who(c)
	f.props = append(f.props,
		prop{"grid_workers", s.staffGridWorkers(p, workers)},
		prop{"mediators", s.staffMediators(p, mediators)},
		prop{"incident_counts", statusCounts(counts)})
	return s.send(c, typeGeoJSON, s.newBody(appendFeature(nil, f, nil)))
}

// statusCounts orders counts by workflow status.
func statusCounts(m map[string]int) props {
	out := make(props, 0, len(data.Statuses))
	for _, st := range data.Statuses {
		out = append(out, prop{st, m[st]})
	}
	return out
}

// locate answers GET /api/locate?lon=&lat=: the cell containing the point,
// and the nearest other cell when one lies within the near-boundary
// distance, so that a report form can warn before sending.
func (s *Server) locate(c echo.Context) error {
	pt, err := pointParam(c)
	if err != nil {
		return err
	}
	lon, lat := pt.Lon(), pt.Lat()
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	i, ok := sn.locate(orb.Point{lon, lat})
	if !ok {
		return data.Errorf(data.ENOTFOUND, "The point is outside every cell of the town.").WithField("lon")
	}
	cell := &sn.cells[i]
	out := map[string]any{"code": cell.Code, "name": cell.Name, "unit_code": cell.UnitCode, "unit_name": cell.UnitName}
	if hits := sn.index.Near(orb.Point{lon, lat}, nearBoundaryM); len(hits) > 0 {
		// Within reach of another cell: a report here would be flagged.
		out["near_cell"], out["near_distance_m"] = sn.cells[hits[0].Pos].Code, roundTo(hits[0].DistanceM, 1)
	}
	return s.sendJSON(c, typeJSON, out)
}

// roundTo rounds x to n decimals, for values whose full precision is noise.
func roundTo(x float64, n int) float64 {
	p := math.Pow10(n)
	return math.Round(x*p) / p
}
