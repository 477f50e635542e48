package api

import (
	"slices"

	"gridmap/data"
	"gridmap/domain"
)

// The access policy: the one place that decides who may read what. Handlers
// ask it before reading and filter lists with the scope it gives, so a rule
// holds for the app API and the OGC API alike.
//
//	role         cells, units,   residents           incidents (lists,     incident parties
//	             statistics                          no personal data)     and description
//	anonymous    yes             no (401)            no (401)              no
//	viewer       yes             no (403)            no (403)              no
//	leader       yes             town, masked        town                  town, masked
//	unit_cadre   yes             own unit, full      own unit              own unit, full
//	grid_worker  yes             own cells, full     own cells             own cells, full
//	mediator     yes             own unit, masked    assigned to them      assigned, full
//	admin        yes             town, full          town                  town, full
//
// Every full (unmasked) read of personal data is written to the audit log.
// Free text (summaries, notes, photo names) follows its incident's access:
// see incident_view.go.
//
// Changes to an incident besides its status (mayTransition):
//
//	role         record mediation       assign mediators   move to another cell
//	unit_cadre   own unit               own unit (*)       either unit, to the near cell only
//	mediator     assigned to them       no                 no
//	leader       no                     yes                any cell
//	admin        yes                    yes                any cell
//
// (*) the unit's own mediators and the town centre's (mayAssignMediator).
//
// Who may set each field of a write body that grants something (the
// mediators of a report, a petition's source, ...): see grants.go.
//
// Photos of an incident (attachments) are personal data: those with full
// access to the incident (its cell's grid worker, its unit's cadres, the
// mediators assigned to it, admins) list, read and upload them; leaders,
// who see the incident masked, do not. Every read of a photo is audited.

// access is how much of a person's data a principal may see.
type access int

const (
	accessNone access = iota
	accessMasked
	accessFull
)

// denied is the error for a read outside the principal's scope: 401 for the
// anonymous (logging in may help), 403 for everyone else.
func (p *principal) denied(what string) *data.Error {
	if p.user == nil {
		return data.Errorf(data.EUNAUTHORIZED, "Log in to see %s.", what)
	}
	return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not see %s.", p.user.Role, what)
}

// deniedParam is denied for what a query parameter asked for (cell=,
// unit=, mediator=): the 403 names the parameter, as a 400 for a bad
// value does, so that a client knows which filter went beyond the
// account's area. The anonymous' 401 names none: logging in helps, not
// another value.
func (p *principal) deniedParam(param, what string) error {
	if p.user == nil {
		return p.denied(what)
	}
	return p.denied(what).WithField(param)
}

// requireRole returns nil when the principal has one of the roles.
func (p *principal) requireRole(what string, roles ...string) error {
	if slices.Contains(roles, p.role()) {
		return nil
	}
	return p.denied(what)
}

// residentAccess is the principal's access to the residents of a cell.
func (p *principal) residentAccess(cellCode, unitCode string) access {
	switch p.role() {
	case data.RoleAdmin:
		return accessFull
	case data.RoleLeader:
		return accessMasked
	case data.RoleUnitCadre:
		if p.user.UnitCode == unitCode {
			return accessFull
		}
	case data.RoleGridWorker:
		if slices.Contains(p.user.Cells, cellCode) {
			return accessFull
		}
	case data.RoleMediator:
		if p.user.UnitCode == unitCode {
			return accessMasked
		}
	}
	return accessNone
}

// readsResidentsMasked reports whether the principal sees the residents
// of its own unit masked, as residentAccess says (leaders, mediators). It
// then searches them only by what it sees: a name as mask.Name shows it,
// never the name in full, which would confirm a guessed one.
func (p *principal) readsResidentsMasked() bool {
	return p.user != nil && p.residentAccess("", p.user.UnitCode) == accessMasked
}

// scopeResidents narrows f to the cells or units whose residents the
// principal may see (as residentAccess says, masked or not), or returns the
// error for one who may see none.
func (p *principal) scopeResidents(f *data.ResidentFilter) error {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
	case data.RoleUnitCadre, data.RoleMediator:
		f.Units = []string{}
		if p.user.UnitCode != "" {
			f.Units = []string{p.user.UnitCode}
		}
	case data.RoleGridWorker:
		f.Cells = append([]string{}, p.user.Cells...)
	default:
		return p.denied("residents")
	}
	return nil
}

// listsIncident reports whether the incident is among those the principal
// may list; unitCode is the unit of its cell. It agrees with scopeIncidents.
func (p *principal) listsIncident(in *data.Incident, unitCode string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unitCode
	case data.RoleGridWorker:
		return slices.Contains(p.user.Cells, in.CellCode)
	case data.RoleMediator:
		return p.user.MediatorID != 0 && slices.Contains(in.Mediators, p.user.MediatorID)
	}
	return false
}

// incidentAccess is the principal's access to an incident's personal parts
// (parties, description): full within the scope, masked for leaders.
func (p *principal) incidentAccess(in *data.Incident, unitCode string) access {
	switch {
	case !p.listsIncident(in, unitCode):
		return accessNone
	case p.role() == data.RoleLeader:
		return accessMasked
	}
	return accessFull
}

