package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// Units' own webhooks (admins): a 村/社区 may have a group robot of its
// own that gets its cases' notifications besides the town's
// -notify-webhook. Neither the robot's key in the URL nor the 钉钉 signing
// secret is ever answered in full, even to admins.

func (s *Server) webhookRoutes(a *echo.Group) {
	getAndHead(a, "/notifications/webhooks", s.listWebhooks)
	a.PUT("/units/:code/webhook", s.putWebhook)
	a.DELETE("/units/:code/webhook", s.deleteWebhook)
	a.POST("/notifications/deliveries/:id/retry", s.retryDelivery)
}

// webhookView is a unit's webhook as answered: the URL's key and the
// secret masked.
type webhookView struct {
	data.Webhook
	UnitName string `json:"unit_name"`
	URL      string `json:"url"`    // masked: domain.MaskURL
	Secret   string `json:"secret"` // masked: its first 3 and last 2 characters, or ""
}

// maskSecret keeps enough of a secret to tell which it is: SEC****ab.
func maskSecret(secret string) string {
	r := []rune(secret)
	switch {
	case len(r) == 0:
		return ""
	case len(r) < 8:
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-2:])
}

func (s *Server) webhookView(ctx context.Context, w data.Webhook) webhookView {
	v := webhookView{Webhook: w, URL: domain.MaskURL(w.URL), Secret: maskSecret(w.Secret)}
	if u, err := s.store.Unit(ctx, w.Unit); err == nil {
		v.UnitName = u.Name
	}
	return v
}

// listWebhooks answers GET /api/notifications/webhooks (admins): every
// unit's own webhook, by unit code.
func (s *Server) listWebhooks(c echo.Context) error {
	if err := who(c).requireRole("the units' webhooks", data.RoleAdmin); err != nil {
		return err
	}
	ctx := c.Request().Context()
	ws, err := s.store.Webhooks(ctx)
	if err != nil {
		return err
	}
	out := make([]webhookView, 0, len(ws))
	for _, w := range ws {
		out = append(out, s.webhookView(ctx, w))
	}
	return c.JSON(http.StatusOK, map[string]any{"webhooks": out})
}

// putWebhook answers PUT /api/units/{code}/webhook (admins) with
// the body {"url", "format", "secret"}: sets the unit's webhook. A URL
// left out, or sent back masked as answered, keeps the one set before; a
// secret left out keeps the one set before (neither is answered back in
// full); "" has none. Audited (webhook_set), without the URL or secret.
func (s *Server) putWebhook(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("the units' webhooks", data.RoleAdmin); err != nil {
		return err
	}
	var req struct {
		URL    *string `json:"url"`
		Format string  `json:"format"`
		Secret *string `json:"secret"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	w := data.Webhook{Unit: c.Param("code"), Format: req.Format, UpdatedAt: s.now()}
	if req.URL != nil {
		w.URL = *req.URL
	}
	if req.Secret != nil {
		w.Secret = *req.Secret
	}
	ws, err := s.store.Webhooks(ctx)
	if err != nil {
		return err
	}
	for _, old := range ws {
		if old.Unit != w.Unit {
			continue
		}
		if req.URL == nil || w.URL == domain.MaskURL(old.URL) {
			w.URL = old.URL
		}
		if req.Secret == nil && w.Format == "dingtalk" {
			w.Secret = old.Secret
		}
	}
	if err := s.store.SetWebhook(ctx, &w); err != nil {
		return fieldOf(err, "code")
	}
	s.auditAs(c, p.user, p.user.Username, "webhook_set", "unit:"+w.Unit, w.Format)
	return c.JSON(http.StatusOK, s.webhookView(ctx, w))
}

// deleteWebhook answers DELETE /api/units/{code}/webhook
// (admins). Audited (webhook_deleted).
func (s *Server) deleteWebhook(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("the units' webhooks", data.RoleAdmin); err != nil {
		return err
	}
	unit := c.Param("code")
	if err := s.store.DeleteWebhook(c.Request().Context(), unit); err != nil {
		return fieldOf(err, "code")
	}
	s.auditAs(c, p.user, p.user.Username, "webhook_deleted", "unit:"+unit, "")
	return c.NoContent(http.StatusNoContent)
}

// retryDelivery answers POST /api/notifications/deliveries/{id}/retry
// (admins): a failed message is due again now, for one more attempt.
// Audited (delivery_retried).
func (s *Server) retryDelivery(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("the webhook deliveries", data.RoleAdmin); err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("id", "id must be a positive integer.")
	}
	if err := s.store.RetryMessage(c.Request().Context(), id, s.now()); err != nil {
		return fieldOf(err, "id")
	}
	s.auditAs(c, p.user, p.user.Username, "delivery_retried", "outbox:"+strconv.FormatInt(id, 10), "")
	return c.NoContent(http.StatusNoContent)
}
