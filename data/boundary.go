package data

import (
	"time"

	"github.com/paulmach/orb"
)

// InitialBoundaryReason is the reason of boundary version 1, which Load
// records for the cells of the data set as loaded (by nobody: author 0 and
// "", base 0, every cell added, the date of the load in China Standard Time
// as the effective date). Migration 6 records the cells of a store loaded
// before it the same way, on the day of the upgrade.
const InitialBoundaryReason = "initial import"

// BoundaryVersion is one recorded state of the cell boundaries: version 1
// is the data set as loaded, each later one a committed BoundaryChange.
type BoundaryVersion struct {
	Number        int64         `json:"number"`
	AuthorID      int64         `json:"author_id"`
	AuthorName    string        `json:"author_name"`
	CreatedAt     time.Time     `json:"created_at"`
	Reason        string        `json:"reason"`
	EffectiveDate string        `json:"effective_date"` // YYYY-MM-DD
	Base          int64         `json:"base"`           // the version it changed; 0 for version 1
	Added         []string      `json:"added"`          // cell codes, ascending; [] when none
	Removed       []string      `json:"removed"`
	Reshaped      []string      `json:"reshaped"`
	Moved         BoundaryMoves `json:"moved"`
}

// BoundaryMoves counts what a boundary version moved to another cell.
type BoundaryMoves struct {
	Households int `json:"households"`
	Residents  int `json:"residents"` // the residents of the moved households
	Incidents  int `json:"incidents"`
	// Assignments counts the grid-worker and account cell assignments of
	// removed cells that moved (or were dropped, see BoundaryImpact).
	Assignments int `json:"assignments"`
}

// CellShape is what a boundary change gives for a cell it adds or reshapes.
// New says which: true adds a cell under a code never used before; false
// reshapes the current cell of that code (replacing its unit, name and kind
// too), so that a mistyped code cannot silently add a cell.
type CellShape struct {
	Code     string      `json:"code"`
	New      bool        `json:"new"`
	UnitCode string      `json:"unit_code"`
	Name     string      `json:"name"`
	Kind     string      `json:"kind"` // CellRural or CellCommunity
	Geometry orb.Polygon `json:"-"`
}

// BoundaryChange is a changeset of cell boundaries against the version it
// was made on (Base). Checking that the new cells partition the town is the
// caller's (geo.ValidatePartition): stores check the codes, the units and
// that each polygon is valid.
type BoundaryChange struct {
	Base          int64
	Cells         []CellShape // every cell added or reshaped
	Removed       []string    // codes of cells that cease to exist
	Reason        string
	EffectiveDate string // YYYY-MM-DD
	AuthorID      int64
	AuthorName    string
	At            time.Time // when it is committed; now when zero
	// Restores is, for a change that brings an earlier version back, that
	// version: the codes of its cells may then come back as New cells
	// although they are retired (a cell returns under its own code; a
	// retired code still never names another cell). 0 otherwise.
	Restores int64
}

// Move is one thing a boundary change moves from one cell to another: a
// household, an incident, a grid worker (ID) or a user account (ID). To is
// "" for an assignment that is dropped.
type Move struct {
	ID   int64  `json:"id"`
	From string `json:"from"`
	To   string `json:"to"`
	// Residents is, for a household, how many residents move with it.
	Residents int `json:"residents,omitempty"`
}

// BoundaryImpact is what a boundary change would move, each list ordered by
// ID (then From): the answer of a dry run and what a commit does.
//
// Households and incidents move by their points: each one whose containing
// cell (geo.Index over the current cells) differs from its containing cell
// over the new cells moves to the latter, as does each whose recorded cell
// is removed; others keep their recorded cell, even where it differs from
// what their point says (imported or hand-reassigned data). Residents move
// with their household.
//
// An assignment of a grid worker (GridWorkers) or of a grid worker's
// account (Users) to a removed cell moves to the new cell that covers the
// largest part of the removed cell's area (ties to the lower code), or is
// dropped (To "") when no new cell covers any of it; an assignment to a
// cell the worker already has is merged into it.
type BoundaryImpact struct {
	Households  []Move `json:"households"`
	Residents   int    `json:"residents"` // how many residents the moved households hold
	Incidents   []Move `json:"incidents"`
	GridWorkers []Move `json:"grid_workers"`
	Users       []Move `json:"users"`
}
