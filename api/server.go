// Package api is gridmap's HTTP interface: the app API under /api, OGC API -
// Features under /ogc, and the embedded map app at /.
package api

import (
	"compress/flate"
	"compress/gzip"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/roster"
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
	// PhotoUploads is how many photos one account may upload per
	// PhotoWindow (in a burst, if it likes); zero values mean 30 per 10
	// minutes.
	PhotoUploads int
	PhotoWindow  time.Duration
	// Frontend is the static map app served at /; nil serves no app.
	Frontend fs.FS
	// TrustProxy takes the client address from the last X-Forwarded-For
	// entry, for a server behind one reverse proxy (see proxiedAddress);
	// otherwise the connection's address is used, so that clients cannot
	// dodge per-address limits by forging it.
	TrustProxy bool
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
	// IncidentTypes are the dispute types reports may have, in the order
	// forms offer them; nil means domain.DefaultIncidentTypes. New completes
	// what a type leaves out (domain.CompleteIncidentTypes); the list should
	// pass domain.CheckIncidentTypes.
	IncidentTypes []data.IncidentType
	// Deadlines is how long an open incident may stay in each status
	// before it is overdue, in elapsed time; a status in WorkDays too
	// counts working days. With neither set, every stage counts working
	// days (domain.DefaultWorkDays).
	Deadlines domain.Deadlines
	// WorkDays are the statuses whose deadline counts working days on the
	// calendar the admin keeps (GET/PATCH /api/calendar), not Deadlines'
	// elapsed time: a status here is due at the end of the n-th working day
	// after the day it was entered. With neither set, the default is
	// domain.DefaultWorkDays.
	WorkDays map[string]int
	// PetitionDays are the calendar days a petition may take from 受理 to
	// its reply, whatever its stage (domain.DefaultReplyDays, 《信访工作条例》
	// art. 32), extendable once by up to 30 (POST /api/incidents/{id}/extend);
	// 0 means the default, a negative value none (petitions keep the
	// stage deadlines only).
	PetitionDays int
	// LoginMaxFailures wrong passwords with one username from one client
	// address, each within LoginLockFor of the one before, lock that pair
	// (not the account) for LoginLockFor; zero values mean 5 and 15 minutes.
	LoginMaxFailures int
	LoginLockFor     time.Duration
	// LoginsPerMinute is how many login attempts one client address may
	// make a minute; 0 means 10.
	LoginsPerMinute int
	// HideStaffContacts withholds the names and phones of grid workers and
	// mediators from anonymous visitors and viewers (see staff.go); the
	// zero value publishes them, as the towns' notice boards do.
	HideStaffContacts bool
	// CORSOrigins are the origins (https://map.example.cn) whose pages
	// may read the public read-only routes, "*" for any; nil means any,
	// an empty list none. Personal data is never shared (see cors.go).
	CORSOrigins []string
	// MaxImportBytes limits the file of a boundary import (POST
	// /api/import/boundaries); 0 means geofile.DefaultMaxBytes.
	MaxImportBytes int64
	// MaxSheetBytes limits the sheet of a people import (POST
	// /api/import/residents|staff|incidents), read into memory; 0 means
	// 64 MiB.
	MaxSheetBytes int64
	// OfflineDays is how many days a grid worker's phone keeps their
	// cells' residents and open incidents without contact with the
	// server, after which the app drops them; 0 means 7.
	OfflineDays int
	// TileCells is the number of cells past which the app draws the map
	// from the vector tiles (/tiles) instead of the whole /api/cells
	// document; 0 means DefaultTileCells.
	TileCells int
	// NotifyOutbound queues a webhook message (package notify) for each
	// notification event; off, only the in-app inbox is filled.
	NotifyOutbound bool
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
	stats  *statsCache
	topo   *topoCache
	tiles  *tileCache
	sheets *sheetJobs // the jobs of the people import
	// calendar is the working-day calendar as last read from the store;
	// nil until read and after the admin changes it.
	calendar atomic.Pointer[data.Calendar]
	gzPool   sync.Pool
	// flatePool holds the deflate writers of /api/cells' gzip chunks.
	flatePool sync.Pool
	// started is when the server was made: the changeset of its Open311
	// services, which change only with its configuration.
	started time.Time
	// registered holds each route as "METHOD PATH" and methods the methods
	// any route has, for the Allow of a 405 (see noRoute).
	registered map[string]bool
	methods    []string
}

