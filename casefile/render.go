package casefile

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"strings"
	"time"

	"gridmap/data"
)

//go:embed document.html.tmpl
var documentTemplate string

//go:embed document.css
var documentCSS string

// StylePolicy is the Content-Security-Policy a document is to be served
// with: no scripts, no fetches, only its own inline style sheet (by hash).
var StylePolicy = func() string {
	sum := sha256.Sum256([]byte(documentCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
}()

var documents = template.Must(template.New("document").Funcs(template.FuncMap{
	"date":     func(t time.Time) string { return t.In(data.ChinaTime).Format("2006年1月2日") },
	"dateTime": func(t time.Time) string { return t.In(data.ChinaTime).Format("2006年1月2日 15:04") },
	"gender":   func(g string) string { return map[string]string{"M": "男", "F": "女"}[g] },
	"outcome":  func(o string) string { return outcomeWords[o] },
	"method": func(m string) string {
		return map[string]string{data.FollowupVisit: "入户回访", data.FollowupPhone: "电话回访"}[m]
	},
	"performed":    func(p string) string { return performedWords[p] },
	"satisfaction": func(s string) string { return satisfactionWords[s] },
	"join":         func(s []string) string { return strings.Join(s, "、") },
	"day": func(ymd string) string {
		d, err := time.Parse(time.DateOnly, ymd)
		if err != nil {
			return ymd
		}
		return d.Format("2006年1月2日")
	},
	"add1": func(i int) int { return i + 1 },
}).Parse(documentTemplate))

var outcomeWords = map[string]string{data.OutcomeAgreement: "达成调解协议", data.OutcomeNoAgreement: "未达成调解协议", data.OutcomeOngoing: "继续调解"}

var performedWords = map[string]string{data.PerformedYes: "已履行", data.PerformedPartly: "部分履行", data.PerformedNo: "未履行"}

var satisfactionWords = map[string]string{data.SatisfactionSatisfied: "满意", data.SatisfactionBasically: "基本满意",
	data.SatisfactionDissatisfied: "不满意"}

// page is what the template of a document reads.
type page struct {
	Kind, Title, Number, Committee, Place string
	CSS                                   template.CSS
	Case                                  *Case
	Facts                                 string
	Mediators                             []string // the case's assigned mediators
	Sessions                              []session
	Agreement                             *session
	Window                                Window
	Followups                             []followup
}

type session struct {
	data.MediationRecord
	Mediators []string
	Recorder  string
}

type followup struct {
	data.Followup
	Recorder string
}

// Render is the printable HTML page of the case's document of kind: A4,
// in 宋体 (or Noto Serif CJK), with the format's title, number, parties,
// facts, mediators, date and signature lines. ENOTFOUND naming "kind" for
// a kind that is not one of Kinds, or a document the case does not have
// yet (Has).
func Render(kind string, c *Case) ([]byte, error) {
	if err := c.Has(kind); err != nil {
		return nil, err
	}
	p := page{Kind: kind, Title: Titles[kind], Number: c.Number(), Committee: c.Committee(), CSS: template.CSS(documentCSS), Case: c,
		Place: c.Town + c.Unit + c.Cell, Facts: c.Incident.Description, Mediators: c.mediatorNames(c.Incident.Mediators)}
	if strings.TrimSpace(p.Facts) == "" {
		p.Facts = c.Incident.Summary
	}
	for _, r := range c.Records {
		p.Sessions = append(p.Sessions, session{MediationRecord: r, Mediators: c.mediatorNames(r.MediatorIDs), Recorder: c.Users[r.RecorderID]})
	}
	if a, ok := c.Agreement(); ok {
		p.Agreement = &session{MediationRecord: a, Mediators: c.mediatorNames(a.MediatorIDs), Recorder: c.Users[a.RecorderID]}
		p.Window = ConfirmationWindow(a.At, c.Now)
		if a.AgreementRef != "" && kind == KindAgreement {
			p.Number = a.AgreementRef
		}
	}
	for _, f := range c.Followups {
		p.Followups = append(p.Followups, followup{Followup: f, Recorder: c.Users[f.RecorderID]})
	}
	var b bytes.Buffer
	if err := documents.ExecuteTemplate(&b, "document", p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Has returns nil when the case has a document of kind, else ENOTFOUND
// naming "kind": for a kind that is not one of Kinds, or a document the
// case does not have yet (saying why, as Missing).
func (c *Case) Has(kind string) error {
	if !IsKind(kind) {
		return data.Errorf(data.ENOTFOUND, "There is no document %q; the documents are %s.", kind, strings.Join(Kinds, ", ")).WithField("kind")
	}
	if why := c.Missing(kind); why != "" {
		return missingError(why).WithField("kind")
	}
	return nil
}

// missingError says why a document is missing (English; the API's
// catalogue gives it in Chinese too).
func missingError(why string) *data.Error {
	switch why {
	case MissingParties:
		return data.Errorf(data.ENOTFOUND, "The case names no party yet: there is no 人民调解申请书 to print.")
	case MissingAccepted:
		return data.Errorf(data.ENOTFOUND, "The case has not been accepted yet: the 人民调解权利义务告知书 is given at acceptance.")
	case MissingMediation:
		return data.Errorf(data.ENOTFOUND, "No mediation session of the case is recorded yet: there is no 人民调解记录 to print.")
	case MissingAgreement:
		return data.Errorf(data.ENOTFOUND, "No mediation session of the case ended in an agreement yet: there is no 人民调解协议书 to print.")
	}
	return data.Errorf(data.ENOTFOUND, "No 回访 of the case is recorded yet: there is no 人民调解回访记录 to print.")
}
