package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

type mediationRequest struct {
	Mediators     []int64 `json:"mediators"`
	At            string  `json:"at"` // RFC 3339 or a date; now when empty
	Outcome       string  `json:"outcome"`
	AgreementText string  `json:"agreement_text"`
	AgreementRef  string  `json:"agreement_ref"`
	FollowUpOn    string  `json:"follow_up_on"` // RFC 3339 or a date; none when empty
	Note          string  `json:"note"`
	// AmountAgreed is a number of 元 (or the same as a string), at most two
	// decimals; none or null is 0.
	AmountAgreed      json.RawMessage `json:"amount_agreed"`
	PreventedCrime    bool            `json:"prevented_crime"`
	PreventedPetition bool            `json:"prevented_petition"`
}

// amountAgreed reads the amount of a mediation body (data.ParseYuan): 400
// naming amount_agreed for anything but a number of 元, not negative, with
// at most two decimals.
func amountAgreed(raw json.RawMessage) (data.Fen, error) {
	v := strings.TrimSpace(string(raw))
	if v == "" || v == "null" {
		return 0, nil
	}
	if strings.HasPrefix(v, `"`) {
		if err := json.Unmarshal(raw, &v); err != nil {
			return 0, data.FieldErrorf("amount_agreed", "The amount agreed is a number of 元.")
		}
	}
	return data.ParseYuan(v)
}

// check passes: a record's fields are checked as the record (see
// addMediation).
func (r *mediationRequest) check() error        { return nil }
func (r *mediationRequest) seenVersion() *int64 { return nil }

// incidentID reads the {id} of an incident route.
func incidentID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, data.FieldErrorf("id", "id must be a positive integer, got %q.", c.Param("id"))
	}
	return id, nil
}

// addMediation answers POST /api/incidents/{id}/mediation: records one
// mediation session (调解记录). The mediators assigned to the incident, its
// unit's cadres and admins may record; 201 with the record and the
// incident's new version. The same record sent again by its recorder (same
// session time, mediators, outcome and texts) answers 200 with the first.
func (s *Server) addMediation(c echo.Context) error {
	var req mediationRequest
	id, _, err := readIncidentWrite(c, &req)
	if err != nil {
		return err
	}
	r := &data.MediationRecord{IncidentID: id, MediatorIDs: req.Mediators, Outcome: req.Outcome,
		AgreementText: req.AgreementText, AgreementRef: req.AgreementRef, Note: strings.TrimSpace(req.Note), CreatedAt: s.now(),
		PreventedCrime: req.PreventedCrime, PreventedPetition: req.PreventedPetition}
	if err := domain.CheckMediationText(r); err != nil {
		return err
	}
	if r.AmountAgreed, err = amountAgreed(req.AmountAgreed); err != nil {
		return err
	}
	if req.At != "" {
		if r.At, err = parseTime("at", req.At); err != nil {
			return err
		}
		if err := domain.CheckSessionTime(r.At, r.CreatedAt); err != nil {
			return err
		}
	} else {
		r.At = r.CreatedAt
	}
	if req.FollowUpOn != "" {
		f, err := parseTime("follow_up_on", req.FollowUpOn)
		if err != nil {
			return err
		}
		r.FollowUpOn = &f
	}
	ctx := c.Request().Context()
	p := who(c)
	in, unit, err := s.incidentInScope(ctx, p, id)
	if err != nil {
		return err
	}
	if !p.mayRecordMediation(in, unit) {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not record the mediation of this incident.", p.role())
	}
	r.RecorderID = p.user.ID
	if kept, ok, err := s.keptMediation(ctx, r); err != nil {
		return err
	} else if ok { // resent from a phone's queue after its answer was lost
		c.Response().Header().Set(echo.HeaderLocation, "/api/incidents/"+strconv.FormatInt(id, 10)+"/mediation")
		return c.JSON(http.StatusOK, mediationWritten{MediationRecord: kept, IncidentVersion: in.Version})
	}
	version, err := s.store.AddMediationRecord(ctx, r)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/incidents/"+strconv.FormatInt(id, 10)+"/mediation")
	s.notify(ctx, data.NotifyMentioned, in, "", "", s.mentioned(ctx, r.Note, p.user.ID))
	return c.JSON(http.StatusCreated, mediationWritten{MediationRecord: *r, IncidentVersion: version})
}