// New returns a Server over store. It does not touch the store until the
// first request.
func New(store data.Store, cfg Config, log *slog.Logger) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.IncidentTypes == nil {
		cfg.IncidentTypes = domain.DefaultIncidentTypes()
	}
	cfg.IncidentTypes = domain.CompleteIncidentTypes(cfg.IncidentTypes)
	if cfg.Deadlines == nil && cfg.WorkDays == nil {
		cfg.WorkDays = domain.DefaultWorkDays()
	}
	if cfg.Deadlines == nil {
		cfg.Deadlines = domain.Deadlines{}
	}
	switch {
	case cfg.PetitionDays == 0:
		cfg.PetitionDays = domain.DefaultReplyDays
	case cfg.PetitionDays < 0:
		cfg.PetitionDays = 0
	}
	if cfg.LoginMaxFailures <= 0 {
		cfg.LoginMaxFailures = 5
	}
	if cfg.LoginsPerMinute <= 0 {
		cfg.LoginsPerMinute = 10
	}
	if cfg.LoginLockFor <= 0 {
		cfg.LoginLockFor = 15 * time.Minute
	}
	if cfg.PhotoUploads <= 0 {
		cfg.PhotoUploads = 30
	}
	if cfg.PhotoWindow <= 0 {
		cfg.PhotoWindow = 10 * time.Minute
	}
	if cfg.OfflineDays <= 0 {
		cfg.OfflineDays = 7
	}
	if cfg.TileCells <= 0 {
		cfg.TileCells = DefaultTileCells
	}
	cfg.CORSOrigins = corsOrigins(cfg.CORSOrigins)
	s := &Server{store: store, cfg: cfg, log: log, cache: &cache{store: store}, stats: &statsCache{}, topo: &topoCache{}, tiles: &tileCache{}, sheets: &sheetJobs{}}
	s.started = s.now()
	s.gzPool.New = func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }
	s.flatePool.New = func() any { w, _ := flate.NewWriter(nil, flate.DefaultCompression); return w }
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		e.IPExtractor = proxiedAddress
	}
	e.Use(s.noteWrites, s.logRequests, middleware.Recover(), s.securityHeaders(appPolicy(cfg.Basemap)),
		checkRequest,
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: strconv.FormatInt(cfg.MaxBodyBytes, 10) + "B", Skipper: isUpload}),
		s.authenticate)
	s.echo = e
	s.routes()
	s.indexRoutes()
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists every registered route as "METHOD PATH", for tests and docs;
// not the catch-alls that answer 404 and 405 (see noRoute).
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// getter is what routes are registered on: Echo or one of its groups.
type getter interface {
	Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route
}

// getAndHead registers a GET route that also answers HEAD, whose body
// net/http drops.
func getAndHead(g getter, path string, h echo.HandlerFunc) {
	g.Match([]string{http.MethodGet, http.MethodHead}, path, h)
}

