package domain

import (
	"gridmap/data"
	"slices"
	"time"
)

// Schedule is the stage deadlines counted on the working-day calendar: a
// status listed in Days is due at the end of that many working days after
// the day it was entered (WorkdaysDue: the day itself is not counted, as
// 《信访工作条例》 counts its 60 days), any other status after its elapsed
// duration in Hours. Like Deadlines, only HasDeadline statuses have deadlines, and
// StageBefore is the exact inverse of Overdue. A nil Calendar counts Monday
// to Friday.
//
// A petition has its own deadline besides (ReplyDays > 0): while its reply
// clock runs (RunsReplyClock), it is due ReplyDays calendar days after
// its ReplySince (CalendarDaysDue), whatever stage it is in; its other
// stages keep theirs.
type Schedule struct {
	Hours     Deadlines
	Days      map[string]int
	Calendar  *data.Calendar
	ReplyDays int
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
	if s.ReplyDays > 0 && RunsReplyClock(in) {
		return CalendarDaysDue(s.Calendar, *in.ReplySince, s.ReplyDays), true
	}
	return s.DueAt(in.Status, in.StageSince)
}

// ReplyBefore returns the IncidentFilter.ReplyBefore that selects exactly
// the petitions whose reply is overdue at now, and false when petitions
// have no deadline of their own (ReplyDays 0).
func (s Schedule) ReplyBefore(now time.Time) (time.Time, bool) {
	if s.ReplyDays <= 0 {
		return time.Time{}, false
	}
	return CalendarDaysBefore(s.Calendar, now, s.ReplyDays), true
}

// OverdueFilter sets f's StageBefore and ReplyBefore to select exactly
// the incidents IncidentOverdue reports at now.
func (s Schedule) OverdueFilter(f *data.IncidentFilter, now time.Time) {
	f.StageBefore = s.StageBefore(now)
	f.ReplyBefore = nil
	if t, ok := s.ReplyBefore(now); ok {
		f.ReplyBefore = &t
	}
}

// IncidentOverdue reports whether in is overdue at now: IncidentDue gives
// a deadline and now is past it.
func (s Schedule) IncidentOverdue(in *data.Incident, now time.Time) bool {
	due, ok := s.IncidentDue(in)
	return ok && now.After(due)
}

// StageDue is the deadline of one stage of an incident's history, the
// stage an event (its creation, a transition) began.
type StageDue struct {
	DueAt time.Time
	// Late says the stage was left after its deadline, or, for the
	// stage the incident is in, that it is overdue now (IncidentOverdue).
	// A past 化解 stage is never late here: its deadline is the 回访's,
	// which a passed 回访 meets before the case leaves the stage.
	Late bool
}

// StageDues returns, by event ID, the deadline of each stage that events
// (in's timeline, oldest first) began and that has one: its creation began
// reported, a transition its To status, from the event's time until the
// next such event, or now for the last. A case created as a duplicate
// (its creation the last such event, in another status) has none.
func (s Schedule) StageDues(in *data.Incident, events []data.IncidentEvent, now time.Time) map[int64]StageDue {
	type start struct {
		id     int64
		status string
		at     time.Time
	}
	var starts []start
	for _, e := range events {
		switch e.Kind {
		case data.EventCreated:
			starts = append(starts, start{e.ID, data.StatusReported, e.At})
		case data.EventTransition:
			starts = append(starts, start{e.ID, e.To, e.At})
		}
	}
	out := map[int64]StageDue{}
	for k, st := range starts {
		last := k == len(starts)-1
		due, ok := s.DueAt(st.status, st.at)
		if s.ReplyDays > 0 && in.Kind == data.KindPetition && in.ReplySince != nil &&
			slices.Contains(data.ReplyStatuses, st.status) && !st.at.Before(AcceptedAt(in)) {
			// a stage of the reply clock: due with the reply
			due, ok = CalendarDaysDue(s.Calendar, *in.ReplySince, s.ReplyDays), true
		}
		if !ok || last && st.status != in.Status {
			continue
		}
		sd := StageDue{DueAt: due}
		switch {
		case last:
			sd.Late = s.IncidentOverdue(in, now)
		case st.status != data.StatusResolved:
			sd.Late = starts[k+1].at.After(due)
		}
		out[st.id] = sd
	}
	return out
}
