package roster

import (
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// Incident is one row of an incident ledger (台账).
type Incident struct {
	data.Incident
	// Number is the ledger's number (编号): the key a re-import updates by.
	Number string
	// Approximate marks a location that is only the cell's label point.
	Approximate bool
	Row         int
}

// IncidentSheet is a checked incident ledger.
type IncidentSheet struct {
	Incidents []Incident // nil when a row is invalid and SkipInvalid is off
	Report
}

// statusWords map what ledgers write in 状态 to data.Status*.
var statusWords = map[string]string{
	"上报": data.StatusReported, "已上报": data.StatusReported, "待受理": data.StatusReported,
	"受理": data.StatusAccepted, "已受理": data.StatusAccepted,
	"调解中": data.StatusMediating, "调处中": data.StatusMediating, "正在调解": data.StatusMediating,
	"已化解": data.StatusResolved, "化解": data.StatusResolved, "调解成功": data.StatusResolved,
	"上交": data.StatusEscalated, "已上交": data.StatusEscalated, "移交": data.StatusEscalated,
	"办结": data.StatusClosed, "已办结": data.StatusClosed, "结案": data.StatusClosed,
}

// followupWords map what ledgers write in 回访方式, 履行情况 and 满意度 to
// the codes of a data.Followup.
var followupWords = map[string]map[string]string{
	"followup_method":       {"入户": data.FollowupVisit, "上门": data.FollowupVisit, "走访": data.FollowupVisit, "电话": data.FollowupPhone},
	"followup_performed":    {"已履行": data.PerformedYes, "履行": data.PerformedYes, "部分履行": data.PerformedPartly, "未履行": data.PerformedNo},
	"followup_satisfaction": {"满意": data.SatisfactionSatisfied, "基本满意": data.SatisfactionBasically, "不满意": data.SatisfactionDissatisfied},
}

// ledgerFollowup is the passed 回访 at t a row records, from its optional
// 回访方式 (default 入户), 履行情况 (default 已履行) and 满意度 (default
// 基本满意: a passed 回访 says only that the parties were not dissatisfied).
// A 回访 that did not pass (部分履行, 未履行, 不满意) is a row error: it would
// have taken the case back to mediation, which a resolved or closed row
// is not.
func ledgerFollowup(r *row, t time.Time) *data.Followup {
	f := &data.Followup{Method: data.FollowupVisit, Reached: true, Performed: data.PerformedYes,
		Satisfaction: data.SatisfactionBasically, Passed: true, Note: "", At: t}
	for field, dst := range map[string]*string{"followup_method": &f.Method, "followup_performed": &f.Performed,
		"followup_satisfaction": &f.Satisfaction} {
		w := r.get(field)
		if w == "" {
			continue
		}
		code, ok := followupWords[field][w]
		if !ok {
			code, ok = w, slices.Contains(slices.Collect(maps.Values(followupWords[field])), w)
		}
		if !ok {
			r.fail(data.FieldErrorf(r.col(field), "%q is not a value of this column; write one of %s.", w, strings.Join(slices.Sorted(maps.Keys(followupWords[field])), "、")))
			continue
		}
		*dst = code
	}
	if !domain.FollowupPassed(f.Performed, f.Satisfaction) {
		r.fail(data.FieldErrorf(r.col("followup_at"), "回访时间 is the time of a passed 回访 (已履行, not 不满意); record one that did not pass in gridmap, where it takes the case back to mediation."))
	}
	return f
}

// townTypes is the town's dispute types of an Options or a template:
// types, or the default ones for nil.
func townTypes(types []data.IncidentType) []data.IncidentType {
	if types == nil {
		return domain.DefaultIncidentTypes()
	}
	return types
}

// ReadIncidents reads and checks a ledger of past disputes and petitions,
// each placed by coordinates or cell. A resolved or closed one needs its
// 办结时间, an open one has none. A resolved or closed one may give the
// time of a passed 回访 (回访时间, not before the resolution): only then
// does it count as resolved at the grassroots (domain.AtGrassroots); a
// ledger without the column imports its closed cases as closed without a
// 回访, never counted so.
func ReadIncidents(src io.Reader, opt Options) (*IncidentSheet, error) {
	pl := newPlaces(opt.Cells, opt.Locate)
	types := townTypes(opt.IncidentTypes)
	typeOK := map[string]bool{}
	var typeNames []string
	for _, t := range types {
		typeOK[t.Name] = true
		typeNames = append(typeNames, t.Name)
	}
	now := opt.today()
	seen := map[string]int{}
	var out []Incident
	var errs []RowError
	rep, _, err := scan(src, Incidents, opt, func(r *row) {
		in := Incident{Row: r.n, Number: r.get("number")}
		numCol := r.col("number")
		if in.Number == "" {
			r.fail(data.FieldErrorf(numCol, "The number is empty."))
		} else if first, dup := seen[in.Number]; dup {
			r.fail(data.FieldErrorf(numCol, "The number %s is also in row %d.", in.Number, first))
		} else {
			seen[in.Number] = r.n
		}
		in.Type = r.get("type")
		if !typeOK[in.Type] {
			r.fail(data.FieldErrorf(r.col("type"), "%q is not an incident type; the types are %s.", in.Type, strings.Join(typeNames, "、")))
		}
		in.Source = r.get("source")
		if in.Source != "" && !slices.Contains(data.IncidentSources, in.Source) {
			r.fail(data.FieldErrorf(r.col("source"), "%q is not a source; the sources are %s.", in.Source, strings.Join(data.IncidentSources, "、")))
		}
		in.Kind = domain.KindOf(in.Source)
		st := r.get("status")
		if s, ok := statusWords[st]; ok {
			in.Status = s
		} else if slices.Contains(data.Statuses, st) && st != data.StatusDuplicate {
			in.Status = st
		} else {
			r.fail(data.FieldErrorf(r.col("status"), "%q is not a status; write 上报, 受理, 调解中, 已化解, 上交 or 办结.", st))
		}
		in.Summary = r.get("summary")
		if in.Summary == "" {
			r.fail(data.FieldErrorf(r.col("summary"), "The summary is empty."))
		}
		in.Description = r.get("description")
		// Names, or the parties as people with their phones and residents
		// (domain.FormatParties, as an export writes them).
		in.Parties, in.PartyDetails = domain.ParseParties(r.get("parties"))
		if in.Parties == nil {
			in.Parties = []string{}
		}
		var perr *data.Error
		if errors.As(domain.CheckParties("parties", in.PartyDetails), &perr) {
			r.fail(perr.WithField(r.col("parties")))
		}
		repCol := r.col("reported_at")
		if s := r.get("reported_at"); s == "" {
			r.fail(data.FieldErrorf(repCol, "The date is empty."))
		} else if t, err := parseDate(repCol, s, true); err != nil {
			r.fail(err)
		} else if t.After(now) {
			r.fail(data.FieldErrorf(repCol, "%s lies in the future.", t.Format("2006-01-02 15:04")))
		} else {
			in.ReportedAt = t
		}
		resCol := r.col("resolved_at")
		done := in.Status == data.StatusResolved || in.Status == data.StatusClosed
		switch s := r.get("resolved_at"); {
		case s == "" && done:
			r.fail(data.FieldErrorf(resCol, "A resolved or closed incident needs the date it was resolved."))
		case s != "" && !done && in.Status != "":
			r.fail(data.FieldErrorf(resCol, "An open incident has no resolution date; leave it empty or correct the status."))
		case s != "":
			t, err := parseDate(resCol, s, true)
			switch {
			case err != nil:
				r.fail(err)
			case !in.ReportedAt.IsZero() && t.Before(in.ReportedAt):
				r.fail(data.FieldErrorf(resCol, "The resolution date %s is before the incident (%s).", t.Format("2006-01-02 15:04"), in.ReportedAt.Format("2006-01-02 15:04")))
			default:
				in.ResolvedAt = &t
			}
		}
		// A passed 回访 (已履行, not 不满意) is what counts a resolution as
		// one at the grassroots: a ledger without it imports none.
		fuCol := r.col("followup_at")
		if s := r.get("followup_at"); s != "" {
			t, err := parseDate(fuCol, s, true)
			switch {
			case err != nil:
				r.fail(err)
			case !done && in.Status != "":
				r.fail(data.FieldErrorf(fuCol, "Only a resolved or closed incident has a passed 回访; leave it empty or correct the status."))
			case t.After(now):
				r.fail(data.FieldErrorf(fuCol, "%s lies in the future.", t.Format("2006-01-02 15:04")))
			case in.ResolvedAt != nil && t.Before(*in.ResolvedAt):
				r.fail(data.FieldErrorf(fuCol, "The 回访 %s is before the resolution (%s).", t.Format("2006-01-02 15:04"), in.ResolvedAt.Format("2006-01-02 15:04")))
			default:
				in.FollowupPassedAt = &t
				in.LedgerFollowup = ledgerFollowup(r, t)
			}
		}
		if in.FollowupPassedAt == nil {
			for _, field := range []string{"followup_method", "followup_performed", "followup_satisfaction"} {
				if r.get(field) != "" && r.get("followup_at") == "" {
					r.fail(data.FieldErrorf(r.col(field), "Give the 回访时间 of the 回访 this column describes, or leave it empty."))
				}
			}
		}
		cellText := r.cell(pl)
		pos, perrs := pl.place(r.col("cell"), cellText, r.col("lon"), r.get("lon"), r.col("lat"), r.get("lat"))
		r.fail(perrs...)
		if pos.cell == "" && cellText == "" && r.get("lon") == "" && r.get("lat") == "" {
			r.fail(data.FieldErrorf(r.col("cell"), "Give the cell (code or name) or the longitude and latitude."))
		}
		in.CellCode, in.Location, in.Approximate = pos.cell, pos.point, pos.approximate
		in.Priority = data.PriorityNormal
		in.Mediators = []int64{}
		in.UpdatedAt, in.StageSince = in.ReportedAt, in.ReportedAt
		if in.ResolvedAt != nil {
			in.UpdatedAt, in.StageSince = *in.ResolvedAt, *in.ResolvedAt
		}
		if in.Status == data.StatusEscalated {
			in.Escalation = 1
		}
		errs = append(errs, r.errs...)
		if len(r.errs) == 0 {
			out = append(out, in)
		}
	})
	if err != nil {
		return nil, err
	}
	rep.Errors = errs
	s := &IncidentSheet{Report: *rep}
	if s.finish(opt, nil) {
		s.Incidents = out
	}
	return s, nil
}
