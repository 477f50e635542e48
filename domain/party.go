package domain

import (
	"gridmap/data"
	"slices"
	"strings"
)

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
func CheckParties(field string, ps []data.Party) error {
	if err := CheckCount(field, len(ps), data.MaxParties); err != nil {
		return err
	}
	var seen []int64
	for i, p := range ps {
		f := data.ItemField(field, i)
		switch {
		case p.ResidentID < 0:
			return data.FieldErrorf(f+".resident_id", "There is no resident %d.", p.ResidentID)
		case p.ResidentID > 0 && slices.Contains(seen, p.ResidentID):
			return data.FieldErrorf(f+".resident_id", "Resident %d is named twice.", p.ResidentID)
		case p.ResidentID == 0 && strings.TrimSpace(p.Name) == "":
			return data.FieldErrorf(f+".name", "A party needs a name, or a resident record.")
		}
		seen = append(seen, p.ResidentID)
		if err := CheckLine(f+".name", p.Name, data.MaxPartyName); err != nil {
			return err
		}
		if !validPhone(NormalPhone(p.Phone)) {
			return data.FieldErrorf(f+".phone", "A phone number is digits (a leading + allowed), at most %d of them.", data.MaxPhone)
		}
	}
	return nil
}

func validPhone(s string) bool {
	if len(s) > data.MaxPhone {
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
func PartyIdentities(ps []data.Party) (residents []int64, keys []string) {
	residents, keys = []int64{}, []string{}
	for _, p := range ps {
		if p.ResidentID > 0 {
			residents = append(residents, p.ResidentID)
		} else if k := PartyKey(p); k != "" {
			keys = append(keys, k)
		}
	}
	return residents, keys
}

// PartyKey is what tells a person apart across incidents when no resident
// record is linked: the name and the phone, as "name|phone"; "" without a
// phone, since a name alone is no identity.
func PartyKey(p data.Party) string {
	phone := NormalPhone(p.Phone)
	if phone == "" {
		return ""
	}
	return strings.TrimSpace(p.Name) + "|" + phone
}
