package domain

import (
	"gridmap/data"
	"slices"
	"strconv"
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

// FormatParties writes parties as a ledger's 当事人 column holds them, the
// way ParseParties reads them back: each party its name, then its phone
// when known, then # and its resident's ID when linked ("张三 13800001111
// #302"), the parties separated by "；".
func FormatParties(ps []data.Party) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		parts := []string{strings.TrimSpace(p.Name)}
		if p.Phone != "" {
			parts = append(parts, p.Phone)
		}
		if p.ResidentID > 0 {
			parts = append(parts, "#"+strconv.FormatInt(p.ResidentID, 10))
		}
		out[i] = strings.Join(parts, " ")
	}
	return strings.Join(out, "；")
}

// ParseParties reads a 当事人 column: parties separated by 、，,；; or new
// lines, each a name, optionally with a phone (digits, + and - allowed,
// 7 or more digits) and a resident's ID (#302), separated by spaces
// (FormatParties). An item of names alone separated by spaces ("张三
// 李四", as older ledgers write them) is that many parties. It returns the
// names, and the parties as people when any of them has a phone or a
// resident (else nil: names alone make no party details).
func ParseParties(s string) (names []string, details []data.Party) {
	items := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', '\n':
			return true
		}
		return false
	})
	detailed := false
	for _, item := range items {
		var p data.Party
		var words []string
		for _, tok := range strings.Fields(strings.ReplaceAll(item, "\u3000", " ")) {
			if id, err := strconv.ParseInt(strings.TrimPrefix(tok, "#"), 10, 64); strings.HasPrefix(tok, "#") && err == nil && id > 0 {
				p.ResidentID, detailed = id, true
			} else if looksLikePhone(tok) {
				p.Phone, detailed = NormalPhone(tok), true
			} else {
				words = append(words, tok)
			}
		}
		if p.Phone == "" && p.ResidentID == 0 {
			for _, w := range words {
				names = append(names, w)
				details = append(details, data.Party{Name: w})
			}
			continue
		}
		p.Name = strings.Join(words, " ")
		names = append(names, p.Name)
		details = append(details, p)
	}
	if !detailed {
		return names, nil
	}
	return names, details
}

// looksLikePhone reports whether a token of a 当事人 column is a phone
// number: digits with an optional leading + and dashes, 7 digits or more.
func looksLikePhone(tok string) bool {
	digits := 0
	for i, r := range tok {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == '-':
		default:
			return false
		}
	}
	return digits >= 7
}

// ResolveParties completes the party details ps of an incident in cell:
// a resident party takes the name and phone of its record among residents
// (those of the residents ps name that exist), which must be of the
// incident's cell (EINVALID naming the party's resident otherwise); every
// phone is normalised (NormalPhone). It returns the details, and their
// names as the incident's Parties.
func ResolveParties(cell string, ps []data.Party, residents []data.Resident) ([]data.Party, []string, error) {
	out, names := slices.Clone(ps), make([]string, len(ps))
	for i := range out {
		p := &out[i]
		if p.ResidentID > 0 {
			field := data.ItemField("party_details", i) + ".resident_id"
			k := slices.IndexFunc(residents, func(r data.Resident) bool { return r.ID == p.ResidentID })
			if k < 0 {
				return nil, nil, data.FieldErrorf(field, "There is no resident %d.", p.ResidentID)
			}
			if residents[k].CellCode != cell {
				return nil, nil, data.FieldErrorf(field, "Resident %d lives in another cell than the incident's (%s).", p.ResidentID, cell)
			}
			p.Name, p.Phone = residents[k].Name, residents[k].Phone
		}
		p.Phone = NormalPhone(p.Phone)
		names[i] = p.Name
	}
	return out, names, nil
}
