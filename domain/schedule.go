package domain

import (
	"gridmap/data"
	"time"
)

// Schedule is the stage deadlines counted on the working-day calendar: a
// status listed in Days is due at the end of that many working days after
// the day it was entered (WorkdaysDue: the day itself is not counted, as
// 《信访工作条例》 counts its 60 days), any other status after its elapsed
// duration in Hours. Like Deadlines, only HasDeadline statuses have deadlines, and
// StageBefore is the exact inverse of Overdue. A nil Calendar counts Monday
// to Friday.
type Schedule struct {
	Hours    Deadlines
	Days     map[string]int
	Calendar *data.Calendar
}

// DueAt returns when an incident that entered status at stageSince is due
// to leave it, in UTC, and false when that status has no deadline.
func (s Schedule) DueAt(status string, stageSince time.Time) (time.Time, bool) {
	if n, ok := s.Days[status]; ok && HasDeadline(status) {
		return WorkdaysDue(s.Calendar, stageSince, n), true
	}
	return s.Hours.DueAt(status, stageSince)
}

// Overdue reports whether an incident that entered status at stageSince is
// overdue at now: its status has a deadline and now is past it.
func (s Schedule) Overdue(status string, stageSince, now time.Time) bool {
	due, ok := s.DueAt(status, stageSince)
	return ok && now.After(due)
}

// StageBefore returns the IncidentFilter.StageBefore that selects exactly
// the incidents Overdue reports at now.
func (s Schedule) StageBefore(now time.Time) map[string]time.Time {
	out := s.Hours.StageBefore(now)
	for status, n := range s.Days {
		if HasDeadline(status) {
			out[status] = WorkdaysBefore(s.Calendar, now, n)
		}
	}
	return out
}

// IncidentDue returns when in is due to leave its current stage, and false
// when that stage has no deadline or its work is done (AwaitsStage: a
// resolved incident whose 回访 passed).
func (s Schedule) IncidentDue(in *data.Incident) (time.Time, bool) {
	if !AwaitsStage(in) {
		return time.Time{}, false
	}
	return s.DueAt(in.Status, in.StageSince)
}

// IncidentOverdue reports whether in is overdue at now: IncidentDue gives
// a deadline and now is past it.
func (s Schedule) IncidentOverdue(in *data.Incident, now time.Time) bool {
	due, ok := s.IncidentDue(in)
	return ok && now.After(due)
}
