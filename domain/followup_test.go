package domain_test

import (
	"reflect"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// TestFollowupPassed: a 回访 passes when the resolution was performed in full
// and the parties are not dissatisfied, whatever else.
func TestFollowupPassed(t *testing.T) {
	for _, p := range data.Performances {
		for _, sat := range data.Satisfactions {
			want := p == data.PerformedYes && sat != data.SatisfactionDissatisfied
			if got := domain.FollowupPassed(p, sat); got != want {
				t.Errorf("FollowupPassed(%s, %s) = %v; want %v", p, sat, got, want)
			}
		}
	}
}

// TestCheckFollowupOn: only a resolved incident takes a 回访 (ECONFLICT
// first), and then only up to data.MaxFollowups of them.
func TestCheckFollowupOn(t *testing.T) {
	for _, tt := range []struct {
		status string
		n      int
		code   string
	}{
		{data.StatusResolved, 0, ""},
		{data.StatusResolved, data.MaxFollowups - 1, ""},
		{data.StatusResolved, data.MaxFollowups, data.EINVALID},
		{data.StatusMediating, 0, data.ECONFLICT},
		{data.StatusClosed, data.MaxFollowups, data.ECONFLICT},
	} {
		if got := data.ErrorCode(domain.CheckFollowupOn(tt.status, tt.n)); got != tt.code {
			t.Errorf("CheckFollowupOn(%s, %d) = %q; want %q", tt.status, tt.n, got, tt.code)
		}
	}
}

// TestFollowed: a passed 回访 marks the resolution checked; a failed one
// reopens the incident, with a transition event after its own; an
// unreached one changes nothing but the timeline.
func TestFollowed(t *testing.T) {
	resolved := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	at := time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)
	in := data.Incident{ID: 4, Status: data.StatusResolved, StageSince: resolved, ResolvedAt: &resolved}
	event := func(kind, note string) data.IncidentEvent {
		e := data.IncidentEvent{IncidentID: 4, At: at, ActorID: 7, ActorName: "李四", Kind: kind, Note: note}
		if kind == data.EventTransition {
			e.From, e.To = data.StatusResolved, data.StatusMediating
		}
		return e
	}
	passed, reopened := in, in
	passed.FollowupPassedAt = &at
	reopened.Status, reopened.StageSince, reopened.ResolvedAt = data.StatusMediating, at, nil
	for _, tt := range []struct {
		name   string
		f      data.Followup
		want   data.Incident
		events []data.IncidentEvent
	}{
		{"passed", data.Followup{Reached: true, Passed: true}, passed, []data.IncidentEvent{event(data.EventFollowup, "passed")}},
		{"not reached", data.Followup{}, in, []data.IncidentEvent{event(data.EventFollowup, "not reached")}},
		{"failed", data.Followup{Reached: true, Performed: data.PerformedYes, Satisfaction: data.SatisfactionDissatisfied}, reopened,
			[]data.IncidentEvent{event(data.EventFollowup, "failed: performed yes, satisfaction dissatisfied"),
				event(data.EventTransition, "回访 failed: performed yes, satisfaction dissatisfied")}},
	} {
		tt.f.IncidentID, tt.f.RecorderID, tt.f.At = 4, 7, at
		got, events := domain.Followed(in, tt.f, "李四")
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(events, tt.events) {
			t.Errorf("Followed(%s) = %+v, %+v; want %+v, %+v", tt.name, got, events, tt.want, tt.events)
		}
	}
}
