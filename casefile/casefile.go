// Package casefile builds the file of a people's mediation case (人民调解卷宗)
// from what has been entered about it: the printable documents in the
// formats of the Ministry of Justice (司法部 2010 人民调解文书格式) and the
// checklist of which of them the case has, with the 30-day window for
// judicial confirmation (司法确认) of its agreement. It knows nothing of
// HTTP or of the stores: the caller gathers a Case and decides who may see it.
package casefile

import (
	"slices"
	"strconv"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// The kinds of document of a case file.
const (
	KindApplication = "application" // 人民调解申请书 with its 受理登记
	KindNotice      = "notice"      // 人民调解权利义务告知书
	KindRecord      = "record"      // 人民调解记录
	KindAgreement   = "agreement"   // 人民调解协议书
	KindFollowup    = "followup"    // 人民调解回访记录
)

// Kinds lists the documents in the order they are filed.
var Kinds = []string{KindApplication, KindNotice, KindRecord, KindAgreement, KindFollowup}

// Titles are the documents' titles as the formats print them.
var Titles = map[string]string{
	KindApplication: "人民调解申请书",
	KindNotice:      "人民调解权利义务告知书",
	KindRecord:      "人民调解记录",
	KindAgreement:   "人民调解协议书",
	KindFollowup:    "人民调解回访记录",
}

// Why a document is missing from the file.
const (
	MissingParties   = "no_parties"   // no party is named: nobody to apply
	MissingAccepted  = "not_accepted" // not accepted yet: the notice is given at acceptance
	MissingMediation = "no_mediation" // no mediation session recorded
	MissingAgreement = "no_agreement" // no session ended in an agreement
	MissingFollowup  = "no_followup"  // no 回访 recorded
)

// ConfirmationDays is how long after an agreement takes effect the parties
// may jointly apply to a court to confirm it (《人民调解法》 art. 33).
const ConfirmationDays = 30

// ConfirmationWarnDays: a window with fewer days left than this is
// flagged to whoever looks at the case.
const ConfirmationWarnDays = 7

// Party is a party to the dispute with what is known of them; the zero
// value of a field means not known, and the document leaves a blank.
type Party struct {
	Name    string
	Gender  string // "M" or "F"
	Age     int
	Address string
	Phone   string
}

// Case is everything the documents are made of. Mediators and Users name
// the IDs the records hold (users: who recorded a session or a 回访).
type Case struct {
	Incident  data.Incident
	Town      string // 安稳镇
	Unit      string // the village or community
	Cell      string // the grid cell
	Parties   []Party
	Mediators map[int64]data.Mediator
	Users     map[int64]string
	Records   []data.MediationRecord // oldest first
	Followups []data.Followup        // oldest first
	Now       time.Time
}

// Committee is the people's mediation committee of the case: its unit's
// (村/社区人民调解委员会), or the town's when the unit is not known.
func (c *Case) Committee() string {
	if c.Unit != "" {
		return c.Town + c.Unit + "人民调解委员会"
	}
	return c.Town + "人民调解委员会"
}

// Number is the case's number as its documents carry it: the ledger
// number of an imported case (台账编号), else the number it is exported by.
func (c *Case) Number() string {
	if c.Incident.LedgerNumber != "" {
		return c.Incident.LedgerNumber
	}
	return domain.ExportedNumber(c.Incident.ID)
}

// Agreement is the case's agreement: its newest session that ended in
// one, and false when none did.
func (c *Case) Agreement() (data.MediationRecord, bool) {
	for i := len(c.Records) - 1; i >= 0; i-- {
		if c.Records[i].Outcome == data.OutcomeAgreement {
			return c.Records[i], true
		}
	}
	return data.MediationRecord{}, false
}

// Item is one document of the checklist: present, or missing and why.
type Item struct {
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Present bool   `json:"present"`
	Missing string `json:"missing,omitempty"` // one of the Missing* codes when not present
}

// Window is the time the parties have to apply for judicial confirmation
// of their agreement: from the day it took effect (signed at the session)
// to Deadline, ConfirmationDays later, in China's calendar days.
type Window struct {
	AgreementDate string `json:"agreement_date"` // YYYY-MM-DD
	Deadline      string `json:"deadline"`       // YYYY-MM-DD, the last day to apply
	DaysLeft      int    `json:"days_left"`      // from today to Deadline; negative once it has passed
	Closing       bool   `json:"closing"`        // open, with fewer than ConfirmationWarnDays days left
	Expired       bool   `json:"expired"`        // Deadline has passed
}

// Checklist is the file's table of contents: each document, and the
// judicial-confirmation window when there is an agreement.
type Checklist struct {
	Items  []Item  `json:"items"`
	Window *Window `json:"window"`
}

// Missing returns why the case has no document of kind, or "" when it has
// one. Kind must be one of Kinds.
func (c *Case) Missing(kind string) string {
	switch kind {
	case KindApplication:
		if len(c.Incident.Parties) == 0 {
			return MissingParties
		}
	case KindNotice:
		if s := c.Incident.Status; s == data.StatusReported || s == data.StatusDuplicate {
			return MissingAccepted
		}
	case KindRecord:
		if len(c.Records) == 0 {
			return MissingMediation
		}
	case KindAgreement:
		if _, ok := c.Agreement(); !ok {
			return MissingAgreement
		}
	case KindFollowup:
		if len(c.Followups) == 0 {
			return MissingFollowup
		}
	}
	return ""
}

// Check is the case's checklist as of c.Now.
func Check(c *Case) Checklist {
	out := Checklist{Items: make([]Item, len(Kinds))}
	for i, k := range Kinds {
		why := c.Missing(k)
		out.Items[i] = Item{Kind: k, Title: Titles[k], Present: why == "", Missing: why}
	}
	if a, ok := c.Agreement(); ok {
		w := ConfirmationWindow(a.At, c.Now)
		out.Window = &w
	}
	return out
}

// ConfirmationWindow is the judicial-confirmation window of an agreement
// signed at agreed, as of now; days are China's calendar days.
func ConfirmationWindow(agreed, now time.Time) Window {
	day := dayOf(agreed)
	deadline := day.AddDate(0, 0, ConfirmationDays)
	left := int(deadline.Sub(dayOf(now)).Hours() / 24)
	return Window{AgreementDate: day.Format(time.DateOnly), Deadline: deadline.Format(time.DateOnly), DaysLeft: left,
		Closing: left >= 0 && left < ConfirmationWarnDays, Expired: left < 0}
}

// dayOf is the calendar day of t in China, as midnight UTC of that date
// (so that days subtract without daylight-saving or zone effects).
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(data.ChinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Age is a person's age in whole years on the day of now, from a birth
// date YYYY-MM-DD; 0 when the date is not one.
func Age(birth string, now time.Time) int {
	b, err := time.Parse(time.DateOnly, birth)
	if err != nil {
		return 0
	}
	today := dayOf(now)
	age := today.Year() - b.Year()
	if today.Month() < b.Month() || today.Month() == b.Month() && today.Day() < b.Day() {
		age--
	}
	return max(age, 0)
}

// IsKind reports whether kind names a document of the case file.
func IsKind(kind string) bool { return slices.Contains(Kinds, kind) }

// mediatorNames are the names of the mediators of ids, in order; an ID the
// case does not know shows as its number.
func (c *Case) mediatorNames(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if m, ok := c.Mediators[id]; ok {
			out[i] = m.Name
		} else {
			out[i] = "#" + strconv.FormatInt(id, 10)
		}
	}
	return out
}
