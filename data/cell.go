package data

import (
	"time"

	"github.com/paulmach/orb"
)

// CST is China Standard Time (UTC+8, no daylight saving), the town's
// clock: dates without a time (effective dates, date-only query bounds)
// and calendar months are read in it.
var CST = time.FixedZone("CST", 8*3600)

// Cell kinds: villages are divided by cooperative (合作社), communities by
// resident population.
const (
	CellRural     = "rural"
	CellCommunity = "community"
)

// Cell is one governance grid cell (网格). Its code is the unit's 12-digit code
// followed by a 3-digit sequence (15 digits in all).
type Cell struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	UnitCode      string       `json:"unit_code"`
	UnitName      string       `json:"unit_name"` // derived by stores
	Kind          string       `json:"kind"`      // CellRural or CellCommunity
	Population    int          `json:"population"`
	Households    int          `json:"households"`
	AreaM2        float64      `json:"area_m2"`
	GridWorkers   []GridWorker `json:"grid_workers"`
	OpenIncidents int          `json:"open_incidents"` // derived by stores
	Geometry      orb.Polygon  `json:"-"`
}

// GridWorker is a 网格员 assigned to one or more cells. Name and work phone
// are posted on each cell's public notice board, so they are not masked.
type GridWorker struct {
	ID    int64    `json:"id"`
	Name  string   `json:"name"`
	Phone string   `json:"phone"`
	Cells []string `json:"cells,omitempty"`
}
