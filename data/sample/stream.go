package sample

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

const scalePCG = 0x7363616c65 // "scale"

// drawHomes yields the households of a generated area's cells with their
// residents, cell by cell: the sizes householdSizes gave the cells'
// counts, each household at a random point of its cell, its members
// named and aged by compose. Residents are light: no identity number or
// phone.
func drawHomes(a areaSpec, cells []data.Cell) iter.Seq2[data.Household, []data.Resident] {
	bounds := cellBounds(cells)
	return func(yield func(data.Household, []data.Resident) bool) {
		var hid, rid int64
		for i := range cells {
			c := &cells[i]
			rural := c.Kind == data.CellRural
			rng := rand.New(rand.NewPCG(scalePCG^a.stream<<48, uint64(i)))
			place := strings.TrimSuffix(c.Name, "网格")
			for n, size := range householdSizes(a, i, c.Population, rural) {
				hid++
				h := data.Household{ID: hid, CellCode: c.Code, Location: pointIn(rng, bounds[i], c.Geometry),
					Address: fmt.Sprintf("重庆市%s%s%d号", a.county, place, n+1)}
				rs := make([]data.Resident, 0, size)
				for _, m := range compose(rng, size, rural) {
					rid++
					birth := birthDate(rng, m.age)
					r := data.Resident{ID: rid, HouseholdID: hid, CellCode: c.Code, Name: personName(rng, m.surname, birth.Year(), m.male),
						Gender: "F", BirthDate: birth.Format("2006-01-02"), Relation: m.relation, Location: h.Location}
					if m.male {
						r.Gender = "M"
					}
					rs = append(rs, r)
				}
				if !yield(h, rs) {
					return
				}
			}
		}
	}
}

// Hotspots of drawn incidents: about one cell in hotEvery is the centre
// of a cluster, and cells within hotRadius cell widths of a centre draw
// hotFactor times their share.
const (
	hotEvery  = 150
	hotRadius = 2.5
	hotFactor = 5
)

// drawIncidents yields n incidents over d's cells, types, statuses and the
// three years before the sample's end, IDs after d's own, one random
// stream per incident so that the same n gives the same incidents. Cells
// draw incidents in proportion to their population, more in clusters of
// hot cells, so that hotspot statistics have something to find. Reported
// days ascend with the ID; each incident past reported has its mediators.
func drawIncidents(d *data.Dataset, n int) iter.Seq[data.Incident] {
	if n == 0 {
		return nil
	}
	weights := hotWeights(d.Cells)
	bounds := cellBounds(d.Cells)
	total := weights[len(weights)-1]
	staff, town := byUnit(d.Mediators)
	var base int64
	for _, in := range d.Incidents {
		base = max(base, in.ID)
	}
	from := periodEnd.AddDate(-3, 0, 0)
	days := int(periodEnd.Sub(from).Hours() / 24)
	return func(yield func(data.Incident) bool) {
		for i := range n {
			rng := rand.New(rand.NewPCG(scalePCG, uint64(i)))
			ci, _ := slices.BinarySearch(weights, 1+rng.Int64N(total))
			c := &d.Cells[ci]
			rural := c.Kind == data.CellRural
			t := pickType(rng, rural)
			sw := sourceWeights
			if t.petitions {
				sw = petitionWeights
			}
			in := data.Incident{ID: base + int64(i+1), Type: t.name, Source: sources[pickWeighted(rng, sw)], CellCode: c.Code}
			in.Kind = domain.KindOf(in.Source)
			topic := t.topics[rng.IntN(len(t.topics))]
			in.Parties = []string{adultName(rng)}
			switch {
			case t.counterparty != nil:
				in.Parties = append(in.Parties, t.counterparty[rng.IntN(len(t.counterparty))])
			case !t.complaint:
				in.Parties = append(in.Parties, adultName(rng))
			}
			in.Location = pointIn(rng, bounds[ci], c.Geometry)
			place := strings.TrimSuffix(c.Name, "网格")
			if c.Kind == data.CellCommunity {
				place = c.UnitName
			}
			in.Summary, in.Description = texts(rng, t, topic, place, rural, in.Parties)
			day := from.AddDate(0, 0, int(int64(i)*int64(days)/int64(n)))
			settle(rng, &in, day.Add(time.Duration(8*3600+rng.IntN(12*3600))*time.Second).UTC(), t.days)
			assign(rng, &in, staff[c.UnitCode], town)
			if !yield(in) {
				return
			}
		}
	}
}

// hotWeights returns the cumulative weights of the cells for drawing
// incidents: population (at least 1), times hotFactor near a hot centre.
func hotWeights(cells []data.Cell) []int64 {
	centre := func(c *data.Cell) orb.Point {
		b := c.Geometry.Bound()
		return orb.Point{float64(b.Center()[0] * metresPerDegLon), float64(b.Center()[1] * metresPerDegLat)}
	}
	var hot []orb.Point
	var width float64
	for i := range cells {
		width += cells[i].AreaM2
		if splitmix(scalePCG^uint64(i))%hotEvery == 0 {
			hot = append(hot, centre(&cells[i]))
		}
	}
	if len(hot) == 0 {
		hot = append(hot, centre(&cells[0]))
	}
	width = math.Sqrt(width / float64(len(cells)))
	reach := float64(hotRadius*width) * float64(hotRadius*width)
	out := make([]int64, len(cells))
	var sum int64
	for i := range cells {
		w := int64(max(cells[i].Population, 1))
		p := centre(&cells[i])
		for _, h := range hot {
			if dist2(p, h) <= reach {
				w *= hotFactor
				break
			}
		}
		sum += w
		out[i] = sum
	}
	return out
}

// cellBounds returns the bounds of the cells, for pointIn.
func cellBounds(cells []data.Cell) []orb.Bound {
	out := make([]orb.Bound, len(cells))
	for i, c := range cells {
		out[i] = c.Geometry.Bound()
	}
	return out
}

// pointIn is randomPointIn for a polygon without holes whose bounds b are
// known: a streamed sample draws millions of points, and computing the
// bounds for each draw took half of the time.
func pointIn(rng *rand.Rand, b orb.Bound, p orb.Polygon) orb.Point {
	for {
		q := orb.Point{
			round7(b.Min[0] + float64(rng.Float64()*(b.Max[0]-b.Min[0]))),
			round7(b.Min[1] + float64(rng.Float64()*(b.Max[1]-b.Min[1]))),
		}
		if ringContains(p[0], q) {
			return q
		}
	}
}
