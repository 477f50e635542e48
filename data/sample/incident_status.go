package sample

import (
	"math/rand/v2"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

const day24 = 24 * time.Hour

// describe turns a draft into an incident: source and kind, parties from
// the cell's residents, texts, and a status that fits its age: incidents
// older than 90 days are nearly all resolved or closed, recent ones mostly
// still open.
func describe(rng *rand.Rand, d *data.Dataset, adults [][]int, dr draft) data.Incident {
	c := &d.Cells[dr.cell]
	t := dr.typ
	weights := sourceWeights
	if t.petitions {
		weights = petitionWeights
	}
	in := data.Incident{Type: t.name, Source: sources[pickWeighted(rng, weights)], CellCode: c.Code}
	in.Kind = domain.KindOf(in.Source)
	topic := t.topics[rng.IntN(len(t.topics))]
	if dr.planted {
		topic = plantedTopics[t.name]
	}
	pool := adults[dr.cell]
	ai := pool[rng.IntN(len(pool))]
	a := d.Residents[ai]
	in.Parties = []string{a.Name}
	in.Location = a.Location
	switch {
	case dr.planted && plantedCompanies[t.name] != "":
		in.Parties = append(in.Parties, plantedCompanies[t.name])
	case t.counterparty != nil:
		in.Parties = append(in.Parties, t.counterparty[rng.IntN(len(t.counterparty))])
	case t.complaint:
	case t.sameHousehold:
		if b, ok := housemate(d.Residents, ai); ok {
			in.Parties = append(in.Parties, b)
		}
	default:
		for range 10 {
			b := d.Residents[pool[rng.IntN(len(pool))]]
			if b.HouseholdID != a.HouseholdID {
				in.Parties = append(in.Parties, b.Name)
				break
			}
		}
	}
	place := strings.TrimSuffix(c.Name, "网格")
	if c.Kind == data.CellCommunity {
		place = c.UnitName
	}
	in.Summary, in.Description = texts(rng, t, topic, place, c.Kind == data.CellRural, in.Parties)
	settle(rng, &in, dr.reported, t.days)
	return in
}

// housemate returns the name of another adult of resident i's household.
// A household's residents are adjacent in the list.
func housemate(rs []data.Resident, i int) (string, bool) {
	limit := asOf.AddDate(-18, 0, 0).Format("2006-01-02")
	for j := i - 6; j <= i+6; j++ {
		if j >= 0 && j < len(rs) && j != i && rs[j].HouseholdID == rs[i].HouseholdID && rs[j].BirthDate <= limit {
			return rs[j].Name, true
		}
	}
	return "", false
}

// settle sets the status and times of an incident reported at rep.
func settle(rng *rand.Rand, in *data.Incident, rep time.Time, days int) {
	now := periodEnd
	age := now.Sub(rep)
	resolved := rep.Add(time.Duration(1+rng.IntN(2*days))*day24 + seconds(rng, 10*3600))
	closed := resolved.Add(time.Duration(1+rng.IntN(10))*day24 + seconds(rng, 8*3600))
	in.ReportedAt = rep
	switch old := age > 90*day24; {
	case old && rng.IntN(100) < 3:
		in.Status = data.StatusEscalated
		in.UpdatedAt = rep.Add(time.Duration(2+rng.IntN(19))*day24 + seconds(rng, 8*3600))
	case resolved.Before(now) && (old || rng.IntN(100) < 45):
		in.Status, in.UpdatedAt = data.StatusResolved, resolved
		if closed.Before(now) && rng.IntN(100) < 65 {
			// Closed after a passed 回访, as 办结 needs (no draw: the
			// rest of the town stays as it was).
			passed := closed.Add(-2 * time.Hour).UTC()
			in.Status, in.UpdatedAt, in.FollowupPassedAt = data.StatusClosed, closed, &passed
		} else if now.Sub(resolved) > 30*day24 && rep.Unix()%16 != 0 {
			// Resolved more than a month ago: its 回访 passed too, and it
			// waits for 办结, but for about one in sixteen, overdue for
			// its 回访 in every village; the month's resolutions still
			// await theirs (no draw here either).
			passed := resolved.Add(7 * day24).UTC()
			in.FollowupPassedAt = &passed
		}
		r := resolved.UTC()
		in.ResolvedAt = &r
	case age < 2*day24:
		in.Status = []string{data.StatusReported, data.StatusAccepted}[pickWeighted(rng, []int{70, 30})]
	default:
		in.Status = []string{data.StatusReported, data.StatusAccepted, data.StatusMediating, data.StatusEscalated}[pickWeighted(rng, []int{10, 30, 45, 15})]
	}
	switch {
	case in.Status == data.StatusReported:
		in.UpdatedAt = rep
	case in.UpdatedAt.IsZero():
		in.UpdatedAt = rep.Add(seconds(rng, int(age/time.Second)))
	}
	in.UpdatedAt = in.UpdatedAt.UTC()
}

// seconds returns a random whole number of seconds below n.
func seconds(rng *rand.Rand, n int) time.Duration {
	return time.Duration(rng.IntN(max(n, 1))) * time.Second
}
