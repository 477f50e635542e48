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
