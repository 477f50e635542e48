package storetest

import (
	"fmt"
	"testing"
	"time"

	"gridmap/data"
)

// testPetitionDeadline: a petition's reply clock starts at its first
// 受理 and runs on through its later stages; the overdue filter times it by
// the clock alone when ReplyBefore is given (by its stage otherwise, as a
// dispute), and IncidentFacts carries it. ExtendReply extends it once, by
// 1 to 30 days with a reason, moving the clock on, bumping the version and
// adding an "extended" event; bad days, no reason, a stale version, a
// dispute, a petition not accepted and a second extension are refused and
// change nothing.
func testPetitionDeadline(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	accepted := time.Date(2026, 3, 2, 10, 0, 0, 0, cst)
	petition, other := report(), report()
	petition.Source = data.SourcePetition
	petition.ReportedAt, other.ReportedAt = accepted.Add(-time.Hour), accepted.Add(-time.Hour)
	created, _, err := s.CreateIncident(ctx, petition, "")
	ok(t, "CreateIncident(petition)", err)
	id := created.ID
	if created.Kind != data.KindPetition || created.ReplySince != nil || created.ExtensionDays != 0 {
		t.Fatalf("CreateIncident(信访) = kind %q, reply since %v, extension %d; want a petition with no clock yet", created.Kind, created.ReplySince, created.ExtensionDays)
	}
	dispute, _, err := s.CreateIncident(ctx, other, "")
	ok(t, "CreateIncident(dispute)", err)
	move := func(id int64, from, to string, at time.Time) *data.Incident {
		t.Helper()
		in, err := s.TransitionIncident(ctx, data.Transition{IncidentID: id, From: from, To: to, ActorID: 11, At: at})
		ok(t, fmt.Sprintf("TransitionIncident(%d, %s -> %s)", id, from, to), err)
		return in
	}
	notYet, err := s.ExtendReply(ctx, data.ReplyExtension{IncidentID: id, Days: 10, Reason: "需补充调查"})
	wantField(t, "ExtendReply(not accepted)", err, data.ECONFLICT, "status")
	if notYet != nil {
		t.Errorf("ExtendReply(not accepted) = %+v; want nil", notYet)
	}
	move(id, data.StatusReported, data.StatusAccepted, accepted)
	in := move(id, data.StatusAccepted, data.StatusMediating, accepted.Add(48*time.Hour))
	if in.ReplySince == nil || !in.ReplySince.Equal(accepted) {
		t.Fatalf("ReplySince after 受理 and mediation = %v; want %v (the 受理)", in.ReplySince, accepted)
	}
	move(dispute.ID, data.StatusReported, data.StatusAccepted, accepted)
	d := move(dispute.ID, data.StatusAccepted, data.StatusMediating, accepted.Add(48*time.Hour))
	if d.ReplySince != nil {
		t.Errorf("a dispute's ReplySince = %v; want nil", d.ReplySince)
	}

	far := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	overdue := func(name string, f data.IncidentFilter, want ...int64) {
		t.Helper()
		f.Cells = []string{CellA1}
		f.Statuses = []string{data.StatusMediating}
		list, _, err := s.Incidents(ctx, f)
		ok(t, "Incidents("+name+")", err)
		got := []int64{}
		for _, in := range list {
			if in.ID == id || in.ID == dispute.ID {
				got = append(got, in.ID)
			}
		}
		equal(t, "Incidents("+name+")", got, append([]int64{}, want...))
	}
	stage := map[string]time.Time{data.StatusMediating: far}
	just := accepted.Add(time.Microsecond)
	overdue("stage only: the petition as a dispute", data.IncidentFilter{StageBefore: stage}, id, dispute.ID)
	overdue("reply clock not run out", data.IncidentFilter{StageBefore: stage, ReplyBefore: &accepted}, dispute.ID)
	overdue("reply clock run out", data.IncidentFilter{StageBefore: stage, ReplyBefore: &just}, id, dispute.ID)
	overdue("reply alone", data.IncidentFilter{StageBefore: map[string]time.Time{}, ReplyBefore: &far}, id)

	current, err := s.Incident(ctx, id)
	ok(t, "Incident", err)
	for _, tt := range []struct {
		name        string
		e           data.ReplyExtension
		code, field string
	}{
		{"no days", data.ReplyExtension{IncidentID: id, Reason: "需补充调查"}, data.EINVALID, "days"},
		{"31 days", data.ReplyExtension{IncidentID: id, Days: 31, Reason: "需补充调查"}, data.EINVALID, "days"},
		{"no reason", data.ReplyExtension{IncidentID: id, Days: 30, Reason: "  "}, data.EINVALID, "reason"},
		{"stale version", data.ReplyExtension{IncidentID: id, Days: 30, Reason: "需补充调查", Version: current.Version - 1}, data.ECONFLICT, ""},
		{"a dispute", data.ReplyExtension{IncidentID: dispute.ID, Days: 30, Reason: "需补充调查"}, data.ECONFLICT, "status"},
		{"unknown incident", data.ReplyExtension{IncidentID: 99999, Days: 30, Reason: "需补充调查"}, data.ENOTFOUND, ""},
	} {
		_, err := s.ExtendReply(ctx, tt.e)
		wantField(t, "ExtendReply("+tt.name+")", err, tt.code, tt.field)
	}
	after, err := s.Incident(ctx, id)
	ok(t, "Incident", err)
	equal(t, "Incident after refused extensions", *after, *current)

	at := accepted.Add(50 * 24 * time.Hour)
	got, err := s.ExtendReply(ctx, data.ReplyExtension{IncidentID: id, Days: 30, Reason: " 需补充调查 ", Version: current.Version,
		ActorID: 11, ActorName: "张伟", At: at})
	ok(t, "ExtendReply", err)
	wantSince := accepted.Add(30 * 24 * time.Hour)
	if got.ExtensionDays != 30 || got.ReplySince == nil || !got.ReplySince.Equal(wantSince) || got.Version != current.Version+1 ||
		!got.UpdatedAt.Equal(at) || got.Status != data.StatusMediating {
		t.Errorf("ExtendReply = extension %d, reply since %v, version %d, updated %v, %s; want 30, %v, %d, %v, mediating",
			got.ExtensionDays, got.ReplySince, got.Version, got.UpdatedAt, got.Status, wantSince, current.Version+1, at)
	}
	e := lastEvent(t, s, id)
	e.ID = 0
	equal(t, "the extension's event", e, data.IncidentEvent{IncidentID: id, At: at.UTC(), ActorID: 11, ActorName: "张伟",
		Kind: data.EventExtended, Note: "30: 需补充调查"})
	_, err = s.ExtendReply(ctx, data.ReplyExtension{IncidentID: id, Days: 1, Reason: "再延一次"})
	wantField(t, "ExtendReply(a second time)", err, data.ECONFLICT, "days")
	overdue("reply clock extended", data.IncidentFilter{StageBefore: stage, ReplyBefore: &just}, dispute.ID)
	later := wantSince.Add(time.Microsecond)
	overdue("extended clock run out", data.IncidentFilter{StageBefore: stage, ReplyBefore: &later}, id, dispute.ID)

	facts := map[int64]time.Time{}
	ok(t, "IncidentFacts", s.IncidentFacts(ctx, func(f *data.IncidentFact) error {
		facts[f.ID] = f.ReplySince
		return nil
	}))
	if !facts[id].Equal(wantSince) || !facts[dispute.ID].IsZero() {
		t.Errorf("IncidentFacts: ReplySince %v (petition), %v (dispute); want %v and zero", facts[id], facts[dispute.ID], wantSince)
	}
	// The clock runs on after an answer and a reopening: it started at 受理.
	move(id, data.StatusMediating, data.StatusResolved, at.Add(time.Hour))
	reopened := move(id, data.StatusResolved, data.StatusMediating, at.Add(2*time.Hour))
	if reopened.ReplySince == nil || !reopened.ReplySince.Equal(wantSince) || reopened.ExtensionDays != 30 {
		t.Errorf("reopened: ReplySince %v, extension %d; want %v, 30", reopened.ReplySince, reopened.ExtensionDays, wantSince)
	}
}

// testTakeSend: a webhook target gets perMinute sends in any minute, then
// none until the oldest is a minute old; targets count apart; calls at
// once (two workers) together never take more.
func testTakeSend(t *testing.T, s data.Store) {
	ctx := t.Context()
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	take := func(target string, at time.Time) bool {
		t.Helper()
		ok2, err := s.TakeSend(ctx, target, at, 3)
		ok(t, "TakeSend("+target+")", err)
		return ok2
	}
	var got []bool
	for i := range 4 {
		got = append(got, take("a", now.Add(time.Duration(i)*time.Second)))
	}
	got = append(got, take("b", now.Add(4*time.Second)), take("a", now.Add(time.Minute)), take("a", now.Add(time.Minute+time.Second)))
	equal(t, "TakeSend(a ×4, b, a a minute after the first, a a minute after the second)", got, []bool{true, true, true, false, true, true, true})

	later := now.Add(time.Hour)
	n := takenAtOnce(t, "TakeSend(c) at once", 10, func() (bool, error) { return s.TakeSend(ctx, "c", later, 3) })
	if n != 3 {
		t.Errorf("10 TakeSend(c) at once took %d; want 3", n)
	}
}
