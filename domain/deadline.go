package domain

import (
	"gridmap/data"
	"time"
)

// Deadlines is how long an open incident may stay in each status before it
// is overdue (gridmap -deadlines). A status without an entry, and every
// status that cannot have one (HasDeadline: closed, duplicate), has no
// deadline; resolved's is the 回访's. This type holds the one
// definition of "overdue" that the incident views, their overdue filter and
// the statistics share.
type Deadlines map[string]time.Duration

// DefaultWorkDays are the stage deadlines of the town's practice, every
// one counted in working days on the calendar the admin keeps, as the rules
// they follow count days: accept a report (受理) by the end of the next
// working day; start mediating within 3 working days of accepting; resolve
// within 15 working days of starting, so that acceptance and mediation
// together stay inside the 30 days people's mediation customarily takes
// (一般在30日内调结); settle an escalated case at the town centre or
// district within 30 working days, half the 60 days 《信访工作条例》 (art.
// 35) allows a petition's handling; and visit the parties (回访) within 15
// working days of 化解. A report made on a Friday evening is thus not
// overdue on Sunday, nor a mediation over the Spring Festival.
func DefaultWorkDays() map[string]int {
	return map[string]int{
		data.StatusReported:  1,
		data.StatusAccepted:  3,
		data.StatusMediating: 15,
		data.StatusEscalated: 30,
		data.StatusResolved:  15,
	}
}

// DueAt returns when an incident that entered status at stageSince is due
// to leave it, in UTC, and false when that status has no deadline (it is
// cannot have one, or it has no entry).
func (d Deadlines) DueAt(status string, stageSince time.Time) (time.Time, bool) {
	limit, ok := d[status]
	if !ok || !HasDeadline(status) {
		return time.Time{}, false
	}
	return stageSince.Add(limit).UTC(), true
}

// Overdue reports whether an incident that entered status at stageSince is
// overdue at now: its status has a deadline and now is past it.
func (d Deadlines) Overdue(status string, stageSince, now time.Time) bool {
	due, ok := d.DueAt(status, stageSince)
	return ok && now.After(due)
}

// StageBefore returns the IncidentFilter.StageBefore that selects exactly
// the incidents Overdue reports at now: for each status with a deadline,
// those that entered it before now less the deadline.
func (d Deadlines) StageBefore(now time.Time) map[string]time.Time {
	out := make(map[string]time.Time, len(d))
	for status, limit := range d {
		if HasDeadline(status) {
			out[status] = now.Add(-limit)
		}
	}
	return out
}
