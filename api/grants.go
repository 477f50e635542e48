package api

import (
	"context"
	"slices"

	"gridmap/data"
)

// Privileged fields of write bodies. policy.go decides who may call a
// route at all; this file decides who may set each field of its body that
// grants something beyond the write itself: access to personal data, a
// formal procedure, a link to another record. Every write handler asks it
// before storing, and a field the caller may not set answers 403 naming
// the field. A field sent empty (absent, zero, [] or unchanged) asks for
// nothing and is always allowed.
//
//	body                              field            who may set it
//	POST /api/incidents,              mediators        those who may assign the unit's mediators
//	  POST /open311/v2/requests.json                   (mayAssignMediators), each one a mediator
//	                                                   they may assign (mayAssignMediator): the
//	                                                   assigned read the parties in full
//	                                  source = 信访    unit cadres, leaders, admins: a petition
//	                                                   (kind petition) follows the 信访 procedure
//	POST /api/incidents               party_details    whoever may see the cell's residents
//	                                  [i].resident_id  (residentAccess), in full if they read the
//	                                                   case in full: linking a record reads its
//	                                                   name and phone into the case
//	                                  duplicate_of     an incident the caller may list: the report
//	                                                   adds a "linked" event to its timeline
//	POST /api/incidents/{id}/         to               mayTransition (policy.go)
//	  transitions                     duplicate_of     an incident the caller may list
//	POST /api/incidents/{id}/         mediators        mayAssignMediators; each mediator added
//	  mediators                                        (not those kept) mayAssignMediator
//	POST /api/incidents/{id}/cell     cell             mayReassignTo (policy.go)
//	POST /api/incidents/{id}/parties  party_details    as for a report: whoever may see the
//	                                  [i].resident_id  cell's residents (the route itself:
//	                                                   mayEditParties, full access to the case)
//	POST /api/users, PATCH .../{id}   every field      admins (the route): role, unit_code, cells,
//	                                                   mediator_id, disabled, password, name
//	POST /api/boundary/changesets,    every field      admins (the route)
//	  .../versions/{n}/restore,
//	  POST /api/import/boundaries
//
// Fields that grant nothing, and why:
//   - a report's type, summary, description, parties, lon/lat (the cell,
//     which mayReport checks), and priority: what the reporter saw, and how
//     urgent; a grid worker in the field is the one to flag urgency, and
//     priority changes no access or deadline. Its other sources (网格员上报,
//     群众来访, 12345热线) name a channel; Open311 reports come by 12345热线.
//   - the reporter, the recorder, the uploader and the actor of every event
//     are never read from a body: they are the caller (unknown fields are
//     refused, so a body cannot name them).
//   - a mediation record's mediators say who took part; access follows the
//     assignment only, so naming them grants nothing.
//   - an API token's name and lifetime: a token is always the caller's own,
//     with the caller's role and scope (revoking another's is for admins).
//   - a photo upload's file (its name is free text, masked like the rest);
//     a mediation record's texts, a transition's note, a move's reason.
//   - a boundary changeset's or restore's fields, outer_may_change
//     included, and a boundary import's file and options (town_code,
//     dry_run, ...): the whole route is for admins, refused before the
//     upload is read.

// mayAssignMediator reports whether the principal may assign mediator m to
// an incident of unit: leaders and admins any mediator; the unit's cadres
// the unit's own mediators and the town centre's (unit ""), never another
// unit's, who would then read that unit's parties in full.
func (p *principal) mayAssignMediator(unit string, m data.Mediator) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit && (m.UnitCode == unit || m.UnitCode == "")
	}
	return false
}

// mayRegisterPetition reports whether the principal may file a report as
// a petition (source 信访): those who receive petitions, the unit's cadres,
// the town's leaders and admins.
func (p *principal) mayRegisterPetition() bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader, data.RoleUnitCadre:
		return true
	}
	return false
}

// checkReportFields checks the privileged fields of a new incident in
// cell of unit (see the table above; duplicate_of, which needs the store,
// is the caller's); mediators holds every mediator by ID.
func (p *principal) checkReportFields(in *data.Incident, cell, unit string, mediators map[int64]data.Mediator) error {
	if err := p.checkMediators(unit, nil, in.Mediators, mediators); err != nil {
		return err
	}
	caseAccess := p.incidentAccess(&data.Incident{CellCode: cell, Mediators: in.Mediators}, unit)
	if err := p.checkPartyResidents(in.PartyDetails, nil, cell, unit, caseAccess); err != nil {
		return err
	}
	if in.Source == data.SourcePetition && !p.mayRegisterPetition() {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not register a petition (信访); report it from another source and a cadre registers it.",
			p.role()).WithField("source")
	}
	return nil
}

// checkPartyResidents checks the party_details of a report or a party
// edit of an incident in cell of unit, whose parties the principal reads
// with caseAccess: a resident may be linked only by whoever may see the
// cell's residents, and only by one who sees them in full where the case
// shows its parties in full (a mediator sees the unit's residents masked
// but an assigned case's parties in full: a link would show them the
// resident's name and phone). The residents linked already (kept) ask
// for nothing.
func (p *principal) checkPartyResidents(ps []data.Party, kept []int64, cell, unit string, caseAccess access) error {
	for i, party := range ps {
		if party.ResidentID == 0 || slices.Contains(kept, party.ResidentID) {
			continue
		}
		field := data.ItemField("party_details", i) + ".resident_id"
		switch acc := p.residentAccess(cell, unit); {
		case acc == accessNone:
			return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not see the residents of cell %s, so it cannot name one as a party.",
				p.role(), cell).WithField(field)
		case acc == accessMasked && caseAccess == accessFull:
			return data.Errorf(data.EFORBIDDEN, "Your account (%s) sees the residents of cell %s masked, so it cannot link one as a party of a case it reads in full; give the party's name and phone instead.",
				p.role(), cell).WithField(field)
		}
	}
	return nil
}

// checkMediators checks a new set of assigned mediators (ids, replacing
// before) of an incident in unit: the mediators added must be ones the
// principal may assign. Unknown IDs are left to the store, which names
// them.
func (p *principal) checkMediators(unit string, before, ids []int64, mediators map[int64]data.Mediator) error {
	var added []int64
	for _, id := range ids {
		if !slices.Contains(before, id) {
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return nil
	}
	if !p.mayAssignMediators(unit) {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not assign mediators.", p.role()).WithField("mediators")
	}
	for _, id := range added {
		if m, ok := mediators[id]; ok && !p.mayAssignMediator(unit, m) {
			return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not assign mediator %d of another village or community.",
				p.role(), id).WithField("mediators")
		}
	}
	return nil
}

// checkDuplicateOf checks that the principal may link an incident to dup
// (in dupUnit) as its original: only to one they may list, as a link to
// an unseen incident would tell them of it.
func (p *principal) checkDuplicateOf(dup *data.Incident, dupUnit string) error {
	if !p.listsIncident(dup, dupUnit) {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not see incident %d, so it cannot name it as the original.",
			p.role(), dup.ID).WithField("duplicate_of")
	}
	return nil
}

// mediatorsByID returns every mediator by ID, for checkMediators; none
// are read when ids is empty.
func (s *Server) mediatorsByID(ctx context.Context, ids []int64) (map[int64]data.Mediator, error) {
	out := map[int64]data.Mediator{}
	if len(ids) == 0 {
		return out, nil
	}
	ms, err := s.store.Mediators(ctx, data.MediatorFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, nil
}
