package sample

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"gridmap/data"
)

const peoplePCG = 0x70656f706c65 // "people"

// streets of each community, for addresses.
var streets = map[string][]string{
	"安稳社区": {"正街", "新街", "滨河路", "安乐巷"},
	"石佛社区": {"石佛路", "文化街", "育才路"},
	"松藻社区": {"松藻路", "矿区路", "光明街"},
}

// populate draws the households and residents of one cell. IDs continue
// from those already in d. Rural households cluster in hamlets (院坝);
// community households share apartment blocks.
func populate(d *data.Dataset, c *cellShape, idx int, pp *people) {
	rng := rand.New(rand.NewPCG(peoplePCG, uint64(idx)))
	spec := units[c.unit]
	rural := spec.kind == data.UnitVillage
	target := 360 + rng.IntN(80)
	sizes := communitySizes
	if rural {
		target, sizes = 150+rng.IntN(160), ruralSizes
	}
	var groups []orb.Point // hamlets or blocks
	var addresses []string
	spread := 10.0 // metres around a block
	if rural {
		spread = 45
	}
	pop := 0
	for n := 0; pop < target; n++ {
		size := min(pickWeighted(rng, sizes)+1, target-pop)
		if rural && n%9 == 0 || !rural && n%24 == 0 {
			groups = append(groups, randomPointIn(rng, c.polygon))
			if !rural {
				st := streets[spec.name]
				addresses = append(addresses, fmt.Sprintf("%s%s%d号", spec.name, st[rng.IntN(len(st))], 1+rng.IntN(180)))
			}
		}
		g := rng.IntN(len(groups))
		h := data.Household{
			ID:       int64(len(d.Households) + 1),
			CellCode: c.code,
			Location: scatter(rng, groups[g], spread, c.polygon),
		}
		if rural {
			h.Address = fmt.Sprintf("重庆市綦江区安稳镇%s%d号", strings.TrimSuffix(c.name, "网格"), n+1)
		} else {
			h.Address = fmt.Sprintf("重庆市綦江区安稳镇%s%d栋%d-%d-%d", addresses[g], g+1, 1+rng.IntN(3), 1+rng.IntN(18), 1+rng.IntN(4))
		}
		d.Households = append(d.Households, h)
		head := len(d.Residents)
		for _, m := range compose(rng, size, rural) {
			birth := birthDate(rng, m.age)
			r := data.Resident{
				ID:          int64(len(d.Residents) + 1),
				HouseholdID: h.ID,
				CellCode:    c.code,
				Name:        personName(rng, m.surname, birth.Year(), m.male),
				Gender:      "F",
				BirthDate:   birth.Format("2006-01-02"),
				IDNumber:    pp.idNumber(rng, birth, m.male),
				Relation:    m.relation,
				Location:    h.Location,
			}
			if m.male {
				r.Gender = "M"
			}
			// Children under 12 have no phone of their own: the register
			// gives their guardian's, the head of household's.
			if m.age >= 12 {
				r.Phone = pp.phone(rng)
			} else {
				r.Phone = d.Residents[head].Phone
			}
			d.Residents = append(d.Residents, r)
		}
		pop += size
	}
}

// randomPointIn returns a point inside p, rounded like stored coordinates.
func randomPointIn(rng *rand.Rand, p orb.Polygon) orb.Point {
	b := p.Bound()
	for {
		q := orb.Point{
			round7(b.Min[0] + float64(rng.Float64()*(b.Max[0]-b.Min[0]))),
			round7(b.Min[1] + float64(rng.Float64()*(b.Max[1]-b.Min[1]))),
		}
		if planar.PolygonContains(p, q) {
			return q
		}
	}
}

// scatter returns a point near centre (about spread metres away, roughly
// normally) that lies inside p, or centre itself.
func scatter(rng *rand.Rand, centre orb.Point, spread float64, p orb.Polygon) orb.Point {
	for range 20 {
		dx := (uniform3(rng) - 1.5) * spread
		dy := (uniform3(rng) - 1.5) * spread
		q := orb.Point{round7(centre[0] + dx/metresPerDegLon), round7(centre[1] + dy/metresPerDegLat)}
		if planar.PolygonContains(p, q) {
			return q
		}
	}
	return centre
}

// uniform3 returns the sum of three uniform numbers in [0, 1), a cheap bell
// curve. Each term is converted on its own so no architecture fuses the
// scaling inside rand.Float64 with the sum.
func uniform3(rng *rand.Rand) float64 {
	return float64(rng.Float64()) + float64(rng.Float64()) + float64(rng.Float64())
}
