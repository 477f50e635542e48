package sample

import (
	"math/rand/v2"
	"slices"

	"gridmap/data"
	"gridmap/domain"
)

const mediationPCG = 0x6d6564 // "med"

// lawyerType reports whether the unit's resident lawyer (驻村律师) takes
// on incidents of the type: the default types that turn on law
// (data.IncidentType.Legal), disputes over rights, contracts and money.
func lawyerType(name string) bool {
	t, _ := domain.LookupIncidentType(nil, name)
	return t.Legal
}

// Town centre posts that take on escalated incidents: the centre's head for
// disputes, the petitions office for petitions.
const (
	escalatedDisputePost  = "综治中心主任"
	escalatedPetitionPost = "信访办主任"
)

// unitStaff are a unit's mediators by what they are picked for.
type unitStaff struct {
	lawyer int64
	first  []int64 // cadres and elders, who take on the other types
	all    []int64
}

// assignMediators gives every incident that got past reported 1-2
// mediators of its unit: the resident lawyer for lawyerType, else one of
// the cadres or elders, and now and then a second one of the unit. An
// escalated incident has one of the unit's and one of the town centre's.
// Reported incidents have none yet. It draws from a stream of its own, so
// that the incidents themselves come out as before.
func assignMediators(d *data.Dataset) {
	rng := rand.New(rand.NewPCG(mediationPCG, 1))
	unitOf := make(map[string]string, len(d.Cells))
	for _, c := range d.Cells {
		unitOf[c.Code] = c.UnitCode
	}
	staff, town := byUnit(d.Mediators)
	for i := range d.Incidents {
		in := &d.Incidents[i]
		assign(rng, in, staff[unitOf[in.CellCode]], town)
	}
}

// assign gives one incident its mediators (see assignMediators): u are its
// unit's, town the town centre's by post.
func assign(rng *rand.Rand, in *data.Incident, u *unitStaff, town map[string]int64) {
	in.Mediators = []int64{}
	if in.Status == data.StatusReported {
		return
	}
	first := u.lawyer
	if !lawyerType(in.Type) {
		first = u.first[rng.IntN(len(u.first))]
	}
	in.Mediators = append(in.Mediators, first)
	switch {
	case in.Status == data.StatusEscalated && in.Kind == data.KindPetition:
		in.Mediators = append(in.Mediators, town[escalatedPetitionPost])
	case in.Status == data.StatusEscalated:
		in.Mediators = append(in.Mediators, town[escalatedDisputePost])
	case rng.IntN(100) < 30:
		second := u.all[rng.IntN(len(u.all))]
		if second != first {
			in.Mediators = append(in.Mediators, second)
		}
	}
	slices.Sort(in.Mediators)
}
