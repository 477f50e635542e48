package contract

import (
	"errors"
	"fmt"
	"slices"

	"gridmap/data"
)

// CheckDataset returns EINVALID, naming the first field at fault, when d
// cannot be loaded as it is: a missing or duplicate key, a reference to an
// unknown town, unit, cell, household or mediator, a resident living in
// another cell than its household, an incident naming a mediator twice, or
// an unknown kind, category, status or priority, or workflow fields that do
// not fit together (see checkWorkflow). Stores call it before writing
// anything, so a bad data set leaves no trace; their constraints stay as a
// second line of defence.
//
// Derived fields (Unit.Cells/Population/Households, Cell.UnitName and
// OpenIncidents, GridWorker.Cells) are ignored: stores compute them.
func CheckDataset(d *data.Dataset) error {
	if d == nil {
		return data.Errorf(data.EINVALID, "There is no data set to load.")
	}
	if d.Town.Code == "" {
		return data.FieldErrorf("town.code", "The town has no code.")
	}
	units := make(map[string]bool, len(d.Units))
	for i, u := range d.Units {
		f := field("units", i)
		switch {
		case u.Code == "" || units[u.Code]:
			return data.FieldErrorf(f+".code", "Unit code %q is empty or not unique.", u.Code)
		case u.TownCode != d.Town.Code:
			return data.FieldErrorf(f+".town_code", "Unit %s belongs to town %q, not to %s.", u.Code, u.TownCode, d.Town.Code)
		case u.Kind != data.UnitCommunity && u.Kind != data.UnitVillage:
			return data.FieldErrorf(f+".kind", "Unit %s has an unknown kind %q.", u.Code, u.Kind)
		}
		units[u.Code] = true
	}
	cells := make(map[string]bool, len(d.Cells))
	for i, c := range d.Cells {
		f := field("cells", i)
		switch {
		case c.Code == "" || cells[c.Code]:
			return data.FieldErrorf(f+".code", "Cell code %q is empty or not unique.", c.Code)
		case !units[c.UnitCode]:
			return data.FieldErrorf(f+".unit_code", "Cell %s is in an unknown unit %q.", c.Code, c.UnitCode)
		case c.Kind != data.CellRural && c.Kind != data.CellCommunity:
			return data.FieldErrorf(f+".kind", "Cell %s has an unknown kind %q.", c.Code, c.Kind)
		}
		cells[c.Code] = true
	}
	if _, err := Workers(d.Cells); err != nil {
		return err
	}
	households := make(map[int64]string, len(d.Households))
	for i, h := range d.Households {
		f := field("households", i)
		if _, dup := households[h.ID]; dup {
			return data.FieldErrorf(f+".id", "Household ID %d is not unique.", h.ID)
		}
		if !cells[h.CellCode] {
			return data.FieldErrorf(f+".cell", "Household %d is in an unknown cell %q.", h.ID, h.CellCode)
		}
		households[h.ID] = h.CellCode
	}
	if err := checkResidents(d.Residents, cells, households); err != nil {
		return err
	}
	mediators, err := checkMediators(d.Mediators, units)
	if err != nil {
		return err
	}
	return checkIncidents(d.Incidents, cells, mediators)
}

func checkResidents(rs []data.Resident, cells map[string]bool, households map[int64]string) error {
	ids := make(map[int64]bool, len(rs))
	for i, r := range rs {
		f := field("residents", i)
		home, ok := households[r.HouseholdID]
		switch {
		case ids[r.ID]:
			return data.FieldErrorf(f+".id", "Resident ID %d is not unique.", r.ID)
		case !cells[r.CellCode]:
			return data.FieldErrorf(f+".cell", "Resident %d is in an unknown cell %q.", r.ID, r.CellCode)
		case !ok:
			return data.FieldErrorf(f+".household_id", "Resident %d is in an unknown household %d.", r.ID, r.HouseholdID)
		case home != r.CellCode:
			return data.FieldErrorf(f+".cell", "Resident %d is in cell %s but their household is in %s.", r.ID, r.CellCode, home)
		}
		ids[r.ID] = true
	}
	return nil
}

