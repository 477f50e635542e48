package data

import "github.com/paulmach/orb"

// Household is a registered household (户) with its home position.
type Household struct {
	ID       int64     `json:"id"`
	CellCode string    `json:"cell"`
	Address  string    `json:"address"`
	Location orb.Point `json:"-"`
	// Number is the office's household number (户号), unique when given:
	// the key an import updates a household by.
	Number string `json:"number"`
	// Approximate marks a location that is only the cell's label point:
	// the office gave no coordinates for the household.
	Approximate bool `json:"approximate"`
}

// HouseholdFilter selects households, ordered by ID. Zero fields do not
// filter.
type HouseholdFilter struct {
	CellCode string
	Number   string
	Limit    int // 0 means no limit
	Offset   int
}

// Resident is a person living in a cell. IDNumber, Phone and Name are
// personal information under PIPL: the API masks them.
type Resident struct {
	ID          int64     `json:"id"`
	HouseholdID int64     `json:"household_id"`
	CellCode    string    `json:"cell"`
	Name        string    `json:"name"`
	Gender      string    `json:"gender"`     // "M" or "F"
	BirthDate   string    `json:"birth_date"` // YYYY-MM-DD
	IDNumber    string    `json:"id_number"`  // 18-digit resident identity number
	Phone       string    `json:"phone"`
	Relation    string    `json:"relation"` // to the head of household: 户主, 配偶, 子女, ...
	Location    orb.Point `json:"-"`        // the household's position
}

// ResidentFilter selects residents, ordered by ID. CellCode or Name is
// required.
type ResidentFilter struct {
	CellCode string
	// Name selects residents whose name contains it, ASCII letters in either
	// case; % and _ are plain characters. "" does not filter.
	Name   string
	Cells  []string // any of these cells; nil does not filter, empty matches nothing
	Units  []string // any of these units; nil does not filter, empty matches nothing
	Limit  int      // 0 means no limit
	Offset int
}
