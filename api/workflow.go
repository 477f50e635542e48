package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// nearBoundaryM is how close to another cell a report is flagged as near
// the boundary, so that someone checks which cell it belongs to.
const nearBoundaryM = 50

type reportRequest struct {
	Lon         *float64 `json:"lon"`
	Lat         *float64 `json:"lat"`
	Type        string   `json:"type"`
	Source      string   `json:"source"`
	Priority    string   `json:"priority"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Parties     []string `json:"parties"`
	Mediators   []int64  `json:"mediators"`
	// PartyDetails are the parties as people (instead of parties): a
	// resident of the cell by resident_id, or a name with a phone.
	PartyDetails []data.Party `json:"party_details"`
	// DuplicateOf files the report as a duplicate of that case ("link
	// instead of creating"): kept, but not a case of its own.
	DuplicateOf int64 `json:"duplicate_of"`
}

// reportIncident answers POST /api/incidents: a dispute reported at a
// point. The cell comes from the point; a report within 50 m of another
// cell is flagged with that neighbour. With an Idempotency-Key header a
// retried report (a weak network) returns the first one instead of a copy.
func (s *Server) reportIncident(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("reporting incidents")
	}
	var req reportRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Lon == nil || math.IsNaN(*req.Lon) || *req.Lon < -180 || *req.Lon > 180 {
		return data.FieldErrorf("lon", "lon is required, a longitude between -180 and 180.")
	}
	if req.Lat == nil || math.IsNaN(*req.Lat) || *req.Lat < -90 || *req.Lat > 90 {
		return data.FieldErrorf("lat", "lat is required, a latitude between -90 and 90.")
	}
	in := &data.Incident{Type: req.Type, Source: req.Source, Priority: req.Priority, Summary: strings.TrimSpace(req.Summary),
		Description: req.Description, Parties: req.Parties, Mediators: req.Mediators, Location: orb.Point{*req.Lon, *req.Lat},
		PartyDetails: req.PartyDetails, DuplicateOf: req.DuplicateOf}
	if in.Source == "" {
		in.Source = "网格员上报"
	}
	saved, created, err := s.fileReport(c, in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
		replayed(c)
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/incidents/"+strconv.FormatInt(saved.ID, 10))
	out, err := s.incidentAnswer(c, who(c), saved)
	if err != nil {
		return err
	}
	return c.JSON(status, wroteIncident(out))
}

// fileReport places a new incident in the cell under its location, flags
// a neighbour within nearBoundaryM, checks that the principal may report
// there and stores it (once per Idempotency-Key).
func (s *Server) fileReport(c echo.Context, in *data.Incident) (*data.Incident, bool, error) {
	p := who(c)
	key, err := idempotencyKey(c)
	if err != nil {
		return nil, false, err
	}
	if err := domain.CheckIncidentText(in); err != nil {
		return nil, false, err
	}
	if err := domain.CheckIncidentType(s.cfg.IncidentTypes, in.Type); err != nil {
		return nil, false, err
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return nil, false, err
	}
	i, ok := sn.locate(in.Location)
	if !ok {
		return nil, false, data.FieldErrorf("lon", "The point (%g, %g) is outside every cell of the town.", in.Location[0], in.Location[1])
	}
	cell := &sn.cells[i]
	hits := sn.index.Near(in.Location, nearBoundaryM)
	near := make([]string, len(hits))
	for k, h := range hits {
		near[k] = sn.cells[h.Pos].Code
	}
	if len(hits) > 0 {
		in.NearCell, in.NearDistanceM = near[0], hits[0].DistanceM
	}
	if !p.mayReport(cell.Code, cell.UnitCode, near) {
		return nil, false, p.denied("reporting incidents in cell " + cell.Code)
	}
	ms, err := s.mediatorsByID(c.Request().Context(), in.Mediators)
	if err != nil {
		return nil, false, err
	}
	if err := p.checkReportFields(in, cell.Code, cell.UnitCode, ms); err != nil {
		return nil, false, err
	}
	if in.DuplicateOf != 0 {
		if err := s.checkOriginal(c.Request().Context(), p, in.DuplicateOf); err != nil {
			return nil, false, err
		}
	}
	in.CellCode, in.Status, in.ReporterID, in.ReportedAt = cell.Code, data.StatusReported, p.user.ID, s.now()
	in.Kind = domain.KindOf(in.Source)
	return s.store.CreateIncident(c.Request().Context(), in, key)
}

// fullIncident is the whole record, for those with full access to it (see
// incidentAnswer).
func (s *Server) fullIncident(in *data.Incident) incidentDetail {
	return incidentDetail{incidentOut: s.newIncidentOut(*in), Parties: in.Parties, Description: &in.Description, Mediators: in.Mediators}
}

type transitionRequest struct {
	To          string `json:"to"`
	Note        string `json:"note"`
	DuplicateOf int64  `json:"duplicate_of"`
	Version     int64  `json:"version"`
}

func (r *transitionRequest) check() error {
	if !domain.IsStatus(r.To) {
		return data.FieldErrorf("to", "Unknown status %q; use one of %s.", r.To, strings.Join(data.Statuses, ", "))
	}
	return domain.CheckText("note", r.Note, data.MaxNote)
}

func (r *transitionRequest) seenVersion() *int64 { return &r.Version }

// stateConflict is a 409 that carries the incident as it now is, so that a
// client that lost a race can show the new state without asking again
// (as the caller may see it: conflictOut).
type stateConflict struct {
	err     *data.Error
	current data.Incident
}

func (e *stateConflict) Error() string { return e.err.Error() }
func (e *stateConflict) Unwrap() error { return e.err }

// transitionIncident answers POST /api/incidents/{id}/transitions with
// {"to","note"}: moves the incident along the workflow. An If-Match header
// (or "version") with the version the caller saw makes a concurrent change
// a 409 rather than a silent overwrite.
func (s *Server) transitionIncident(c echo.Context) error {
	var req transitionRequest
	return s.writeIncident(c, &req, incidentWrite{
		check: func(w *writing) error {
			in, p := w.in, w.p
			if !domain.CanTransition(in.Status, req.To, in.Escalation) {
				return &stateConflict{err: data.Errorf(data.ECONFLICT, "An incident in status %q cannot move to %q; it may move to: %s.",
					in.Status, req.To, strings.Join(domain.NextStatuses(in.Status, in.Escalation), ", ")).WithField("to"),
					current: *in}
			}
			if err := s.staleVersion(in, w.version); err != nil {
				return err
			}
			if !p.mayTransition(in, w.unit, req.To) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not move this incident to %q.", p.role(), req.To).WithField("to")
			}
			if err := s.checkTransition(w.ctx, p, in, &req); err != nil {
				return err
			}
			return s.checkClosing(in, req.To)
		},
		write: func(w *writing) (*data.Incident, error) {
			return s.store.TransitionIncident(w.ctx, data.Transition{IncidentID: w.id, From: w.in.Status, To: req.To, Version: w.version,
				ActorID: w.p.user.ID, ActorName: displayName(w.p.user), Note: strings.TrimSpace(req.Note), DuplicateOf: req.DuplicateOf, At: s.now()})
		},
		after: func(w *writing, out *data.Incident) error {
			s.afterTransition(w.ctx, w.in.Status, out, req.Note, w.p.user.ID)
			return nil
		},
	})
}

// checkTransition applies the rules that need more than the status graph:
// moving back or up needs a reason, and a duplicate names its original,
// one the principal may see.
func (s *Server) checkTransition(ctx context.Context, p *principal, in *data.Incident, req *transitionRequest) error {
	if domain.NeedsReason(in.Status, req.To) && strings.TrimSpace(req.Note) == "" {
		return data.FieldErrorf("note", "Say why: a note is required to send back, escalate, reopen or mark a duplicate.")
	}
	if err := domain.CheckDuplicateOf(in.ID, req.To, req.DuplicateOf); err != nil || req.To != data.StatusDuplicate {
		return err
	}
	return s.checkOriginal(ctx, p, req.DuplicateOf)
}

// checkOriginal checks the incident a duplicate names as its original: it
// exists (400 naming duplicate_of otherwise) and the principal may see it.
func (s *Server) checkOriginal(ctx context.Context, p *principal, id int64) error {
	dup, err := s.store.Incident(ctx, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return data.FieldErrorf("duplicate_of", "There is no incident %d.", id)
	} else if err != nil {
		return err
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	return p.checkDuplicateOf(dup, sn.unitOf(dup.CellCode))
}

// scopedIncident reads the {id} of an incident route and loads the
// incident, if the principal may see it (see incidentInScope).
func (s *Server) scopedIncident(c echo.Context) (*principal, *data.Incident, string, error) {
	id, err := incidentID(c)
	if err != nil {
		return nil, nil, "", err
	}
	p := who(c)
	in, unit, err := s.incidentInScope(c.Request().Context(), p, id)
	return p, in, unit, err
}

// incidentInScope loads an incident the principal may see, with its unit:
// 401 for the anonymous, 403 for one outside the principal's scope.
func (s *Server) incidentInScope(ctx context.Context, p *principal, id int64) (*data.Incident, string, error) {
	if !p.seesIncidents() {
		return nil, "", p.denied("incidents")
	}
	in, err := s.store.Incident(ctx, id)
	if err != nil {
		return nil, "", fieldOf(err, "id")
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, "", err
	}
	unit := sn.unitOf(in.CellCode)
	if !p.listsIncident(in, unit) {
		return nil, "", p.denied("incident " + strconv.FormatInt(id, 10))
	}
	return in, unit, nil
}

func displayName(u *data.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}
