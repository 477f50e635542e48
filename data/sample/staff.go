package sample

import (
	"math/rand/v2"
	"slices"

	"gridmap/data"
)

const staffPCG = 0x7374616666 // "staff"

// adultName returns a fictional name for an adult of working age.
func adultName(rng *rand.Rand) string {
	male := rng.IntN(2) == 0
	return personName(rng, pickSurname(rng), 1965+rng.IntN(35), male)
}

// assignWorkers gives every cell one grid worker, and the more populous
// half of the community cells a second one. IDs follow cell code order.
func assignWorkers(cells []data.Cell, pp *people) {
	rng := rand.New(rand.NewPCG(staffPCG, 1))
	var pops []int
	for _, c := range cells {
		if c.Kind == data.CellCommunity {
			pops = append(pops, c.Population)
		}
	}
	slices.Sort(pops)
	median := pops[len(pops)/2]
	id := int64(0)
	for i := range cells {
		c := &cells[i]
		n := 1
		if c.Kind == data.CellCommunity && c.Population >= median {
			n = 2
		}
		c.GridWorkers = []data.GridWorker{}
		for range n {
			id++
			c.GridWorkers = append(c.GridWorkers, data.GridWorker{ID: id, Name: adultName(rng), Phone: pp.phone(rng), Cells: []string{c.Code}})
		}
	}
}

// Posts of the town's comprehensive governance centre (综治中心), after the
// 2021 report: eight people's mediators and seven elders.
var townPosts = []string{"政法书记", "平安办主任", "司法所长", "派出所教导员", "法律顾问", "综治中心主任", "信访办主任", "人民调解委员会主任"}

const (
	townElders = 7
	elderRole  = "乡贤和议员"
)

// mediators returns the town's mediators: the centre's posts and elders,
// then for each unit its secretary, director, governance officer, resident
// police officer, resident lawyer and one or two elders.
func mediators(pp *people) []data.Mediator {
	codes := make([]string, len(units))
	for i, u := range units {
		codes[i] = u.code
	}
	return mediatorsOf(pp, codes, 2)
}

// mediatorsOf returns the town centre's mediators and those of the units
// with the given codes, drawn from stream number stream.
func mediatorsOf(pp *people, codes []string, stream uint64) []data.Mediator {
	rng := rand.New(rand.NewPCG(staffPCG, stream))
	var out []data.Mediator
	add := func(role, category, unit string) {
		out = append(out, data.Mediator{
			ID: int64(len(out) + 1), Name: adultName(rng), Role: role, Category: category, UnitCode: unit, Phone: pp.phone(rng),
		})
	}
	for _, post := range townPosts {
		add(post, data.MediatorTownCentre, "")
	}
	for range townElders {
		add(elderRole, data.MediatorTownElder, "")
	}
	for _, u := range codes {
		add("书记", data.MediatorCadre, u)
		add("主任", data.MediatorCadre, u)
		add("综治专干", data.MediatorCadre, u)
		add("驻片民警", data.MediatorPolice, u)
		add("驻村律师", data.MediatorLawyer, u)
		for range 1 + rng.IntN(2) {
			add(elderRole, data.MediatorElder, u)
		}
	}
	return out
}
