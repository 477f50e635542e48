package data

import (
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
