package stats

import (
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

// TestMediationMonth: a hand-worked month. Four accepted cases of the
// default 邻里纠纷 (邻里), one of 劳资 (劳动争议), one of a type no longer
// configured (其他), a case still awaiting acceptance and a duplicate
// (left out).
func TestMediationMonth(t *testing.T) {
	agree := func(fen data.Fen, crime, petition bool) data.MediationRecord {
		return data.MediationRecord{Outcome: data.OutcomeAgreement, AmountAgreed: fen, PreventedCrime: crime, PreventedPetition: petition}
	}
	ongoing := data.MediationRecord{Outcome: data.OutcomeOngoing}
	failed := data.MediationRecord{Outcome: data.OutcomeNoAgreement, PreventedCrime: true}
	cases := []MediationCase{
		{Type: "邻里纠纷", Status: data.StatusClosed, Records: []data.MediationRecord{ongoing, agree(50000, true, false)}},
		{Type: "邻里纠纷", Status: data.StatusResolved, Records: []data.MediationRecord{agree(1050, false, false), agree(25, false, true)}},
		{Type: "邻里纠纷", Status: data.StatusMediating, Records: []data.MediationRecord{failed, failed}},
		{Type: "邻里纠纷", Status: data.StatusAccepted},
		{Type: "劳资", Status: data.StatusEscalated, Records: []data.MediationRecord{failed}},
		{Type: "山洪", Status: data.StatusClosed, Records: []data.MediationRecord{agree(1, false, false)}},
		{Type: "邻里纠纷", Status: data.StatusReported, Records: []data.MediationRecord{agree(999, true, true)}},
		{Type: "邻里纠纷", Status: data.StatusDuplicate, Records: []data.MediationRecord{agree(999, true, true)}},
	}
	got := MediationMonth(cases, domain.DefaultIncidentTypes())
	if len(got.Rows) != len(data.MediationCategories) {
		t.Fatalf("MediationMonth rows = %d; want one per category, %d", len(got.Rows), len(data.MediationCategories))
	}
	f := func(x float64) *float64 { return &x }
	want := map[string]MediationRow{
		"neighbour": {Category: "neighbour", Name: "邻里", English: "Neighbours", Accepted: 4, Mediated: 2, SuccessRate: f(0.5),
			AmountAgreed: 51075, PreventedCrime: 2, PreventedPetition: 1},
		"labour": {Category: "labour", Name: "劳动争议", English: "Labour disputes", Accepted: 1, SuccessRate: f(0), PreventedCrime: 1},
		"other":  {Category: "other", Name: "其他", English: "Other", Accepted: 1, Mediated: 1, SuccessRate: f(1), AmountAgreed: 1},
	}
	for i, r := range got.Rows {
		if r.Category != data.MediationCategories[i].Code {
			t.Errorf("MediationMonth row %d = %s; want %s, in the report's order", i, r.Category, data.MediationCategories[i].Code)
		}
		w, ok := want[r.Category]
		if !ok {
			c := data.MediationCategories[i]
			w = MediationRow{Category: c.Code, Name: c.Name, English: c.English}
		}
		checkRow(t, r, w)
	}
	checkRow(t, got.Total, MediationRow{Category: "total", Name: "合计", English: "Total", Accepted: 6, Mediated: 3, SuccessRate: f(0.5),
		AmountAgreed: 51076, PreventedCrime: 3, PreventedPetition: 1})
}

func checkRow(t *testing.T, got, want MediationRow) {
	t.Helper()
	gr, wr := got.SuccessRate, want.SuccessRate
	got.SuccessRate, want.SuccessRate = nil, nil
	if got != want || (gr == nil) != (wr == nil) || (gr != nil && *gr != *wr) {
		t.Errorf("MediationMonth row %s = %+v (rate %v); want %+v (rate %v)", want.Category, got, ptr(gr), want, ptr(wr))
	}
}

func ptr(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
