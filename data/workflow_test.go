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

// TestNeedsReason: every move back, up or aside needs a note; moving on
// does not.
func TestNeedsReason(t *testing.T) {
	want := map[[2]string]bool{
		{StatusAccepted, StatusReported}: true, {StatusMediating, StatusReported}: true, {StatusDuplicate, StatusReported}: true,
		{StatusAccepted, StatusEscalated}: true, {StatusMediating, StatusEscalated}: true, {StatusEscalated, StatusEscalated}: true,
		{StatusReported, StatusDuplicate}: true, {StatusAccepted, StatusDuplicate}: true,
		{StatusResolved, StatusMediating}: true, {StatusClosed, StatusMediating}: true, {StatusEscalated, StatusAccepted}: true,
	}
	for _, from := range Statuses {
		for _, to := range NextStatuses(from, 0) {
			if got := NeedsReason(from, to); got != want[[2]string{from, to}] {
				t.Errorf("NeedsReason(%s, %s) = %v; want %v", from, to, got, !got)
			}
		}
	}
}

// TestRoleMayTransition: a cadre escalates once (to the town centre), the
// leader on to the district; a mediator only takes up and resolves; a
// viewer moves nothing.
func TestRoleMayTransition(t *testing.T) {
	cases := []struct {
		role, from string
		escalation int
		to         string
		want       bool
	}{
		{RoleUnitCadre, StatusAccepted, 0, StatusEscalated, true},
		{RoleUnitCadre, StatusMediating, 1, StatusEscalated, false},
		{RoleUnitCadre, StatusEscalated, 1, StatusMediating, false},
		{RoleLeader, StatusEscalated, 1, StatusEscalated, true},
		{RoleLeader, StatusAccepted, 0, StatusEscalated, false},
		{RoleLeader, StatusResolved, 0, StatusClosed, true},
		{RoleMediator, StatusAccepted, 0, StatusMediating, true},
		{RoleMediator, StatusEscalated, 1, StatusMediating, false},
		{RoleMediator, StatusResolved, 0, StatusClosed, false},
		{RoleAdmin, StatusClosed, 0, StatusMediating, true},
		{RoleViewer, StatusReported, 0, StatusAccepted, false},
		{RoleGridWorker, StatusReported, 0, StatusAccepted, false},
	}
	for _, c := range cases {
		if got := RoleMayTransition(c.role, c.from, c.escalation, c.to); got != c.want {
			t.Errorf("RoleMayTransition(%s, %s, %d, %s) = %v; want %v", c.role, c.from, c.escalation, c.to, got, c.want)
		}
	}
}
