package data

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// 回访 methods: a home visit (入户) or a phone call (电话).
const (
	FollowupVisit = "visit"
	FollowupPhone = "phone"
)

// Whether the parties did what the agreement or resolution asked of them:
// 已履行, 部分履行, 未履行.
const (
	PerformedYes    = "yes"
	PerformedPartly = "partly"
	PerformedNo     = "no"
)

// The parties' satisfaction: 满意, 基本满意, 不满意.
const (
	SatisfactionSatisfied    = "satisfied"
	SatisfactionBasically    = "basically_satisfied"
	SatisfactionDissatisfied = "dissatisfied"
)

// FollowupMethods, Performances and Satisfactions list the codes of each
// enumeration of a Followup.
var (
	FollowupMethods = []string{FollowupVisit, FollowupPhone}
	Performances    = []string{PerformedYes, PerformedPartly, PerformedNo}
	Satisfactions   = []string{SatisfactionSatisfied, SatisfactionBasically, SatisfactionDissatisfied}
)

// MaxFollowups is the most 回访 records one incident may have.
const MaxFollowups = 100

// Followup is one verification visit or call (回访) of a resolved
// incident: how it was made, whether the parties were reached and, when
// they were, whether the resolution was carried out and how satisfied they
// are. Note is personal information, masked like the incident's own text.
type Followup struct {
	ID           int64     `json:"id"`
	IncidentID   int64     `json:"incident_id"`
	Method       string    `json:"method"`       // FollowupVisit or FollowupPhone
	Reached      bool      `json:"reached"`      // whether the parties were reached
	Performed    string    `json:"performed"`    // PerformedYes, PerformedPartly or PerformedNo; "" when not reached
	Satisfaction string    `json:"satisfaction"` // one of Satisfactions; "" when not reached
	Passed       bool      `json:"passed"`       // FollowupPassed of the above
	Note         string    `json:"note"`
	RecorderID   int64     `json:"recorder_id"` // who made it
	At           time.Time `json:"at"`          // when it was made
}

// FollowupPassed is the rule of a passed 回访: the parties performed the
// resolution in full and are not dissatisfied.
func FollowupPassed(performed, satisfaction string) bool {
	return performed == PerformedYes && satisfaction != SatisfactionDissatisfied
}

// FollowupFailed reports whether f, a checked 回访, failed: the parties
// were reached and it did not pass. An unreached attempt neither passes
// nor fails.
func FollowupFailed(f Followup) bool {
	return f.Reached && !f.Passed
}

// NewFollowup returns the record AddFollowup stores for f, or EINVALID
// naming the field at fault: an unknown method, performance or
// satisfaction, either of the latter missing when the parties were reached
// or given when they were not, a negative recorder or a note past
// MaxMediationNote. At defaults to now; Passed is FollowupPassed's.
func NewFollowup(f *Followup, now time.Time) (Followup, error) {
	if f == nil {
		return Followup{}, Errorf(EINVALID, "There is no 回访 to add.")
	}
	n := *f
	switch {
	case !slices.Contains(FollowupMethods, n.Method):
		return n, FieldErrorf("method", "Unknown method %q; use one of %s.", n.Method, strings.Join(FollowupMethods, ", "))
	case n.Reached && !slices.Contains(Performances, n.Performed):
		return n, FieldErrorf("performed", "Unknown performance %q; use one of %s.", n.Performed, strings.Join(Performances, ", "))
	case n.Reached && !slices.Contains(Satisfactions, n.Satisfaction):
		return n, FieldErrorf("satisfaction", "Unknown satisfaction %q; use one of %s.", n.Satisfaction, strings.Join(Satisfactions, ", "))
	case !n.Reached && n.Performed != "":
		return n, FieldErrorf("performed", "The parties were not reached: leave the performance out.")
	case !n.Reached && n.Satisfaction != "":
		return n, FieldErrorf("satisfaction", "The parties were not reached: leave the satisfaction out.")
	case n.RecorderID < 0:
		return n, FieldErrorf("recorder_id", "There is no user %d.", n.RecorderID)
	}
	if err := CheckText("note", n.Note, MaxMediationNote); err != nil {
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
	if n >= MaxFollowups {
		return FieldErrorf("incident_id", "The incident has %d 回访 records already, the most it may have.", n)
	}
	return nil
}

// FollowupNote is the timeline note of a 回访: "passed", "not reached",
// or "failed: " with the performance and satisfaction that failed it.
func FollowupNote(f Followup) string {
	switch {
	case f.Passed:
		return "passed"
	case !f.Reached:
		return "not reached"
	}
	return fmt.Sprintf("failed: performed %s, satisfaction %s", f.Performed, f.Satisfaction)
}
