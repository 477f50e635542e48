package data

import (
	"context"
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
	// (domain.CheckUserScope); ECONFLICT for a username taken by an account of
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
