package data

import (
	"time"
)

// Mediation outcomes: an agreement reached (调解成功, usually with a
// written 调解协议书), none reached, or more sessions to come.
const (
	OutcomeAgreement   = "agreement"
	OutcomeNoAgreement = "no_agreement"
	OutcomeOngoing     = "ongoing"
)

// Outcomes lists every mediation outcome.
var Outcomes = []string{OutcomeAgreement, OutcomeNoAgreement, OutcomeOngoing}

// MediationRecord is one mediation session of an incident (调解记录): who
// mediated, when, and what came of it. AgreementText, Note and the parties
// named in them are personal information.
type MediationRecord struct {
	ID            int64      `json:"id"`
	IncidentID    int64      `json:"incident_id"`
	MediatorIDs   []int64    `json:"mediators"` // who mediated, ascending; at least one
	At            time.Time  `json:"at"`        // when the session took place
	Outcome       string     `json:"outcome"`   // OutcomeAgreement, OutcomeNoAgreement or OutcomeOngoing
	AgreementText string     `json:"agreement_text"`
	AgreementRef  string     `json:"agreement_ref"` // 调解协议书编号
	FollowUpOn    *time.Time `json:"follow_up_on"`  // 回访日期, when a follow-up visit is due
	Note          string     `json:"note"`
	// AmountAgreed is the money the agreement settles (涉及金额), 0 when
	// none or no agreement: the monthly statistics sum it.
	AmountAgreed Fen `json:"amount_agreed"`
	// PreventedCrime marks a mediation that kept the dispute from turning
	// criminal (防止民转刑), PreventedPetition one that kept it from a
	// mass petition (防止群体性上访): the monthly statistics count them.
	PreventedCrime    bool      `json:"prevented_crime"`
	PreventedPetition bool      `json:"prevented_petition"`
	RecorderID        int64     `json:"recorder_id"` // the user who recorded it
	CreatedAt         time.Time `json:"created_at"`
}
