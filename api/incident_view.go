package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/mask"
)

// What a principal sees of an incident, wherever it is shown: in lists, in
// its detail, in the answer to a write, in a 409's current state, in its
// timeline. One rule (incidentAccess) for all of them:
//
//	access   summary, notes, photo names     parties           description   audited
//	full     verbatim                        verbatim          verbatim      yes (*)
//	masked   mask.Text                       mask.Name         withheld      no
//	none     mask.Text                       withheld          withheld      no
//
// Parties include party_details, the parties as people: their names and
// phones verbatim, masked (mask.Name, mask.Phone) or withheld alike.
//
// (*) A detail or a timeline holds personal data by nature and its every
// full read is audited. A list or a 409 carries only summaries, which are
// written to hold none: such an answer is audited when a summary shown
// verbatim holds what mask.Text would hide (an identity number, a phone, a
// party's name), naming those incidents.

// incidentOutFor is the non-personal part of an incident as the principal
// may see it, and whether it shows personal data verbatim.
func (s *Server) incidentOutFor(p *principal, in *data.Incident, unit string) (incidentOut, bool) {
	out := s.newIncidentOut(*in)
	if p.incidentAccess(in, unit) == accessFull {
		return out, mask.Text(in.Summary, in.Parties) != in.Summary
	}
	out.Summary = mask.Text(in.Summary, in.Parties)
	return out, false
}

// incidentOuts is a list of incidents as the principal may see them; a
// list that shows personal data in a summary is audited first
// (read_incident_list, naming the incidents).
func (s *Server) incidentOuts(c echo.Context, p *principal, list []data.Incident) ([]incidentOut, error) {
	out := make([]incidentOut, len(list))
	if len(list) == 0 {
		return out, nil
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var revealed []string
	for i := range list {
		o, reveals := s.incidentOutFor(p, &list[i], sn.unitOf(list[i].CellCode))
		out[i] = o
		if reveals {
			revealed = append(revealed, "incident:"+strconv.FormatInt(list[i].ID, 10))
		}
	}
	if len(revealed) > 0 {
		if err := s.audit(c, "read_incident_list", "incidents", strings.Join(revealed, ",")); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// incidentAnswer is an incident with its personal parts as the principal
// may see them: in full (audited as read_incident), masked, or without
// them. Reads and the answers to writes alike go through it.
func (s *Server) incidentAnswer(c echo.Context, p *principal, in *data.Incident) (incidentDetail, error) {
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return incidentDetail{}, err
	}
	unit := sn.unitOf(in.CellCode)
	links, err := s.store.IncidentParties(c.Request().Context(), in.ID)
	if err != nil {
		return incidentDetail{}, err
	}
	var out incidentDetail
	acc := p.incidentAccess(in, unit)
	switch acc {
	case accessFull:
		if err := s.audit(c, "read_incident", "incident:"+strconv.FormatInt(in.ID, 10), ""); err != nil {
			return incidentDetail{}, err
		}
		out = s.fullIncident(in)
	case accessMasked:
		o, _ := s.incidentOutFor(p, in, unit)
		out = incidentDetail{incidentOut: o, Parties: make([]string, len(in.Parties)), Mediators: in.Mediators, Masked: true}
		for i, name := range in.Parties {
			out.Parties[i] = mask.Name(name)
		}
	default: // no longer in the principal's scope, e.g. moved to another cell
		o, _ := s.incidentOutFor(p, in, unit)
		out = incidentDetail{incidentOut: o, Parties: []string{}, Mediators: in.Mediators, Masked: true}
	}
	out.PartyDetails, out.Repeats, out.Repeat = partiesAs(acc, links.Parties), links.Repeats, links.Repeats > 0
	out.Next = p.nextStatuses(in, unit)
	s.closableOnly(in, &out.Next)
	return out, nil
}

// conflictOut is the current state a 409 carries, as the principal may see
// it; should the audit of a revealing summary fail, the summary is masked
// instead (the error itself must still be answered).
func (s *Server) conflictOut(c echo.Context, in *data.Incident) incidentOut {
	p := who(c)
	out, err := s.incidentOuts(c, p, []data.Incident{*in})
	if err != nil {
		s.log.Warn("showing the current state of a conflict", "incident", in.ID, "err", err)
		o := s.newIncidentOut(*in)
		o.Summary = mask.Text(in.Summary, in.Parties)
		return o
	}
	return out[0]
}

// incidentEvents answers GET /api/incidents/{id}/events?limit=&offset=: the
// timeline, oldest first, a page at a time (500 events unless asked),
// its notes as the incident's access allows (verbatim and audited as
// read_incident_events, or masked).
func (s *Server) incidentEvents(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	limit, offset, err := pageParams(c, 500, 1000)
	if err != nil {
		return err
	}
	all, err := s.store.IncidentEvents(c.Request().Context(), in.ID)
	if err != nil {
		return err
	}
	es := pageOf(all, limit, offset)
	switch p.incidentAccess(in, unit) {
	case accessFull:
		if err := s.audit(c, "read_incident_events", "incident:"+strconv.FormatInt(in.ID, 10), ""); err != nil {
			return err
		}
	default:
		for i := range es {
			es[i].Note = mask.Text(es[i].Note, in.Parties)
		}
	}
	// Each stage's deadline, on the event that began it (counted on the whole timeline, whatever the page).
	dues := s.deadlines().StageDues(in, all, s.now())
	out := make([]eventOut, len(es))
	for i, e := range es {
		out[i].IncidentEvent = e
		if d, ok := dues[e.ID]; ok {
			due := d.DueAt
			out[i].DueAt, out[i].Late = &due, d.Late
		}
	}
	return s.sendJSON(c, typeJSON, map[string]any{"events": out, "total": len(all), "limit": limit, "offset": offset})
}

// eventOut is one event of a timeline; an event that began a stage with a
// deadline carries that deadline (domain.Schedule.StageDues) and whether the
// stage ran past it.
type eventOut struct {
	data.IncidentEvent
	DueAt *time.Time `json:"due_at,omitempty"`
	Late  bool       `json:"late,omitempty"`
}

// partiesAs is an incident's parties as people as an answer with access
// acc shows them: as stored, masked (mask.Name, mask.Phone) or none. A resident's ID is kept: it reveals no
// more than the masked resident list of the cell.
func partiesAs(acc access, ps []data.Party) []data.Party {
	switch acc {
	case accessFull:
		return ps
	case accessNone:
		return []data.Party{}
	}
	out := make([]data.Party, len(ps))
	for i, p := range ps {
		out[i] = data.Party{Name: mask.Name(p.Name), Phone: mask.Phone(p.Phone), ResidentID: p.ResidentID}
	}
	return out
}
