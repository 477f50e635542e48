package data

import (
	"slices"
	"testing"
)

// TestTransitionGraph spells out the whole workflow as the issue describes
// it, so that a change to the graph is a deliberate change to this table.
func TestTransitionGraph(t *testing.T) {
	want := map[string][]string{
		StatusReported:  {StatusAccepted, StatusDuplicate},
		StatusAccepted:  {StatusMediating, StatusEscalated, StatusReported, StatusDuplicate},
		StatusMediating: {StatusResolved, StatusEscalated, StatusReported},
		StatusEscalated: {StatusMediating, StatusEscalated, StatusAccepted},
		StatusResolved:  {StatusClosed, StatusMediating},
		StatusClosed:    {StatusMediating},
		StatusDuplicate: {StatusReported},
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			legal := slices.Contains(want[from], to)
			if got := CanTransition(from, to, 0); got != legal {
				t.Errorf("CanTransition(%s, %s, 0) = %v; want %v", from, to, got, legal)
			}
		}
	}
	for _, from := range Statuses {
		if from != StatusResolved && CanTransition(from, StatusClosed, 0) {
			t.Errorf("closed is reachable from %s; only from resolved", from)
		}
	}
	if CanTransition(StatusEscalated, StatusEscalated, MaxEscalation) {
		t.Errorf("an incident at the district can be escalated further")
	}
	if got := NextStatuses(StatusEscalated, MaxEscalation); slices.Contains(got, StatusEscalated) {
		t.Errorf("NextStatuses(escalated, max) = %v; want no further escalation", got)
	}
}
