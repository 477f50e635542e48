package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword answers POST /api/auth/password: any logged-in user
// changes their own password, giving the current one. The store ends the
// account's other sessions and revokes its tokens with the change; the
// session making it stays. Wrong current passwords count towards the
// login lock of (username, address), as wrong logins do.
func (s *Server) changePassword(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return data.Errorf(data.EUNAUTHORIZED, "Log in to change your password.")
	}
	var req passwordRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.CurrentPassword == "" {
		return data.FieldErrorf("current_password", "%s is required.", "current_password")
	}
	if req.NewPassword == "" {
		return data.FieldErrorf("new_password", "%s is required.", "new_password")
	}
	now, remote := s.now(), throttleAddress(c)
	if err := s.checkLoginLock(c, p.user.Username, remote, now); err != nil {
		return err
	}
	if !s.passwordMatches(p.user, req.CurrentPassword) {
		if err := s.countLoginFailure(c, p.user, p.user.Username, remote, now, "wrong current password"); err != nil {
			return err
		}
		return data.FieldErrorf("current_password", "The current password is wrong.")
	}
	if req.NewPassword == req.CurrentPassword {
		return data.FieldErrorf("new_password", "The new password must differ from the current one.")
	}
	// The rules and the hash of an administrator's reset.
	var changed data.User
	if err := (&userRequest{Password: &req.NewPassword}).apply(&changed); err != nil {
		var de *data.Error
		if errors.As(err, &de) && de.Field == "password" {
			return de.WithField("new_password")
		}
		return err
	}
	keep := ""
	if p.session != nil { // a bearer token is revoked with the others
		keep = p.session.ID
	}
	ctx := c.Request().Context()
	if err := s.store.ChangePassword(ctx, data.PasswordChange{UserID: p.user.ID, Hash: changed.PasswordHash, KeepSession: keep, At: now,
		CheckedHash: p.user.PasswordHash}); err != nil {
		return err
	}
	if err := s.store.LoginSucceeded(ctx, p.user.Username, remote); err != nil {
		return err
	}
	s.auditAs(c, p.user, p.user.Username, "password_changed", "user:"+p.user.Username, "other sessions ended, tokens revoked")
	return c.NoContent(http.StatusNoContent)
}
