// Package mask hides personal information (PIPL) from readers who may
// see a record but not the person behind it: names, identity numbers,
// mobile numbers and birth dates, also inside free text. Who reads what
// masked is the access policy's decision (api/policy.go), not this
// package's.
package mask

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"gridmap/data"
)

// Name keeps the surname and, for names of three or more characters,
// the last character: 张三 -> 张*, 欧阳小明 -> 欧**明.
func Name(s string) string {
	r := []rune(s)
	switch n := len(r); {
	case n <= 1:
		return s
	case n == 2:
		return string(r[0]) + "*"
	default:
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	}
}

// NameQuery reads q, a search of names by one who sees them masked, as a
// pattern of what Name shows: a full-width '＊' is read as '*'. ok is false
// when q asks for more of a name than Name shows, two characters in a row
// that are not '*' (张三, 三丰, 张三丰): matched against the names in full,
// one masked row found for 张三丰 would confirm that 张三丰 lives there.
// A surname (张), a last character (丰) and a name as it is shown (张*丰,
// 张*) pass.
func NameQuery(q string) (pattern string, ok bool) {
	pattern = strings.ReplaceAll(strings.TrimSpace(q), "＊", "*")
	prev := '*'
	for _, r := range pattern {
		if r != '*' && prev != '*' {
			return "", false
		}
		prev = r
	}
	return pattern, true
}

// NameHas reports whether the masked form of name (Name) holds pattern
// (from NameQuery), ASCII letters in either case, as a search of names by
// one who sees them masked matches: by what they see, never by the name
// in full.
func NameHas(name, pattern string) bool {
	return strings.Contains(lowerASCII(Name(name)), lowerASCII(pattern))
}

// lowerASCII folds ASCII letters only, as the stores' searches of names do.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// IDNumber keeps the first four and last four characters of an
// identity number: 5001**********1234.
func IDNumber(s string) string { return middle(s, 4, 4) }

// Phone keeps the first three and last four digits: 138****5678.
func Phone(s string) string { return middle(s, 3, 4) }

