package domain

import (
	"gridmap/data"
	"slices"
	"strings"
	"time"
)

// NewMediationRecord returns the record AddMediationRecord stores for r, or
// EINVALID naming the field at fault: no mediator or one listed twice, an
// unknown outcome, an agreement with neither text nor reference, a
// negative amount or one past MaxFen, an amount without an agreement, a
// negative recorder, or texts or mediators past their limits
// (CheckMediationText). At and CreatedAt default to now; the mediators come
// sorted; times are normalised. Whether the mediators exist is
// the store's to say.
func NewMediationRecord(r *data.MediationRecord, now time.Time) (data.MediationRecord, error) {
	if r == nil {
		return data.MediationRecord{}, data.Errorf(data.EINVALID, "There is no mediation record to add.")
	}
	n := *r
	n.AgreementText, n.AgreementRef = strings.TrimSpace(n.AgreementText), strings.TrimSpace(n.AgreementRef)
	switch {
	case len(n.MediatorIDs) == 0:
		return n, data.FieldErrorf("mediators", "Name at least one mediator.")
	case !slices.Contains(data.Outcomes, n.Outcome):
		return n, data.FieldErrorf("outcome", "Unknown outcome %q; use one of %s.", n.Outcome, strings.Join(data.Outcomes, ", "))
	case n.Outcome == data.OutcomeAgreement && n.AgreementText == "" && n.AgreementRef == "":
		return n, data.FieldErrorf("agreement_text", "An agreement needs its text or the number of its agreement (调解协议书编号).")
	case n.AmountAgreed < 0 || n.AmountAgreed > data.MaxFen:
		return n, data.FieldErrorf("amount_agreed", "The amount agreed is at least 0 and at most %s 元.", data.MaxFen.Yuan())
	case n.AmountAgreed != 0 && n.Outcome != data.OutcomeAgreement:
		return n, data.FieldErrorf("amount_agreed", "Only an agreement settles an amount; this session's outcome is %q.", n.Outcome)
	case n.RecorderID < 0:
		return n, data.FieldErrorf("recorder_id", "There is no user %d.", n.RecorderID)
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
	if n >= data.MaxMediationRecords {
		return data.FieldErrorf("incident_id", "The incident has %d mediation records already, the most it may have.", n)
	}
	return nil
}

// checkUniqueMediators returns EINVALID naming "mediators" when an ID repeats.
func checkUniqueMediators(ids []int64) error {
	for i, m := range ids {
		if slices.Contains(ids[:i], m) {
			return data.FieldErrorf("mediators", "Mediator %d is listed twice.", m)
		}
	}
	return nil
}

// AssignedMediators returns ids sorted and never nil, or EINVALID naming
// "mediators" when one repeats or there are more than MaxMediators:
// the set AssignMediators stores.
func AssignedMediators(ids []int64) ([]int64, error) {
	if err := CheckCount("mediators", len(ids), data.MaxMediators); err != nil {
		return nil, err
	}
	if err := checkUniqueMediators(ids); err != nil {
		return nil, err
	}
	return EmptyIfNil(slices.Sorted(slices.Values(ids))), nil
}

// SessionSkew is how far past the server's clock the time of a mediation
// session may lie: a phone's clock may run fast, and its form gives the
// time to the minute.
const SessionSkew = time.Hour

// CheckSessionTime returns EINVALID naming "at" for a session later than
// now (by more than SessionSkew): a record is of a session held, and its
// time dates the agreement (the 司法确认 window) and the monthly figures.
func CheckSessionTime(at, now time.Time) error {
	if at.After(now.Add(SessionSkew)) {
		return data.FieldErrorf("at", "The session's time (%s) is still to come: record a session once it has been held.",
			at.In(data.CST).Format("2006-01-02 15:04"))
	}
	return nil
}
