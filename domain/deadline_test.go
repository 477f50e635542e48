package domain

import (
	"gridmap/data"
	"testing"
	"time"
)

// TestDeadlines: DueAt, Overdue and StageBefore agree, and only open
// statuses have deadlines, whatever the map holds.
func TestDeadlines(t *testing.T) {
	d := Deadlines{data.StatusReported: 24 * time.Hour, data.StatusClosed: time.Hour}
	stage := time.Date(2026, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if due, ok := d.DueAt(data.StatusReported, stage); !ok || !due.Equal(stage.Add(24*time.Hour)) || due.Location() != time.UTC {
		t.Errorf("DueAt(reported) = %v, %v; want %v in UTC", due, ok, stage.Add(24*time.Hour))
	}
	for _, st := range []string{data.StatusClosed, data.StatusAccepted, data.StatusResolved} {
		if due, ok := d.DueAt(st, stage); ok {
			t.Errorf("DueAt(%s) = %v; want no deadline", st, due)
		}
	}
	for _, st := range data.Statuses {
		for _, after := range []time.Duration{0, time.Hour, 24 * time.Hour, 24*time.Hour + time.Microsecond, 100 * time.Hour} {
			now := stage.Add(after)
			before, listed := d.StageBefore(now)[st]
			filtered := listed && stage.Before(before)
			if got := d.Overdue(st, stage, now); got != filtered {
				t.Errorf("Overdue(%s, +%v) = %v; StageBefore selects it: %v", st, after, got, filtered)
			}
			if want := st == data.StatusReported && after > 24*time.Hour; d.Overdue(st, stage, now) != want {
				t.Errorf("Overdue(%s, +%v) = %v; want %v", st, after, !want, want)
			}
		}
	}
}

// TestFollowupDeadline: resolved has a deadline, the 回访's, which holds
// only while the incident awaits a passed 回访; closed still has none.
func TestFollowupDeadline(t *testing.T) {
	stage := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	s := Schedule{Hours: Deadlines{data.StatusClosed: time.Hour}, Days: DefaultWorkDays()}
	in := data.Incident{Status: data.StatusResolved, StageSince: stage}
	due, ok := s.IncidentDue(&in)
	if want := time.Date(2026, 3, 23, 16, 0, 0, 0, time.UTC); !ok || !due.Equal(want) { // end of the 15th working day, CST
		t.Errorf("IncidentDue(resolved) = %v, %v; want %v", due, ok, want)
	}
	later := stage.AddDate(0, 1, 0)
	if !s.IncidentOverdue(&in, later) || s.IncidentOverdue(&in, stage) {
		t.Errorf("IncidentOverdue(resolved) = %v a month on, %v at once; want true, false",
			s.IncidentOverdue(&in, later), s.IncidentOverdue(&in, stage))
	}
	passed := later
	in.FollowupPassedAt = &passed
	if due, ok := s.IncidentDue(&in); ok || s.IncidentOverdue(&in, later) {
		t.Errorf("IncidentDue(resolved, 回访 passed) = %v, %v; want no deadline", due, ok)
	}
	in.Status = data.StatusClosed
	if due, ok := s.IncidentDue(&in); ok {
		t.Errorf("IncidentDue(closed) = %v; want no deadline", due)
	}
}

// TestDefaultWorkDays: every stage's default deadline counts working days
// on the official calendar, as the rules count them (hand-worked dates on
// China's 2026 calendar).
func TestDefaultWorkDays(t *testing.T) {
	cal, err := NewCalendar(China2026())
	if err != nil {
		t.Fatal(err)
	}
	s := Schedule{Days: DefaultWorkDays(), Calendar: cal}
	for _, st := range data.DeadlineStatuses {
		if _, ok := s.Days[st]; !ok {
			t.Errorf("DefaultWorkDays has no deadline for %s", st)
		}
	}
	cst := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, data.ChinaTime) }
	tests := []struct {
		name, status string
		since, due   time.Time
	}{
		{"a report on a Friday evening is due at the end of Monday", data.StatusReported, cst(3, 6, 20), cst(3, 10, 0)},
		{"acceptance before 清明 starts mediating after it", data.StatusAccepted, cst(4, 3, 9), cst(4, 10, 0)},
		{"mediation over 中秋 and 国庆 counts the make-up Saturday", data.StatusMediating, cst(9, 24, 15), cst(10, 23, 0)},
		{"an escalated case has 30 working days", data.StatusEscalated, cst(3, 2, 9), cst(4, 15, 0)},
		{"the 回访 is due 15 working days after 化解", data.StatusResolved, cst(3, 2, 9), cst(3, 24, 0)},
	}
	for _, tt := range tests {
		due, ok := s.DueAt(tt.status, tt.since)
		if !ok || !due.Equal(tt.due) {
			t.Errorf("%s: DueAt(%s, %v) = %v, %v; want %v", tt.name, tt.status, tt.since, due.In(data.ChinaTime), ok, tt.due)
		}
		for _, now := range []time.Time{tt.due.Add(-time.Minute), tt.due, tt.due.Add(time.Minute)} {
			before := s.StageBefore(now)[tt.status]
			if got, want := s.Overdue(tt.status, tt.since, now), now.After(tt.due); got != want || got != tt.since.Before(before) {
				t.Errorf("%s: Overdue at %v = %v, StageBefore selects it: %v; want %v", tt.name, now, got, tt.since.Before(before), want)
			}
		}
	}
	if s.Overdue(data.StatusReported, cst(3, 6, 20), cst(3, 8, 23)) {
		t.Error("a report made on a Friday evening is overdue on Sunday night")
	}
}

