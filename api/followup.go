package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/mask"
)

type followupRequest struct {
	Method       string `json:"method"`
	Reached      *bool  `json:"reached"`
	Performed    string `json:"performed"`
	Satisfaction string `json:"satisfaction"`
	Note         string `json:"note"`
	Version      int64  `json:"version"`
}

func (r *followupRequest) check() error {
	if r.Reached == nil {
		return data.FieldErrorf("reached", "reached is required: whether the parties were reached (true or false).")
	}
	return nil
}

func (r *followupRequest) seenVersion() *int64 { return &r.Version }
func (r *followupRequest) idempotent()         {}

// followupWritten is the answer of POST /api/incidents/{id}/followups: the
// 回访 and the incident as it is after it (reopened to mediating when the
// 回访 failed).
type followupWritten struct {
	Followup data.Followup  `json:"followup"`
	Incident incidentDetail `json:"incident"`
}

// mayFollowUp reports whether the principal may record a 回访 of the
// incident: its unit's cadres, the grid workers of its cell, the mediators
// assigned to it, and admins.
func (p *principal) mayFollowUp(in *data.Incident, unit string) bool {
	switch p.role() {
	case data.RoleAdmin:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit
	case data.RoleGridWorker:
		return slices.Contains(p.user.Cells, in.CellCode)
	case data.RoleMediator:
		return p.listsIncident(in, unit)
	}
	return false
}

// addFollowup answers POST /api/incidents/{id}/followups: records a 回访
// (verification visit or call) of a resolved incident. A failed one (the
// parties reached, and the resolution not performed in full or the
// parties dissatisfied) reopens the incident to mediating in the same
// write. A version (or If-Match) the incident has moved past is a 409 with
// the incident as it is; the same 回访 resent by its recorder under the
// same Idempotency-Key after its answer was lost answers 200 with the
// first.
func (s *Server) addFollowup(c echo.Context) error {
	var req followupRequest
	var f *data.Followup
	var kept data.Followup
	return s.writeIncident(c, &req, incidentWrite{
		prepare: func(w *writing) error {
			f = &data.Followup{IncidentID: w.id, Method: req.Method, Reached: *req.Reached, Performed: req.Performed,
				Satisfaction: req.Satisfaction, Note: strings.TrimSpace(req.Note), At: s.now()}
			_, err := domain.NewFollowup(f, s.now())
			return err
		},
		check: func(w *writing) error {
			in := w.in
			if !w.p.mayFollowUp(in, w.unit) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not record a 回访 of this incident.", w.p.role())
			}
			f.RecorderID = w.p.user.ID
			if w.key != "" && w.version != 0 && w.version != in.Version {
				var err error
				if kept, w.kept, err = s.keptFollowup(w.ctx, f, w.version, in.Version); err != nil || w.kept {
					return err
				}
			}
			if err := s.staleVersion(in, w.version); err != nil {
				return err
			}
			if in.Status != data.StatusResolved {
				return &stateConflict{err: data.Errorf(data.ECONFLICT, "The incident is %q: only a resolved incident has a 回访.", in.Status),
					current: *in}
			}
			return nil
		},
		write: func(w *writing) (*data.Incident, error) { return s.store.AddFollowup(w.ctx, f, w.version) },
		answer: func(w *writing, out *data.Incident) error {
			detail, err := s.incidentAnswer(c, w.p, out)
			if err != nil {
				return err
			}
			if w.kept {
				replayed(c)
				return s.sendJSON(c, typeJSON, followupWritten{Followup: kept, Incident: detail})
			}
			c.Response().Header().Set(echo.HeaderLocation, "/api/incidents/"+strconv.FormatInt(w.id, 10)+"/followups")
			return c.JSON(http.StatusCreated, followupWritten{Followup: *f, Incident: detail})
		},
	})
}

// keptFollowup returns the 回访 that f repeats, and whether there is one:
// the incident's newest, by the same recorder with the same answers, and
// the one write since version (the incident is now at version+1). A phone
// resends a 回访 whose answer was lost.
func (s *Server) keptFollowup(ctx context.Context, f *data.Followup, version, now int64) (data.Followup, bool, error) {
	if now != version+1 {
		return data.Followup{}, false, nil
	}
	n, err := domain.NewFollowup(f, s.now())
	if err != nil {
		return data.Followup{}, false, nil
	}
	fs, err := s.store.Followups(ctx, f.IncidentID)
	if err != nil || len(fs) == 0 {
		return data.Followup{}, false, err
	}
	k := fs[len(fs)-1]
	same := k.RecorderID == n.RecorderID && k.Method == n.Method && k.Reached == n.Reached && k.Performed == n.Performed &&
		k.Satisfaction == n.Satisfaction && k.Note == n.Note
	return k, same, nil
}

// followups answers GET /api/incidents/{id}/followups: the incident's 回访
// records, oldest first, their notes as the incident's access allows
// (verbatim and audited as read_followups, or masked like its summary).
func (s *Server) followups(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	fs, err := s.store.Followups(c.Request().Context(), in.ID)
	if err != nil {
		return err
	}
	switch p.incidentAccess(in, unit) {
	case accessFull:
		if err := s.audit(c, "read_followups", "incident:"+strconv.FormatInt(in.ID, 10), ""); err != nil {
			return err
		}
	default:
		for i := range fs {
			fs[i].Note = mask.Text(fs[i].Note, in.Parties)
		}
	}
	return s.sendJSON(c, typeJSON, map[string]any{"followups": fs})
}

// checkClosing refuses 办结 of a resolved incident without a passed 回访
// of its resolution (domain.CheckClosable, which the store checks again in
// the write): a 409 naming the missing 回访 (field "followup"), with the
// incident.
func (s *Server) checkClosing(in *data.Incident, to string) error {
	var de *data.Error
	if errors.As(domain.CheckClosable(in.Status, to, in.FollowupPassedAt), &de) {
		return &stateConflict{err: de, current: *in}
	}
	return nil
}

// closableOnly drops closed from a resolved incident's next statuses
// unless it has a passed 回访, so the app offers 办结 only then.
func (s *Server) closableOnly(in *data.Incident, next *[]string) {
	if domain.CheckClosable(in.Status, data.StatusClosed, in.FollowupPassedAt) != nil {
		*next = slices.DeleteFunc(*next, func(to string) bool { return to == data.StatusClosed })
	}
}
