package data

import (
	"time"
)

// StatusDuplicate marks an incident as a duplicate of another (DuplicateOf).
const StatusDuplicate = "duplicate"

// MaxEscalation is the highest escalation level: 1 is the town centre
// (镇综治中心), 2 the district (区).
const MaxEscalation = 2

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
	EventParties    = "parties"    // the parties were edited after intake; the note is how many there are now (domain.PartiesNote)
	EventExtended   = "extended"   // a petition's reply deadline was extended; the note gives the days and the reason (domain.ExtendedNote)
)
