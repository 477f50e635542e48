package domain

import (
	"cmp"
	"errors"
	"gridmap/data"
	"slices"
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
		f := data.ItemField("units", i)
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
		f := data.ItemField("cells", i)
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
	if _, err := GridWorkersOf(d.Cells); err != nil {
		return err
	}
	households := make(map[int64]string, len(d.Households))
	for i, h := range d.Households {
		f := data.ItemField("households", i)
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
		f := data.ItemField("residents", i)
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
		f := data.ItemField("mediators", i)
		switch {
		case ids[m.ID]:
			return nil, data.FieldErrorf(f+".id", "Mediator ID %d is not unique.", m.ID)
		case m.UnitCode != "" && !units[m.UnitCode]:
			return nil, data.FieldErrorf(f+".unit_code", "Mediator %d is in an unknown unit %q.", m.ID, m.UnitCode)
		}
		if !isMediatorCategory(m.Category) {
			return nil, data.FieldErrorf(f+".category", "Mediator %d has an unknown category %q.", m.ID, m.Category)
		}
		ids[m.ID] = true
	}
	return ids, nil
}

func checkIncidents(is []data.Incident, cells map[string]bool, mediators map[int64]bool) error {
	ids := make(map[int64]bool, len(is))
	for i, in := range is {
		f := data.ItemField("incidents", i)
		if ids[in.ID] {
			return data.FieldErrorf(f+".id", "Incident ID %d is not unique.", in.ID)
		}
		if err := checkIncident(f, in, cells, mediators); err != nil {
			return err
		}
		ids[in.ID] = true
	}
	for i, in := range is { // a duplicate may name an incident listed after it
		if in.DuplicateOf != 0 && !ids[in.DuplicateOf] {
			return data.FieldErrorf(data.ItemField("incidents", i)+".duplicate_of", "Incident %d repeats an unknown incident %d.", in.ID, in.DuplicateOf)
		}
	}
	return nil
}

// checkIncident checks one incident of a data set (field f) but its ID.
func checkIncident(f string, in data.Incident, cells map[string]bool, mediators map[int64]bool) error {
	switch {
	case !cells[in.CellCode]:
		return data.FieldErrorf(f+".cell", "Incident %d is in an unknown cell %q.", in.ID, in.CellCode)
	case in.Kind != data.KindDispute && in.Kind != data.KindPetition:
		return data.FieldErrorf(f+".kind", "Incident %d has an unknown kind %q.", in.ID, in.Kind)
	case !IsStatus(in.Status):
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
	if err := CheckIncidentText(&in); err != nil {
		var de *data.Error
		errors.As(err, &de)
		return de.WithField(f + "." + de.Field)
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
	case (in.Status == data.StatusDuplicate) != (in.DuplicateOf != 0) || in.DuplicateOf != 0 && in.DuplicateOf == in.ID:
		return data.FieldErrorf(f+".duplicate_of", "Incident %d must name another incident if and only if it is a duplicate.", in.ID)
	case in.NearCell != "" && !cells[in.NearCell]:
		return data.FieldErrorf(f+".near_cell", "Incident %d is near an unknown cell %q.", in.ID, in.NearCell)
	case !finite(in.NearDistanceM) || in.NearDistanceM < 0:
		return data.FieldErrorf(f+".near_distance_m", "Incident %d has a distance to its near cell that is negative or not a number.", in.ID)
	}
	return nil
}

// LoadedIncident returns in as Load stores it: a data set may leave the
// workflow's fields zero, which then take the values of an incident that
// has been where it is since its last update: Priority normal, Version 1,
// StageSince UpdatedAt, and Escalation 1 (the town centre) for an escalated
// one. A passed 回访's time is kept only by a resolved or closed incident.
// A petition in a reply status starts its reply clock at its stage when
// the data set gives none (ReplyClockStart). Parties are never nil; times
// are normalised.
func LoadedIncident(in data.Incident) data.Incident {
	if in.Priority == "" {
		in.Priority = data.PriorityNormal
	}
	if in.Version == 0 {
		in.Version = 1
	}
	if in.StageSince.IsZero() {
		in.StageSince = in.UpdatedAt
	}
	if in.Escalation == 0 && in.Status == data.StatusEscalated {
		in.Escalation = 1
	}
	in.ReportedAt, in.UpdatedAt, in.StageSince = StoredTime(in.ReportedAt), StoredTime(in.UpdatedAt), StoredTime(in.StageSince)
	in.ResolvedAt = StoredTimePtr(in.ResolvedAt)
	in.FollowupPassedAt = StoredTimePtr(in.FollowupPassedAt)
	in.ReplySince = StoredTimePtr(ReplyClockStart(&in))
	if !IsDone(in.Status) {
		in.FollowupPassedAt = nil
	}
	in.Parties = EmptyIfNil(in.Parties)
	return in
}

// GridWorkersOf returns the distinct grid workers of the cells, ordered by ID,
// each with the codes of the cells it serves in ascending order: the rows a
// store writes to its worker and cell-worker tables. A worker listed under
// several cells must have the same name and phone each time, and appear
// once per cell; otherwise EINVALID.
func GridWorkersOf(cells []data.Cell) ([]data.GridWorker, error) {
	byID := make(map[int64]*data.GridWorker)
	for i, c := range cells {
		for j, w := range c.GridWorkers {
			f := data.ItemField("cells", i) + data.ItemField(".grid_workers", j)
			seen, ok := byID[w.ID]
			if !ok {
				byID[w.ID] = &data.GridWorker{ID: w.ID, Name: w.Name, Phone: w.Phone, Cells: []string{c.Code}}
				continue
			}
			if seen.Name != w.Name || seen.Phone != w.Phone {
				return nil, data.FieldErrorf(f, "Grid worker %d has two different names or phones.", w.ID)
			}
			if slices.Contains(seen.Cells, c.Code) {
				return nil, data.FieldErrorf(f, "Grid worker %d is listed twice in cell %s.", w.ID, c.Code)
			}
			seen.Cells = append(seen.Cells, c.Code)
		}
	}
	out := make([]data.GridWorker, 0, len(byID))
	for _, w := range byID {
		slices.Sort(w.Cells)
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b data.GridWorker) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// ImportActor is the actor name of the events Load and ImportIncidents
// write for the incidents of a data set or ledger: nobody in particular,
// the import itself.
const ImportActor = "数据导入"

// LoadEvents returns the timeline Load writes for incidents (as returned by
// LoadedIncident), in the order stores insert it, which gives the event IDs:
// by incident ID, each with a "created" event at ReportedAt (which, like
// every created event, names no status) and, unless it is still reported,
// one transition from reported to its status at StageSince.
func LoadEvents(is []data.Incident) []data.IncidentEvent {
	sorted := slices.Clone(is)
	slices.SortFunc(sorted, func(a, b data.Incident) int { return cmp.Compare(a.ID, b.ID) })
	es := make([]data.IncidentEvent, 0, 2*len(is))
	for _, in := range sorted {
		es = append(es, data.IncidentEvent{IncidentID: in.ID, At: in.ReportedAt, ActorName: ImportActor,
			Kind: data.EventCreated})
		if in.Status != data.StatusReported {
			es = append(es, data.IncidentEvent{IncidentID: in.ID, At: in.StageSince, ActorName: ImportActor,
				Kind: data.EventTransition, From: data.StatusReported, To: in.Status})
		}
	}
	return es
}
