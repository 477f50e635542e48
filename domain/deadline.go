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

// DefaultWorkDays are the stage deadlines of the town's practice counted in
// working days: the 回访 of a resolved incident is due 15 working days
// after 化解.
func DefaultWorkDays() map[string]int {
	return map[string]int{data.StatusResolved: 15}
}

// DefaultDeadlines are the stage deadlines of the town's practice: accept a
// report within a day, start mediating within three, resolve within 15 days
// (half the month customary in people's mediation), and settle an
// escalated case within 30.
func DefaultDeadlines() Deadlines {
	day := 24 * time.Hour
	return Deadlines{
		data.StatusReported:  day,
		data.StatusAccepted:  3 * day,
		data.StatusMediating: 15 * day,
		data.StatusEscalated: 30 * day,
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
