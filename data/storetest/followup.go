package storetest

import (
	"fmt"
	"testing"
	"time"

	"gridmap/data"
)

// testFollowups: a 回访 of a resolved incident comes back as stored with
// its rule's verdict and a "followup" event by its recorder; an unreached
// attempt changes nothing else; a failed one takes the incident back to
// mediating in the same write, with a transition event naming the reason;
// a passed one leaves it resolved. Only a resolved incident has one.
// Followups reads those of several incidents at once; an unknown one has
// none.
func testFollowups(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	before, err := s.Incident(ctx, 2)
	ok(t, "Incident(2)", err)

	missed := &data.Followup{IncidentID: 2, Method: data.FollowupPhone, RecorderID: 11,
		At: time.Date(2024, 4, 2, 9, 0, 0, 0, cst)}
	in, err := s.AddFollowup(ctx, missed, before.Version)
	ok(t, "AddFollowup(not reached)", err)
	if in.Status != data.StatusResolved || in.Version != before.Version+1 {
		t.Errorf("AddFollowup(not reached) = %s, version %d; want resolved, %d", in.Status, in.Version, before.Version+1)
	}
	if e := lastEvent(t, s, 2); e.Kind != data.EventFollowup || e.Note != "not reached" || e.ActorID != 11 {
		t.Errorf("event of AddFollowup(not reached) = %+v; want a followup event, not reached, by 11", e)
	}
	wantCode(t, "AddFollowup(stale version)", func() error {
		_, err := s.AddFollowup(ctx, &data.Followup{IncidentID: 2, Method: data.FollowupPhone}, before.Version)
		return err
	}(), data.ECONFLICT)

	failed := &data.Followup{IncidentID: 2, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedPartly,
		Satisfaction: data.SatisfactionBasically, Note: "赔偿款尚欠一半", RecorderID: 11, At: time.Date(2024, 4, 3, 9, 0, 0, 0, cst)}
	in, err = s.AddFollowup(ctx, failed, 0)
	ok(t, "AddFollowup(failed)", err)
	if failed.Passed || in.Status != data.StatusMediating || in.ResolvedAt != nil {
		t.Errorf("AddFollowup(failed) = passed %v, incident %s resolved at %v; want failed, mediating, no resolution",
			failed.Passed, in.Status, in.ResolvedAt)
	}
	es, err := s.IncidentEvents(ctx, 2)
	ok(t, "IncidentEvents(2)", err)
	last2 := es[len(es)-2:]
	if last2[0].Kind != data.EventFollowup || last2[1].Kind != data.EventTransition ||
		last2[1].From != data.StatusResolved || last2[1].To != data.StatusMediating ||
		last2[1].Note != "回访 failed: performed partly, satisfaction basically_satisfied" {
		t.Errorf("events of AddFollowup(failed) = %+v; want the followup, then resolved to mediating with the reason", last2)
	}
	wantCode(t, "AddFollowup(mediating)", func() error {
		_, err := s.AddFollowup(ctx, &data.Followup{IncidentID: 2, Method: data.FollowupPhone}, 0)
		return err
	}(), data.ECONFLICT)

	in, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 2, From: data.StatusMediating, To: data.StatusResolved,
		At: time.Date(2024, 4, 10, 9, 0, 0, 0, cst)})
	ok(t, "TransitionIncident(2 resolved again)", err)
	passed := &data.Followup{IncidentID: 2, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedYes,
		Satisfaction: data.SatisfactionBasically, RecorderID: 11, At: time.Date(2024, 4, 20, 9, 0, 0, 0, cst)}
	in, err = s.AddFollowup(ctx, passed, in.Version)
	ok(t, "AddFollowup(passed)", err)
	if !passed.Passed || in.Status != data.StatusResolved {
		t.Errorf("AddFollowup(passed) = passed %v, incident %s; want passed, resolved", passed.Passed, in.Status)
	}
	want := []data.Followup{
		{ID: missed.ID, IncidentID: 2, Method: data.FollowupPhone, RecorderID: 11, At: time.Date(2024, 4, 2, 1, 0, 0, 0, time.UTC)},
		{ID: failed.ID, IncidentID: 2, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedPartly,
			Satisfaction: data.SatisfactionBasically, Note: "赔偿款尚欠一半", RecorderID: 11, At: time.Date(2024, 4, 3, 1, 0, 0, 0, time.UTC)},
		{ID: passed.ID, IncidentID: 2, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedYes,
			Satisfaction: data.SatisfactionBasically, Passed: true, RecorderID: 11, At: time.Date(2024, 4, 20, 1, 0, 0, 0, time.UTC)},
	}
	got, err := s.Followups(ctx, 2)
	ok(t, "Followups(2)", err)
	equal(t, "Followups(2)", got, want)
	// Those of several incidents at once; an unknown one has none.
	got, err = s.Followups(ctx, 99, 2, 1)
	ok(t, "Followups(99, 2, 1)", err)
	equal(t, "Followups(99, 2, 1)", got, want)
	for _, ids := range [][]int64{{1}, {99}, nil} {
		got, err = s.Followups(ctx, ids...)
		ok(t, fmt.Sprint("Followups", ids), err)
		equal(t, fmt.Sprint("Followups", ids), got, []data.Followup{})
	}
}

// testFollowupInvalid: a 回访 with a field out of its enumeration, or the
// parties' answers when they were not reached, is refused naming the
// field, and stores nothing.
func testFollowupInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	for _, c := range []struct {
		f     data.Followup
		field string
	}{
		{data.Followup{Method: "letter"}, "method"},
		{data.Followup{Method: data.FollowupVisit, Reached: true, Performed: "mostly", Satisfaction: data.SatisfactionSatisfied}, "performed"},
		{data.Followup{Method: data.FollowupVisit, Reached: true, Performed: data.PerformedYes}, "satisfaction"},
		{data.Followup{Method: data.FollowupPhone, Performed: data.PerformedYes}, "performed"},
		{data.Followup{Method: data.FollowupPhone, Satisfaction: data.SatisfactionSatisfied}, "satisfaction"},
		{data.Followup{Method: data.FollowupPhone, Note: "\x00"}, "note"},
	} {
		c.f.IncidentID = 2
		_, err := s.AddFollowup(ctx, &c.f, 0)
		wantField(t, "AddFollowup("+c.field+")", err, data.EINVALID, c.field)
	}
	_, err := s.AddFollowup(ctx, &data.Followup{IncidentID: 99, Method: data.FollowupPhone}, 0)
	wantCode(t, "AddFollowup(incident 99)", err, data.ENOTFOUND)
	got, err := s.Followups(ctx, 2)
	ok(t, "Followups(2)", err)
	equal(t, "Followups(2) after refusals", got, []data.Followup{})
}