func middle(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if n <= head+tail {
		return strings.Repeat("*", n)
	}
	r := []rune(s)
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

// BirthDate keeps the year: 1978-**-**.
func BirthDate(s string) string {
	if len(s) >= 4 {
		return s[:4] + "-**-**"
	}
	return "****-**-**"
}

// Resident is a resident as anyone may see it for now.
func Resident(r data.Resident) data.Resident {
	r.Name = Name(r.Name)
	r.IDNumber = IDNumber(r.IDNumber)
	r.Phone = Phone(r.Phone)
	r.BirthDate = BirthDate(r.BirthDate)
	return r
}

// Text masks the personal identifiers inside free text (a summary, a
// workflow note, a photo's name) for a reader who sees the record masked:
// identity numbers (18 characters, the last a digit or the X checksum,
// also written 6-8-4 with spaces or hyphens) as IDNumber does, mainland
// mobile numbers (11 digits starting 1[3-9], also written +86..., 86...
// or 3-4-4 with spaces or hyphens) as Phone does, and each of the
// record's own parties as Name does. A number is only taken whole: digits
// next to more digits (a 19-digit account number, a 12-digit phone-like
// code) are left alone. Full-width digits count as
// digits, since a Chinese keyboard types them too.
func Text(s string, parties []string) string {
	s = partyNames(s, parties)
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		if !isDigit(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isDigit(rs[j]) {
			j++
		}
		run := rs[i:j]
		switch n := len(run); {
		case n == 17 && j < len(rs) && isX(rs[j]) && (j+1 == len(rs) || !isDigit(rs[j+1])):
			b.WriteString(IDNumber(string(rs[i : j+1])))
			j++
		case n == 18 && (j == len(rs) || !isX(rs[j])):
			b.WriteString(IDNumber(string(run)))
		case n == 6:
			if k, ok := spacedID(rs, i); ok {
				// 500222 19800101 1234, as an identity card groups it:
				// the first four and the last four characters are kept.
				b.WriteString(string(rs[i:i+4]) + "**" + string(rs[i+6]) + "********" + string(rs[i+15]) + string(rs[i+16:k]))
				j = k
				break
			}
			b.WriteString(string(run))
		case n == 11 && isMobile(run):
			b.WriteString(Phone(string(run)))
		case n == 13 && digitOf(run[0]) == 8 && digitOf(run[1]) == 6 && isMobile(run[2:]):
			b.WriteString(string(run[:2]) + Phone(string(run[2:])))
		case n == 3 && digitOf(run[0]) == 1 && digitOf(run[1]) >= 3:
			if k, ok := spacedMobile(rs, i); ok {
				// 138 1234 5678 or 138-1234-5678: the middle group is hidden.
				b.WriteString(string(rs[i:i+4]) + "****" + string(rs[i+8:k]))
				j = k
				break
			}
			b.WriteString(string(run))
		default:
			b.WriteString(string(run))
		}
		i = j
	}
	return b.String()
}

// partyNames replaces each party's name in s by its masked form, the
// longest names first so that 欧阳小明 is not masked as 欧阳 would be.
// One-character names are left alone: masking cannot hide them, and a
// single character matches too much.
func partyNames(s string, parties []string) string {
	names := make([]string, 0, len(parties))
	for _, p := range parties {
		if p = strings.TrimSpace(p); utf8.RuneCountInString(p) > 1 && strings.Contains(s, p) {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		return s
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a)) })
	pairs := make([]string, 0, 2*len(names))
	for _, n := range names {
		pairs = append(pairs, n, Name(n))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// spacedMobile reports whether rs holds a mobile number written 3-4-4 at
// i (the first group already checked), with one separator repeated, and
// where it ends.
func spacedMobile(rs []rune, i int) (int, bool) {
	if i+13 > len(rs) {
		return 0, false
	}
	sep := rs[i+3]
	if !strings.ContainsRune(" -\u3000－", sep) || rs[i+8] != sep {
		return 0, false
	}
	for _, k := range []int{4, 5, 6, 7, 9, 10, 11, 12} {
		if !isDigit(rs[i+k]) {
			return 0, false
		}
	}
	if end := i + 13; end == len(rs) || !isDigit(rs[end]) {
		return end, true
	}
	return 0, false
}

// spacedID reports whether rs holds an identity number written 6-8-4 at i
// (the first group already read), with one separator repeated and the
// last character a digit or the X checksum, and where it ends.
func spacedID(rs []rune, i int) (int, bool) {
	const end = 6 + 1 + 8 + 1 + 4
	if i+end > len(rs) {
		return 0, false
	}
	sep := rs[i+6]
	if !strings.ContainsRune(" -\u3000－", sep) || rs[i+15] != sep {
		return 0, false
	}
	for k := 7; k < end; k++ {
		switch {
		case k == 15:
		case k == end-1 && isX(rs[i+k]):
		case !isDigit(rs[i+k]):
			return 0, false
		}
	}
	if k := i + end; k == len(rs) || !isDigit(rs[k]) {
		return k, true
	}
	return 0, false
}

// isMobile reports whether the 11 digits are a mainland mobile number.
func isMobile(run []rune) bool {
	return len(run) == 11 && digitOf(run[0]) == 1 && digitOf(run[1]) >= 3
}

// isDigit reports whether r is an ASCII or a full-width digit.
func isDigit(r rune) bool { return digitOf(r) >= 0 }

// digitOf is the value of an ASCII or full-width digit, -1 for anything else.
func digitOf(r rune) int {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0')
	case '０' <= r && r <= '９':
		return int(r - '０')
	}
	return -1
}

// isX reports whether r is an identity number's X checksum, in either width
// or case.
func isX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }
