package domain

import (
	"gridmap/data"
	"slices"
	"testing"
)

// TestTransitionGraph spells out the whole workflow as the issue describes
// it, so that a change to the graph is a deliberate change to this table.
func TestTransitionGraph(t *testing.T) {
	want := map[string][]string{
		data.StatusReported:  {data.StatusAccepted, data.StatusDuplicate},
		data.StatusAccepted:  {data.StatusMediating, data.StatusEscalated, data.StatusReported, data.StatusDuplicate},
		data.StatusMediating: {data.StatusResolved, data.StatusEscalated, data.StatusReported},
		data.StatusEscalated: {data.StatusMediating, data.StatusEscalated, data.StatusAccepted},
		data.StatusResolved:  {data.StatusClosed, data.StatusMediating},
		data.StatusClosed:    {data.StatusMediating},
		data.StatusDuplicate: {data.StatusReported},
	}
	for _, from := range data.Statuses {
		for _, to := range data.Statuses {
			legal := slices.Contains(want[from], to)
			if got := CanTransition(from, to, 0); got != legal {
				t.Errorf("CanTransition(%s, %s, 0) = %v; want %v", from, to, got, legal)
			}
		}
	}
	for _, from := range data.Statuses {
		if from != data.StatusResolved && CanTransition(from, data.StatusClosed, 0) {
			t.Errorf("closed is reachable from %s; only from resolved", from)
		}
	}
	if CanTransition(data.StatusEscalated, data.StatusEscalated, data.MaxEscalation) {
		t.Errorf("an incident at the district can be escalated further")
	}
	if got := NextStatuses(data.StatusEscalated, data.MaxEscalation); slices.Contains(got, data.StatusEscalated) {
		t.Errorf("NextStatuses(escalated, max) = %v; want no further escalation", got)
	}
}

// TestNeedsReason: every move back, up or aside needs a note; moving on
// does not.
func TestNeedsReason(t *testing.T) {
	want := map[[2]string]bool{
		{data.StatusAccepted, data.StatusReported}: true, {data.StatusMediating, data.StatusReported}: true, {data.StatusDuplicate, data.StatusReported}: true,
		{data.StatusAccepted, data.StatusEscalated}: true, {data.StatusMediating, data.StatusEscalated}: true, {data.StatusEscalated, data.StatusEscalated}: true,
		{data.StatusReported, data.StatusDuplicate}: true, {data.StatusAccepted, data.StatusDuplicate}: true,
		{data.StatusResolved, data.StatusMediating}: true, {data.StatusClosed, data.StatusMediating}: true, {data.StatusEscalated, data.StatusAccepted}: true,
	}
	for _, from := range data.Statuses {
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
		{data.RoleUnitCadre, data.StatusAccepted, 0, data.StatusEscalated, true},
		{data.RoleUnitCadre, data.StatusMediating, 1, data.StatusEscalated, false},
		{data.RoleUnitCadre, data.StatusEscalated, 1, data.StatusMediating, false},
		{data.RoleLeader, data.StatusEscalated, 1, data.StatusEscalated, true},
		{data.RoleLeader, data.StatusAccepted, 0, data.StatusEscalated, false},
		{data.RoleLeader, data.StatusResolved, 0, data.StatusClosed, true},
		{data.RoleMediator, data.StatusAccepted, 0, data.StatusMediating, true},
		{data.RoleMediator, data.StatusEscalated, 1, data.StatusMediating, false},
		{data.RoleMediator, data.StatusResolved, 0, data.StatusClosed, false},
		{data.RoleAdmin, data.StatusClosed, 0, data.StatusMediating, true},
		{data.RoleViewer, data.StatusReported, 0, data.StatusAccepted, false},
		{data.RoleGridWorker, data.StatusReported, 0, data.StatusAccepted, false},
	}
	for _, c := range cases {
		if got := RoleMayTransition(c.role, c.from, c.escalation, c.to); got != c.want {
			t.Errorf("RoleMayTransition(%s, %s, %d, %s) = %v; want %v", c.role, c.from, c.escalation, c.to, got, c.want)
		}
	}
}
