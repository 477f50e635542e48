package data

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// PeopleStore writes what a town office's sheets hold (see package
// roster): households with their residents, staff, and the ledger of past
// incidents. Each import is one transaction, all or nothing, and an
// upsert: households by Number, residents by IDNumber, incidents by
// LedgerNumber, grid workers and mediators by name and phone, so that
// importing the same sheet again creates nothing and reports everything
// unchanged. Each returns what it did per noun, in a fixed order.
type PeopleStore interface {
	// ImportHouseholds creates or updates each household (by Number) and
	// its residents (by IDNumber; a resident named in another household
	// moves to this one). Residents stand at their household's cell and
	// location, whatever their own fields say; a household that changes
	// cell or location moves all its residents, those the sheet does not
	// list included; residents it does not list are kept. The cells'
	// Households and Population shift by what was created and moved, and
	// Revision.Cells grows when anything changed. Counts: "households",
	// "residents". EINVALID, naming the field, for a household without
	// number or with an unknown cell, a number or identity number given
	// twice, or a resident without identity number, name or relation.
	ImportHouseholds(ctx context.Context, hs []HouseholdImport) ([]ImportCount, error)
	// ImportStaff creates or updates grid workers (whose cells become the
	// ones given) and mediators, and the accounts asked for (see
	// StaffMember). Revision.Cells grows when a grid worker changed.
	// Counts: "grid_workers", "mediators", "accounts". EINVALID, naming the
	// field, for a member that is neither or both, an empty name, an
	// unknown cell, unit or category, a grid worker without cells, the
	// same person twice, or an account whose scope does not fit its role
	// (CheckUserScope); ECONFLICT for a username taken by an account of
	// another role or person.
	ImportStaff(ctx context.Context, staff []StaffMember) ([]ImportCount, error)
	// ImportIncidents creates or updates incidents by LedgerNumber. A new
	// one gets the timeline Load writes (created, then a transition to its
	// status); an update bumps its version and, when the status changed,
	// appends that transition. Mediators and ReporterID are not imported.
	// Revision.Incidents grows when anything changed. Count: "incidents".
	// EINVALID, naming the field, for an incident without ledger number,
	// one given twice, or one CreateIncident or Load would refuse (unknown
	// cell, type, source, status; a summary past its limits).
	ImportIncidents(ctx context.Context, ins []Incident) ([]ImportCount, error)
	// Households returns a page of households ordered by ID and how many
	// match in all. EINVALID for a negative limit/offset; ENOTFOUND for an
	// unknown cell.
	Households(ctx context.Context, f HouseholdFilter) ([]Household, int, error)
}

