package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"gridmap/data"
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
// admins: forgets the failed logins of username from remote, or from every
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
	if err := data.CheckUsername(username); err != nil { // no record has such a name (login refuses it)
		return err
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
