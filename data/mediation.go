package data

import (
	"slices"
	"strings"
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

// NewMediationRecord returns the record AddMediationRecord stores for r, or
// EINVALID naming the field at fault: no mediator or one listed twice, an
// unknown outcome, an agreement with neither text nor reference, a
// negative amount or one past MaxFen, an amount without an agreement, a
// negative recorder, or texts or mediators past their limits
// (CheckMediationText). At and CreatedAt default to now; the mediators come
// sorted; times are normalised. Whether the mediators exist is
// the store's to say.
func NewMediationRecord(r *MediationRecord, now time.Time) (MediationRecord, error) {
	if r == nil {
		return MediationRecord{}, Errorf(EINVALID, "There is no mediation record to add.")
	}
	n := *r
	n.AgreementText, n.AgreementRef = strings.TrimSpace(n.AgreementText), strings.TrimSpace(n.AgreementRef)
	switch {
	case len(n.MediatorIDs) == 0:
		return n, FieldErrorf("mediators", "Name at least one mediator.")
	case !slices.Contains(Outcomes, n.Outcome):
		return n, FieldErrorf("outcome", "Unknown outcome %q; use one of %s.", n.Outcome, strings.Join(Outcomes, ", "))
	case n.Outcome == OutcomeAgreement && n.AgreementText == "" && n.AgreementRef == "":
		return n, FieldErrorf("agreement_text", "An agreement needs its text or the number of its agreement (调解协议书编号).")
	case n.AmountAgreed < 0 || n.AmountAgreed > MaxFen:
		return n, FieldErrorf("amount_agreed", "The amount agreed is at least 0 and at most %s 元.", MaxFen.Yuan())
	case n.AmountAgreed != 0 && n.Outcome != OutcomeAgreement:
		return n, FieldErrorf("amount_agreed", "Only an agreement settles an amount; this session's outcome is %q.", n.Outcome)
	case n.RecorderID < 0:
		return n, FieldErrorf("recorder_id", "There is no user %d.", n.RecorderID)
	}
	if err := CheckMediationText(&n); err != nil {
		return n, err
	}
	if err := checkUniqueMediators(n.MediatorIDs); err != nil {
		return n, err
	}
	n.ID = 0
	n.MediatorIDs = slices.Sorted(slices.Values(n.MediatorIDs))
	n.At, n.CreatedAt = OrTime(n.At, now), OrTime(n.CreatedAt, now)
	n.FollowUpOn = StoredTimePtr(n.FollowUpOn)
	return n, nil
}

// CheckMediationCount returns EINVALID naming "incident_id" when an
// incident holding n mediation records already is full
// (MaxMediationRecords).
func CheckMediationCount(n int) error {
	if n >= MaxMediationRecords {
		return FieldErrorf("incident_id", "The incident has %d mediation records already, the most it may have.", n)
	}
	return nil
}

// checkUniqueMediators returns EINVALID naming "mediators" when an ID repeats.
func checkUniqueMediators(ids []int64) error {
	for i, m := range ids {
		if slices.Contains(ids[:i], m) {
			return FieldErrorf("mediators", "Mediator %d is listed twice.", m)
		}
	}
	return nil
}

// AssignedMediators returns ids sorted and never nil, or EINVALID naming
// "mediators" when one repeats or there are more than MaxMediators:
// the set AssignMediators stores.
func AssignedMediators(ids []int64) ([]int64, error) {
	if err := CheckCount("mediators", len(ids), MaxMediators); err != nil {
		return nil, err
	}
	if err := checkUniqueMediators(ids); err != nil {
		return nil, err
	}
	return EmptyIfNil(slices.Sorted(slices.Values(ids))), nil
}
