package data

import "time"

// Party is one party of an incident as a person: a resident of the
// incident's cell (ResidentID, whose record gives the name and phone), or a
// named person outside the records, with a phone when known. Name and
// Phone are personal information: the API masks them like the parties.
type Party struct {
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	ResidentID int64  `json:"resident_id,omitempty"`
}

// MaxPhone is the longest phone number of a party, in characters.
const MaxPhone = 20

// PartyLinks is what the store knows of an incident's parties as people:
// each party in order (a party given by name only has no phone and no
// resident), and Repeats, how many earlier disputes involved every party
// of this one that can be told apart (a resident, or a name with a phone).
type PartyLinks struct {
	Parties []Party `json:"party_details"`
	Repeats int     `json:"repeats"`
}

// PartiesEdit replaces an incident's parties after intake (EditParties):
// the parties as people, in order, as a report gives them (a resident's
// name and phone come from the record).
type PartiesEdit struct {
	IncidentID int64
	Parties    []Party
	Version    int64 // the version the caller saw; 0 skips the check
	ActorID    int64
	ActorName  string
	At         time.Time // now when zero
}
