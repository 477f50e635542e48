package data

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

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

// Key is what tells a person apart across incidents when no resident
// record is linked: the name and the phone, as "name|phone"; "" without a
// phone, since a name alone is no identity.
func (p Party) Key() string {
	phone := NormalPhone(p.Phone)
	if phone == "" {
		return ""
	}
	return strings.TrimSpace(p.Name) + "|" + phone
}

// NormalPhone is a phone number without the spaces and dashes people
// write it with, as it is stored and compared.
func NormalPhone(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// CheckParties returns EINVALID naming field[i] and its part for a party
// list a report may not carry: more than MaxParties, a party without a
// name nor a resident, a name longer than MaxPartyName, a phone that is
// not digits (a leading + allowed) or longer than MaxPhone, a negative or
// repeated resident.
func CheckParties(field string, ps []Party) error {
	if err := CheckCount(field, len(ps), MaxParties); err != nil {
		return err
	}
	var seen []int64
	for i, p := range ps {
		f := ItemField(field, i)
		switch {
		case p.ResidentID < 0:
			return FieldErrorf(f+".resident_id", "There is no resident %d.", p.ResidentID)
		case p.ResidentID > 0 && slices.Contains(seen, p.ResidentID):
			return FieldErrorf(f+".resident_id", "Resident %d is named twice.", p.ResidentID)
		case p.ResidentID == 0 && strings.TrimSpace(p.Name) == "":
			return FieldErrorf(f+".name", "A party needs a name, or a resident record.")
		}
		seen = append(seen, p.ResidentID)
		if err := CheckLine(f+".name", p.Name, MaxPartyName); err != nil {
			return err
		}
		if !validPhone(NormalPhone(p.Phone)) {
			return FieldErrorf(f+".phone", "A phone number is digits (a leading + allowed), at most %d of them.", MaxPhone)
		}
	}
	return nil
}

func validPhone(s string) bool {
	if len(s) > MaxPhone {
		return false
	}
	for i, r := range s {
		if (r < '0' || r > '9') && !(r == '+' && i == 0) {
			return false
		}
	}
	return true
}

// PartyIdentities splits parties into the residents they name and the
// keys (Key) of the others, for a search of incidents sharing a party.
func PartyIdentities(ps []Party) (residents []int64, keys []string) {
	residents, keys = []int64{}, []string{}
	for _, p := range ps {
		if p.ResidentID > 0 {
			residents = append(residents, p.ResidentID)
		} else if k := p.Key(); k != "" {
			keys = append(keys, k)
		}
	}
	return residents, keys
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

// PartiesNote is the note of a "parties" event: how many parties the
// incident now has (their names are personal data; the timeline keeps none).
func PartiesNote(n int) string { return strconv.Itoa(n) }
