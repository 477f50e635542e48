package api

import (
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// accountRoutes registers the routes of password changes and login locks.
func (s *Server) accountRoutes(a *echo.Group) {
	a.POST("/auth/password", s.changePassword)
	getAndHead(a, "/auth/locks", s.listLoginLocks)
	a.DELETE("/auth/locks", s.clearLoginLocks)
}

// loginLock is a locked (username, address) pair as admins see it.
type loginLock struct {
	data.LoginFailure
	Account bool `json:"account"` // whether the username names an account
}

// listLoginLocks answers GET /api/auth/locks for admins: the (username,
// client address) pairs whose logins are refused now, by username.
func (s *Server) listLoginLocks(c echo.Context) error {
	if err := who(c).requireRole("user accounts", data.RoleAdmin); err != nil {
		return err
	}
	ctx := c.Request().Context()
	fs, err := s.store.LoginLocks(ctx, s.now())
	if err != nil {
		return err
	}
	us, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(us))
	for _, u := range us {
		known[u.Username] = true
	}
	out := make([]loginLock, len(fs))
	for i, f := range fs {
		out[i] = loginLock{f, known[f.Username]}
	}
	return c.JSON(http.StatusOK, map[string]any{"locks": out})
}

// clearLoginLocks answers DELETE /api/auth/locks?username=&remote= for
// admins: forgets the failed logins of username from remote (a client
// address, as the audit log shows it, or a lock's IPv6 /64), or from every
// address without remote, and answers how many records went. Audited.
func (s *Server) clearLoginLocks(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("user accounts", data.RoleAdmin); err != nil {
		return err
	}
	username, remote := c.QueryParam("username"), c.QueryParam("remote")
	if username == "" {
		return data.FieldErrorf("username", "username is required.")
	}
	if err := domain.CheckUsername(username); err != nil { // no record has such a name (login refuses it)
		return err
	}
	if remote != "" {
		if a, err := netip.ParseAddr(remote); err == nil {
			remote = throttleKey(a)
		} else if p, err := netip.ParsePrefix(remote); err == nil && p.Addr().Is6() && p.Bits() == 64 && p.Masked() == p {
			remote = p.String()
		} else {
			return data.FieldErrorf("remote", "remote must be a client address, e.g. 203.0.113.9 or 2001:db8::1.")
		}
	}
	n, err := s.store.ClearLoginFailures(c.Request().Context(), username, remote)
	if err != nil {
		return err
	}
	detail := "every address"
	if remote != "" {
		detail = remote
	}
	s.auditAs(c, p.user, p.user.Username, "login_locks_cleared", "user:"+username, detail)
	return c.JSON(http.StatusOK, map[string]any{"cleared": n})
}
