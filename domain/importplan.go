package domain

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"gridmap/data"
)

// The nouns of the imports' counts (data.ImportCount.Noun).
const (
	NounHouseholds  = "households"
	NounResidents   = "residents"
	NounGridWorkers = "grid_workers"
	NounMediators   = "mediators"
	NounAccounts    = "accounts"
	NounIncidents   = "incidents"
)

// Tally counts what an import does to the rows of one noun.
type Tally struct{ data.ImportCount }

// NewTally is the empty Tally of noun.
func NewTally(noun string) Tally { return Tally{data.ImportCount{Noun: noun}} }

// Add counts a row of a sheet: created unless it existed, else updated if
// changed, else unchanged.
func (t *Tally) Add(existed, changed bool) {
	switch {
	case !existed:
		t.Created++
	case changed:
		t.Updated++
	default:
		t.Unchanged++
	}
}

// Changed reports whether the import created or updated a row.
func (t Tally) Changed() bool { return t.Created+t.Updated > 0 }

// byNumber keys the stored rows xs by their number, or, without one, by
// the ExportedNumber of their ID: a row with that number takes the key.
func byNumber[T any](xs []T, key func(*T) (string, int64)) map[string]*T {
	m := make(map[string]*T, len(xs))
	for i := range xs {
		number, id := key(&xs[i])
		k := cmp.Or(number, ExportedNumber(id))
		if _, taken := m[k]; number != "" || !taken {
			m[k] = &xs[i]
		}
	}
	return m
}

// CellShift is what an import adds to a cell's household and population
// counts.
type CellShift struct {
	Code                   string
	Households, Population int
}

// HouseholdPlan is what a residents sheet does to the store
// (PlanHouseholds).
type HouseholdPlan struct {
	// NewHouseholds and NewResidents are the rows to insert, their IDs
	// given.
	NewHouseholds []data.Household
	NewResidents  []data.Resident
	// Households and Residents are the stored rows the sheet changes,
	// as they become. Moved are those households whose cell or location
	// changes, which every resident of theirs follows (those the sheet
	// does not list too); a resident in Residents is written whole, so
	// the order of those writes does not matter.
	Households, Moved []data.Household
	Residents         []data.Resident
	// Shifts are the counts of the cells that change, by code in
	// ascending order.
	Shifts []CellShift
	// HouseholdCount and ResidentCount are the import's counts.
	HouseholdCount, ResidentCount Tally
}

// Changed reports whether the plan creates or updates anything.
func (p *HouseholdPlan) Changed() bool {
	return p.HouseholdCount.Changed() || p.ResidentCount.Changed()
}

