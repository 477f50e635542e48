package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/domain"
)

const maxTokenDays = 365

type tokenRequest struct {
	Name          string `json:"name"`
	ExpiresInDays int    `json:"expires_in_days"`
}

// createToken answers POST /api/auth/tokens: a new bearer token for the
// caller, whose secret is shown in this answer only. Only a login (a
// session) makes one: a token that could make others would let whoever
// holds a leaked one keep access after it is revoked or expires.
func (s *Server) createToken(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("API tokens")
	}
	if p.token != nil {
		return data.Errorf(data.EFORBIDDEN, "A token cannot make another: log in with your password (the app's API 令牌 page) to make one.")
	}
	var req tokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Name == "" {
		return data.FieldErrorf("name", "name is required (at most 100 characters), e.g. \"QGIS on my laptop\".")
	}
	if err := domain.CheckLine("name", req.Name, data.MaxTokenName); err != nil {
		return err
	}
	if req.ExpiresInDays == 0 {
		req.ExpiresInDays = 90
	}
	if req.ExpiresInDays < 1 || req.ExpiresInDays > maxTokenDays {
		return data.FieldErrorf("expires_in_days", "expires_in_days must be between 1 and %d.", maxTokenDays)
	}
	now := s.now()
	secret := auth.NewSecret()
	t := &data.Token{UserID: p.user.ID, Name: req.Name, Hash: auth.HashSecret(secret), CreatedAt: now,
		ExpiresAt: now.Add(time.Duration(req.ExpiresInDays) * 24 * time.Hour), CheckedHash: p.user.PasswordHash}
	if err := s.store.CreateToken(c.Request().Context(), t); err != nil {
		return err
	}
	s.auditAs(c, p.user, p.user.Username, "token_created", "token:"+strconv.FormatInt(t.ID, 10), t.Name)
	return c.JSON(http.StatusCreated, struct {
		*data.Token
		Secret string `json:"token"`
	}{t, secret})
}

// listTokens answers GET /api/auth/tokens?limit=&offset=: the caller's
// tokens (no secrets), a page at a time.
func (s *Server) listTokens(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("API tokens")
	}
	limit, offset, err := pageParams(c, 100, 1000)
	if err != nil {
		return err
	}
	ts, err := s.store.Tokens(c.Request().Context(), p.user.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"tokens": pageOf(ts, limit, offset), "total": len(ts), "limit": limit, "offset": offset})
}

// revokeToken answers DELETE /api/auth/tokens/{id}: revokes one of the
// caller's tokens (an admin may revoke anyone's).
func (s *Server) revokeToken(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("API tokens")
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("id", "id must be a positive integer.")
	}
	ctx := c.Request().Context()
	if p.user.Role != data.RoleAdmin {
		ts, err := s.store.Tokens(ctx, p.user.ID)
		if err != nil {
			return err
		}
		mine := false
		for _, t := range ts {
			mine = mine || t.ID == id
		}
		if !mine {
			return data.Errorf(data.ENOTFOUND, "You have no token %s.", c.Param("id")).WithField("id")
		}
	}
	if err := s.store.RevokeToken(ctx, id, s.now()); err != nil {
		return fieldOf(err, "id")
	}
	s.auditAs(c, p.user, p.user.Username, "token_revoked", "token:"+c.Param("id"), "")
	return c.NoContent(http.StatusNoContent)
}
