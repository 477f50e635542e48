package api

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// audit records that the principal read personal data (or did something
// security-relevant). Reads of personal data must not happen unrecorded, so
// callers return its error before sending the data.
func (s *Server) audit(c echo.Context, action, record, detail string) error {
	p := who(c)
	var name string
	if p.user != nil {
		name = p.user.Username
	}
	return s.store.AppendAudit(c.Request().Context(), &data.AuditEntry{
		At: s.now(), UserID: userID(p.user), Username: name, Action: action, Record: record,
		Remote: c.RealIP(), Detail: detail,
	})
}

// auditAs records a security event for a user who is not (yet) the
// principal, e.g. a login; a failure is logged, not returned, since the
// event has happened either way.
func (s *Server) auditAs(c echo.Context, u *data.User, username, action, record, detail string) {
	err := s.store.AppendAudit(c.Request().Context(), &data.AuditEntry{
		At: s.now(), UserID: userID(u), Username: username, Action: action, Record: record,
		Remote: c.RealIP(), Detail: detail,
	})
	if err != nil {
		s.log.Error("writing the audit log", "action", action, "record", record, "err", err)
	}
}

func userID(u *data.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// listAudit answers GET /api/audit?user_id=&action=&record=&from=&to=&limit=&offset=
// for admins, newest first.
func (s *Server) listAudit(c echo.Context) error {
	if err := who(c).requireRole("the audit log", data.RoleAdmin); err != nil {
		return err
	}
	f := data.AuditFilter{Action: c.QueryParam("action"), Record: c.QueryParam("record")}
	var err error
	if v := c.QueryParam("user_id"); v != "" {
		if f.UserID, err = strconv.ParseInt(v, 10, 64); err != nil || f.UserID <= 0 {
			return data.FieldErrorf("user_id", "user_id must be a positive integer.")
		}
	}
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	if f.Limit, f.Offset, err = pageParams(c, 100, 1000); err != nil {
		return err
	}
	es, total, err := s.store.Audit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, map[string]any{"entries": es, "total": total, "limit": f.Limit, "offset": f.Offset})
}
