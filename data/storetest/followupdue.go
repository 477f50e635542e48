package storetest

import (
	"testing"
	"time"

	"gridmap/data"
)

// testFollowupDue: a resolved incident awaits its 回访 until a passed one:
// the overdue filter selects it until then, and the store refuses to close
// it (ECONFLICT naming "followup"), an unreached attempt being no 回访. A
// passed 回访 sets FollowupPassedAt, which closing keeps and reopening
// clears, so a case resolved again needs a 回访 again. A ledger import
// writes a closed status without one.
func testFollowupDue(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	far := utc(2030, 1, 1, 0)
	overdue := func(call string, want ...int64) {
		t.Helper()
		list, _, err := s.Incidents(ctx, data.IncidentFilter{StageBefore: map[string]time.Time{data.StatusResolved: far}})
		ok(t, call, err)
		var ids []int64
		for _, in := range list {
			ids = append(ids, in.ID)
		}
		equal(t, call, ids, want)
	}
	closing := func(version int64) error {
		_, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 2, From: data.StatusResolved, To: data.StatusClosed,
			Version: version, ActorID: 7, At: time.Date(2024, 4, 25, 9, 0, 0, 0, cst)})
		return err
	}
	overdue("Incidents(resolved overdue)", 2)
	in, err := s.Incident(ctx, 2)
	ok(t, "Incident(2)", err)
	if in.FollowupPassedAt != nil {
		t.Errorf("Incident(2).FollowupPassedAt = %v; want nil before a 回访", in.FollowupPassedAt)
	}
	wantField(t, "TransitionIncident(2 closed, no 回访)", closing(in.Version), data.ECONFLICT, "followup")
	wantField(t, "TransitionIncident(2 closed, no 回访, any version)", closing(0), data.ECONFLICT, "followup")
	wantCode(t, "TransitionIncident(2 closed, stale version)", closing(in.Version-1), data.ECONFLICT)

	_, err = s.AddFollowup(ctx, &data.Followup{IncidentID: 2, Method: data.FollowupPhone, RecorderID: 11,
		At: time.Date(2024, 4, 2, 9, 0, 0, 0, cst)}, 0)
	ok(t, "AddFollowup(not reached)", err)
	wantField(t, "TransitionIncident(2 closed, not reached)", closing(0), data.ECONFLICT, "followup")
	overdue("Incidents(resolved overdue, not reached)", 2)

	passedAt := time.Date(2024, 4, 20, 9, 0, 0, 0, cst)
	in, err = s.AddFollowup(ctx, &data.Followup{IncidentID: 2, Method: data.FollowupVisit, Reached: true,
		Performed: data.PerformedYes, Satisfaction: data.SatisfactionSatisfied, RecorderID: 11, At: passedAt}, 0)
	ok(t, "AddFollowup(passed)", err)
	if in.FollowupPassedAt == nil || !in.FollowupPassedAt.Equal(passedAt) {
		t.Errorf("AddFollowup(passed).FollowupPassedAt = %v; want %v", in.FollowupPassedAt, passedAt)
	}
	overdue("Incidents(resolved overdue, passed)")
	stored, err := s.Incident(ctx, 2)
	ok(t, "Incident(2)", err)
	equal(t, "Incident(2) after a passed 回访", *stored, *in)

	in, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 2, From: data.StatusResolved, To: data.StatusClosed,
		Version: in.Version, ActorID: 7, At: time.Date(2024, 4, 25, 9, 0, 0, 0, cst)})
	ok(t, "TransitionIncident(2 closed, passed)", err)
	if in.FollowupPassedAt == nil || !in.FollowupPassedAt.Equal(passedAt) {
		t.Errorf("TransitionIncident(2 closed).FollowupPassedAt = %v; want %v kept", in.FollowupPassedAt, passedAt)
	}
	for _, step := range []struct{ from, to string }{
		{data.StatusClosed, data.StatusMediating}, {data.StatusMediating, data.StatusResolved},
	} {
		in, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 2, From: step.from, To: step.to, ActorID: 7,
			Note: "重新办理", At: time.Date(2024, 5, 1, 9, 0, 0, 0, cst)})
		ok(t, "TransitionIncident(2 "+step.to+")", err)
		if in.FollowupPassedAt != nil {
			t.Errorf("TransitionIncident(2 %s).FollowupPassedAt = %v; want nil", step.to, in.FollowupPassedAt)
		}
	}
	wantField(t, "TransitionIncident(2 closed, resolved again)", closing(0), data.ECONFLICT, "followup")
	overdue("Incidents(resolved overdue, resolved again)", 2)

	// Ledgers: a closed row is created closed, and a row turning closed is
	// written so, neither needing a 回访; one recorded in the app before
	// stays with the case closed.
	ledger := importedLedger()
	ledger[1].Status = data.StatusClosed
	ledger[1].ResolvedAt = &ledger[1].UpdatedAt
	_, err = s.ImportIncidents(ctx, ledger)
	ok(t, "ImportIncidents(closed)", err)
	_, err = s.AddFollowup(ctx, &data.Followup{IncidentID: 8, Method: data.FollowupPhone, Reached: true,
		Performed: data.PerformedYes, Satisfaction: data.SatisfactionSatisfied, RecorderID: 11, At: passedAt}, 0)
	ok(t, "AddFollowup(8 passed)", err)
	ledger[0].Status = data.StatusClosed
	_, err = s.ImportIncidents(ctx, ledger)
	ok(t, "ImportIncidents(resolved to closed)", err)
	for _, tt := range []struct {
		id     int64
		passed bool
	}{{8, true}, {9, false}} {
		in, err := s.Incident(ctx, tt.id)
		ok(t, "Incident(imported)", err)
		if in.Status != data.StatusClosed || (in.FollowupPassedAt != nil) != tt.passed {
			t.Errorf("Incident(%d) = %s, 回访 passed at %v; want closed, a 回访 passed: %v", tt.id, in.Status, in.FollowupPassedAt, tt.passed)
		}
	}
}
