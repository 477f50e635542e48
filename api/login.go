package api

import (
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/domain"
)

// HTTP-only codes of the login flow.
const (
	codeLocked      = "locked"       // too many failed logins of a username from one address
	codeRateLimited = "rate_limited" // too many attempts from one address
)

// dummyHash is checked when a username is unknown, so that the answer takes
// as long as for a known one and does not reveal which usernames exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword(auth.NewSecret())
	return h
})

// throttleAddress is the client address logins are throttled by:
// c.RealIP() (which honours -trust-proxy), an IPv6 address reduced to its
// /64, the block one host or household is usually given, so that a client
// cannot dodge the limits by walking through its own addresses.
func throttleAddress(c echo.Context) string {
	ip := c.RealIP()
	if a, err := netip.ParseAddr(ip); err == nil {
		return throttleKey(a)
	}
	return ip
}

// throttleKey is the address a is throttled by: itself, or its /64.
func throttleKey(a netip.Addr) string {
	if a = a.Unmap(); a.Is6() {
		if p, err := a.Prefix(64); err == nil {
			return p.String()
		}
	}
	return a.WithZone("").String()
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login answers POST /api/auth/login: checks the password and on success
// starts a session (cookie + CSRF token). Failures are counted per
// (username, client address) and lock that pair only (see
// data.LoginFailure). Known and unknown usernames take the same steps and
// get the same answers, so that neither the answer nor its time tells
// which usernames exist.
func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username == "" {
		return data.FieldErrorf("username", "username is required.")
	}
	if err := domain.CheckUsername(req.Username); err != nil { // no account has such a name: nothing to count
		return err
	}
	if req.Password == "" {
		return data.FieldErrorf("password", "password is required.")
	}
	ctx := c.Request().Context()
	now, remote := s.now(), throttleAddress(c)
	if err := s.checkLoginLock(c, req.Username, remote, now); err != nil {
		return err
	}
	u, err := s.store.UserByName(ctx, req.Username)
	if data.ErrorCode(err) == data.ENOTFOUND {
		u = nil
	} else if err != nil {
		return err
	}
	if !s.passwordMatches(u, req.Password) {
		if err := s.countLoginFailure(c, u, req.Username, remote, now, "wrong password"); err != nil {
			return err
		}
		return data.Errorf(data.EUNAUTHORIZED, "Wrong username or password.").WithField("password")
	}
	if u.Disabled {
		return data.Errorf(data.EFORBIDDEN, "This account is disabled; ask an administrator.")
	}
	if err := s.store.LoginSucceeded(ctx, u.Username, remote); err != nil {
		return err
	}
	secret := auth.NewSecret()
	sess := &data.Session{ID: auth.HashSecret(secret), UserID: u.ID, CSRFToken: auth.NewSecret(),
		CreatedAt: now, ExpiresAt: now.Add(sessionTTL), Remote: c.RealIP(), CheckedHash: u.PasswordHash}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	s.auditAs(c, u, u.Username, "login", "user:"+u.Username, "")
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: sess.ExpiresAt,
		MaxAge: int(sessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.Scheme() == "https"})
	p := &principal{user: u, session: sess}
	return c.JSON(http.StatusOK, s.meBody(p))
}

// passwordMatches checks pw against u's hash, or against a dummy hash
// when u is nil (an unknown username), which takes as long. A stored hash
// that cannot be read matches nothing; it is logged.
func (s *Server) passwordMatches(u *data.User, pw string) bool {
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := auth.CheckPassword(hash, pw)
	if err != nil && u != nil {
		s.log.Error("checking a password", "user", u.ID, "err", err)
	}
	return ok && u != nil
}

// checkLoginLock refuses a login, or a password check, of username from
// remote while the pair is locked.
func (s *Server) checkLoginLock(c echo.Context, username, remote string, now time.Time) error {
	until, err := s.store.LoginLock(c.Request().Context(), username, remote, now)
	if err != nil || until == nil {
		return err
	}
	return loginLocked(c, *until, now)
}

// countLoginFailure records a failed password check of username (u when
// it names an account) from remote, audits it, and returns the locked
// answer when this failure locked the pair.
func (s *Server) countLoginFailure(c echo.Context, u *data.User, username, remote string, now time.Time, what string) error {
	f, err := s.store.LoginFailed(c.Request().Context(), username, remote, now,
		data.LoginPolicy{MaxFailures: s.cfg.LoginMaxFailures, LockFor: s.cfg.LoginLockFor})
	if err != nil {
		return err
	}
	if u == nil {
		what = "unknown username"
	}
	s.auditAs(c, u, username, "login_failed", "user:"+username, fmt.Sprintf("%s, failure %d from %s", what, f.Failures, remote))
	if f.LockedUntil != nil {
		return loginLocked(c, *f.LockedUntil, now)
	}
	return nil
}

// loginLocked is the answer to a login of a locked (username, address)
// pair: the same whether the username names an account or not.
func loginLocked(c echo.Context, until, now time.Time) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(until.Sub(now).Seconds())+1))
	return data.Errorf(codeLocked, "Too many failed logins with this username from your address: try again after %s.",
		until.In(cst).Format("15:04 (UTC+8)")).WithField("username")
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