// PlanHouseholds plans the import of the households hs (checked by
// CheckHouseholdImports) into the cells: households are the stored ones
// of their numbers (an export's GM- number finds a household without
// one), residents the stored ones of their identity numbers and every
// resident of those households, nextHousehold and nextResident the IDs
// the new rows take from. A household in a cell not in cells is EINVALID.
// A resident listed under another household than its own moves there.
func PlanHouseholds(hs []data.HouseholdImport, cells map[string]bool, households []data.Household, residents []data.Resident,
	nextHousehold, nextResident int64) (*HouseholdPlan, error) {
	for i, h := range hs {
		if !cells[h.CellCode] {
			return nil, data.FieldErrorf(data.ItemField("households", i)+".cell", "There is no cell %s.", h.CellCode)
		}
	}
	oldHouses := byNumber(households, func(h *data.Household) (string, int64) { return h.Number, h.ID })
	residents = slices.Clone(residents) // they follow their households below
	oldResidents := map[string]*data.Resident{}
	members := map[int64][]*data.Resident{} // each household's residents as written so far
	for i := range residents {
		r := &residents[i]
		oldResidents[r.IDNumber] = r
		members[r.HouseholdID] = append(members[r.HouseholdID], r)
	}
	p := &HouseholdPlan{HouseholdCount: NewTally(NounHouseholds), ResidentCount: NewTally(NounResidents)}
	delta := map[string][2]int{} // cell -> households, population
	shift := func(cell string, households, population int) {
		d := delta[cell]
		delta[cell] = [2]int{d[0] + households, d[1] + population}
	}
	moved := map[int64]bool{} // residents moved with their household
	for _, h := range hs {
		house := h.Household
		old := oldHouses[h.Number]
		switch {
		case old == nil:
			house.ID = nextHousehold
			nextHousehold++
			p.NewHouseholds = append(p.NewHouseholds, house)
			shift(house.CellCode, 1, 0)
			p.HouseholdCount.Add(false, false)
		default:
			house.ID = old.ID
			changed := old.CellCode != house.CellCode || old.Address != house.Address || old.Location != house.Location ||
				old.Approximate != house.Approximate
			p.HouseholdCount.Add(true, changed)
			if changed {
				p.Households = append(p.Households, house)
			}
			if old.CellCode != house.CellCode || old.Location != house.Location {
				p.Moved = append(p.Moved, house)
				if old.CellCode != house.CellCode {
					n := len(members[house.ID])
					shift(old.CellCode, -1, -n)
					shift(house.CellCode, 1, n)
				}
				for _, r := range members[house.ID] {
					r.CellCode, r.Location = house.CellCode, house.Location
					moved[r.ID] = true
				}
			}
		}
		for _, r := range h.Residents {
			r.HouseholdID, r.CellCode, r.Location = house.ID, house.CellCode, house.Location
			old := oldResidents[r.IDNumber]
			if old == nil {
				r.ID = nextResident
				nextResident++
				p.NewResidents = append(p.NewResidents, r)
				shift(r.CellCode, 0, 1)
				p.ResidentCount.Add(false, false)
				continue
			}
			r.ID = old.ID
			if r == *old {
				p.ResidentCount.Add(true, moved[r.ID]) // moved with its household, or not at all
				continue
			}
			p.Residents = append(p.Residents, r)
			if old.CellCode != r.CellCode {
				shift(old.CellCode, 0, -1)
				shift(r.CellCode, 0, 1)
			}
			if old.HouseholdID != r.HouseholdID { // it leaves its household
				members[old.HouseholdID] = slices.DeleteFunc(members[old.HouseholdID], func(m *data.Resident) bool { return m == old })
			}
			p.ResidentCount.Add(true, true)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(delta)) {
		if d := delta[c]; d != [2]int{} {
			p.Shifts = append(p.Shifts, CellShift{c, d[0], d[1]})
		}
	}
	return p, nil
}

// StaffPlan is what a staff sheet does to the store (PlanStaff).
type StaffPlan struct {
	// NewWorkers are the grid workers to insert and Relinked the stored
	// ones whose cells change, each with all its cells in ascending
	// order: the cell-worker links to write.
	NewWorkers, Relinked []data.GridWorker
	// NewMediators are the mediators to insert, Mediators the stored
	// ones the sheet changes, as they become.
	NewMediators, Mediators []data.Mediator
	// Accounts are, in the sheet's order, the members' accounts as
	// StaffAccount takes them: the one asked for (none, for a member
	// that asks for none) with role, scope and username (the one given,
	// or "wg" or "tj" and the member's ID) set.
	Accounts []data.User
	// WorkerCount and MediatorCount are the import's counts.
	WorkerCount, MediatorCount Tally
}

// PlanStaff plans the import of the staff (checked by CheckStaff) into
// the cells and units, against the stored grid workers (with their cells
// in ascending order) and mediators, a person each by name and phone;
// nextWorker and nextMediator are the IDs the new ones take from. A grid
// worker in a cell not in cells, or a mediator of a unit not in units, is
// EINVALID: then the plan holds the members before it, whose accounts a
// store takes first, as it takes the members in order.
func PlanStaff(staff []data.StaffMember, cells, units map[string]bool, workers []data.GridWorker, mediators []data.Mediator,
	nextWorker, nextMediator int64) (*StaffPlan, error) {
	type person struct{ name, phone string }
	oldWorkers := map[person]data.GridWorker{}
	for _, w := range workers {
		oldWorkers[person{w.Name, w.Phone}] = w
	}
	oldMediators := map[person]data.Mediator{}
	for _, m := range mediators {
		oldMediators[person{m.Name, m.Phone}] = m
	}
	p := &StaffPlan{WorkerCount: NewTally(NounGridWorkers), MediatorCount: NewTally(NounMediators)}
	for i, m := range staff {
		f := data.ItemField("staff", i)
		var u data.User
		if m.Account != nil {
			u = *m.Account
		}
		if w := m.GridWorker; w != nil {
			want := slices.Sorted(slices.Values(w.Cells))
			for _, c := range want {
				if !cells[c] {
					return p, data.FieldErrorf(f+".cells", "There is no cell %s.", c)
				}
			}
			old, existed := oldWorkers[person{w.Name, w.Phone}]
			changed := existed && !slices.Equal(old.Cells, want)
			n := data.GridWorker{ID: cmp.Or(old.ID, nextWorker), Name: w.Name, Phone: w.Phone, Cells: want}
			switch {
			case !existed:
				nextWorker++
				p.NewWorkers = append(p.NewWorkers, n)
			case changed:
				p.Relinked = append(p.Relinked, n)
			}
			p.WorkerCount.Add(existed, changed)
			u.Role, u.Cells, u.Username = data.RoleGridWorker, want, cmp.Or(u.Username, fmt.Sprintf("wg%d", n.ID))
		} else {
			m := *m.Mediator
			if m.UnitCode != "" && !units[m.UnitCode] {
				return p, data.FieldErrorf(f+".unit_code", "There is no unit %s.", m.UnitCode)
			}
			old, existed := oldMediators[person{m.Name, m.Phone}]
			changed := existed && (old.Role != m.Role || old.Category != m.Category || old.UnitCode != m.UnitCode)
			m.ID = cmp.Or(old.ID, nextMediator)
			switch {
			case !existed:
				nextMediator++
				p.NewMediators = append(p.NewMediators, m)
			case changed:
				p.Mediators = append(p.Mediators, m)
			}
			p.MediatorCount.Add(existed, changed)
			u.Role, u.UnitCode, u.MediatorID, u.Username = data.RoleMediator, m.UnitCode, m.ID, cmp.Or(u.Username, fmt.Sprintf("tj%d", m.ID))
		}
		p.Accounts = append(p.Accounts, u)
	}
	return p, nil
}

// StaffAccount decides the account u of a staff member (field f) that
// PlanStaff planned, given the stored account found for it (of u's
// username, or the mediator's; of ID 0 if none): an account found is kept
// (u takes its ID, username and creation time) if it is of u's role,
// ECONFLICT otherwise. Else it reports that u is to be created, checked
// (EINVALID naming the field) and with its creation time set (now, unless
// given).
func StaffAccount(f string, u *data.User, found data.User, now time.Time) (bool, error) {
	if found.ID != 0 {
		if found.Role != u.Role {
			return false, data.Errorf(data.ECONFLICT, "The username %q is taken.", u.Username).WithField(f + ".username")
		}
		u.ID, u.Username, u.CreatedAt = found.ID, found.Username, found.CreatedAt
		return false, nil
	}
	if err := cmp.Or(CheckUsername(u.Username), CheckUserScope(u)); err != nil {
		var e *data.Error
		if errors.As(err, &e) {
			return false, e.WithField(f + ".account." + e.Field)
		}
		return false, err
	}
	u.CreatedAt = StoredTime(cmp.Or(u.CreatedAt, now))
	return true, nil
}

// LedgerPlan is what a ledger does to the store (PlanLedger).
type LedgerPlan struct {
	Created []data.Incident // to insert, IDs given
	Updates []LedgerWrite   // the stored incidents the ledger names, in its order
	// Followups are the passed 回访 the rows record, at their
	// FollowupPassedAt, which a store adds unless it has one of the
	// incident and time; Transitions the status changes of Updates.
	Followups   []data.Followup
	Transitions []data.IncidentEvent
	Count       Tally
}

// Written returns the IDs of the incidents the plan changes or creates.
func (p *LedgerPlan) Written() []int64 {
	var ids []int64
	for _, w := range p.Updates {
		if w.Changed {
			ids = append(ids, w.Old.ID)
		}
	}
	for _, in := range p.Created {
		ids = append(ids, in.ID)
	}
	return ids
}

// LedgerWrite is a ledger row written to the stored incident Old: New is
// what it makes of it, Changed whether that differs (LedgerUpdate).
type LedgerWrite struct {
	Old     *data.Incident
	New     data.Incident
	Changed bool
}

// Saved is the stored incident Old as the ledger row New leaves it at
// now, its version bumped: the row's own fields (kind, type, source,
// summary, description, parties, cell, location, report and resolution
// times) as given; a move to another cell forgets the nearest cell; the
// row's passed 回访, when it has one, replaces the stored one. A change of
// status is written as the row gives it, closed or not, not moved
// through a transition: the stage, escalation and original are the row's,
// a petition written into a reply status starts its reply clock there
// unless it runs already, and a 回访 passed before belongs to the status
// left unless a resolved case is closed, as closing keeps it.
func (w *LedgerWrite) Saved(now time.Time) data.Incident {
	in, out := &w.New, *w.Old
	out.Kind, out.Type, out.Source, out.Summary, out.Description = in.Kind, in.Type, in.Source, in.Summary, in.Description
	out.Parties, out.CellCode, out.Location, out.ReportedAt, out.ResolvedAt = in.Parties, in.CellCode, in.Location, in.ReportedAt, in.ResolvedAt
	out.UpdatedAt, out.Version = StoredTime(now), w.Old.Version+1
	if w.Old.CellCode != in.CellCode {
		out.NearCell, out.NearDistanceM = "", 0
	}
	if w.Old.Status != in.Status {
		out.Status, out.StageSince, out.Escalation, out.DuplicateOf = in.Status, in.StageSince, in.Escalation, 0
		out.ReplySince = cmp.Or(w.Old.ReplySince, ReplyClockStart(in))
		if w.Old.Status != data.StatusResolved || in.Status != data.StatusClosed {
			out.FollowupPassedAt = nil
		}
	}
	if in.FollowupPassedAt != nil {
		out.FollowupPassedAt = in.FollowupPassedAt
	}
	return out
}

// LedgerRow is what ImportIncidents makes of a ledger's row before it
// resolves its parties: a loaded incident (LoadedIncident) that names no
// mediators, reporter or original, of version 1, with its own party
// details.
func LedgerRow(in data.Incident) data.Incident {
	in = LoadedIncident(in)
	in.Mediators, in.ReporterID, in.Version, in.DuplicateOf = []int64{}, 0, 1, 0
	in.PartyDetails = slices.Clone(in.PartyDetails)
	return in
}

// PlanLedger plans the import of the ledger rows ins (LedgerRow, checked
// by CheckLedger, parties resolved) against the stored incidents olds of
// their ledger numbers (an export's GM- number finds an incident without
// one) at now; next is the ID the new incidents take from.
func PlanLedger(ins, olds []data.Incident, next int64, now time.Time) *LedgerPlan {
	byLedger := byNumber(olds, func(in *data.Incident) (string, int64) { return in.LedgerNumber, in.ID })
	p := &LedgerPlan{Count: NewTally(NounIncidents)}
	for _, in := range ins {
		old := byLedger[in.LedgerNumber]
		if old == nil {
			in.ID = next
			next++
			p.Created = append(p.Created, in)
			p.Followups = appendLedgerFollowup(p.Followups, in.ID, &in)
			p.Count.Add(false, false)
			continue
		}
		var changed bool
		in, changed = LedgerUpdate(old, in)
		p.Followups = appendLedgerFollowup(p.Followups, old.ID, &in)
		p.Updates = append(p.Updates, LedgerWrite{old, in, changed})
		p.Count.Add(true, changed)
		if changed && old.Status != in.Status {
			p.Transitions = append(p.Transitions, data.IncidentEvent{IncidentID: old.ID, At: now, ActorName: ImportActor,
				Kind: data.EventTransition, From: old.Status, To: in.Status})
		}
	}
	return p
}

// appendLedgerFollowup appends the passed 回访 that in, a ledger row
// written to incident id, records (data.Incident.LedgerFollowup), at the
// time of its FollowupPassedAt as stored.
func appendLedgerFollowup(fs []data.Followup, id int64, in *data.Incident) []data.Followup {
	if in.LedgerFollowup == nil || in.FollowupPassedAt == nil {
		return fs
	}
	f := *in.LedgerFollowup
	f.IncidentID, f.At, f.RecorderID = id, *in.FollowupPassedAt, 0
	return append(fs, f)
}
