package sample

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"gridmap/data"
)

const (
	incidentsPCG = 0x696e63 // "inc"
	// baseRate is the number of incidents per resident per year outside the
	// planted patterns.
	baseRate = 0.0105
)

var periodYears = periodEnd.Sub(periodStart).Hours() / 24 / 365.25

// draft is an incident before it gets its ID.
type draft struct {
	cell     int
	typ      *incidentType
	reported time.Time
	planted  bool
}

// incidents draws the town's incidents: a base rate per resident in every
// cell (times Factor in cold plants), plus the extra incidents of hot
// plants. IDs follow the reported time.
func incidents(d *data.Dataset, plants []Planted) []data.Incident {
	rng := rand.New(rand.NewPCG(incidentsPCG, 1))
	index := make(map[string]int, len(d.Cells))
	for i, c := range d.Cells {
		index[c.Code] = i
	}
	cold := make(map[int]float64)
	for _, p := range plants {
		if p.Kind == PlantCold {
			for _, c := range p.Cells {
				cold[index[c]] = p.Factor
			}
		}
	}
	var drafts []draft
	for i, c := range d.Cells {
		expected := float64(c.Population) * baseRate * periodYears
		if f, ok := cold[i]; ok {
			expected *= f
		}
		rural := c.Kind == data.CellRural
		for range count(rng, expected) {
			drafts = append(drafts, draft{cell: i, typ: pickType(rng, rural), reported: reportTime(rng, periodStart, periodEnd)})
		}
	}
	for _, p := range plants {
		if p.Kind != PlantHot {
			continue
		}
		years := p.To.Sub(p.From).Hours() / 24 / 365.25
		for _, code := range p.Cells {
			i := index[code]
			expected := (p.Factor - 1) * float64(d.Cells[i].Population) * baseRate * years
			for range count(rng, expected) {
				drafts = append(drafts, draft{cell: i, typ: typeByName(p.Type), reported: reportTime(rng, p.From, p.To), planted: true})
			}
		}
	}
	slices.SortStableFunc(drafts, func(a, b draft) int {
		return cmp.Or(a.reported.Compare(b.reported), cmp.Compare(a.cell, b.cell))
	})

	adults := adultsByCell(d)
	out := make([]data.Incident, len(drafts))
	for n, dr := range drafts {
		out[n] = describe(rng, d, adults, dr)
		out[n].ID = int64(n + 1)
	}
	return out
}

// count rounds an expected number of events randomly, keeping the mean.
func count(rng *rand.Rand, expected float64) int {
	n := int(expected)
	if rng.Float64() < expected-float64(n) {
		n++
	}
	return n
}

func pickType(rng *rand.Rand, rural bool) *incidentType {
	weights := make([]int, len(incidentTypes))
	for i, t := range incidentTypes {
		weights[i] = t.community
		if rural {
			weights[i] = t.rural
		}
	}
	return &incidentTypes[pickWeighted(rng, weights)]
}

// reportTime returns a whole-second time in [from, to) during office hours
// (08:00-19:59 town time), in UTC.
func reportTime(rng *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	t := from.AddDate(0, 0, rng.IntN(days))
	t = t.Add(time.Duration(8*3600+rng.IntN(12*3600)) * time.Second)
	return t.UTC()
}

// adultsByCell lists, per cell, the residents aged 18 or more on asOf.
func adultsByCell(d *data.Dataset) [][]int {
	index := make(map[string]int, len(d.Cells))
	for i, c := range d.Cells {
		index[c.Code] = i
	}
	limit := asOf.AddDate(-18, 0, 0).Format("2006-01-02")
	out := make([][]int, len(d.Cells))
	for i, r := range d.Residents {
		if r.BirthDate <= limit {
			c := index[r.CellCode]
			out[c] = append(out[c], i)
		}
	}
	return out
}
