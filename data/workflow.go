package data

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StatusDuplicate marks an incident as a duplicate of another (DuplicateOf).
const StatusDuplicate = "duplicate"

// The grassroots workflow (矛盾纠纷不上交): which status may follow which.
// Moving "back" has a name of its own: 退回 sends an accepted or mediating
// incident back to its reporter (to reported) and an escalated one back to
// the village or community (to accepted); reopening (重新办理) takes a
// resolved or closed incident back into mediation; escalating an escalated
// incident sends it on from the town centre to the district.
var transitions = map[string][]string{
	StatusReported:  {StatusAccepted, StatusDuplicate},
	StatusAccepted:  {StatusMediating, StatusEscalated, StatusReported, StatusDuplicate},
	StatusMediating: {StatusResolved, StatusEscalated, StatusReported},
	StatusEscalated: {StatusMediating, StatusEscalated, StatusAccepted},
	StatusResolved:  {StatusClosed, StatusMediating},
	StatusClosed:    {StatusMediating},
	StatusDuplicate: {StatusReported},
}

// MaxEscalation is the highest escalation level: 1 is the town centre
// (镇综治中心), 2 the district (区).
const MaxEscalation = 2

// CanTransition reports whether an incident in status from may move to
// status to. An escalated incident may be escalated again only below
// MaxEscalation.
func CanTransition(from, to string, escalation int) bool {
	if from == StatusEscalated && to == StatusEscalated && escalation >= MaxEscalation {
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
	return slices.Contains(Statuses, s)
}

// IsDone reports whether an incident in status s was settled: resolved or
// closed (a duplicate is neither).
func IsDone(s string) bool {
	return s == StatusResolved || s == StatusClosed
}

// NeedsReason reports whether moving an incident from status from to
// status to needs a note that says why: sending it back (退回), escalating
// it, reopening a resolved or closed one, returning an escalated one to
// the village, or marking it a duplicate.
func NeedsReason(from, to string) bool {
	switch to {
	case StatusReported, StatusEscalated, StatusDuplicate:
		return true
	case StatusMediating:
		return IsDone(from)
	case StatusAccepted:
		return from == StatusEscalated
	}
	return false
}

// CheckDuplicateOf returns EINVALID naming "duplicate_of" unless a move of
// incident id to status to names another incident (duplicateOf) exactly
// when it makes it a duplicate. Whether that incident exists is the
// caller's to check.
func CheckDuplicateOf(id int64, to string, duplicateOf int64) error {
	switch {
	case to == StatusDuplicate && (duplicateOf <= 0 || duplicateOf == id):
		return FieldErrorf("duplicate_of", "duplicate_of must name another incident.")
	case to != StatusDuplicate && duplicateOf != 0:
		return FieldErrorf("duplicate_of", "duplicate_of goes only with to = duplicate.")
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
	case RoleAdmin:
		return true
	case RoleUnitCadre:
		switch to {
		case StatusEscalated:
			return escalation == 0
		case StatusAccepted, StatusMediating:
			return from != StatusEscalated
		}
		return true
	case RoleMediator:
		return (to == StatusMediating && from == StatusAccepted) || to == StatusResolved
	case RoleLeader:
		switch to {
		case StatusAccepted, StatusMediating, StatusEscalated:
			return from == StatusEscalated
		case StatusResolved, StatusClosed:
			return true
		}
	}
	return false
}

// CheckReassignTo returns EINVALID naming "cell" when an incident in cell
// from would be moved to cell to, the one it is in.
func CheckReassignTo(from, to string) error {
	if from == to {
		return FieldErrorf("cell", "The incident is in cell %s already.", to)
	}
	return nil
}

// ReassignedNote is the note of a "reassigned" event (and the detail of
// its audit entry): from where, to where and why.
func ReassignedNote(from, to, reason string) string {
	return "from " + from + " to " + to + ": " + strings.TrimSpace(reason)
}

// Incident priorities.
const (
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// IncidentSources are the channels an incident arrives by.
var IncidentSources = []string{"网格员上报", "群众来访", "12345热线", SourcePetition}

// SourcePetition is the source (the petition office, 信访) that makes an
// incident a petition.
const SourcePetition = "信访"

// KindOf is the kind of an incident that arrived by source: a petition
// from the petition office, a dispute from any other.
func KindOf(source string) string {
	if source == SourcePetition {
		return KindPetition
	}
	return KindDispute
}

// Transition is one requested change of an incident's status, applied by
// Store.TransitionIncident only if the incident is still at From and at
// Version (the optimistic-concurrency check behind If-Match).
type Transition struct {
	IncidentID  int64
	From, To    string
	Version     int64 // the version the caller saw; 0 skips the check
	ActorID     int64
	ActorName   string
	Note        string
	DuplicateOf int64 // with To == StatusDuplicate
	At          time.Time
}

// Assignment asks IncidentStore.AssignMediators to replace an incident's
// mediators, by an actor, checked against the version the caller saw.
type Assignment struct {
	IncidentID int64
	Mediators  []int64 // none unassigns everyone
	Version    int64   // the version the caller saw; 0 skips the check
	ActorID    int64
	ActorName  string
	At         time.Time // zero means now
}

// Reassignment asks IncidentStore.ReassignIncident to move an incident to
// another cell, by an actor, for a reason.
type Reassignment struct {
	IncidentID int64
	CellCode   string
	Version    int64 // the version the caller saw; 0 skips the check
	ActorID    int64
	ActorName  string
	Reason     string
	At         time.Time // zero means now
}

// IncidentEvent is one entry of an incident's timeline.
type IncidentEvent struct {
	ID         int64     `json:"id"`
	IncidentID int64     `json:"incident_id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Kind       string    `json:"kind"` // EventCreated, EventTransition, EventMediation, EventAssigned, EventReassigned, EventAttachment
	From       string    `json:"from,omitempty"`
	To         string    `json:"to,omitempty"`
	Note       string    `json:"note"`
}

// Event kinds.
const (
	EventCreated    = "created"
	EventTransition = "transition"
	EventMediation  = "mediation"  // a mediation record was added; the note is its outcome
	EventAssigned   = "assigned"   // the assigned mediators were replaced; the note lists them
	EventReassigned = "reassigned" // the incident moved to another cell; the note says from where, to where and why
	EventAttachment = "attachment" // a photo was attached; the note is its file name
	EventFollowup   = "followup"   // a 回访 was recorded; the note says whether it passed (FollowupNote)
	EventLinked     = "linked"     // a report was filed as a duplicate of this incident; the note is its number
	EventParties    = "parties"    // the parties were edited after intake; the note is how many there are now (PartiesNote)
)

// CheckTransition returns t with its time normalised (now when zero), or
// EINVALID naming the field at fault: an unknown status, a move the
// workflow never allows (CanTransition, whatever the escalation), a
// negative version, a DuplicateOf that is missing or self-referring for a
// duplicate, or given for another status, or a note longer than
// MaxNote. Whether the DuplicateOf incident
// exists is the store's to check.
func CheckTransition(t Transition) (Transition, error) {
	switch {
	case !IsStatus(t.From):
		return t, FieldErrorf("from", "Unknown incident status %q.", t.From)
	case !IsStatus(t.To):
		return t, FieldErrorf("to", "Unknown incident status %q.", t.To)
	case !CanTransition(t.From, t.To, 0):
		return t, FieldErrorf("to", "An incident in status %q cannot move to %q.", t.From, t.To)
	case t.Version < 0:
		return t, FieldErrorf("version", "The version must not be negative.")
	}
	if err := cmp.Or(CheckDuplicateOf(t.IncidentID, t.To, t.DuplicateOf), CheckText("note", t.Note, MaxNote)); err != nil {
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
		return FieldErrorf("cell", "A cell code is required.")
	case strings.TrimSpace(reason) == "":
		return FieldErrorf("reason", "A reason is required.")
	}
	if err := CheckText("reason", reason, MaxReason); err != nil {
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

// CheckVersion returns EINVALID naming "version" for a negative version.
func CheckVersion(version int64) error {
	if version < 0 {
		return FieldErrorf("version", "The version must not be negative.")
	}
	return nil
}
