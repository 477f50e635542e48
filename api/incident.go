package api

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// incidentOut is an incident without its personal parts (parties,
// description), with its location as lon/lat and its deadline.
type incidentOut struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind"`
	Type          string     `json:"type"`
	Source        string     `json:"source"`
	Status        string     `json:"status"`
	Priority      string     `json:"priority"`
	Summary       string     `json:"summary"`
	Cell          string     `json:"cell"`
	Lon           float64    `json:"lon"`
	Lat           float64    `json:"lat"`
	NearCell      string     `json:"near_cell,omitempty"`
	NearDistanceM float64    `json:"near_distance_m,omitempty"`
	ReportedAt    time.Time  `json:"reported_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	ResolvedAt    *time.Time `json:"resolved_at"`
	StageSince    time.Time  `json:"stage_since"`
	DueAt         *time.Time `json:"due_at"` // open incidents: when the current stage is due; resolved ones: when the 回访 is, until a passed one
	Overdue       bool       `json:"overdue"`
	// ReplyDue is when a petition's reply is due while its clock runs
	// (受理 + Config.PetitionDays, extended); DueAt is then the same.
	ReplyDue      *time.Time `json:"reply_due,omitempty"`
	ExtensionDays int        `json:"extension_days,omitempty"` // the days a petition's reply deadline was extended by
	Escalation    int        `json:"escalation"`
	DuplicateOf   int64      `json:"duplicate_of,omitempty"`
	LedgerNumber  string     `json:"ledger_number,omitempty"` // 台账编号, of an incident imported from a ledger
	Version       int64      `json:"version"`
}

func (s *Server) newIncidentOut(in data.Incident) incidentOut {
	out := incidentOut{ID: in.ID, Kind: in.Kind, Type: in.Type, Source: in.Source, Status: in.Status,
		Priority: in.Priority, Summary: in.Summary, Cell: in.CellCode, Lon: in.Location[0], Lat: in.Location[1],
		NearCell: in.NearCell, NearDistanceM: roundTo(in.NearDistanceM, 1),
		ReportedAt: in.ReportedAt.UTC(), UpdatedAt: in.UpdatedAt.UTC(), ResolvedAt: utcPtr(in.ResolvedAt),
		StageSince: in.StageSince.UTC(), Escalation: in.Escalation, DuplicateOf: in.DuplicateOf, LedgerNumber: in.LedgerNumber, Version: in.Version}
	d := s.deadlines()
	if due, ok := d.IncidentDue(&in); ok {
		out.DueAt, out.Overdue = &due, d.IncidentOverdue(&in, s.now())
		if d.ReplyDays > 0 && domain.RunsReplyClock(&in) {
			out.ReplyDue = &due
		}
	}
	out.ExtensionDays = in.ExtensionDays
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// maxNumber is the longest incident number (an ID or a ledger's 编号) a search may give.
const maxNumber = 64

// listIncidents answers GET /api/incidents?cell=&unit=&status=&type=&mediator=&overdue=&from=&to=&bbox=&number=&limit=&offset=,
// newest first: the work lists of leaders, cadres and mediators. number
// finds an incident by its ID or its ledger number.
func (s *Server) listIncidents(c echo.Context) error {
	f := data.IncidentFilter{CellCode: c.QueryParam("cell"), UnitCode: c.QueryParam("unit"), NewestFirst: true,
		Number: strings.TrimSpace(c.QueryParam("number"))}
	if len(f.Number) > maxNumber {
		return data.FieldErrorf("number", "number is an incident's ID or ledger number, at most %d characters.", maxNumber)
	}
	var err error
	if f.Statuses, err = statusesParam(c); err != nil {
		return err
	}
	if f.Types, err = s.typesParam(c); err != nil {
		return err
	}
	mediator, err := s.mediatorParam(c)
	if err != nil {
		return err
	}
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return data.FieldErrorf("to", "to must be after from.")
	}
	if f.BBox, err = bboxParam(c); err != nil {
		return err
	}
	if f.Limit, f.Offset, err = pageParams(c, 100, 1000); err != nil {
		return err
	}
	switch v := c.QueryParam("overdue"); v {
	case "":
	case "true":
		s.deadlines().OverdueFilter(&f, s.now())
	default:
		return data.FieldErrorf("overdue", "overdue must be true or absent, got %q.", v)
	}
	if err := s.scopeIncidentQuery(c, &f); err != nil {
		return err
	}
	if mediator != 0 {
		// A mediator's list is theirs already (scopeIncidents): naming
		// another mediator is refused, not answered with nothing.
		if f.MediatorID != 0 && f.MediatorID != mediator {
			return who(c).deniedParam("mediator", "the cases of other mediators")
		}
		f.MediatorID = mediator
	}
	if err := s.checkPlaces(c.Request().Context(), f.CellCode, f.UnitCode); err != nil {
		return err
	}
	list, total, err := s.store.Incidents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out, err := s.incidentOuts(c, who(c), list)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, struct {
		Incidents []incidentOut `json:"incidents"`
		Total     int           `json:"total"`
		Limit     int           `json:"limit"`
		Offset    int           `json:"offset"`
	}{out, total, f.Limit, f.Offset})
}

// scopeIncidentQuery narrows f to the principal's scope; naming a cell or
// unit outside it is refused rather than silently answered with nothing.
func (s *Server) scopeIncidentQuery(c echo.Context, f *data.IncidentFilter) error {
	p := who(c)
	if err := p.scopeIncidents(f); err != nil {
		return err
	}
	if f.CellCode == "" && f.UnitCode == "" {
		return nil
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	switch p.role() {
	case data.RoleGridWorker:
		if f.CellCode == "" { // a unit: more than a grid worker's cells
			return p.deniedParam("unit", "incidents outside your cells")
		}
		if !slices.Contains(p.user.Cells, f.CellCode) {
			return p.deniedParam("cell", "incidents outside your cells")
		}
	case data.RoleUnitCadre:
		if f.CellCode != "" && sn.unitOf(f.CellCode) != p.user.UnitCode {
			return p.deniedParam("cell", "incidents outside your village or community")
		}
		if f.UnitCode != "" && f.UnitCode != p.user.UnitCode {
			return p.deniedParam("unit", "incidents outside your village or community")
		}
	}
	return nil
}

// incidentDetail is one incident with its personal parts, as the policy
// allows: in full, or with parties masked and the description withheld.
type incidentDetail struct {
	incidentOut
	Parties []string `json:"parties"`
	// PartyDetails are the parties as people (name, phone, resident_id),
	// masked like Parties; [] for a case reported by names only.
	PartyDetails []data.Party `json:"party_details"`
	// Repeats counts the earlier disputes between the same parties
	// (data.PartyLinks); Repeat says there is one.
	Repeats     int      `json:"repeats"`
	Repeat      bool     `json:"repeat"`
	Description *string  `json:"description"`
	Mediators   []int64  `json:"mediators"`
	Masked      bool     `json:"masked"`
	Next        []string `json:"next"` // the statuses the caller may move it to now
}

// getIncident answers GET /api/incidents/{id}: the incident with its
// personal parts in full (audited) or masked, as the policy says.
func (s *Server) getIncident(c echo.Context) error {
	p, in, _, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	out, err := s.incidentAnswer(c, p, in)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, out)
}

// typesParam reads type=, incident types comma-separated (any of them),
// each one of the configured types; absent does not filter.
func (s *Server) typesParam(c echo.Context) ([]string, error) {
	v := c.QueryParam("type")
	if v == "" {
		return nil, nil
	}
	names := domain.IncidentTypeNames(s.cfg.IncidentTypes)
	var out []string
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		if !slices.Contains(names, t) {
			return nil, data.FieldErrorf("type", "type must be one or more of %s, comma-separated; not %q.", strings.Join(names, ", "), t)
		}
		out = append(out, t)
	}
	return out, nil
}

// mediatorParam reads mediator=, the ID of a mediator the list's incidents
// are assigned to: 0 when absent, EINVALID for anything but a positive
// integer, ENOTFOUND naming "mediator" for one who does not exist.
func (s *Server) mediatorParam(c echo.Context) (int64, error) {
	v := c.QueryParam("mediator")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, data.FieldErrorf("mediator", "mediator must be a mediator's ID, a positive integer; not %q.", v)
	}
	ms, err := s.store.Mediators(c.Request().Context(), data.MediatorFilter{})
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(ms, func(m data.Mediator) bool { return m.ID == id }) {
		return 0, data.Errorf(data.ENOTFOUND, "There is no mediator %d.", id).WithField("mediator")
	}
	return id, nil
}
