package data

import (
	"context"
	"io"
)

// Store is the persistence contract that data/sqlite and data/postgis
// implement and data/storetest checks. Lists come in a stable order (codes
// or IDs ascending unless a filter says otherwise). Every method may also
// return EUNAVAILABLE when the database cannot be reached and EINTERNAL for
// anything unexpected.
type Store interface {
	// Town returns the town. ENOTFOUND when the store has not been loaded.
	Town(ctx context.Context) (*Town, error)
	// Units returns every unit ordered by code.
	Units(ctx context.Context) ([]Unit, error)
	// Unit returns one unit. ENOTFOUND for an unknown code.
	Unit(ctx context.Context, code string) (*Unit, error)
	// Cells returns every cell ordered by code, with geometry, grid workers
	// and open incident counts.
	Cells(ctx context.Context) ([]Cell, error)
	// Cell returns one cell. ENOTFOUND for an unknown code.
	Cell(ctx context.Context, code string) (*Cell, error)
	// Residents returns a page of a cell's residents ordered by ID, and how
	// many match in all. EINVALID without a cell or with a negative
	// limit/offset; ENOTFOUND for an unknown cell.
	Residents(ctx context.Context, f ResidentFilter) ([]Resident, int, error)
	// Mediators returns the mediators matching f ordered by ID. ENOTFOUND
	// for an unknown cell or unit.
	Mediators(ctx context.Context, f MediatorFilter) ([]Mediator, error)
	// Incidents returns a page of incidents and how many match in all.
	// EINVALID for a negative limit/offset or an unknown status; ENOTFOUND
	// for an unknown cell or unit.
	Incidents(ctx context.Context, f IncidentFilter) ([]Incident, int, error)
	// Incident returns one incident. ENOTFOUND for an unknown ID.
	Incident(ctx context.Context, id int64) (*Incident, error)
	// IncidentCounts returns the number of incidents per status (every
	// status present, zeros included) in a cell, or in the town when
	// cellCode is "". ENOTFOUND for an unknown cell.
	IncidentCounts(ctx context.Context, cellCode string) (map[string]int, error)
	// Revision returns the change counters that caches key on.
	Revision(ctx context.Context) (Revision, error)
	// Load writes a whole data set into an empty store in one transaction.
	// ECONFLICT when the store already holds a town; EINVALID when the data
	// set is inconsistent (e.g. a resident in an unknown cell).
	Load(ctx context.Context, d *Dataset) error
	io.Closer
}

// Revision counts changes, so that caches (the all-cells GeoJSON, the point
// index) are rebuilt only when what they show has changed. Each counter only
// grows.
type Revision struct {
	Cells     int64 `json:"cells"`     // boundaries, names, populations, grid workers
	Incidents int64 `json:"incidents"` // any incident write
}

// Dataset is a whole town's data, as produced by data/sample or an import.
type Dataset struct {
	Town       Town
	Units      []Unit
	Cells      []Cell // GridWorkers are loaded with their cells; worker IDs are shared across cells
	Households []Household
	Residents  []Resident
	Mediators  []Mediator
	Incidents  []Incident
}
