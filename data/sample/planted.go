package sample

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Planted is a spatial pattern built into the sample incidents on purpose,
// so that hotspot statistics (Getis-Ord Gi*, local Moran's I) have
// something real to find and tests can check that they find it.
type Planted struct {
	Name   string    `json:"name"`
	Kind   string    `json:"kind"`   // "hot" or "cold"
	Type   string    `json:"type"`   // incident type of the extra incidents of a hot pattern; "" for cold
	Centre string    `json:"centre"` // the cell the pattern is centred on
	Cells  []string  `json:"cells"`  // the centre and its neighbours, ascending
	Factor float64   `json:"factor"` // incident rate in Cells during [From, To) relative to the town's base rate
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
}

// Plants returns the patterns planted in the sample incidents, as committed
// in planted.json. Each call returns a new slice.
func Plants() ([]Planted, error) {
	b, err := files.ReadFile(plantedFile)
	if err != nil {
		return nil, err
	}
	var ps []Planted
	if err := json.Unmarshal(b, &ps); err != nil {
		return nil, fmt.Errorf("%s: %w", plantedFile, err)
	}
	return ps, nil
}

// Kinds of planted patterns.
const (
	PlantHot  = "hot"
	PlantCold = "cold"
)

// china is the time zone of the town's clock (UTC+8, no daylight saving).
var china = time.FixedZone("CST", 8*3600)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, china) }

// The span of the sample incidents: 2021-01-01 up to the end of 2026-10-31,
// town time.
var (
	periodStart = day(2021, 1, 1)
	periodEnd   = day(2026, 11, 1)
)

// plantSpec says where a pattern goes: the cell under a point of the
// generator's plane, with its neighbours (within its own unit only when
// ownUnit is set).
type plantSpec struct {
	Planted
	at      orb.Point
	ownUnit bool
}

var plantSpecs = []plantSpec{
	{Planted: Planted{Name: "安松公路改扩建征地拆迁", Kind: PlantHot, Type: "征地拆迁", Factor: 6,
		From: day(2023, 3, 1), To: day(2025, 7, 1)}, at: orb.Point{3200, -3000}},
	{Planted: Planted{Name: "老街片区邻里纠纷", Kind: PlantHot, Type: "邻里纠纷", Factor: 4,
		From: periodStart, To: periodEnd}, at: seat},
	{Planted: Planted{Name: "采石场粉尘噪声投诉", Kind: PlantHot, Type: "环境", Factor: 5,
		From: day(2022, 6, 1), To: periodEnd}, at: orb.Point{3300, 4800}},
	{Planted: Planted{Name: "三治结合示范片区", Kind: PlantCold, Factor: 0.05,
		From: periodStart, To: periodEnd}, at: orb.Point{-4600, 2400}, ownUnit: true},
}

// plant resolves the specs against the cells. Patterns must not share
// cells, or they would blur each other.
func plant(cells []cellShape) ([]Planted, error) {
	neighbours := adjacency(cells)
	taken := make(map[string]string)
	var out []Planted
	for _, s := range plantSpecs {
		centre := -1
		for i, c := range cells {
			if planar.PolygonContains(c.polygon, lonLat(s.at)) {
				centre = i
				break
			}
		}
		if centre < 0 {
			return nil, fmt.Errorf("plant %s: no cell at %v", s.Name, s.at)
		}
		p := s.Planted
		p.Centre = cells[centre].code
		p.Cells = []string{p.Centre}
		for _, n := range neighbours[centre] {
			if !s.ownUnit || cells[n].unit == cells[centre].unit {
				p.Cells = append(p.Cells, cells[n].code)
			}
		}
		slices.Sort(p.Cells)
		for _, c := range p.Cells {
			if other, ok := taken[c]; ok {
				return nil, fmt.Errorf("plants %s and %s share cell %s", other, p.Name, c)
			}
			taken[c] = p.Name
		}
		out = append(out, p)
	}
	return out, nil
}

// adjacency returns, for each cell, the cells sharing an edge with it, in
// code order.
func adjacency(cells []cellShape) [][]int {
	type edge struct{ a, b orb.Point }
	owner := make(map[edge]int)
	out := make([][]int, len(cells))
	for i, c := range cells {
		r := c.polygon[0]
		for k := 0; k+1 < len(r); k++ {
			if j, ok := owner[edge{r[k+1], r[k]}]; ok && !slices.Contains(out[i], j) {
				out[i] = append(out[i], j)
				out[j] = append(out[j], i)
			}
			owner[edge{r[k], r[k+1]}] = i
		}
	}
	for _, n := range out {
		slices.Sort(n)
	}
	return out
}
