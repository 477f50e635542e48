package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/auth"
	"gridmap/data"
)

// Authentication: a browser carries a session cookie (and must echo the
// session's CSRF token on writes); a script or GIS client sends a bearer API
// token. Anyone else is anonymous.

const (
	sessionCookie  = "gridmap_session"
	csrfHeader     = "X-CSRF-Token"
	principalKey   = "gridmap.principal"
	roleAnonymous  = "anonymous"
	sessionTTL     = 12 * time.Hour
	tokenTouchStep = time.Minute // a token's last use is recorded at most this often
)

// principal is who is asking.
type principal struct {
	user    *data.User    // nil when anonymous
	session *data.Session // set when authenticated by cookie
	token   *data.Token   // set when authenticated by bearer token
}

func (p *principal) role() string {
	if p.user == nil {
		return roleAnonymous
	}
	return p.user.Role
}

// who returns the request's principal (anonymous before authentication).
func who(c echo.Context) *principal {
	if p, ok := c.Get(principalKey).(*principal); ok {
		return p
	}
	return &principal{}
}

// authenticate resolves the principal of every request. A bad or expired
// bearer token is an error (the client meant to authenticate); a stale
// cookie just leaves the request anonymous. Cookie-authenticated writes
// must carry the session's CSRF token.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := s.resolve(c)
		if err != nil {
			return err
		}
		c.Set(principalKey, p)
		if p.user == nil && safeMethod(c.Request().Method) {
			r := c.Request()
			c.SetRequest(r.WithContext(context.WithValue(r.Context(), anonymousRead{}, true)))
		}
		if p.session != nil && !safeMethod(c.Request().Method) {
			if got := c.Request().Header.Get(csrfHeader); got == "" || !auth.Equal(got, p.session.CSRFToken) {
				return data.Errorf(data.EFORBIDDEN,
					"Missing or wrong CSRF token: send the csrf_token from login or /api/auth/me in the X-CSRF-Token header.").WithField(csrfHeader)
			}
		}
		return next(c)
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func (s *Server) resolve(c echo.Context) (*principal, error) {
	ctx := c.Request().Context()
	now := s.now()
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	if strings.HasPrefix(c.Request().URL.Path, "/open311/") {
		if err := parseForm(c.Request()); err != nil {
			return nil, err // before FormValue, here or in a handler, hides it
		}
	}
	field := echo.HeaderAuthorization // where the token came from, for its errors
	if h == "" && strings.HasPrefix(c.Request().URL.Path, "/open311/") {
		if key := c.FormValue("api_key"); key != "" { // Open311 clients send the token as api_key
			h, field = "Bearer "+key, "api_key"
		}
	}
	if h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return nil, badToken(field, "The Authorization header must be \"Bearer <token>\".")
		}
		t, err := s.store.TokenByHash(ctx, auth.HashSecret(strings.TrimSpace(secret)))
		switch {
		case data.ErrorCode(err) == data.ENOTFOUND:
			return nil, badToken(field, "Unknown API token.")
		case err != nil:
			return nil, err
		case t.RevokedAt != nil:
			return nil, badToken(field, "This API token has been revoked.")
		case !now.Before(t.ExpiresAt):
			return nil, badToken(field, "This API token has expired.")
		}
		u, err := s.store.User(ctx, t.UserID)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, badToken(field, "The account of this API token is disabled.")
		}
		if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > tokenTouchStep {
			if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
				s.log.Warn("recording a token's use", "token", t.ID, "err", err)
			}
		}
		return &principal{user: u, token: t}, nil
	}
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return &principal{}, nil
	}
	sess, err := s.store.Session(ctx, auth.HashSecret(ck.Value), now)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return &principal{}, nil
	} else if err != nil {
		return nil, err
	}
	u, err := s.store.User(ctx, sess.UserID)
	if data.ErrorCode(err) == data.ENOTFOUND || (err == nil && u.Disabled) {
		return &principal{}, nil
	} else if err != nil {
		return nil, err
	}
	return &principal{user: u, session: sess}, nil
}

// badToken is the 401 for a token that authenticates no one, naming the
// field it came in: the Authorization header, or Open311's api_key.
func badToken(field, format string, args ...any) error {
	return data.Errorf(data.EUNAUTHORIZED, format, args...).WithField(field)
}

// now is the server's clock, replaceable in tests.
func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now().UTC()
	}
	return time.Now().UTC()
}