// TestStageDues: each stage of a timeline has its deadline on the event
// that began it, late when left after it or, for the current stage, when
// overdue now (hand-worked on China's 2026 calendar).
func TestStageDues(t *testing.T) {
	cal, err := NewCalendar(China2026())
	if err != nil {
		t.Fatal(err)
	}
	s := Schedule{Days: DefaultWorkDays(), Calendar: cal}
	cst := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, data.ChinaTime) }
	events := []data.IncidentEvent{
		{ID: 1, Kind: data.EventCreated, At: cst(3, 6, 20)},
		{ID: 2, Kind: data.EventTransition, From: data.StatusReported, To: data.StatusAccepted, At: cst(3, 10, 9)},
		{ID: 3, Kind: data.EventAssigned, At: cst(3, 10, 10)},
		{ID: 4, Kind: data.EventTransition, From: data.StatusAccepted, To: data.StatusMediating, At: cst(3, 11, 10)},
	}
	in := data.Incident{Status: data.StatusMediating, StageSince: cst(3, 11, 10)}
	want := map[int64]StageDue{
		1: {DueAt: cst(3, 10, 0), Late: true}, // a Friday evening's report, accepted on Tuesday: late
		2: {DueAt: cst(3, 14, 0)},             // accepted, mediating the next day
		4: {DueAt: cst(4, 2, 0)},              // in mediation, 15 working days
	}
	check := func(now time.Time, want map[int64]StageDue) {
		t.Helper()
		got := s.StageDues(&in, events, now)
		if len(got) != len(want) {
			t.Errorf("StageDues at %v = %v; want %v", now, got, want)
		}
		for id, w := range want {
			if g, ok := got[id]; !ok || !g.DueAt.Equal(w.DueAt) || g.Late != w.Late {
				t.Errorf("StageDues at %v [event %d] = %+v; want %+v", now, id, g, w)
			}
		}
	}
	check(cst(3, 12, 9), want)
	want[4] = StageDue{DueAt: cst(4, 2, 0), Late: true}
	check(cst(4, 2, 1), want)
	// Created as a duplicate: no stage with a deadline.
	dup := data.Incident{Status: data.StatusDuplicate}
	if got := s.StageDues(&dup, events[:1], cst(4, 2, 1)); len(got) != 0 {
		t.Errorf("StageDues(created as a duplicate) = %v; want none", got)
	}
}
