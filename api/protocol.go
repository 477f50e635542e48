package api

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// The rules of HTTP itself that every request meets, whatever its route:
// its path is text, a body that breaks off is the client's fault, and a
// method a path does not have is answered 405 with the methods it has.

// checkRequest refuses a path that is not UTF-8 (such as /%ff%fe or the
// overlong /%c0%ae%c0%ae/) with 400: no resource has such a name, and the
// map app's file server would take it for a broken file system (500). It
// also wraps the body so that a read that fails is the client's fault.
func checkRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !utf8.ValidString(r.URL.Path) {
			return data.FieldErrorf("path", "The path is not valid UTF-8 text.")
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = clientBody{r.Body}
		}
		return next(c)
	}
}

// clientBody is a request body whose read failures other than its end (a
// body shorter than its Content-Length, one that comes too slowly for the
// server's read timeout, broken chunking) are answered 400 naming "body",
// whichever handler reads it.
type clientBody struct{ io.ReadCloser }

func (b clientBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = &bodyReadError{cause: err}
	}
	return n, err
}

// bodyReadError is a request body that could not be read to its end: the
// client's fault, not the server's; the cause is only logged.
type bodyReadError struct{ cause error }

func (e *bodyReadError) Error() string { return "reading the request body: " + e.cause.Error() }

// Unwrap gives what the client is told, and the cause.
func (e *bodyReadError) Unwrap() []error {
	told := data.FieldErrorf("body", "The body broke off before its end: it was shorter than its Content-Length or came too slowly.")
	return []error{told, e.cause}
}

// parseForm parses a form body (URL-encoded or multipart, as Open311
// clients send them) and returns the error of one that broke off or went
// past the body limit, which FormValue would hide, leaving an empty form
// that no later parse reads again. Malformed pairs are left out, as
// FormValue does; bodies of other types are left unread.
func parseForm(r *http.Request) error {
	err := r.ParseForm() // ParseMultipartForm drops its error when the form is not multipart
	if err == nil {
		err = r.ParseMultipartForm(maxFormMemory)
	}
	var he *echo.HTTPError
	if _, ok := isBodyReadError(err); ok || errors.As(err, &he) {
		return err
	}
	return nil
}

// maxFormMemory is how much of a multipart form is kept in memory, as
// net/http's FormValue keeps it; the body limit bounds the rest.
const maxFormMemory = 32 << 20

// noRoute answers a request that no route took: 405 with the methods the
// path has in Allow when it has any, 404 otherwise. An OPTIONS request that
// reaches it (CORS preflights are answered before) gets 204 with Allow.
func (s *Server) noRoute(c echo.Context) error {
	allow := s.allowedMethods(c.Request())
	if len(allow) == 0 {
		return notFound(c)
	}
	c.Response().Header().Set(echo.HeaderAllow, strings.Join(allow, ", "))
	if c.Request().Method == http.MethodOptions {
		return c.NoContent(http.StatusNoContent)
	}
	return data.Errorf(codeMethod, "The method %s is not allowed here; use %s.", c.Request().Method, strings.Join(allow, ", "))
}

// allowedMethods lists the methods that have a route for r's path, in the
// order of methodOrder, asking the router as it would route each.
func (s *Server) allowedMethods(r *http.Request) []string {
	var out []string
	path := echo.GetPath(r)
	for _, m := range s.methods {
		c := s.echo.NewContext(r, nil)
		s.echo.Router().Find(m, path, c)
		if s.registered[m+" "+c.Path()] {
			out = append(out, m)
		}
	}
	return out
}

// methodOrder is the order in which Allow lists methods.
var methodOrder = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// indexRoutes records the registered routes for allowedMethods: each
// "METHOD PATH" and the methods any route has.
func (s *Server) indexRoutes() {
	s.registered = map[string]bool{}
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		s.registered[r.Method+" "+r.Path] = true
		if !slices.Contains(s.methods, r.Method) {
			s.methods = append(s.methods, r.Method)
		}
	}
	rank := func(m string) int {
		if i := slices.Index(methodOrder, m); i >= 0 {
			return i
		}
		return len(methodOrder)
	}
	slices.SortStableFunc(s.methods, func(a, b string) int { return rank(a) - rank(b) })
}

// isBodyReadError reports whether err is a request body that broke off,
// returning its cause.
func isBodyReadError(err error) (error, bool) {
	var be *bodyReadError
	if errors.As(err, &be) {
		return be.cause, true
	}
	return nil, false
}
