// Package suggest ranks the mediators who could take a dispute, and says
// why. The rules follow the town's practice ("矛盾纠纷不上交"): the village
// or community's own mediators and elders first, its resident lawyer first
// of all for disputes that turn on law (the incident types marked Legal:
// by default land, contracts, wages, land acquisition), the town centre
// once a case is escalated; never a party to the dispute.
package suggest

import (
	"slices"
	"sort"

	"gridmap/data"
)

// Reason is one ground for a suggestion, with a stable code for the app's
// message catalogue and the Chinese text.
type Reason struct {
	Code   string `json:"code"`
	Text   string `json:"text"`
	Points int    `json:"points"`
}

// Suggestion is a ranked candidate.
type Suggestion struct {
	Mediator data.Mediator `json:"mediator"`
	Score    int           `json:"score"`
	Reasons  []Reason      `json:"reasons"`
}

// Mediators ranks the candidates ms for an incident of type typ in a
// unit; ties keep the order of ms (the stores list mediators by ID). The
// resident lawyer leads where the type is Legal, the police are called in
// early where it is Volatile.
func Mediators(in *data.Incident, typ data.IncidentType, unit string, ms []data.Mediator) []Suggestion {
	legal := typ.Legal
	escalated := in.Status == data.StatusEscalated || in.Escalation > 0
	var out []Suggestion
	for _, m := range ms {
		if slices.Contains(in.Parties, m.Name) {
			continue // a party cannot mediate their own dispute
		}
		var rs []Reason
		add := func(code, text string, points int) { rs = append(rs, Reason{code, text, points}) }
		switch {
		case m.UnitCode == unit:
			add("own_unit", "本村（社区）人民调解员", 50)
			switch m.Category {
			case data.MediatorElder:
				add("elder", "德高望重的乡贤，熟悉乡情", 12)
			case data.MediatorCadre:
				add("cadre", "村（社区）干部，熟悉本地情况", 8)
			case data.MediatorPolice:
				if typ.Volatile {
					add("police_safety", "驻片民警，防止矛盾激化", 10)
				} else {
					add("police", "驻片民警", 2)
				}
			case data.MediatorLawyer:
				if legal {
					add("lawyer_legal", "驻村律师：涉及法律权属、合同或劳资问题", 40)
				} else {
					add("lawyer", "驻村律师", 4)
				}
			}
		case m.UnitCode == "":
			if !escalated {
				continue // the town centre takes cases only once they are escalated
			}
			add("escalated", "已上交镇综治中心", 100)
			switch {
			case m.Category == data.MediatorTownElder:
				add("town_elder", "镇级乡贤和议员", 6)
			case legal && (m.Role == "法律顾问" || m.Role == "司法所长"):
				add("town_legal", "法律专业力量", 12)
			}
		default:
			continue // another unit's mediators
		}
		if slices.Contains(in.Mediators, m.ID) {
			add("assigned", "已分派本案", 5)
		}
		score := 0
		for _, r := range rs {
			score += r.Points
		}
		out = append(out, Suggestion{Mediator: m, Score: score, Reasons: rs})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
