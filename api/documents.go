package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/casefile"
	"gridmap/data"
)

// documentList is the answer of GET /api/incidents/{id}/documents: the
// case file's checklist, and whether the caller may open its documents.
type documentList struct {
	IncidentID int64 `json:"incident_id"`
	casefile.Checklist
	Readable bool `json:"readable"`
}

// incidentDocuments answers GET /api/incidents/{id}/documents: which
// documents of the case file (卷宗) the case has, why the others are
// missing, and the window for judicial confirmation of its agreement. It
// holds no personal data, so all who may see the incident read it; the
// documents themselves are for those with full access (readable).
func (s *Server) incidentDocuments(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	cf, err := s.caseFile(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, documentList{IncidentID: in.ID, Checklist: casefile.Check(cf),
		Readable: p.incidentAccess(in, unit) == accessFull})
}

// incidentDocument answers GET /api/incidents/{id}/documents/{kind}: the
// printable HTML page of one document of the case file, for those with
// full access to the incident's personal data (as its unmasked detail),
// every fetch audited as read_document. A kind that is not a document, or
// one the case does not have yet, is a 404 naming kind.
func (s *Server) incidentDocument(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	if p.incidentAccess(in, unit) != accessFull {
		return p.denied("the documents of incident " + strconv.FormatInt(in.ID, 10))
	}
	ctx := c.Request().Context()
	cf, err := s.caseFile(ctx, in)
	if err != nil {
		return err
	}
	kind := c.Param("kind")
	if err := cf.Has(kind); err != nil {
		return err
	}
	named, err := s.withParties(ctx, p, cf, unit)
	if err != nil {
		return err
	}
	page, err := casefile.Render(kind, cf)
	if err != nil {
		return err
	}
	detail := "kind=" + kind
	if len(named) > 0 {
		detail += " residents=" + strings.Join(named, ",")
	}
	if err := s.audit(c, "read_document", "incident:"+strconv.FormatInt(in.ID, 10), detail); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentSecurityPolicy, casefile.StylePolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, typeHTML, page)
}

// typeHTML is the media type of the printable documents.
const typeHTML = "text/html; charset=utf-8"

// caseFile gathers what the documents of the incident are made of, but
// what is known of its parties (withParties adds that).
func (s *Server) caseFile(ctx context.Context, in *data.Incident) (*casefile.Case, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	cf := &casefile.Case{Incident: *in, Town: sn.town.Name, Now: s.now(), Users: map[int64]string{}}
	if i, ok := sn.cellByCode[in.CellCode]; ok {
		cf.Cell = sn.cells[i].Name
		if j, ok := sn.unitByCode[sn.cells[i].UnitCode]; ok {
			cf.Unit = sn.units[j].Name
		}
	}
	if cf.Records, err = s.store.MediationRecords(ctx, in.ID); err != nil {
		return nil, err
	}
	if cf.Followups, err = s.store.Followups(ctx, in.ID); err != nil {
		return nil, err
	}
	ms, err := s.store.Mediators(ctx, data.MediatorFilter{})
	if err != nil {
		return nil, err
	}
	cf.Mediators = make(map[int64]data.Mediator, len(ms))
	for _, m := range ms {
		cf.Mediators[m.ID] = m
	}
	for _, id := range recorders(cf) {
		u, err := s.store.User(ctx, id)
		if data.ErrorCode(err) == data.ENOTFOUND {
			continue // an account since deleted: the document leaves a blank
		} else if err != nil {
			return nil, err
		}
		cf.Users[id] = displayName(u)
	}
	for _, name := range in.Parties {
		cf.Parties = append(cf.Parties, casefile.Party{Name: name})
	}
	return cf, nil
}

// recorders are the users who recorded the case's sessions and 回访.
func recorders(cf *casefile.Case) []int64 {
	var ids []int64
	seen := map[int64]bool{0: true}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, r := range cf.Records {
		add(r.RecorderID)
	}
	for _, f := range cf.Followups {
		add(f.RecorderID)
	}
	return ids
}

// withParties fills in what is known of each party who is a resident of
// the incident's cell (one resident of that exact name there): sex, age,
// address and phone, for a principal who may read the cell's residents in
// full (a mediator, who sees them masked, gets the names alone). It
// returns the residents' IDs, for the audit log.
func (s *Server) withParties(ctx context.Context, p *principal, cf *casefile.Case, unit string) ([]string, error) {
	cell := cf.Incident.CellCode
	if len(cf.Parties) == 0 || p.residentAccess(cell, unit) != accessFull {
		return nil, nil
	}
	rs, _, err := s.store.Residents(ctx, data.ResidentFilter{CellCode: cell})
	if err != nil {
		return nil, err
	}
	byName := map[string][]data.Resident{}
	for _, r := range rs {
		byName[r.Name] = append(byName[r.Name], r)
	}
	var hs []data.Household
	var named []string
	for i, party := range cf.Parties {
		same := byName[party.Name]
		if len(same) != 1 {
			continue // not a resident here, or a name two residents share: the blanks are filled by hand
		}
		r := same[0]
		if hs == nil {
			if hs, _, err = s.store.Households(ctx, data.HouseholdFilter{CellCode: cell}); err != nil {
				return nil, err
			}
		}
		cf.Parties[i] = casefile.Party{Name: party.Name, Gender: r.Gender, Age: casefile.Age(r.BirthDate, cf.Now), Phone: r.Phone}
		for _, h := range hs {
			if h.ID == r.HouseholdID {
				cf.Parties[i].Address = h.Address
			}
		}
		named = append(named, strconv.FormatInt(r.ID, 10))
	}
	return named, nil
}
