package domain

import (
	"cmp"
	"gridmap/data"
	"unicode/utf8"
)

// CheckLine returns EINVALID naming field unless value is valid UTF-8 of at
// most max characters on one line: no control characters at all (line
// breaks and tabs included) and no bidirectional overrides, which could make
// a name read differently from what it is.
func CheckLine(field, value string, max int) error {
	return checkText(field, value, max, false)
}

// CheckText is CheckLine for text of several lines: it also allows line
// breaks (\n, \r) and tabs.
func CheckText(field, value string, max int) error {
	return checkText(field, value, max, true)
}

func checkText(field, value string, max int, multiline bool) error {
	if !utf8.ValidString(value) {
		return data.FieldErrorf(field, "%s is not valid UTF-8 text.", field)
	}
	n := 0
	for _, r := range value {
		n++
		if !allowedRune(r, multiline) {
			if multiline {
				return data.FieldErrorf(field, "%s holds a control character; only line breaks and tabs are allowed.", field)
			}
			return data.FieldErrorf(field, "%s must be one line, without control characters.", field)
		}
	}
	if n > max {
		return data.FieldErrorf(field, "%s is too long: at most %d characters, not %d.", field, max, n)
	}
	return nil
}

// allowedRune reports whether r may appear in stored text: not a C0 or C1
// control (but line breaks and tabs in text of several lines), not a
// bidirectional embedding, override or isolate.
func allowedRune(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		return multiline
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return false
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return false
	}
	return true
}

// CheckCount returns EINVALID naming field when a list has more than max
// entries.
func CheckCount(field string, n, max int) error {
	if n > max {
		return data.FieldErrorf(field, "%s lists at most %d entries, not %d.", field, max, n)
	}
	return nil
}

// CheckIncidentText checks what a client writes of an incident: the
// summary, the description, the parties (how many and each name) and how
// many mediators it names.
func CheckIncidentText(in *data.Incident) error {
	if err := cmp.Or(CheckLine("summary", in.Summary, data.MaxSummary), CheckText("description", in.Description, data.MaxDescription),
		CheckCount("parties", len(in.Parties), data.MaxParties)); err != nil {
		return err
	}
	for _, p := range in.Parties {
		if err := CheckLine("parties", p, data.MaxPartyName); err != nil {
			return err
		}
	}
	return CheckCount("mediators", len(in.Mediators), data.MaxMediators)
}

// CheckMediationText checks what a client writes of a mediation record:
// its texts and how many mediators it names.
func CheckMediationText(r *data.MediationRecord) error {
	return cmp.Or(CheckCount("mediators", len(r.MediatorIDs), data.MaxMediators),
		CheckText("agreement_text", r.AgreementText, data.MaxAgreementText),
		CheckLine("agreement_ref", r.AgreementRef, data.MaxAgreementRef), CheckText("note", r.Note, data.MaxMediationNote))
}

// CutText returns s cut to at most max characters, with invalid UTF-8
// replaced: for text that must be kept whatever its length, such as the
// audit log's record of a failed login's username.
func CutText(s string, max int) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// CutAudit cuts each text of an audit entry to data.MaxAuditText
// (CutText): texts from clients reach it (a failed login's username, a
// reason in the detail), and the audit log keeps every entry, but none of
// unbounded size.
func CutAudit(e *data.AuditEntry) {
	for _, t := range []*string{&e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail} {
		*t = CutText(*t, data.MaxAuditText)
	}
}

// CheckIdempotencyKey returns EINVALID naming field for an idempotency key
// (the header a client retries a report with) longer than MaxIdempotencyKey
// bytes. The API checks it before the report is placed, the stores again
// before it is stored.
func CheckIdempotencyKey(field, key string) error {
	if len(key) > data.MaxIdempotencyKey {
		return data.FieldErrorf(field, "An idempotency key has at most %d characters.", data.MaxIdempotencyKey)
	}
	return nil
}
