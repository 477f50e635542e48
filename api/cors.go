package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// Cross-origin reads (CORS). The public read-only routes (the town, its
// units and cells, the configuration, the health check and the OGC API but
// for collections that need an account) answer pages of the origins that
// Config.CORSOrigins allows, any by default, so that a web map elsewhere can
// load the public data. Nothing is ever shared with credentials: no answer
// carries Access-Control-Allow-Credentials, and Authorization is no allowed
// request header, so a page elsewhere can send neither the user's cookie
// nor a token. Routes with personal data, the OGC incidents collection
// among them, send no CORS header at all and stay same-origin; GIS clients
// such as QGIS and GDAL are no browsers and need none.

const (
	// corsMaxAge is how long a browser may keep a preflight's answer, in
	// seconds: two hours, Chromium's cap.
	corsMaxAge = "7200"
	// corsAllowHeaders are the request headers a page may set beyond the
	// always-allowed ones: the language of errors and revalidation.
	corsAllowHeaders = "Accept, Accept-Language, If-None-Match"
	corsAllowMethods = "GET, HEAD"
	corsAnyOrigin    = "*"
)

// publicGet registers a public read-only route: GET, HEAD, and OPTIONS,
// which answers CORS preflights. shared, when not nil, tells whether a
// request is for public data at all (an OGC collection may not be).
func (s *Server) publicGet(g getter, path string, h echo.HandlerFunc, shared func(echo.Context) bool) {
	g.Match([]string{http.MethodGet, http.MethodHead, http.MethodOptions}, path, h, s.cors(shared))
}

// cors adds the CORS headers to the answers of a public route and answers
// its OPTIONS requests itself, preflights included.
func (s *Server) cors(shared func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req, h := c.Request(), c.Response().Header()
			allowed := (shared == nil || shared(c)) && s.allowOrigin(c)
			if req.Method != http.MethodOptions {
				return next(c)
			}
			h.Set(echo.HeaderAllow, "GET, HEAD, OPTIONS")
			if allowed && req.Header.Get(echo.HeaderAccessControlRequestMethod) != "" {
				h.Set(echo.HeaderAccessControlAllowMethods, corsAllowMethods)
				h.Set(echo.HeaderAccessControlAllowHeaders, corsAllowHeaders)
				h.Set(echo.HeaderAccessControlMaxAge, corsMaxAge)
			}
			return c.NoContent(http.StatusNoContent)
		}
	}
}

// allowOrigin sets the headers that let the request's origin read the
// answer, and reports whether it may. With a list of origins the answer
// depends on the Origin header, so it varies by it.
func (s *Server) allowOrigin(c echo.Context) bool {
	origins, h := s.cfg.CORSOrigins, c.Response().Header()
	if len(origins) == 0 {
		return false
	}
	allow := corsAnyOrigin
	if !slices.Contains(origins, corsAnyOrigin) {
		addVary(h, echo.HeaderOrigin)
		allow = c.Request().Header.Get(echo.HeaderOrigin)
		if allow == "" || !slices.Contains(origins, strings.ToLower(allow)) {
			return false
		}
	}
	if allow == corsAnyOrigin {
		h[echo.HeaderAccessControlAllowOrigin] = hdrAnyOrigin
	} else {
		h.Set(echo.HeaderAccessControlAllowOrigin, allow)
	}
	h[echo.HeaderAccessControlExposeHeaders] = hdrExposeTag
	return true
}

// corsOrigins normalises Config.CORSOrigins: nil means any origin;
// origins compare in lower case, without a trailing slash.
func corsOrigins(list []string) []string {
	if list == nil {
		return []string{corsAnyOrigin}
	}
	out := make([]string, 0, len(list))
	for _, o := range list {
		out = append(out, strings.TrimSuffix(strings.ToLower(strings.TrimSpace(o)), "/"))
	}
	return out
}

// answerOptions gives every route without one an OPTIONS answer: 204 with
// Allow naming the route's methods (RFC 9110, 9.3.7), and no CORS header,
// so that browsers refuse cross-origin preflights to all but the public
// routes, whose own OPTIONS (publicGet) answer them.
func (s *Server) answerOptions() {
	methods := map[string][]string{}
	for _, r := range s.echo.Routes() {
		if slices.Contains(methodOrder, r.Method) && !slices.Contains(methods[r.Path], r.Method) {
			methods[r.Path] = append(methods[r.Path], r.Method)
		}
	}
	for path, ms := range methods {
		if slices.Contains(ms, http.MethodOptions) {
			continue
		}
		var allow []string
		for _, m := range methodOrder {
			if m == http.MethodOptions || slices.Contains(ms, m) {
				allow = append(allow, m)
			}
		}
		header := strings.Join(allow, ", ")
		s.echo.OPTIONS(path, func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderAllow, header)
			return c.NoContent(http.StatusNoContent)
		})
	}
}