// readsPartiesMasked reports whether the principal sees the parties of
// the incidents it lists masked (leaders: as incidentAccess says): it may
// then not look incidents up by their parties, whose match would confirm
// a guessed name and phone.
func (p *principal) readsPartiesMasked() bool { return p.role() == data.RoleLeader }

// scopeIncidents narrows f to the incidents the principal may list, or
// returns the error for one who may list none.
func (p *principal) scopeIncidents(f *data.IncidentFilter) error {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
	case data.RoleUnitCadre:
		f.Units = []string{p.user.UnitCode}
	case data.RoleGridWorker:
		f.Cells = append([]string{}, p.user.Cells...)
	case data.RoleMediator:
		if p.user.MediatorID == 0 {
			f.Cells = []string{} // linked to no mediator: nothing is assigned
		} else {
			f.MediatorID = p.user.MediatorID
		}
	default:
		return p.denied("incidents")
	}
	return nil
}

// seesIncidents reports whether the principal may list any incidents.
func (p *principal) seesIncidents() bool {
	return p.scopeIncidents(&data.IncidentFilter{}) == nil
}

// scopeOf describes the principal's area for /api/auth/me.
func (p *principal) scopeOf() map[string]any {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return map[string]any{"kind": "town"}
	case data.RoleUnitCadre:
		return map[string]any{"kind": "unit", "unit_code": p.user.UnitCode}
	case data.RoleGridWorker:
		return map[string]any{"kind": "cells", "cells": p.user.Cells}
	case data.RoleMediator:
		return map[string]any{"kind": "assigned", "unit_code": p.user.UnitCode, "mediator_id": p.user.MediatorID}
	}
	return map[string]any{"kind": "none"}
}

// mayReport reports whether the principal may report an incident in a
// cell: grid workers in their own cells (or within the near-boundary
// distance of one, where a GPS fix may fall just outside), cadres in their
// unit, leaders and admins anywhere.
func (p *principal) mayReport(cell, unit string, near []string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit
	case data.RoleGridWorker:
		if slices.Contains(p.user.Cells, cell) {
			return true
		}
		for _, c := range near {
			if slices.Contains(p.user.Cells, c) {
				return true
			}
		}
	}
	return false
}

// mayTransition reports whether the principal may move the incident to
// status to: the incident must be theirs to handle (for a cadre, of their
// unit; for a mediator, assigned to them; leaders and admins handle every
// incident), and domain.RoleMayTransition says which moves their role makes.
func (p *principal) mayTransition(in *data.Incident, unit, to string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
	case data.RoleUnitCadre:
		if p.user.UnitCode != unit {
			return false
		}
	case data.RoleMediator:
		if !p.listsIncident(in, unit) {
			return false
		}
	default:
		return false
	}
	return domain.RoleMayTransition(p.role(), in.Status, in.Escalation, to)
}

// nextStatuses lists the statuses the principal may move the incident to
// now, for the app to offer as buttons.
func (p *principal) nextStatuses(in *data.Incident, unit string) []string {
	out := []string{}
	for _, to := range domain.NextStatuses(in.Status, in.Escalation) {
		if p.mayTransition(in, unit, to) {
			out = append(out, to)
		}
	}
	return out
}

// mayRecordMediation reports whether the principal may record a mediation
// session of the incident: the mediators assigned to it, its unit's cadres
// and admins.
func (p *principal) mayRecordMediation(in *data.Incident, unit string) bool {
	switch p.role() {
	case data.RoleAdmin:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit
	case data.RoleMediator:
		return p.listsIncident(in, unit)
	}
	return false
}

// mayAssignMediators reports whether the principal may replace the
// mediators of an incident in unit: its cadres, leaders and admins.
func (p *principal) mayAssignMediators(unit string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit
	}
	return false
}

// mayReassignFrom reports whether the principal may move the incident (in
// unit, reported near a cell of nearUnit) to another cell at all: the
// cadres of either unit, leaders and admins. mayReassignTo says where to.
func (p *principal) mayReassignFrom(in *data.Incident, unit, nearUnit string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit || in.NearCell != "" && p.user.UnitCode == nearUnit
	}
	return false
}

// mayReassignTo reports whether the principal may move the incident to the
// cell: leaders and admins to any, cadres only to the near cell it was
// flagged with.
func (p *principal) mayReassignTo(in *data.Incident, cell string) bool {
	switch p.role() {
	case data.RoleAdmin, data.RoleLeader:
		return true
	case data.RoleUnitCadre:
		return in.NearCell != "" && cell == in.NearCell
	}
	return false
}

// seesAttachments reports whether the principal may list and read the
// photos of the incident: only with full access to it.
func (p *principal) seesAttachments(in *data.Incident, unit string) bool {
	return p.incidentAccess(in, unit) == accessFull
}

// mayAttach reports whether the principal may attach a photo to the
// incident: whoever may see it in full, since they may see the photos too.
func (p *principal) mayAttach(in *data.Incident, unit string) bool {
	return p.incidentAccess(in, unit) == accessFull
}

// mayExtendReply reports whether the principal may extend the reply
// deadline of a petition in unit: its unit's cadres and admins, who answer
// for the petition's handling (《信访工作条例》 art. 32 has the extension
// approved by the office's head).
func (p *principal) mayExtendReply(unit string) bool {
	switch p.role() {
	case data.RoleAdmin:
		return true
	case data.RoleUnitCadre:
		return p.user.UnitCode == unit
	}
	return false
}