// ImportCount is what an import did to one noun ("households",
// "residents", "grid_workers", "mediators", "accounts", "incidents").
type ImportCount struct {
	Noun      string `json:"noun"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
}

// HouseholdImport is a household of a residents sheet with its residents.
// ID, and the residents' IDs, HouseholdID, CellCode and Location, are
// the store's to set.
type HouseholdImport struct {
	Household
	Residents []Resident
}

// StaffMember is a row of a staff sheet: a grid worker or a mediator
// (exactly one), and the account asked for, if any.
type StaffMember struct {
	GridWorker *GridWorker // ID is the store's; Cells are the ones it serves
	Mediator   *Mediator   // ID is the store's
	// Account, when not nil, asks for an account of Role, Name and scope
	// (for a grid worker its cells, for a mediator its unit; the store
	// links a mediator's account to the mediator) with PasswordHash. An
	// empty Username lets the store choose: "wg" and the grid worker's ID,
	// "tj" and the mediator's. An existing account of that username, or the
	// mediator's, is left as it is (its password too) and counted
	// unchanged. The store sets ID, Username and CreatedAt, and
	// AccountCreated when it created the account.
	Account        *User
	AccountCreated bool
}

// CheckHouseholdImports returns EINVALID, naming the field, for what
// ImportHouseholds refuses before reading the store: a household without
// number or with one given twice, a resident without identity number,
// name or relation, or an identity number given twice.
func CheckHouseholdImports(hs []HouseholdImport) error {
	numbers := make(map[string]bool, len(hs))
	ids := make(map[string]bool, len(hs)*3)
	for i, h := range hs {
		f := ItemField("households", i)
		if h.Number == "" || numbers[h.Number] {
			return FieldErrorf(f+".number", "Household number %q is empty or given twice.", h.Number)
		}
		numbers[h.Number] = true
		for j, r := range h.Residents {
			rf := f + ItemField(".residents", j)
			switch {
			case r.IDNumber == "" || ids[r.IDNumber]:
				return FieldErrorf(rf+".id_number", "Identity number %q is empty or given twice.", r.IDNumber)
			case r.Name == "":
				return FieldErrorf(rf+".name", "The name is empty.")
			case r.Relation == "":
				return FieldErrorf(rf+".relation", "The relation to the head of household is empty; write 本人 for the head.")
			}
			ids[r.IDNumber] = true
		}
	}
	return nil
}

// CheckStaff returns EINVALID, naming the field, for what ImportStaff
// refuses before reading the store: a member that is neither a grid
// worker nor a mediator, or both; an empty name; a grid worker without
// cells or with one listed twice; a mediator of an unknown category; the
// same person (name and phone) twice.
func CheckStaff(staff []StaffMember) error {
	seen := make(map[[3]string]bool, len(staff))
	for i, m := range staff {
		f := ItemField("staff", i)
		var key [3]string
		switch {
		case (m.GridWorker == nil) == (m.Mediator == nil):
			return FieldErrorf(f, "A staff member is either a grid worker or a mediator.")
		case m.GridWorker != nil:
			w := m.GridWorker
			key = [3]string{"worker", w.Name, w.Phone}
			if len(w.Cells) == 0 {
				return FieldErrorf(f+".cells", "A grid worker needs at least one cell.")
			}
			for j, c := range w.Cells {
				if c == "" || slices.Contains(w.Cells[:j], c) {
					return FieldErrorf(f+".cells", "Cell code %q is empty or listed twice.", c)
				}
			}
		default:
			key = [3]string{"mediator", m.Mediator.Name, m.Mediator.Phone}
			if !isMediatorCategory(m.Mediator.Category) {
				return FieldErrorf(f+".category", "Unknown mediator category %q.", m.Mediator.Category)
			}
		}
		if key[1] == "" {
			return FieldErrorf(f+".name", "The name is empty.")
		}
		if seen[key] {
			return FieldErrorf(f+".name", "%s (%s) is listed twice.", key[1], key[2])
		}
		seen[key] = true
	}
	return nil
}

// CheckLedger returns EINVALID, naming the field, for incidents
// ImportIncidents refuses: without ledger number or with one given twice,
// in a cell not in cells, or one Load would refuse (its kind, status,
// workflow fields and texts). They name no mediators.
func CheckLedger(ins []Incident, cells map[string]bool) error {
	numbers := make(map[string]bool, len(ins))
	for i, in := range ins {
		f := ItemField("incidents", i)
		if in.LedgerNumber == "" || numbers[in.LedgerNumber] {
			return FieldErrorf(f+".ledger_number", "Ledger number %q is empty or given twice.", in.LedgerNumber)
		}
		numbers[in.LedgerNumber] = true
		if in.Summary == "" {
			return FieldErrorf(f+".summary", "The summary is empty.")
		}
		if len(in.Mediators) > 0 {
			return FieldErrorf(f+".mediators", "An imported incident names no mediators.")
		}
		if err := checkIncident(f, in, cells, nil); err != nil {
			return err
		}
	}
	return nil
}

// ExportedNumber is the number an export gives a household without 户号
// (or an incident without ledger number): GM- and its ID, which an import
// of the export finds again (ExportedID).
func ExportedNumber(id int64) string { return "GM-" + strconv.FormatInt(id, 10) }

// ExportedID is the ID an ExportedNumber names.
func ExportedID(number string) (int64, bool) {
	digits, ok := strings.CutPrefix(number, "GM-")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0 && ExportedNumber(id) == number
}