// keptMediation returns the incident's record that r repeats, and whether
// there is one: the same recorder, session time, mediators, outcome and
// texts. A phone resends a record whose answer was lost; it is answered
// with the first one rather than stored twice. A record the store would
// refuse is no repeat: AddMediationRecord says why.
func (s *Server) keptMediation(ctx context.Context, r *data.MediationRecord) (data.MediationRecord, bool, error) {
	n, err := domain.NewMediationRecord(r, s.now())
	if err != nil {
		return data.MediationRecord{}, false, nil
	}
	rs, err := s.store.MediationRecords(ctx, r.IncidentID)
	if err != nil {
		return data.MediationRecord{}, false, err
	}
	for _, k := range rs {
		if k.RecorderID == n.RecorderID && k.At.Equal(n.At) && slices.Equal(k.MediatorIDs, n.MediatorIDs) && k.Outcome == n.Outcome &&
			k.AgreementText == n.AgreementText && k.AgreementRef == n.AgreementRef && k.Note == n.Note &&
			k.AmountAgreed == n.AmountAgreed && k.PreventedCrime == n.PreventedCrime && k.PreventedPetition == n.PreventedPetition &&
			(k.FollowUpOn == nil) == (n.FollowUpOn == nil) && (k.FollowUpOn == nil || k.FollowUpOn.Equal(*n.FollowUpOn)) {
			return k, true, nil
		}
	}
	return data.MediationRecord{}, false, nil
}

// mediationRecords answers GET /api/incidents/{id}/mediation: the
// incident's mediation records, oldest session first. They hold personal
// data, so only those with full access to the incident read them (leaders,
// who see it masked, do not), and every read is audited.
func (s *Server) mediationRecords(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), in.ID
	if p.incidentAccess(in, unit) != accessFull {
		return p.denied("the mediation records of incident " + c.Param("id"))
	}
	rs, err := s.store.MediationRecords(ctx, id)
	if err != nil {
		return err
	}
	if err := s.audit(c, "read_mediation", "incident:"+c.Param("id"), ""); err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, map[string]any{"records": rs})
}

type assignRequest struct {
	Mediators []int64 `json:"mediators"`
	Version   int64   `json:"version"`
}

func (r *assignRequest) check() error {
	if r.Mediators == nil {
		return data.FieldErrorf("mediators", "mediators is required: the list of mediator IDs ([] for none).")
	}
	return domain.CheckCount("mediators", len(r.Mediators), data.MaxMediators)
}

func (r *assignRequest) seenVersion() *int64 { return &r.Version }

// assignMediators answers POST /api/incidents/{id}/mediators with
// {"mediators":[...],"version"}: replaces the mediators assigned to the
// incident. The unit's cadres, leaders and admins may; a version (or
// If-Match) the incident has moved past is a 409 with the incident as it is.
func (s *Server) assignMediators(c echo.Context) error {
	var req assignRequest
	return s.writeIncident(c, &req, incidentWrite{
		check: func(w *writing) error {
			if !w.p.mayAssignMediators(w.unit) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not assign the mediators of this incident.", w.p.role()).WithField("mediators")
			}
			ms, err := s.mediatorsByID(w.ctx, req.Mediators)
			if err != nil {
				return err
			}
			if err := w.p.checkMediators(w.unit, w.in.Mediators, req.Mediators, ms); err != nil {
				return err
			}
			return s.staleVersion(w.in, w.version)
		},
		write: func(w *writing) (*data.Incident, error) {
			return s.store.AssignMediators(w.ctx, data.Assignment{IncidentID: w.id, Mediators: req.Mediators, Version: w.version,
				ActorID: w.p.user.ID, ActorName: displayName(w.p.user), At: s.now()})
		},
		after: func(w *writing, out *data.Incident) error {
			s.afterAssignment(w.ctx, w.in.Mediators, out)
			return nil
		},
	})
}

type reassignRequest struct {
	Cell    string `json:"cell"`
	Reason  string `json:"reason"`
	Version int64  `json:"version"`
}