func checkMediators(ms []data.Mediator, units map[string]bool) (map[int64]bool, error) {
	ids := make(map[int64]bool, len(ms))
	for i, m := range ms {
		f := field("mediators", i)
		switch {
		case ids[m.ID]:
			return nil, data.FieldErrorf(f+".id", "Mediator ID %d is not unique.", m.ID)
		case m.UnitCode != "" && !units[m.UnitCode]:
			return nil, data.FieldErrorf(f+".unit_code", "Mediator %d is in an unknown unit %q.", m.ID, m.UnitCode)
		}
		switch m.Category {
		case data.MediatorTownCentre, data.MediatorTownElder, data.MediatorCadre,
			data.MediatorPolice, data.MediatorLawyer, data.MediatorElder:
		default:
			return nil, data.FieldErrorf(f+".category", "Mediator %d has an unknown category %q.", m.ID, m.Category)
		}
		ids[m.ID] = true
	}
	return ids, nil
}

func checkIncidents(is []data.Incident, cells map[string]bool, mediators map[int64]bool) error {
	ids := make(map[int64]bool, len(is))
	for i, in := range is {
		f := field("incidents", i)
		switch {
		case ids[in.ID]:
			return data.FieldErrorf(f+".id", "Incident ID %d is not unique.", in.ID)
		case !cells[in.CellCode]:
			return data.FieldErrorf(f+".cell", "Incident %d is in an unknown cell %q.", in.ID, in.CellCode)
		case in.Kind != data.KindDispute && in.Kind != data.KindPetition:
			return data.FieldErrorf(f+".kind", "Incident %d has an unknown kind %q.", in.ID, in.Kind)
		case !data.IsStatus(in.Status):
			return data.FieldErrorf(f+".status", "Incident %d has an unknown status %q.", in.ID, in.Status)
		}
		for j, m := range in.Mediators {
			if !mediators[m] || slices.Contains(in.Mediators[:j], m) {
				return data.FieldErrorf(f+".mediators", "Incident %d names mediator %d, who is unknown or listed twice.", in.ID, m)
			}
		}
		if err := checkWorkflow(f, LoadedIncident(in), cells); err != nil {
			return err
		}
		if err := data.CheckIncidentText(&in); err != nil {
			var de *data.Error
			errors.As(err, &de)
			return de.WithField(f + "." + de.Field)
		}
		ids[in.ID] = true
	}
	for i, in := range is { // a duplicate may name an incident listed after it
		if in.DuplicateOf != 0 && !ids[in.DuplicateOf] {
			return data.FieldErrorf(field("incidents", i)+".duplicate_of", "Incident %d repeats an unknown incident %d.", in.ID, in.DuplicateOf)
		}
	}
	return nil
}

// checkWorkflow checks the workflow's fields of an incident of a data set,
// with their defaults filled in (LoadedIncident).
func checkWorkflow(f string, in data.Incident, cells map[string]bool) error {
	switch {
	case !knownPriority(in.Priority):
		return data.FieldErrorf(f+".priority", "Incident %d has an unknown priority %q.", in.ID, in.Priority)
	case in.Version < 1:
		return data.FieldErrorf(f+".version", "Incident %d has a version below 1.", in.ID)
	case in.ReporterID < 0:
		return data.FieldErrorf(f+".reporter_id", "Incident %d has a negative reporter ID.", in.ID)
	case in.Escalation < 0 || in.Escalation > data.MaxEscalation || in.Status == data.StatusEscalated && in.Escalation == 0:
		return data.FieldErrorf(f+".escalation", "Incident %d has an escalation level %d, which is not 0 to %d or does not fit its status.",
			in.ID, in.Escalation, data.MaxEscalation)
	case (in.Status == data.StatusDuplicate) != (in.DuplicateOf != 0) || in.DuplicateOf == in.ID:
		return data.FieldErrorf(f+".duplicate_of", "Incident %d must name another incident if and only if it is a duplicate.", in.ID)
	case in.NearCell != "" && !cells[in.NearCell]:
		return data.FieldErrorf(f+".near_cell", "Incident %d is near an unknown cell %q.", in.ID, in.NearCell)
	case !finite(in.NearDistanceM) || in.NearDistanceM < 0:
		return data.FieldErrorf(f+".near_distance_m", "Incident %d has a distance to its near cell that is negative or not a number.", in.ID)
	}
	return nil
}

func field(list string, i int) string {
	return fmt.Sprintf("%s[%d]", list, i)
}
