package api

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"gridmap/auth"
	"gridmap/data"
)

// HTTP-only codes of the login flow.
const (
	codeLocked      = "locked"       // too many failed logins for the account
	codeRateLimited = "rate_limited" // too many attempts from one address
)

// dummyHash is checked when a username is unknown, so that the answer takes
// as long as for a known one and does not reveal which usernames exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword(auth.NewSecret())
	return h
})

// loginLimiter allows each client address perMinute login attempts a
// minute (in a burst, if it likes), whatever the usernames, against
// password spraying.
func loginLimiter(perMinute int) echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(float64(perMinute) / 60), Burst: perMinute, ExpiresIn: 5 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return data.Errorf(codeRateLimited, "Too many login attempts from your address; wait a minute and try again.")
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login answers POST /api/auth/login: checks the password, counts failures
// towards a lockout, and on success starts a session (cookie + CSRF token).
func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username == "" {
		return data.FieldErrorf("username", "username is required.")
	}
	if req.Password == "" {
		return data.FieldErrorf("password", "password is required.")
	}
	ctx := c.Request().Context()
	now := s.now()
	wrong := data.Errorf(data.EUNAUTHORIZED, "Wrong username or password.").WithField("password")
	u, err := s.store.UserByName(ctx, req.Username)
	if data.ErrorCode(err) == data.ENOTFOUND {
		auth.CheckPassword(dummyHash(), req.Password)
		s.auditAs(c, nil, req.Username, "login_failed", "user:"+req.Username, "unknown username")
		return wrong
	} else if err != nil {
		return err
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return locked(c, *u.LockedUntil, now)
	}
	ok, err := auth.CheckPassword(u.PasswordHash, req.Password)
	if err != nil {
		return fmt.Errorf("checking the password of user %d: %w", u.ID, err)
	}
	if !ok {
		n, until, err := s.store.LoginFailed(ctx, u.ID, now, s.cfg.LoginMaxFailures, s.cfg.LoginLockFor)
		if err != nil {
			return err
		}
		s.auditAs(c, u, u.Username, "login_failed", "user:"+u.Username, "wrong password, failure "+strconv.Itoa(n))
		if until != nil {
			return locked(c, *until, now)
		}
		left, minutes := s.cfg.LoginMaxFailures-n, int(s.cfg.LoginLockFor.Minutes())
		return &errorWith{
			err: data.Errorf(data.EUNAUTHORIZED, "Wrong username or password; %d more failed attempts lock the account for %d minutes.",
				left, minutes).WithField("password"),
			extra: map[string]any{"attempts_left": left, "lock_minutes": minutes}, // for the app's own words
		}
	}
	if u.Disabled {
		return data.Errorf(data.EFORBIDDEN, "This account is disabled; ask an administrator.")
	}
	if err := s.store.LoginSucceeded(ctx, u.ID); err != nil {
		return err
	}
	secret := auth.NewSecret()
	sess := &data.Session{ID: auth.HashSecret(secret), UserID: u.ID, CSRFToken: auth.NewSecret(),
		CreatedAt: now, ExpiresAt: now.Add(sessionTTL), Remote: c.RealIP()}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.auditAs(c, u, u.Username, "login", "user:"+u.Username, "")
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: sess.ExpiresAt,
		MaxAge: int(sessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.Scheme() == "https"})
	p := &principal{user: u, session: sess}
	return c.JSON(http.StatusOK, s.meBody(p))
}

func locked(c echo.Context, until, now time.Time) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(until.Sub(now).Seconds())+1))
	return data.Errorf(codeLocked, "Too many failed logins: the account is locked until %s.", until.In(cst).Format("15:04 (UTC+8)")).WithField("username")
}

// logout answers POST /api/auth/logout: ends the session and clears the cookie.
func (s *Server) logout(c echo.Context) error {
	p := who(c)
	if p.session != nil {
		if err := s.store.DeleteSession(c.Request().Context(), p.session.ID); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return c.NoContent(http.StatusNoContent)
}

// me answers GET /api/auth/me: who is logged in, their role and scope, and
// the CSRF token for cookie-authenticated writes; for the anonymous, a null
// user with role "anonymous" (an answer, not an error: the app asks on
// every load).
func (s *Server) me(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return c.JSON(http.StatusOK, map[string]any{"user": nil, "role": roleAnonymous, "scope": p.scopeOf()})
	}
	return c.JSON(http.StatusOK, s.meBody(p))
}

func (s *Server) meBody(p *principal) map[string]any {
	out := map[string]any{"user": p.user, "role": p.user.Role, "scope": p.scopeOf()}
	if p.session != nil {
		out["csrf_token"] = p.session.CSRFToken
		out["expires_at"] = p.session.ExpiresAt
	}
	return out
}
