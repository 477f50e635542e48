package api

import (
	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/suggest"
)

// incidentSuggestions answers GET /api/incidents/{id}/suggestions.
func (s *Server) incidentSuggestions(c echo.Context) error {
	_, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ms, err := s.store.Mediators(ctx, data.MediatorFilter{})
	if err != nil {
		return err
	}
	typ, _ := domain.LookupIncidentType(s.cfg.IncidentTypes, in.Type)
	return s.sendJSON(c, typeJSON, map[string]any{"suggestions": suggest.Mediators(in, typ, unit, ms)})
}
