package domain

import (
	"cmp"
	"gridmap/data"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The grassroots workflow (矛盾纠纷不上交): which status may follow which.
// Moving "back" has a name of its own: 退回 sends an accepted or mediating
// incident back to its reporter (to reported) and an escalated one back to
// the village or community (to accepted); reopening (重新办理) takes a
// resolved or closed incident back into mediation; escalating an escalated
// incident sends it on from the town centre to the district.
var transitions = map[string][]string{
	data.StatusReported:  {data.StatusAccepted, data.StatusDuplicate},
	data.StatusAccepted:  {data.StatusMediating, data.StatusEscalated, data.StatusReported, data.StatusDuplicate},
	data.StatusMediating: {data.StatusResolved, data.StatusEscalated, data.StatusReported},
	data.StatusEscalated: {data.StatusMediating, data.StatusEscalated, data.StatusAccepted},
	data.StatusResolved:  {data.StatusClosed, data.StatusMediating},
	data.StatusClosed:    {data.StatusMediating},
	data.StatusDuplicate: {data.StatusReported},
}

// CanTransition reports whether an incident in status from may move to
// status to. An escalated incident may be escalated again only below
// MaxEscalation.
func CanTransition(from, to string, escalation int) bool {
	if from == data.StatusEscalated && to == data.StatusEscalated && escalation >= data.MaxEscalation {
		return false
	}
	return slices.Contains(transitions[from], to)
}

// NextStatuses lists the statuses an incident may move to, in workflow order.
func NextStatuses(from string, escalation int) []string {
	var out []string
	for _, to := range transitions[from] {
		if CanTransition(from, to, escalation) {
			out = append(out, to)
		}
	}
	return out
}

// IsStatus reports whether s is an incident status (one of Statuses).
func IsStatus(s string) bool {
	return slices.Contains(data.Statuses, s)
}

// IsDone reports whether an incident in status s was settled: resolved or
// closed (a duplicate is neither).
func IsDone(s string) bool {
	return s == data.StatusResolved || s == data.StatusClosed
}

// NeedsReason reports whether moving an incident from status from to
// status to needs a note that says why: sending it back (退回), escalating
// it, reopening a resolved or closed one, returning an escalated one to
// the village, or marking it a duplicate.
func NeedsReason(from, to string) bool {
	switch to {
	case data.StatusReported, data.StatusEscalated, data.StatusDuplicate:
		return true
	case data.StatusMediating:
		return IsDone(from)
	case data.StatusAccepted:
		return from == data.StatusEscalated
	}
	return false
}

// CheckDuplicateOf returns EINVALID naming "duplicate_of" unless a move of
// incident id to status to names another incident (duplicateOf) exactly
// when it makes it a duplicate. Whether that incident exists is the
// caller's to check.
func CheckDuplicateOf(id int64, to string, duplicateOf int64) error {
	switch {
	case to == data.StatusDuplicate && (duplicateOf <= 0 || duplicateOf == id):
		return data.FieldErrorf("duplicate_of", "duplicate_of must name another incident.")
	case to != data.StatusDuplicate && duplicateOf != 0:
		return data.FieldErrorf("duplicate_of", "duplicate_of goes only with to = duplicate.")
	}
	return nil
}

// CheckOriginal returns EINVALID naming "duplicate_of" when the incident a
// new report is filed as a duplicate of is a duplicate itself: the report
// names the original, which that one names.
func CheckOriginal(original *data.Incident) error {
	if original.Status == data.StatusDuplicate {
		return data.FieldErrorf("duplicate_of", "Incident %d is itself a duplicate of incident %d; name that one.",
			original.ID, original.DuplicateOf)
	}
	return nil
}

// RoleMayTransition reports whether a user of role may move an incident in
// status from, at escalation level escalation, to status to, once the
// incident is theirs to handle (api/policy.go decides that: their unit's
// for a cadre, assigned to them for a mediator). Cadres run their unit's
// cases up to the town centre; mediators take up and resolve theirs;
// leaders (the town centre) handle escalated cases and close; admins may
// do anything. Whether the workflow allows the move at all is
// CanTransition's to say.
//
//	to \ role        unit_cadre                 mediator          leader
//	accepted         yes, but not escalated                       from escalated (returned)
//	mediating        yes, but not escalated     from accepted     from escalated
//	resolved         yes                        yes               yes
//	escalated        to the town centre (once)                    to the district
//	closed           yes                                          yes
//	reported         yes (退回)
//	duplicate        yes
func RoleMayTransition(role, from string, escalation int, to string) bool {
	switch role {
	case data.RoleAdmin:
		return true
	case data.RoleUnitCadre:
		switch to {
		case data.StatusEscalated:
			return escalation == 0
		case data.StatusAccepted, data.StatusMediating:
			return from != data.StatusEscalated
		}
		return true
	case data.RoleMediator:
		return (to == data.StatusMediating && from == data.StatusAccepted) || to == data.StatusResolved
	case data.RoleLeader:
		switch to {
		case data.StatusAccepted, data.StatusMediating, data.StatusEscalated:
			return from == data.StatusEscalated
		case data.StatusResolved, data.StatusClosed:
			return true
		}
	}
	return false
}

// CheckReassignTo returns EINVALID naming "cell" when an incident in cell
// from would be moved to cell to, the one it is in.
func CheckReassignTo(from, to string) error {
	if from == to {
		return data.FieldErrorf("cell", "The incident is in cell %s already.", to)
	}
	return nil
}

// ReassignedNote is the note of a "reassigned" event (and the detail of
// its audit entry): from where, to where and why.
func ReassignedNote(from, to, reason string) string {
	return "from " + from + " to " + to + ": " + strings.TrimSpace(reason)
}

// KindOf is the kind of an incident that arrived by source: a petition
// from the petition office, a dispute from any other.
func KindOf(source string) string {
	if source == data.SourcePetition {
		return data.KindPetition
	}
	return data.KindDispute
}

// CheckTransition returns t with its time normalised (now when zero), or
// EINVALID naming the field at fault: an unknown status, a move the
// workflow never allows (CanTransition, whatever the escalation), a
// negative version, a DuplicateOf that is missing or self-referring for a
// duplicate, or given for another status, or a note longer than
// MaxNote. Whether the DuplicateOf incident
// exists is the store's to check.
func CheckTransition(t data.Transition) (data.Transition, error) {
	switch {
	case !IsStatus(t.From):
		return t, data.FieldErrorf("from", "Unknown incident status %q.", t.From)
	case !IsStatus(t.To):
		return t, data.FieldErrorf("to", "Unknown incident status %q.", t.To)
	case !CanTransition(t.From, t.To, 0):
		return t, data.FieldErrorf("to", "An incident in status %q cannot move to %q.", t.From, t.To)
	case t.Version < 0:
		return t, data.FieldErrorf("version", "The version must not be negative.")
	}
	if err := cmp.Or(CheckDuplicateOf(t.IncidentID, t.To, t.DuplicateOf), CheckText("note", t.Note, data.MaxNote)); err != nil {
		return t, err
	}
	t.At = OrTime(t.At, time.Now())
	return t, nil
}

// CheckReassign returns EINVALID naming the field at fault for a
// reassignment without a cell or reason, or with a reason longer than
// MaxReason.
func CheckReassign(cellCode, reason string, version int64) error {
	switch {
	case cellCode == "":
		return data.FieldErrorf("cell", "A cell code is required.")
	case strings.TrimSpace(reason) == "":
		return data.FieldErrorf("reason", "A reason is required.")
	}
	if err := CheckText("reason", reason, data.MaxReason); err != nil {
		return err
	}
	return CheckVersion(version)
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

// PartiesNote is the note of a "parties" event: how many parties the
// incident now has (their names are personal data; the timeline keeps none).
func PartiesNote(n int) string { return strconv.Itoa(n) }

// CheckVersion returns EINVALID naming "version" for a negative version.
func CheckVersion(version int64) error {
	if version < 0 {
		return data.FieldErrorf("version", "The version must not be negative.")
	}
	return nil
}

// CheckCurrent returns ECONFLICT, naming in's status and version now, when
// a write meant for version (0: any) of in, in status from ("": any), finds
// that in has moved on.
func CheckCurrent(in *data.Incident, version int64, from string) error {
	if version != 0 && version != in.Version || from != "" && from != in.Status {
		return data.Errorf(data.ECONFLICT, "The incident is now %s (version %d).", strconv.Quote(in.Status), in.Version)
	}
	return nil
}

// Transitioned returns in as transition t (checked by CheckTransition)
// leaves it, and the events t appends (its own); ECONFLICT when in has
// moved on from t (CheckCurrent) or may not be closed yet
// (CheckClosable). Its version and update time are the store's to bump.
//
// The move starts a new stage. Resolving sets ResolvedAt and closing
// keeps it, while every other status (reopening above all) clears it;
// escalating raises the escalation level, up to data.MaxEscalation, and
// returning to accepted resets it. Closing keeps the time of the passed
// 回访, every other move clears it. A petition's first move into a reply
// status (its 受理) starts its reply clock, which runs on from there
// whatever moves follow.
func Transitioned(in data.Incident, t data.Transition) (data.Incident, []data.IncidentEvent, error) {
	if err := cmp.Or(CheckCurrent(&in, t.Version, t.From), CheckClosable(t.From, t.To, in.FollowupPassedAt)); err != nil {
		return in, nil, err
	}
	at := t.At
	in.Status, in.StageSince, in.DuplicateOf = t.To, at, t.DuplicateOf
	switch t.To {
	case data.StatusResolved:
		in.ResolvedAt = &at
	case data.StatusEscalated:
		in.Escalation = min(in.Escalation+1, data.MaxEscalation)
	case data.StatusAccepted:
		in.Escalation = 0
	}
	if !IsDone(t.To) {
		in.ResolvedAt = nil
	}
	if t.To != data.StatusClosed {
		in.FollowupPassedAt = nil
	}
	if in.ReplySince == nil && in.Kind == data.KindPetition && slices.Contains(data.ReplyStatuses, t.To) {
		in.ReplySince = &at
	}
	return in, []data.IncidentEvent{{IncidentID: in.ID, At: at, ActorID: t.ActorID, ActorName: t.ActorName,
		Kind: data.EventTransition, From: t.From, To: t.To, Note: t.Note}}, nil
}

// Reassigned returns in as moved to cell to, no longer near another cell,
// and the note of its "reassigned" event; EINVALID naming "cell" when it
// is in that cell already (CheckReassignTo).
func Reassigned(in data.Incident, to, reason string) (data.Incident, string, error) {
	if err := CheckReassignTo(in.CellCode, to); err != nil {
		return in, "", err
	}
	note := ReassignedNote(in.CellCode, to, reason)
	in.CellCode, in.NearCell, in.NearDistanceM = to, "", 0
	return in, note, nil
}
