package sample

import (
	"slices"
	"testing"

	"gridmap/data"
)

// TestIncidentMediators: reported incidents have no mediator yet; the
// others one or two in ascending order, of the incident's unit, the
// resident lawyer for the types a lawyer takes on, and for escalated ones
// one of the town centre's.
func TestIncidentMediators(t *testing.T) {
	d := dataset(t)
	mediators := make(map[int64]data.Mediator)
	for _, m := range d.Mediators {
		mediators[m.ID] = m
	}
	unitOf := make(map[string]string)
	for _, c := range d.Cells {
		unitOf[c.Code] = c.UnitCode
	}
	var twos, escalated, lawyers int
	for _, in := range d.Incidents {
		ms := in.Mediators
		if in.Status == data.StatusReported {
			if ms == nil || len(ms) != 0 {
				t.Fatalf("reported incident %d has mediators %#v; want an empty list", in.ID, ms)
			}
			continue
		}
		if len(ms) < 1 || len(ms) > 2 || !slices.IsSorted(ms) || len(ms) == 2 && ms[0] == ms[1] {
			t.Fatalf("incident %d (%s) has mediators %v; want 1-2 distinct ones, ascending", in.ID, in.Status, ms)
		}
		if len(ms) == 2 {
			twos++
		}
		var unit, town int
		hasLawyer := false
		for _, id := range ms {
			m, ok := mediators[id]
			switch {
			case !ok:
				t.Fatalf("incident %d has unknown mediator %d", in.ID, id)
			case m.UnitCode == unitOf[in.CellCode]:
				unit++
				hasLawyer = hasLawyer || m.Category == data.MediatorLawyer
			case m.Category == data.MediatorTownCentre:
				town++
			default:
				t.Fatalf("incident %d in unit %s has mediator %+v of elsewhere", in.ID, unitOf[in.CellCode], m)
			}
		}
		if in.Status == data.StatusEscalated {
			escalated++
			if unit != 1 || town != 1 {
				t.Fatalf("escalated incident %d has mediators %v; want one of its unit and one of the town centre", in.ID, ms)
			}
		} else if unit != len(ms) {
			t.Fatalf("%s incident %d has mediators %v; want only its unit's", in.Status, in.ID, ms)
		}
		if lawyerType(in.Type) {
			lawyers++
			if !hasLawyer {
				t.Fatalf("%s incident %d has mediators %v; want the unit's resident lawyer among them", in.Type, in.ID, ms)
			}
		}
	}
	if twos == 0 || escalated == 0 || lawyers == 0 {
		t.Errorf("%d incidents with two mediators, %d escalated, %d for lawyers; want some of each", twos, escalated, lawyers)
	}
}
