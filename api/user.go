package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/domain"
)

// User management, for admins only.

type userRequest struct {
	Username   *string   `json:"username"`
	Name       *string   `json:"name"`
	Role       *string   `json:"role"`
	UnitCode   *string   `json:"unit_code"`
	Cells      *[]string `json:"cells"`
	MediatorID *int64    `json:"mediator_id"`
	Disabled   *bool     `json:"disabled"`
	Password   *string   `json:"password"`
}

// apply copies the fields present in the request onto u and hashes a new
// password.
func (r *userRequest) apply(u *data.User) error {
	if r.Name != nil {
		if err := domain.CheckLine("name", *r.Name, data.MaxUserName); err != nil {
			return err
		}
		u.Name = *r.Name
	}
	if r.Role != nil {
		u.Role = *r.Role
	}
	if r.UnitCode != nil {
		u.UnitCode = *r.UnitCode
	}
	if r.Cells != nil {
		u.Cells = *r.Cells
	}
	if r.MediatorID != nil {
		u.MediatorID = *r.MediatorID
	}
	if r.Disabled != nil {
		u.Disabled = *r.Disabled
	}
	if r.Password != nil {
		switch err := auth.CheckNewPassword(*r.Password); {
		case errors.Is(err, auth.ErrPasswordShort):
			return data.FieldErrorf("password", "A password has at least %d characters.", auth.MinPasswordLen)
		case errors.Is(err, auth.ErrPasswordLong):
			return data.FieldErrorf("password", "A password has at most %d bytes.", auth.MaxPasswordBytes)
		case err != nil:
			return err
		}
		h, err := auth.HashPassword(*r.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
	}
	return nil
}

// listUsers answers GET /api/users.
func (s *Server) listUsers(c echo.Context) error {
	if err := who(c).requireRole("user accounts", data.RoleAdmin); err != nil {
		return err
	}
	us, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": us})
}

// createUser answers POST /api/users.
func (s *Server) createUser(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("user accounts", data.RoleAdmin); err != nil {
		return err
	}
	var req userRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username == nil || *req.Username == "" {
		return data.FieldErrorf("username", "username is required.")
	}
	if req.Role == nil {
		return data.FieldErrorf("role", "role is required.")
	}
	if req.Password == nil {
		return data.FieldErrorf("password", "password is required.")
	}
	u := &data.User{Username: *req.Username}
	if err := req.apply(u); err != nil {
		return err
	}
	if err := s.store.CreateUser(c.Request().Context(), u); err != nil {
		return err
	}
	s.auditAs(c, p.user, p.user.Username, "user_created", "user:"+u.Username, u.Role)
	return c.JSON(http.StatusCreated, u)
}

// updateUser answers PATCH /api/users/{id}: changes the fields sent. A new
// password ends the user's sessions and revokes their tokens (the store
// does, with the change); disabling ends the sessions. Admins change their
// own password as everyone does, with the current one.
func (s *Server) updateUser(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("user accounts", data.RoleAdmin); err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("id", "id must be a positive integer.")
	}
	var req userRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username != nil {
		return data.FieldErrorf("username", "A username cannot be changed.")
	}
	ctx := c.Request().Context()
	u, err := s.store.User(ctx, id)
	if err != nil {
		return fieldOf(err, "id")
	}
	if u.ID == p.user.ID {
		switch {
		case req.Disabled != nil && *req.Disabled:
			return data.FieldErrorf("disabled", "You cannot disable or demote your own account.")
		case req.Role != nil && *req.Role != data.RoleAdmin:
			return data.FieldErrorf("role", "You cannot disable or demote your own account.")
		}
	}
	if u.ID == p.user.ID && req.Password != nil { // which asks for the current one, and keeps this session
		return data.FieldErrorf("password", "Change your own password with POST /api/auth/password.")
	}
	u.PasswordHash = "" // kept by UpdateUser, unless apply sets a new one: never the one read above
	if err := req.apply(u); err != nil {
		return err
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	if u.Disabled { // a new password has ended them already, and revoked the tokens (UpdateUser)
		if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	detail := ""
	if req.Password != nil { // as gridmap user passwd: the user may log in at once, from anywhere
		if _, err := s.store.ClearLoginFailures(ctx, u.Username, ""); err != nil {
			return err
		}
		detail = "password reset: sessions ended, tokens revoked, login locks cleared"
	}
	s.auditAs(c, p.user, p.user.Username, "user_updated", "user:"+u.Username, detail)
	return c.JSON(http.StatusOK, u)
}
