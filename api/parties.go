package api

import (
	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

type partiesRequest struct {
	PartyDetails []data.Party `json:"party_details"`
	Version      int64        `json:"version"`
}

func (r *partiesRequest) check() error {
	if r.PartyDetails == nil {
		return data.FieldErrorf("party_details", "party_details is required: the parties as people ([] for none).")
	}
	return domain.CheckParties("party_details", r.PartyDetails)
}

func (r *partiesRequest) seenVersion() *int64 { return &r.Version }

// mayEditParties reports whether the principal may replace the parties of
// an incident in unit after intake: those who read them in full (its
// cell's grid worker, its unit's cadres, its assigned mediators, admins);
// leaders, who see them masked, may not.
func (p *principal) mayEditParties(in *data.Incident, unit string) bool {
	return p.incidentAccess(in, unit) == accessFull
}

// editParties answers POST /api/incidents/{id}/parties with
// {"party_details":[{name, phone, resident_id}], "version"}: replaces the
// parties after intake, as a report gives them (a resident newly linked
// must be of the incident's cell and readable by the caller in full, as
// the case shows it: 403 naming party_details[i].resident_id otherwise;
// a mediator, who sees the residents masked, keeps those linked but links
// no other). The timeline gains a "parties" event and the audit log an
// edit_parties entry; a version (or If-Match) the incident has moved past
// is a 409 with the incident as it is.
func (s *Server) editParties(c echo.Context) error {
	var req partiesRequest
	return s.writeIncident(c, &req, incidentWrite{
		check: func(w *writing) error {
			if !w.p.mayEditParties(w.in, w.unit) {
				return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not edit the parties of this incident.", w.p.role()).WithField("party_details")
			}
			links, err := s.store.IncidentParties(w.ctx, w.id)
			if err != nil {
				return err
			}
			var kept []int64
			for _, party := range links.Parties {
				if party.ResidentID != 0 {
					kept = append(kept, party.ResidentID)
				}
			}
			if err := w.p.checkPartyResidents(req.PartyDetails, kept, w.in.CellCode, w.unit, accessFull); err != nil {
				return err
			}
			return s.staleVersion(w.in, w.version)
		},
		write: func(w *writing) (*data.Incident, error) {
			return s.store.EditParties(w.ctx, data.PartiesEdit{IncidentID: w.id, Parties: req.PartyDetails, Version: w.version,
				ActorID: w.p.user.ID, ActorName: displayName(w.p.user), At: s.now()})
		},
		after: func(w *writing, _ *data.Incident) error {
			return s.audit(c, "edit_parties", w.record(), domain.PartiesNote(len(req.PartyDetails)))
		},
	})
}
