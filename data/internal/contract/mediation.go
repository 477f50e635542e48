package contract

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
)

// NewMediationRecord returns the record AddMediationRecord stores for r, or
// EINVALID naming the field at fault: no mediator or one listed twice, an
// unknown outcome, an agreement with neither text nor reference, a
// negative recorder, or texts or mediators past their limits
// (data.CheckMediationText). At and CreatedAt default to now; the mediators come
// sorted; times are normalised. Whether the mediators exist is
// CheckMediators's to say.
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
	case n.RecorderID < 0:
		return n, data.FieldErrorf("recorder_id", "There is no user %d.", n.RecorderID)
	}
	if err := data.CheckMediationText(&n); err != nil {
		return n, err
	}
	if err := uniqueIDs(n.MediatorIDs); err != nil {
		return n, err
	}
	now = Time(now)
	n.ID = 0
	n.MediatorIDs = slices.Sorted(slices.Values(n.MediatorIDs))
	n.At, n.CreatedAt = orTime(n.At, now), orTime(n.CreatedAt, now)
	n.FollowUpOn = TimePtr(n.FollowUpOn)
	return n, nil
}

// CheckMediationCount returns EINVALID naming "incident_id" when an
// incident holding n mediation records already is full
// (data.MaxMediationRecords).
func CheckMediationCount(n int) error {
	if n >= data.MaxMediationRecords {
		return data.FieldErrorf("incident_id", "The incident has %d mediation records already, the most it may have.", n)
	}
	return nil
}

// uniqueIDs returns EINVALID naming "mediators" when an ID repeats.
func uniqueIDs(ids []int64) error {
	for i, m := range ids {
		if slices.Contains(ids[:i], m) {
			return data.FieldErrorf("mediators", "Mediator %d is listed twice.", m)
		}
	}
	return nil
}

// AssignedIDs returns ids sorted and never nil, or EINVALID naming
// "mediators" when one repeats or there are more than data.MaxMediators:
// the set AssignMediators stores.
func AssignedIDs(ids []int64) ([]int64, error) {
	if err := data.CheckCount("mediators", len(ids), data.MaxMediators); err != nil {
		return nil, err
	}
	if err := uniqueIDs(ids); err != nil {
		return nil, err
	}
	return IDs(slices.Sorted(slices.Values(ids))), nil
}

// CheckMediators returns EINVALID naming "mediators" for the first of ids
// that is not among found (the IDs a store found in its mediators table).
func CheckMediators(ids, found []int64) error {
	for _, m := range ids {
		if !slices.Contains(found, m) {
			return data.FieldErrorf("mediators", "There is no mediator %d.", m)
		}
	}
	return nil
}

// CheckVersion returns EINVALID naming "version" for a negative version.
func CheckVersion(version int64) error {
	if version < 0 {
		return data.FieldErrorf("version", "The version must not be negative.")
	}
	return nil
}

// AssignedNote is the note of an "assigned" event: the mediator IDs,
// comma-separated, or "" when none remain.
func AssignedNote(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// CheckReassign returns EINVALID naming the field at fault for a
// reassignment without a cell or reason, or with a reason longer than
// data.MaxReason.
func CheckReassign(cellCode, reason string, version int64) error {
	switch {
	case cellCode == "":
		return data.FieldErrorf("cell", "A cell code is required.")
	case strings.TrimSpace(reason) == "":
		return data.FieldErrorf("reason", "A reason is required.")
	}
	if err := data.CheckText("reason", reason, data.MaxReason); err != nil {
		return err
	}
	return CheckVersion(version)
}

// ReassignChecks returns EINVALID naming "cell" when the new cell does not
// exist or is the one the incident is in (data.CheckReassignTo).
func ReassignChecks(from, to string, exists bool) error {
	if !exists {
		return data.FieldErrorf("cell", "There is no cell %s.", to)
	}
	return data.CheckReassignTo(from, to)
}
