package domain

import (
	"gridmap/data"
	"reflect"
	"slices"
	"testing"
	"time"
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

// TestCheckCurrent: a write for a version or status the incident has left
// is ECONFLICT naming where the incident is now; 0 and "" match any.
func TestCheckCurrent(t *testing.T) {
	in := &data.Incident{Status: data.StatusMediating, Version: 3}
	for _, tt := range []struct {
		name    string
		version int64
		from    string
		stale   bool
	}{
		{"any version, any status", 0, "", false},
		{"its version", 3, "", false},
		{"its status", 0, data.StatusMediating, false},
		{"an older version", 2, "", true},
		{"a version from the future", 4, data.StatusMediating, true},
		{"a status it left", 3, data.StatusAccepted, true},
	} {
		err := CheckCurrent(in, tt.version, tt.from)
		if got := data.ErrorCode(err); tt.stale != (got == data.ECONFLICT) || !tt.stale && err != nil {
			t.Errorf("CheckCurrent(%s) = %v; want a conflict %v", tt.name, err, tt.stale)
		}
		if want := `The incident is now "mediating" (version 3).`; tt.stale && data.ErrorMessage(err) != want {
			t.Errorf("CheckCurrent(%s) message = %q; want %q", tt.name, data.ErrorMessage(err), want)
		}
	}
}

// TestTransitioned: what each move sets, keeps and clears, and the event
// it appends; a stale or unclosable move changes nothing.
func TestTransitioned(t *testing.T) {
	before := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	at := time.Date(2024, 3, 2, 8, 0, 0, 0, time.UTC)
	in := func(kind, status string, escalation int, resolved, passed, reply *time.Time) data.Incident {
		return data.Incident{ID: 5, Kind: kind, Status: status, Version: 2, StageSince: before, Escalation: escalation,
			ResolvedAt: resolved, FollowupPassedAt: passed, ReplySince: reply}
	}
	d, p := data.KindDispute, data.KindPetition
	for _, tt := range []struct {
		name     string
		in       data.Incident
		to       string
		dup      int64
		want     data.Incident
		conflict bool
	}{
		{"accepting a dispute", in(d, data.StatusReported, 0, nil, nil, nil), data.StatusAccepted, 0,
			in(d, data.StatusAccepted, 0, nil, nil, nil), false},
		{"accepting a petition starts its reply clock", in(p, data.StatusReported, 0, nil, nil, nil), data.StatusAccepted, 0,
			in(p, data.StatusAccepted, 0, nil, nil, &at), false},
		{"a reply clock runs on", in(p, data.StatusAccepted, 0, nil, nil, &before), data.StatusMediating, 0,
			in(p, data.StatusMediating, 0, nil, nil, &before), false},
		{"resolving", in(d, data.StatusMediating, 0, nil, nil, nil), data.StatusResolved, 0,
			in(d, data.StatusResolved, 0, &at, nil, nil), false},
		{"closing keeps the resolution and the 回访", in(d, data.StatusResolved, 0, &before, &before, nil), data.StatusClosed, 0,
			in(d, data.StatusClosed, 0, &before, &before, nil), false},
		{"closing without a passed 回访", in(d, data.StatusResolved, 0, &before, nil, nil), data.StatusClosed, 0,
			in(d, data.StatusResolved, 0, &before, nil, nil), true},
		{"reopening clears both", in(d, data.StatusResolved, 0, &before, &before, nil), data.StatusMediating, 0,
			in(d, data.StatusMediating, 0, nil, nil, nil), false},
		{"escalating", in(d, data.StatusMediating, 0, nil, nil, nil), data.StatusEscalated, 0,
			in(d, data.StatusEscalated, 1, nil, nil, nil), false},
		{"escalating at the top", in(d, data.StatusEscalated, data.MaxEscalation, nil, nil, nil), data.StatusEscalated, 0,
			in(d, data.StatusEscalated, data.MaxEscalation, nil, nil, nil), false},
		{"returning to the village", in(d, data.StatusEscalated, 2, nil, nil, nil), data.StatusAccepted, 0,
			in(d, data.StatusAccepted, 0, nil, nil, nil), false},
		{"a stale status", in(d, data.StatusAccepted, 0, nil, nil, nil), data.StatusResolved, 0,
			in(d, data.StatusAccepted, 0, nil, nil, nil), true},
	} {
		from := tt.in.Status
		if tt.conflict && from == data.StatusAccepted { // the move was meant for the incident as it was
			from = data.StatusMediating
		}
		tr := data.Transition{IncidentID: 5, From: from, To: tt.to, DuplicateOf: tt.dup, Version: 2, At: at,
			ActorID: 9, ActorName: "王五", Note: "为何"}
		got, e, err := Transitioned(tt.in, tr)
		if tt.conflict {
			if data.ErrorCode(err) != data.ECONFLICT || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Transitioned(%s) = %+v, %v; want it unchanged, ECONFLICT", tt.name, got, err)
			}
			continue
		}
		tt.want.StageSince = at
		want := data.IncidentEvent{IncidentID: 5, At: at, ActorID: 9, ActorName: "王五", Kind: data.EventTransition,
			From: from, To: tt.to, Note: "为何"}
		if err != nil || !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(e, []data.IncidentEvent{want}) {
			t.Errorf("Transitioned(%s) = %+v, %+v, %v; want %+v, %+v", tt.name, got, e, err, tt.want, want)
		}
	}
}

// TestReassigned: the incident moves, leaving its nearby cell behind; not
// to the cell it is in.
func TestReassigned(t *testing.T) {
	in := data.Incident{CellCode: "A", NearCell: "B", NearDistanceM: 30}
	got, note, err := Reassigned(in, "C", " 走错了 ")
	if want := (data.Incident{CellCode: "C"}); err != nil || !reflect.DeepEqual(got, want) || note != "from A to C: 走错了" {
		t.Errorf("Reassigned(A to C) = %+v, %q, %v; want %+v, %q", got, note, err, want, "from A to C: 走错了")
	}
	if _, _, err := Reassigned(in, "A", "x"); data.ErrorCode(err) != data.EINVALID || err.(*data.Error).Field != "cell" {
		t.Errorf("Reassigned(A to A) = %v; want EINVALID naming cell", err)
	}
}

// TestCheckOriginal: a report may be filed as a duplicate of any incident
// but a duplicate, whose message names the original to name instead.
func TestCheckOriginal(t *testing.T) {
	for _, st := range data.Statuses {
		in := data.Incident{ID: 7, Status: st}
		if st == data.StatusDuplicate {
			in.DuplicateOf = 3
		}
		err := CheckOriginal(&in)
		switch {
		case st != data.StatusDuplicate && err != nil:
			t.Errorf("CheckOriginal(%s) = %v; want nil", st, err)
		case st == data.StatusDuplicate && data.ErrorMessage(err) != "Incident 7 is itself a duplicate of incident 3; name that one.":
			t.Errorf("CheckOriginal(%s) = %v; want EINVALID naming incident 3", st, err)
		}
	}
}
