package api

import (
	"encoding/json"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// getTown answers GET /api/town: the town outline as a GeoJSON Feature.
func (s *Server) getTown(c echo.Context) error {
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, sn.townBody())
}

// configBody is what the map app needs to start.
type configBody struct {
	Town struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		County   string `json:"county"`
		Province string `json:"province"`
		Note     string `json:"note"`
	} `json:"town"`
	BBox    [4]float64 `json:"bbox"`
	Basemap *Basemap   `json:"basemap"`
	// IncidentTypes are the names of the types a report may have
	// (-incident-types), in the order forms offer them, and
	// IncidentTypeDetails the same types as records: English label,
	// Open311 code and the flags the mediator suggestions follow.
	IncidentTypes       []string            `json:"incident_types"`
	IncidentTypeDetails []data.IncidentType `json:"incident_type_details"`
	// BaseURL is the public URL of the service as -base-url sets it,
	// without a trailing slash, or "" when unset: the app's printed
	// notice boards (网格公示牌) link their QR codes to it, and to the
	// app's own address without it.
	BaseURL string `json:"base_url"`
	// OfflineDays is how many days the app keeps a grid worker's
	// personal data (their cells' residents and open incidents) on the
	// phone without contact with the server (-offline-days).
	OfflineDays int `json:"offline_days"`
	// Cells is how many cells the town has, and TileCells the number past
	// which the app draws them from the vector tiles rather than from
	// the whole /api/cells document (-tile-cells).
	Cells     int `json:"cells"`
	TileCells int `json:"tile_cells"`
}

// DefaultTileCells is -tile-cells unless set: a district of 3,000 cells
// (the sample's /api/cells is 1.5 MB, 190 KB gzipped) still opens from the
// one GeoJSON document, which keeps every feature that lists all cells
// (offline locate, search by name, the pages' cell lists) on the phone; a
// city of 20,000 (22 MB) draws from tiles.
const DefaultTileCells = 5000

// getConfig answers GET /api/config: the town, its extent, the basemap,
// the incident types, the public base URL, how long personal data may
// stay on a phone offline, and whether the map draws from vector tiles.
func (s *Server) getConfig(c echo.Context) error {
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	b, err := s.cachedShowing(sn, "config", func() ([]byte, pageDeps, error) {
		var cb configBody
		t := sn.town
		cb.Town.Code, cb.Town.Name, cb.Town.County, cb.Town.Province, cb.Town.Note = t.Code, t.Name, t.County, t.Province, t.Note
		cb.BBox = bboxOf(t.Geometry.Bound())
		cb.Basemap = s.cfg.Basemap
		cb.IncidentTypes = domain.IncidentTypeNames(s.cfg.IncidentTypes)
		cb.IncidentTypeDetails = s.cfg.IncidentTypes
		cb.BaseURL = strings.TrimSuffix(s.cfg.BaseURL, "/")
		cb.OfflineDays = s.cfg.OfflineDays
		cb.Cells, cb.TileCells = len(sn.cells), s.cfg.TileCells
		raw, err := json.Marshal(cb)
		return raw, pageDeps{}, err
	})
	if err != nil {
		return err
	}
	return s.send(c, typeJSON, b)
}

// listUnits answers GET /api/units: every unit as GeoJSON.
func (s *Server) listUnits(c echo.Context) error {
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, sn.unitsBody())
}

// tiledMap reports whether the app draws the town's cells from vector
// tiles: past Config.TileCells cells. false when the store cannot say.
func (s *Server) tiledMap(c echo.Context) bool {
	sn, err := s.snapshot(c.Request().Context())
	return err == nil && len(sn.cells) > s.cfg.TileCells
}

func bboxOf(b orb.Bound) [4]float64 {
	return [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
}
