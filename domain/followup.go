package domain

import (
	"fmt"
	"gridmap/data"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FollowupPassed is the rule of a passed 回访: the parties performed the
// resolution in full and are not dissatisfied.
func FollowupPassed(performed, satisfaction string) bool {
	return performed == data.PerformedYes && satisfaction != data.SatisfactionDissatisfied
}

// FollowupFailed reports whether f, a checked 回访, failed: the parties
// were reached and it did not pass. An unreached attempt neither passes
// nor fails.
func FollowupFailed(f data.Followup) bool {
	return f.Reached && !f.Passed
}

// NewFollowup returns the record AddFollowup stores for f, or EINVALID
// naming the field at fault: an unknown method, performance or
// satisfaction, either of the latter missing when the parties were reached
// or given when they were not, a negative recorder or a note past
// MaxMediationNote. At defaults to now; Passed is FollowupPassed's.
func NewFollowup(f *data.Followup, now time.Time) (data.Followup, error) {
	if f == nil {
		return data.Followup{}, data.Errorf(data.EINVALID, "There is no 回访 to add.")
	}
	n := *f
	switch {
	case !slices.Contains(data.FollowupMethods, n.Method):
		return n, data.FieldErrorf("method", "Unknown method %q; use one of %s.", n.Method, strings.Join(data.FollowupMethods, ", "))
	case n.Reached && !slices.Contains(data.Performances, n.Performed):
		return n, data.FieldErrorf("performed", "Unknown performance %q; use one of %s.", n.Performed, strings.Join(data.Performances, ", "))
	case n.Reached && !slices.Contains(data.Satisfactions, n.Satisfaction):
		return n, data.FieldErrorf("satisfaction", "Unknown satisfaction %q; use one of %s.", n.Satisfaction, strings.Join(data.Satisfactions, ", "))
	case !n.Reached && n.Performed != "":
		return n, data.FieldErrorf("performed", "The parties were not reached: leave the performance out.")
	case !n.Reached && n.Satisfaction != "":
		return n, data.FieldErrorf("satisfaction", "The parties were not reached: leave the satisfaction out.")
	case n.RecorderID < 0:
		return n, data.FieldErrorf("recorder_id", "There is no user %d.", n.RecorderID)
	}
	if err := CheckText("note", n.Note, data.MaxMediationNote); err != nil {
		return n, err
	}
	n.ID = 0
	n.Passed = n.Reached && FollowupPassed(n.Performed, n.Satisfaction)
	n.At = StoredTime(OrTime(n.At, now))
	return n, nil
}

// CheckFollowupCount returns EINVALID naming "incident_id" when an
// incident holding n 回访 records already is full (MaxFollowups).
func CheckFollowupCount(n int) error {
	if n >= data.MaxFollowups {
		return data.FieldErrorf("incident_id", "The incident has %d 回访 records already, the most it may have.", n)
	}
	return nil
}

// FollowupNote is the timeline note of a 回访: "passed", "not reached",
// or "failed: " with the performance and satisfaction that failed it.
func FollowupNote(f data.Followup) string {
	switch {
	case f.Passed:
		return "passed"
	case !f.Reached:
		return "not reached"
	}
	return fmt.Sprintf("failed: performed %s, satisfaction %s", f.Performed, f.Satisfaction)
}

// CheckFollowupOn returns ECONFLICT unless an incident in status may take
// a 回访: only a resolved one may; then EINVALID when it holds n 回访
// records already (CheckFollowupCount).
func CheckFollowupOn(status string, n int) error {
	if status != data.StatusResolved {
		return data.Errorf(data.ECONFLICT, "The incident is %s: only a resolved incident has a 回访.", strconv.Quote(status))
	}
	return CheckFollowupCount(n)
}

// Followed returns in, resolved, as 回访 f (checked by NewFollowup) leaves
// it, and the events f appends by its recorder (named actorName): the
// 回访's own; a passed one sets FollowupPassedAt; a failed one
// (FollowupFailed) takes in back to mediating as a transition does (a new
// stage, no resolution time), with a transition event whose note is the
// reason.
func Followed(in data.Incident, f data.Followup, actorName string) (data.Incident, []data.IncidentEvent) {
	e := data.IncidentEvent{IncidentID: f.IncidentID, At: f.At, ActorID: f.RecorderID, ActorName: actorName,
		Kind: data.EventFollowup, Note: FollowupNote(f)}
	es := []data.IncidentEvent{e}
	if f.Passed {
		at := f.At
		in.FollowupPassedAt = &at
	}
	if FollowupFailed(f) { // never with f.Passed
		in.Status, in.StageSince, in.ResolvedAt, in.FollowupPassedAt = data.StatusMediating, f.At, nil, nil
		e.Kind, e.From, e.To, e.Note = data.EventTransition, data.StatusResolved, data.StatusMediating, "回访 "+e.Note
		es = append(es, e)
	}
	return in, es
}
