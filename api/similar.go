package api

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// similarOut is a case that may be the dispute being reported, as
// /api/incidents shows it to the caller, with the reasons.
type similarOut struct {
	incidentOut
	Reasons []data.SimilarReason `json:"reasons"`
}

// similarIncidents answers GET /api/incidents/similar?lon=&lat=&type=&parties=:
// before a report is sent, the cases within the caller's incident scope
// that may be the same dispute (domain.SimilarReasons), newest first, and
// the earlier disputes of its parties (history, newest first, any age),
// each as /api/incidents shows it. parties is comma-separated, each a
// resident (resident:<id>) or a name and phone (<name>:<phone>); a name
// alone is accepted and matches nothing. Nothing given, nothing found.
func (s *Server) similarIncidents(c echo.Context) error {
	p := who(c)
	var scope data.IncidentFilter
	if err := p.scopeIncidents(&scope); err != nil {
		return err
	}
	q := data.SimilarQuery{Type: strings.TrimSpace(c.QueryParam("type")), Now: s.now()}
	if c.QueryParam("lon") != "" || c.QueryParam("lat") != "" {
		pt, err := pointParam(c)
		if err != nil {
			return err
		}
		q.Location = &pt
	}
	if q.Type != "" {
		if err := domain.CheckIncidentType(s.cfg.IncidentTypes, q.Type); err != nil {
			return err
		}
	}
	var err error
	if q.Parties, err = partiesParam(c.QueryParam("parties")); err != nil {
		return err
	}
	if err := p.checkPartySearch(q.Parties); err != nil {
		return err
	}
	ctx := c.Request().Context()
	notDuplicate := slices.DeleteFunc(slices.Clone(data.Statuses), func(st string) bool { return st == data.StatusDuplicate })
	found := map[int64]*data.Incident{}
	var nearby, history []data.Incident
	historyTotal := 0
	if q.Location != nil && q.Type != "" {
		f := scope
		b := domain.NearbyBound(*q.Location)
		f.BBox, f.Types, f.From, f.Statuses, f.NewestFirst, f.Limit = &b, []string{q.Type}, q.Since(), notDuplicate, true, 200
		if nearby, _, err = s.store.Incidents(ctx, f); err != nil {
			return err
		}
	}
	if residents, keys := domain.PartyIdentities(q.Parties); len(residents)+len(keys) > 0 {
		f := scope
		f.SharesParty, f.Statuses, f.NewestFirst, f.Limit = q.Parties, notDuplicate, true, 200
		if history, historyTotal, err = s.store.Incidents(ctx, f); err != nil {
			return err
		}
	}
	shares := map[int64]bool{}
	for i := range history {
		shares[history[i].ID] = true
		found[history[i].ID] = &history[i]
	}
	for i := range nearby {
		found[nearby[i].ID] = &nearby[i]
	}
	var candidates []data.Incident
	var reasons [][]data.SimilarReason
	for _, in := range found {
		if rs := domain.SimilarReasons(q, in, shares[in.ID]); len(rs) > 0 {
			candidates = append(candidates, *in)
			reasons = append(reasons, rs)
		}
	}
	order := make([]int, len(candidates))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(candidates[b].ReportedAt.Compare(candidates[a].ReportedAt), cmp.Compare(candidates[b].ID, candidates[a].ID))
	})
	if len(order) > data.MaxSimilar {
		order = order[:data.MaxSimilar]
	}
	sorted := make([]data.Incident, len(order))
	for i, k := range order {
		sorted[i] = candidates[k]
	}
	outs, err := s.incidentOuts(c, p, sorted)
	if err != nil {
		return err
	}
	out := make([]similarOut, len(outs))
	for i, o := range outs {
		out[i] = similarOut{incidentOut: o, Reasons: reasons[order[i]]}
	}
	history = history[:min(len(history), data.MaxSimilar)]
	past, err := s.incidentOuts(c, p, history)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, struct {
		Candidates   []similarOut  `json:"candidates"`
		History      []incidentOut `json:"history"`
		HistoryTotal int           `json:"history_total"`
	}{out, past, historyTotal})
}

// checkPartySearch refuses a look-up of earlier disputes by parties to
// one who would learn from it what masking hides (403 naming parties): a
// leader, who sees the parties of cases masked, by any party (a match on
// a name and phone guessed in full would confirm them); a mediator, who
// sees residents masked, by a resident (the cases they read in full would
// show that resident's name and phone). Those who report at intake, grid
// workers and cadres, read both in full; the nearby check asks for no
// parties and stays open to all.
func (p *principal) checkPartySearch(ps []data.Party) error {
	if len(ps) == 0 {
		return nil
	}
	if p.readsPartiesMasked() {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) sees the parties of cases masked, so it cannot look up their earlier disputes by party.", p.role()).WithField("parties")
	}
	if p.readsResidentsMasked() && slices.ContainsFunc(ps, func(x data.Party) bool { return x.ResidentID != 0 }) {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) sees residents masked, so it cannot look up a resident's earlier disputes; give the party's name and phone instead.", p.role()).WithField("parties")
	}
	return nil
}

// partiesParam parses the parties of /api/incidents/similar: comma-
// separated, each resident:<id> or <name>:<phone> or a name alone.
func partiesParam(v string) ([]data.Party, error) {
	var out []data.Party
	if strings.TrimSpace(v) == "" {
		return out, nil
	}
	for i, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if rest, ok := strings.CutPrefix(item, "resident:"); ok {
			id, err := strconv.ParseInt(rest, 10, 64)
			if err != nil || id <= 0 {
				return nil, data.FieldErrorf("parties", "Party %d: resident:%s is not a resident's ID.", i+1, rest)
			}
			out = append(out, data.Party{ResidentID: id})
			continue
		}
		name, phone := item, ""
		if k := strings.LastIndex(item, ":"); k >= 0 {
			name, phone = item[:k], item[k+1:]
		}
		out = append(out, data.Party{Name: name, Phone: phone})
	}
	return out, domain.CheckParties("parties", out)
}
