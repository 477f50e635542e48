package data

import (
	"testing"
	"time"
)

// TestDeadlines: DueAt, Overdue and StageBefore agree, and only open
// statuses have deadlines, whatever the map holds.
func TestDeadlines(t *testing.T) {
	d := Deadlines{StatusReported: 24 * time.Hour, StatusClosed: time.Hour}
	stage := time.Date(2026, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if due, ok := d.DueAt(StatusReported, stage); !ok || !due.Equal(stage.Add(24*time.Hour)) || due.Location() != time.UTC {
		t.Errorf("DueAt(reported) = %v, %v; want %v in UTC", due, ok, stage.Add(24*time.Hour))
	}
	for _, st := range []string{StatusClosed, StatusAccepted, StatusResolved} {
		if due, ok := d.DueAt(st, stage); ok {
			t.Errorf("DueAt(%s) = %v; want no deadline", st, due)
		}
	}
	for _, st := range Statuses {
		for _, after := range []time.Duration{0, time.Hour, 24 * time.Hour, 24*time.Hour + time.Microsecond, 100 * time.Hour} {
			now := stage.Add(after)
			before, listed := d.StageBefore(now)[st]
			filtered := listed && stage.Before(before)
			if got := d.Overdue(st, stage, now); got != filtered {
				t.Errorf("Overdue(%s, +%v) = %v; StageBefore selects it: %v", st, after, got, filtered)
			}
			if want := st == StatusReported && after > 24*time.Hour; d.Overdue(st, stage, now) != want {
				t.Errorf("Overdue(%s, +%v) = %v; want %v", st, after, !want, want)
			}
		}
	}
}