func (s *Server) routes() {
	e := s.echo
	s.publicGet(e, "/healthz", s.healthz, nil)

	a := e.Group("/api")
	a.POST("/auth/login", s.login, s.limitLogins)
	s.accountRoutes(a)
	s.calendarRoutes(a)
	a.POST("/auth/logout", s.logout)
	getAndHead(a, "/auth/me", s.me)
	getAndHead(a, "/auth/tokens", s.listTokens)
	a.POST("/auth/tokens", s.createToken)
	a.DELETE("/auth/tokens/:id", s.revokeToken)
	getAndHead(a, "/users", s.listUsers)
	a.POST("/users", s.createUser)
	a.PATCH("/users/:id", s.updateUser)
	getAndHead(a, "/audit", s.listAudit)
	getAndHead(a, "/export/residents.csv", s.exportResidents)
	getAndHead(a, "/export/:layer", s.exportLayer)
	s.publicGet(a, "/config", s.getConfig, nil)
	s.publicGet(a, "/town", s.getTown, nil)
	s.publicGet(a, "/units", s.listUnits, nil)
	s.publicGet(a, "/cells", s.listCells, nil)
	s.publicGet(a, "/cells.topojson", s.listCellsTopoJSON, nil)
	getAndHead(a, "/cells/:code", s.getCell)
	getAndHead(a, "/locate", s.locate)
	getAndHead(a, "/residents", s.listResidents)
	getAndHead(a, "/mediators", s.listMediators)
	getAndHead(a, "/incidents", s.listIncidents)
	getAndHead(a, "/incidents/similar", s.similarIncidents)
	getAndHead(a, "/incidents/:id", s.getIncident)
	a.POST("/incidents", s.reportIncident)
	a.POST("/incidents/:id/transitions", s.transitionIncident)
	getAndHead(a, "/incidents/:id/events", s.incidentEvents)
	getAndHead(a, "/incidents/:id/suggestions", s.incidentSuggestions)
	getAndHead(a, "/stats", s.getStats)
	getAndHead(a, "/stats/mediation", s.mediationStats)
	getAndHead(a, "/stats/mediation.xlsx", s.mediationStatsSheet)
	getAndHead(a, "/hotspots", s.getHotspots)
	getAndHead(a, "/hotspots/emerging", s.getEmergingHotspots)
	getAndHead(a, "/hotspots/trend", s.getHotspotTrend)
	getAndHead(a, "/boundary/versions", s.listBoundaryVersions)
	getAndHead(a, "/boundary/versions/:n", s.getBoundaryVersion)
	getAndHead(a, "/boundary/versions/:n/diff/:b", s.diffBoundaryVersions)
	a.POST("/boundary/versions/:n/restore", s.restoreBoundaryVersion)
	a.POST("/boundary/changesets", s.postChangeset)
	a.POST("/import/boundaries", s.importBoundaries)
	getAndHead(a, "/import/templates/:kind", s.sheetTemplate)
	for _, kind := range roster.Kinds { // static routes: a parameter here would take POSTs to the jobs' paths
		a.POST("/import/"+string(kind), s.importSheet)
	}
	getAndHead(a, "/import/jobs/:id", s.getSheetJob)
	getAndHead(a, "/import/jobs/:id/errors.xlsx", s.sheetJobErrors)
	a.POST("/incidents/:id/mediation", s.addMediation)
	getAndHead(a, "/incidents/:id/mediation", s.mediationRecords)
	a.POST("/incidents/:id/followups", s.addFollowup)
	getAndHead(a, "/incidents/:id/followups", s.followups)
	getAndHead(a, "/incidents/:id/documents", s.incidentDocuments)
	getAndHead(a, "/incidents/:id/documents/:kind", s.incidentDocument)
	a.POST("/incidents/:id/mediators", s.assignMediators)
	a.POST("/incidents/:id/cell", s.reassignIncident)
	a.POST("/incidents/:id/parties", s.editParties)
	a.POST("/incidents/:id/extend", s.extendReply)
	a.POST("/incidents/:id/attachments", s.addAttachment, middleware.BodyLimit(strconv.Itoa(uploadBodyLimit)+"B"))
	getAndHead(a, "/incidents/:id/attachments", s.attachments)
	getAndHead(a, "/attachments/:id", s.attachmentContent)
	s.notificationRoutes(a)
	s.webhookRoutes(a)

	o := e.Group("/ogc")
	s.publicGet(o, "", s.ogcLanding, nil)
	s.publicGet(o, "/", s.ogcLanding, nil)
	s.publicGet(o, "/conformance", s.ogcConformance, nil)
	s.publicGet(o, "/api", s.ogcOpenAPI, nil)
	s.publicGet(o, "/collections", s.ogcCollections, nil)
	s.publicGet(o, "/collections/:id", s.ogcCollection, publicCollection)
	s.publicGet(o, "/collections/:id/items", s.ogcItems, publicCollection)
	s.publicGet(o, "/collections/:id/items/:fid", s.ogcItem, publicCollection)

	tl := e.Group("/tiles")
	s.publicGet(tl, "/:layer", s.getTileJSON, publicTiles)
	s.publicGet(tl, "/:layer/:z/:x/:y", s.getTile, publicTiles)

	g := e.Group("/open311") // each resource in .json or .xml
	getAndHead(g, "/discovery.:format", s.open311DiscoveryDoc)
	getAndHead(g, "/v2/services.:format", s.open311ServiceList)
	getAndHead(g, "/v2/requests.:format", s.open311List)
	g.POST("/v2/requests.:format", s.open311Submit)
	getAndHead(g, "/v2/requests/:id", s.open311Get)

	// Unknown paths of the APIs answer in their error shapes, not with the
	// map app's file server; wrong methods answer 405 with Allow. Through
	// the groups, so that their middleware (CORS) applies, and after any
	// group's Use, whose own catch-alls answer 404 for a wrong method.
	for _, grp := range []*echo.Group{a, o, tl, g} {
		grp.RouteNotFound("", s.noRoute)
		grp.RouteNotFound("/*", s.noRoute)
	}
	for _, p := range []string{"/open311", "/open311/*", "/*"} {
		e.RouteNotFound(p, s.noRoute)
	}

	if s.cfg.Frontend != nil {
		getAndHead(e, "/*", staticFiles(s.cfg.Frontend, s.tiledMap))
	}
	s.answerOptions()
}

// isUpload reports whether the request is a photo upload, a boundary
// import or a sheet import, whose routes have their own, larger body
// limits in place of the global one.
func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && (c.Path() == uploadRoute || c.Path() == importRoute || isSheetRoute(c.Path()))
}

func notFound(echo.Context) error { return data.Errorf(data.ENOTFOUND, "No such resource.") }

// healthz answers 200 when the store answers, 503 otherwise.
func (s *Server) healthz(c echo.Context) error {
	if _, err := s.store.Revision(c.Request().Context()); err != nil {
		s.log.Warn("health check failed", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
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
