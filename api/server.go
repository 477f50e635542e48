// Package api is gridmap's HTTP interface: the app API under /api, OGC API -
// Features under /ogc, and the embedded map app at /.
package api

import (
	"compress/gzip"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"gridmap/data"
)

// Config holds the API's settings; the zero value works.
type Config struct {
	// BaseURL is the public URL of the service (e.g. https://grid.example.cn)
	// used in OGC links; empty means derive it from each request.
	BaseURL string
	// Basemap is the optional tile layer the map shows under the cells.
	Basemap *Basemap
	// MaxBodyBytes limits request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// Frontend is the static map app served at /; nil serves no app.
	Frontend fs.FS
}

// Basemap describes an XYZ tile layer (OpenStreetMap, Tianditu with a key, ...).
type Basemap struct {
	URL         string `json:"url"`
	Attribution string `json:"attribution"`
	Subdomains  string `json:"subdomains,omitempty"`
	MaxZoom     int    `json:"max_zoom"`
}

// Server serves the API from a Store.
type Server struct {
	store  data.Store
	cfg    Config
	log    *slog.Logger
	echo   *echo.Echo
	cache  *cache
	gzPool sync.Pool
}

// New returns a Server over store. It does not touch the store until the
// first request.
func New(store data.Store, cfg Config, log *slog.Logger) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	s := &Server{store: store, cfg: cfg, log: log, cache: &cache{store: store}}
	s.gzPool.New = func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Pre(headAsGet)
	e.Use(s.logRequests, middleware.Recover(), middleware.Secure(),
		middleware.BodyLimit(strconv.FormatInt(cfg.MaxBodyBytes, 10)+"B"))
	s.echo = e
	s.routes()
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists every registered route as "METHOD PATH", for tests and docs.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)

	a := e.Group("/api")
	a.GET("/config", s.getConfig)
	a.GET("/town", s.getTown)
	a.GET("/units", s.listUnits)
	a.GET("/cells", s.listCells)
	a.GET("/cells/:code", s.getCell)
	a.GET("/locate", s.locate)
	a.GET("/residents", s.listResidents)
	a.GET("/mediators", s.listMediators)
	a.GET("/incidents", s.listIncidents)
	a.GET("/incidents/:id", s.getIncident)

	o := e.Group("/ogc")
	o.GET("", s.ogcLanding)
	o.GET("/", s.ogcLanding)
	o.GET("/conformance", s.ogcConformance)
	o.GET("/api", s.ogcOpenAPI)
	o.GET("/collections", s.ogcCollections)
	o.GET("/collections/:id", s.ogcCollection)
	o.GET("/collections/:id/items", s.ogcItems)
	o.GET("/collections/:id/items/:fid", s.ogcItem)

	if s.cfg.Frontend != nil {
		e.GET("/*", echo.WrapHandler(http.FileServer(http.FS(s.cfg.Frontend))))
	}
}

// healthz answers 200 when the store answers, 503 otherwise.
func (s *Server) healthz(c echo.Context) error {
	if _, err := s.store.Revision(c.Request().Context()); err != nil {
		s.log.Warn("health check failed", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// headAsGet routes HEAD like GET; net/http drops the body of a HEAD answer.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
		}
		return next(c)
	}
}

// logRequests writes one structured log line per request.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
			slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", c.RealIP()))
		return nil
	}
}
