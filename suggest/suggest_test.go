package suggest

import (
	"slices"
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

func TestMediators(t *testing.T) {
	const unit = "500110119206"
	ms := []data.Mediator{
		{ID: 1, Name: "赵政法", Role: "政法书记", Category: data.MediatorTownCentre},
		{ID: 5, Name: "钱顾问", Role: "法律顾问", Category: data.MediatorTownCentre},
		{ID: 9, Name: "孙乡贤", Role: "乡贤和议员", Category: data.MediatorTownElder},
		{ID: 20, Name: "李书记", Role: "书记", Category: data.MediatorCadre, UnitCode: unit},
		{ID: 23, Name: "周民警", Role: "驻片民警", Category: data.MediatorPolice, UnitCode: unit},
		{ID: 24, Name: "吴律师", Role: "驻村律师", Category: data.MediatorLawyer, UnitCode: unit},
		{ID: 25, Name: "郑乡贤", Role: "乡贤和议员", Category: data.MediatorElder, UnitCode: unit},
		{ID: 30, Name: "王书记", Role: "书记", Category: data.MediatorCadre, UnitCode: "500110119207"},
	}
	ids := func(ss []Suggestion) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.Mediator.ID)
		}
		return out
	}
	cases := []struct {
		name string
		in   data.Incident
		want []int64
	}{
		{"neighbours: the unit's elder, police, secretary; no lawyer lead, no town, no other unit",
			data.Incident{Type: "邻里纠纷", Status: data.StatusAccepted}, []int64{25, 23, 20, 24}},
		{"land: the resident lawyer first",
			data.Incident{Type: "土地山林权属", Status: data.StatusAccepted}, []int64{24, 25, 20, 23}},
		{"a party is never suggested",
			data.Incident{Type: "土地山林权属", Status: data.StatusAccepted, Parties: []string{"吴律师", "张三"}}, []int64{25, 20, 23}},
		{"escalated land dispute: the town centre's legal staff lead, then the rest of the centre",
			data.Incident{Type: "征地拆迁", Status: data.StatusEscalated, Escalation: 1}, []int64{5, 9, 1, 24, 25, 20, 23}},
		{"already assigned: continuity puts the secretary ahead of the elder",
			data.Incident{Type: "其他", Status: data.StatusMediating, Mediators: []int64{20}}, []int64{20, 25, 24, 23}},
	}
	for _, c := range cases {
		typ, _ := domain.LookupIncidentType(domain.DefaultIncidentTypes(), c.in.Type)
		got := Mediators(&c.in, typ, unit, ms)
		if g := ids(got); len(g) != len(c.want) || !equalIDs(g, c.want) {
			t.Errorf("%s: Mediators = %v; want %v", c.name, g, c.want)
		}
		for _, s := range got {
			if len(s.Reasons) == 0 || s.Score <= 0 {
				t.Errorf("%s: mediator %d suggested without a reason", c.name, s.Mediator.ID)
			}
		}
	}
}

func equalIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestMediatorsFollowTheRecord: the type's Legal and Volatile flags decide,
// not its name.
func TestMediatorsFollowTheRecord(t *testing.T) {
	const unit = "500110119206"
	ms := []data.Mediator{
		{ID: 23, Name: "周民警", Role: "驻片民警", Category: data.MediatorPolice, UnitCode: unit},
		{ID: 24, Name: "吴律师", Role: "驻村律师", Category: data.MediatorLawyer, UnitCode: unit},
	}
	codes := func(typ data.IncidentType) []string {
		var out []string
		for _, s := range Mediators(&data.Incident{Type: typ.Name, Status: data.StatusAccepted}, typ, unit, ms) {
			for _, r := range s.Reasons {
				out = append(out, r.Code)
			}
		}
		return out
	}
	got := codes(data.IncidentType{Name: "宅基地纠纷", Legal: true, Volatile: true})
	if !slices.Contains(got, "lawyer_legal") || !slices.Contains(got, "police_safety") {
		t.Errorf("reasons for a legal, volatile type = %v; want lawyer_legal and police_safety", got)
	}
	got = codes(data.IncidentType{Name: "土地山林权属"})
	if slices.Contains(got, "lawyer_legal") || slices.Contains(got, "police_safety") {
		t.Errorf("reasons for a type without flags = %v; want neither lawyer_legal nor police_safety", got)
	}
}
