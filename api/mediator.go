package api

import (
	"context"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// listMediators answers GET /api/mediators?cell=&unit=, their contacts as
// staffMediators allows.
func (s *Server) listMediators(c echo.Context) error {
	ctx := c.Request().Context()
	f := data.MediatorFilter{CellCode: c.QueryParam("cell"), UnitCode: c.QueryParam("unit")}
	if err := s.checkPlaces(ctx, f.CellCode, f.UnitCode); err != nil {
		return err
	}
	ms, err := s.store.Mediators(ctx, f)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []data.Mediator{}
	}
	return s.sendJSON(c, typeJSON, struct {
		Mediators []data.Mediator `json:"mediators"`
	}{s.staffMediators(who(c), ms)})
}

// checkPlaces answers 404 naming the parameter when a cell or unit code
// given as a filter does not exist ("" is no filter).
func (s *Server) checkPlaces(ctx context.Context, cell, unit string) error {
	if cell == "" && unit == "" {
		return nil
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	if _, ok := sn.cellByCode[cell]; cell != "" && !ok {
		return data.Errorf(data.ENOTFOUND, "There is no cell %s.", cell).WithField("cell")
	}
	if _, ok := sn.unitByCode[unit]; unit != "" && !ok {
		return data.Errorf(data.ENOTFOUND, "There is no unit %s.", unit).WithField("unit")
	}
	return nil
}
