package api

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// The security headers of the answers: nosniff, SAMEORIGIN framing and a
// same-origin referrer on every answer, a Content-Security-Policy for the
// map app, no-store for every answer with personal data, and HSTS over
// TLS. securityHeaders sets them all, from the route each request matched.

// hstsValue keeps browsers on HTTPS for a year once they have seen it.
const hstsValue = "max-age=31536000"

// personalRoutes are the route patterns (prefixes of them) whose answers
// hold personal data: no cache, shared or private, may keep them, so
// that they do not outlive a logout on a shared phone or leak through a
// proxy. Public answers (cells, units, statistics) keep their ETag caching.
var personalRoutes = []string{
	"/api/auth/",         // the account, its CSRF token, its API tokens
	"/api/users",         // accounts
	"/api/audit",         // who read what
	"/api/export/",       // residents in full
	"/api/residents",     // residents
	"/api/incidents",     // incidents, their events, mediation, photos, suggestions
	"/api/attachments",   // photos
	"/api/mediators",     // staff names and phones
	"/api/cells/:code",   // a cell's grid workers and mediators, names and phones
	"/api/notifications", // the account's inbox (the cases that name it), the webhooks and their deliveries
	"/open311/v2/requests",
}

// personal reports whether the answer to c holds personal data: one of
// personalRoutes, the items of the OGC incidents collection, or the
// incidents' vector tiles and TileJSON, which show the same points.
func personal(c echo.Context) bool {
	p := c.Path()
	for _, r := range personalRoutes {
		if strings.HasPrefix(p, r) {
			return true
		}
	}
	switch {
	case strings.HasPrefix(p, "/ogc/collections/:id/items"):
		return c.Param("id") == "incidents"
	case strings.HasPrefix(p, "/tiles/:layer"):
		return strings.TrimSuffix(c.Param("layer"), ".json") == "incidents"
	}
	return false
}

// appPolicy is the Content-Security-Policy of the map app: its own scripts,
// styles and API only (no inline script, no eval), images from itself, data
// and blob URLs (photos, exports) and the basemap's tile servers, and no
// framing by other sites.
func appPolicy(b *Basemap) string {
	img := append([]string{"'self'", "data:", "blob:"}, basemapSources(b)...)
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + strings.Join(img, " ") +
		"; connect-src 'self'; font-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'; form-action 'self'"
}

// basemapSources are the CSP sources of the basemap's tiles: the origin of
// its URL template, once per subdomain when the host holds {s} (Leaflet's
// default subdomains are a, b and c). A host with another placeholder, or
// one a CSP cannot name, allows the template's scheme. None without a
// basemap, or for a template that is neither http nor https.
func basemapSources(b *Basemap) []string {
	if b == nil || b.URL == "" {
		return nil
	}
	scheme, rest, ok := strings.Cut(b.URL, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return nil
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	subs := b.Subdomains
	if subs == "" {
		subs = "abc"
	}
	var hosts []string
	if strings.Contains(host, "{s}") {
		for _, r := range subs {
			hosts = append(hosts, strings.ReplaceAll(host, "{s}", string(r)))
		}
	} else {
		hosts = []string{host}
	}
	var out []string
	for _, h := range hosts {
		if h == "" || strings.ContainsAny(h, "{}; ,'\"\t\r\n") {
			return []string{scheme + ":"}
		}
		out = append(out, scheme+"://"+h)
	}
	return out
}

// secure reports whether the client reached the server over TLS: the
// connection's own, or, behind a reverse proxy (Config.TrustProxy only),
// the proxy's as it says in X-Forwarded-Proto. Echo's Scheme() believes
// that header from anyone.
func (s *Server) secure(c echo.Context) bool {
	r := c.Request()
	if r.TLS != nil {
		return true
	}
	if !s.cfg.TrustProxy {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get(echo.HeaderXForwardedProto), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// securityHeaders sets the headers above. no-store is set just before the
// header is written, so that it wins over whatever a handler set.
// policy is the app's Content-Security-Policy (appPolicy), made once: Echo
// applies the middleware of Use anew for every request.
func (s *Server) securityHeaders(policy string) echo.MiddlewareFunc {
	csp := []string{policy}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res := c.Response()
			h := res.Header()
			h[echo.HeaderXContentTypeOptions] = hdrNosniff
			h[echo.HeaderXFrameOptions] = hdrFrame
			h[echo.HeaderReferrerPolicy] = hdrReferrer
			if s.secure(c) {
				h.Set(echo.HeaderStrictTransportSecurity, hstsValue)
			}
			if c.Path() == "/*" || c.Path() == "/" {
				h[echo.HeaderContentSecurityPolicy] = csp
			}
			if personal(c) {
				res.Before(func() { h.Set(echo.HeaderCacheControl, "no-store") })
			}
			return next(c)
		}
	}
}
