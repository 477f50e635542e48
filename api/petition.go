package api

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// extendRequest is the body of POST /api/incidents/{id}/extend.
type extendRequest struct {
	Days    int    `json:"days"`
	Reason  string `json:"reason"`
	Version int64  `json:"version"`
}

func (r *extendRequest) check() error { return domain.CheckExtension(r.Days, r.Reason, r.Version) }

func (r *extendRequest) seenVersion() *int64 { return &r.Version }

// extendReply answers POST /api/incidents/{id}/extend with {"days",
// "reason", "version"}: a cadre of the petition's unit or an admin extends
// its reply deadline (受理 + Config.PetitionDays calendar days) once, by 1
// to 30 days, with a reason (《信访工作条例》 art. 32). The timeline gains an
// "extended" event with the days and the reason, the audit log an
// extend_reply entry; a dispute, a petition not accepted or already
// answered, and a second extension are 409s.
func (s *Server) extendReply(c echo.Context) error {
	var req extendRequest
	return s.writeIncident(c, &req, incidentWrite{
		check: func(w *writing) error {
			if !w.p.mayExtendReply(w.unit) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not extend the deadline of this petition.", w.p.role())
			}
			if w.version == 0 { // like every workflow write's, but required: an extension is made on a deadline seen
				return data.FieldErrorf("version", "version (or If-Match) is required: the version of the incident you saw.")
			}
			return s.staleVersion(w.in, w.version)
		},
		write: func(w *writing) (*data.Incident, error) {
			return s.store.ExtendReply(w.ctx, data.ReplyExtension{IncidentID: w.id, Days: req.Days, Reason: req.Reason,
				Version: w.version, ActorID: w.p.user.ID, ActorName: displayName(w.p.user), At: s.now()})
		},
		after: func(w *writing, _ *data.Incident) error {
			return s.audit(c, "extend_reply", w.record(), strconv.Itoa(req.Days))
		},
	})
}