func (r *reassignRequest) check() error {
	switch {
	case r.Cell == "":
		return data.FieldErrorf("cell", "cell is required: the code of the cell to move the incident to.")
	case strings.TrimSpace(r.Reason) == "":
		return data.FieldErrorf("reason", "Say why: a reason is required to move an incident to another cell.")
	}
	return domain.CheckText("reason", r.Reason, data.MaxReason)
}

func (r *reassignRequest) seenVersion() *int64 { return &r.Version }

// reassignIncident answers POST /api/incidents/{id}/cell with
// {"cell","reason","version"}: moves the incident to another cell, for a
// reason (audited as reassign_incident). Cadres of the incident's unit or
// of its near cell's may move it to that near cell; leaders and admins to
// any cell.
func (s *Server) reassignIncident(c echo.Context) error {
	var req reassignRequest
	var nearUnit string
	return s.writeIncident(c, &req, incidentWrite{
		// Not incidentInScope: a cadre of the near cell's unit may move
		// an incident of another unit to it.
		load: func(w *writing) error {
			if !w.p.seesIncidents() {
				return w.p.denied("incidents")
			}
			in, err := s.store.Incident(w.ctx, w.id)
			if err != nil {
				return fieldOf(err, "id")
			}
			sn, err := s.snapshot(w.ctx)
			if err != nil {
				return err
			}
			w.in, w.unit, nearUnit = in, sn.unitOf(in.CellCode), sn.unitOf(in.NearCell)
			return nil
		},
		check: func(w *writing) error {
			in, p := w.in, w.p
			if !p.mayReassignFrom(in, w.unit, nearUnit) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not move incident %d to another cell.", p.role(), w.id)
			}
			if err := domain.CheckReassignTo(in.CellCode, req.Cell); err != nil {
				return err
			}
			if !p.mayReassignTo(in, req.Cell) {
				return nearOnly(p.role(), in.NearCell)
			}
			return s.staleVersion(in, w.version)
		},
		write: func(w *writing) (*data.Incident, error) {
			return s.store.ReassignIncident(w.ctx, data.Reassignment{IncidentID: w.id, CellCode: req.Cell, Version: w.version,
				ActorID: w.p.user.ID, ActorName: displayName(w.p.user), Reason: strings.TrimSpace(req.Reason), At: s.now()})
		},
		after: func(w *writing, out *data.Incident) error {
			return s.audit(c, "reassign_incident", w.record(), domain.ReassignedNote(w.in.CellCode, out.CellCode, req.Reason))
		},
	})
}

func nearOnly(role, near string) error {
	if near == "" {
		return data.Errorf(data.EFORBIDDEN,
			"Your account (%s) may move this incident only to the neighbouring cell it was reported near (it was reported near none).", role).WithField("cell")
	}
	return data.Errorf(data.EFORBIDDEN,
		"Your account (%s) may move this incident only to the neighbouring cell it was reported near, %s.", role, near).WithField("cell")
}

// ifMatch reads an If-Match header holding the version the caller saw into
// version, which it overrides.
func ifMatch(c echo.Context, version *int64) error {
	v := c.Request().Header.Get("If-Match")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(v, "W/"), `"`), 10, 64)
	if err != nil || n <= 0 {
		return data.FieldErrorf("If-Match", "If-Match must hold the incident's version, e.g. \"7\".")
	}
	*version = n
	return nil
}

// staleVersion is the 409 for a caller who saw another version of the
// incident (version 0 skips the check).
func (s *Server) staleVersion(in *data.Incident, version int64) error {
	if version == 0 || version == in.Version {
		return nil
	}
	return &stateConflict{err: data.Errorf(data.ECONFLICT, "The incident has changed: it is now %q (version %d).", in.Status, in.Version),
		current: *in}
}

// withCurrent turns a store's ECONFLICT for incident id into a 409 that
// carries the incident as it now is; other errors pass unchanged.
func (s *Server) withCurrent(ctx context.Context, id int64, err error) error {
	var de *data.Error
	if data.ErrorCode(err) != data.ECONFLICT || !errors.As(err, &de) {
		return err
	}
	if now, rerr := s.store.Incident(ctx, id); rerr == nil {
		return &stateConflict{err: de, current: *now}
	}
	return err
}
