package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/mask"
)

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the same
// incidents, so that existing civic-reporting clients can submit and read
// them, in XML (the spec's required format) or JSON, by the resource's
// extension. Services are the incident types; the jurisdiction is the town
// (jurisdiction_id 500110119 for the sample, optional since there is one);
// a client authenticates with a gridmap API token, as a bearer header or as
// the api_key parameter, and sees what that account may see, masked and
// audited as in the app API. Errors, including those of authentication,
// body limits, methods and unknown paths, come in Open311's own shape (see
// open311_xml.go); the parameters are read in open311_params.go.

// open311Spec is the specification URL the discovery document names.
const open311Spec = "http://wiki.open311.org/GeoReport_v2"

// open311Service maps an incident type to an Open311 service. No service
// has extra attributes (metadata false), so there are no service
// definitions to fetch.
type open311Service struct {
	Code        string `json:"service_code" xml:"service_code"`
	Name        string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
}

// serviceCode is the Open311 code of an incident type: its record's
// (domain.LookupIncidentType), or "type-0" for a type neither configured nor
// a default one.
func (s *Server) serviceCode(typ string) string {
	if t, ok := domain.LookupIncidentType(s.cfg.IncidentTypes, typ); ok {
		return t.Code
	}
	return "type-0"
}

func (s *Server) open311Services() open311Services {
	out := make(open311Services, 0, len(s.cfg.IncidentTypes))
	for _, t := range s.cfg.IncidentTypes {
		out = append(out, open311Service{Code: t.Code, Name: t.Name, Description: t.Name + "（矛盾纠纷）",
			Type: "realtime", Keywords: "dispute,矛盾纠纷", Group: "矛盾纠纷"})
	}
	return out
}

// typeOfService is the configured incident type with an Open311 code.
func (s *Server) typeOfService(code string) (string, bool) {
	for _, t := range s.cfg.IncidentTypes {
		if t.Code == code {
			return t.Name, true
		}
	}
	return "", false
}

// open311Start reads what every Open311 resource begins with: its format
// (404 for one other than .json and .xml), the snapshot, and the
// jurisdiction_id among v.
func (s *Server) open311Start(c echo.Context, v url.Values) (*snapshot, error) {
	if _, err := open311Format(c); err != nil {
		return nil, err
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return sn, checkJurisdiction(sn, v)
}

// open311ServiceList answers GET /open311/v2/services.{json,xml}.
func (s *Server) open311ServiceList(c echo.Context) error {
	if _, err := s.open311Start(c, c.QueryParams()); err != nil {
		return err
	}
	return open311Send(c, http.StatusOK, s.open311Services())
}

// open311Discovery is the Service Discovery document
// (https://wiki.open311.org/Service_Discovery).
type open311Discovery struct {
	Changeset  string            `json:"changeset"`
	Contact    string            `json:"contact"`
	KeyService string            `json:"key_service"`
	Endpoints  []open311Endpoint `json:"endpoints"`
}

type open311Endpoint struct {
	Specification string   `json:"specification"`
	URL           string   `json:"url"`
	Changeset     string   `json:"changeset"`
	Type          string   `json:"type"`
	Formats       []string `json:"formats"`
}

// open311DiscoveryDoc answers GET /open311/discovery.{json,xml}: the one
// production endpoint. Its changeset is the server's start, since the
// services change only with the configured incident types.
func (s *Server) open311DiscoveryDoc(c echo.Context) error {
	sn, err := s.open311Start(c, nil)
	if err != nil {
		return err
	}
	changeset := s.started.Format(time.RFC3339)
	return open311Send(c, http.StatusOK, &open311Discovery{
		Changeset:  changeset,
		Contact:    sn.town.Name + "综治中心（" + sn.town.County + "）",
		KeyService: "api_key 是 gridmap 的 API 令牌：登录 " + s.baseURL(c) + "/ 后在「API 令牌」中创建（或 POST /api/auth/tokens）。",
		Endpoints: []open311Endpoint{{Specification: open311Spec, URL: s.baseURL(c) + "/open311/v2", Changeset: changeset,
			Type: "production", Formats: []string{"text/xml", "application/json"}}},
	})
}

// open311Request is a service request in GeoReport v2's fields.
type open311Request struct {
	ID                string     `json:"service_request_id" xml:"service_request_id"`
	Status            string     `json:"status" xml:"status"` // open or closed
	StatusNotes       string     `json:"status_notes" xml:"status_notes"`
	ServiceName       string     `json:"service_name" xml:"service_name"`
	ServiceCode       string     `json:"service_code" xml:"service_code"`
	Description       string     `json:"description" xml:"description"`
	AgencyResponsible string     `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string     `json:"service_notice" xml:"service_notice"`
	Requested         time.Time  `json:"requested_datetime" xml:"requested_datetime"`
	Updated           time.Time  `json:"updated_datetime" xml:"updated_datetime"`
	Expected          *time.Time `json:"expected_datetime" xml:"expected_datetime,omitempty"`
	Address           string     `json:"address" xml:"address"`
	AddressID         string     `json:"address_id" xml:"address_id"` // the cell's code
	Lat               float64    `json:"lat" xml:"lat"`
	Long              float64    `json:"long" xml:"long"`
	MediaURL          string     `json:"media_url" xml:"media_url"`
}

// open311StatusNotes words gridmap's status behind open or closed.
var open311StatusNotes = map[string][2]string{ // zh-CN, en
	data.StatusReported: {"已上报", "reported"}, data.StatusAccepted: {"已受理", "accepted"},
	data.StatusMediating: {"调解中", "being mediated"}, data.StatusResolved: {"已化解", "resolved"},
	data.StatusEscalated: {"已上交", "escalated"}, data.StatusClosed: {"已办结", "closed"},
	data.StatusDuplicate: {"重复上报", "a duplicate"},
}

// open311Of maps an incident. Its description is the full text for those
// who may read it, the summary for the rest (leaders see the incident
// masked, as in the app API).
func (s *Server) open311Of(sn *snapshot, in *data.Incident, full bool, lang string) open311Request {
	out := s.newIncidentOut(*in)
	r := open311Request{ID: strconv.FormatInt(in.ID, 10), Status: "closed",
		ServiceName: in.Type, ServiceCode: s.serviceCode(in.Type), Description: open311Description(in, full),
		AgencyResponsible: sn.town.Name + "综治中心", Requested: w3(out.ReportedAt), Updated: w3(out.UpdatedAt),
		Address: "网格 " + in.CellCode, AddressID: in.CellCode, Lat: in.Location[1], Long: in.Location[0]}
	if out.DueAt != nil {
		due := w3(*out.DueAt)
		r.Expected = &due
	}
	if domain.IsOpen(in.Status) {
		r.Status = "open"
	}
	if n, ok := open311StatusNotes[in.Status]; ok {
		r.StatusNotes = n[0]
		if lang == langEN {
			r.StatusNotes = n[1]
		}
	}
	if i, ok := sn.cellByCode[in.CellCode]; ok { // most specific first, as the spec asks
		r.Address = sn.cells[i].Name + "，" + sn.cells[i].UnitName + "，" + sn.town.Name
	}
	return r
}

// w3 is a time as the spec writes its examples, to the second
// (2010-01-01T00:00:00Z): clients that parse that pattern strictly choke
// on the fractions Go would write.
func w3(t time.Time) time.Time { return t.Truncate(time.Second) }

// open311Description is the one text Open311 has for a request: for a
// reader who sees it masked, the summary as the app API shows it; else
// the description too. A report made through Open311 keeps the start of
// its description as its summary, so there the description alone says
// it all; one made in the app has both.
func open311Description(in *data.Incident, full bool) string {
	switch {
	case !full:
		return mask.Text(in.Summary, in.Parties) // as incidentOutFor shows it
	case in.Description == "":
		return in.Summary
	case strings.HasPrefix(in.Description, strings.TrimSuffix(in.Summary, "…")):
		return in.Description
	}
	return in.Summary + "：" + in.Description
}

// open311List answers GET /open311/v2/requests.{json,xml} with
// service_request_id (a comma list that overrides the rest), service_code
// and status (comma lists; status open or closed), start_date and
// end_date (the last 90 days when neither is given): newest first, at most
// 1000, only those the caller may list. Descriptions read in full are
// audited, one entry naming the requests.
func (s *Server) open311List(c echo.Context) error {
	v := c.QueryParams()
	sn, err := s.open311Start(c, v)
	if err != nil {
		return err
	}
	q, err := s.parseOpen311Query(v)
	if err != nil {
		return err
	}
	p := who(c)
	f := data.IncidentFilter{NewestFirst: true, Limit: open311MaxRequests, Types: q.types, Statuses: q.statuses, From: q.from, To: q.to}
	if err := p.scopeIncidents(&f); err != nil {
		return err
	}
	ctx := c.Request().Context()
	var list []data.Incident
	if q.ids != nil {
		for _, id := range q.ids {
			in, err := s.store.Incident(ctx, id)
			if data.ErrorCode(err) == data.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			if p.listsIncident(in, sn.unitOf(in.CellCode)) {
				list = append(list, *in)
			}
		}
	} else if list, _, err = s.store.Incidents(ctx, f); err != nil {
		return err
	}
	lang := langOf(c)
	out := make(open311Requests, len(list))
	var read []string
	for i := range list {
		full := p.incidentAccess(&list[i], sn.unitOf(list[i].CellCode)) == accessFull
		out[i] = s.open311Of(sn, &list[i], full, lang)
		if full {
			read = append(read, "incident:"+out[i].ID)
		}
	}
	if len(read) > 0 {
		if err := s.audit(c, "read_incident_list", "open311:requests", strings.Join(read, ",")); err != nil {
			return err
		}
	}
	return open311Send(c, http.StatusOK, out)
}

// open311Get answers GET /open311/v2/requests/{id}.{json,xml}: a list of
// one, audited like the app API's GET /api/incidents/{id} when read in full.
func (s *Server) open311Get(c echo.Context) error {
	sn, err := s.open311Start(c, c.QueryParams())
	if err != nil {
		return err
	}
	raw := c.Param("id")
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSuffix(raw, ".json"), ".xml"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("service_request_id", "Not a service request id.")
	}
	p := who(c)
	in, unit, err := s.incidentInScope(c.Request().Context(), p, id)
	if de, ok := err.(*data.Error); ok && de.Field == "id" {
		err = de.WithField("service_request_id")
	}
	if err != nil {
		return err
	}
	full := p.incidentAccess(in, unit) == accessFull
	if full {
		if err := s.audit(c, "read_incident", "incident:"+strconv.FormatInt(id, 10), "open311"); err != nil {
			return err
		}
	}
	return open311Send(c, http.StatusOK, open311Requests{s.open311Of(sn, in, full, langOf(c))})
}

// open311Receipt is the answer to a new service request.
type open311Receipt struct {
	ID            string `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice string `json:"service_notice" xml:"service_notice"`
	AccountID     string `json:"account_id" xml:"account_id"`
}

// open311Submit answers POST /open311/v2/requests.{json,xml}, a form body
// as the spec has it or a JSON object of the same parameters: a report at
// lat/long, at a cell (address_id), or at the cell, village or community
// an address_string names (see parseOpen311Report).
func (s *Server) open311Submit(c echo.Context) error {
	if _, err := open311Format(c); err != nil {
		return err
	}
	v, err := open311Values(c)
	if err != nil {
		return err
	}
	p := who(c)
	if key := v.Get("api_key"); p.user == nil && key != "" && c.Request().Header.Get(echo.HeaderAuthorization) == "" {
		// In a JSON body, which authentication (reading the query and
		// forms) has not seen.
		c.Request().Header.Set(echo.HeaderAuthorization, "Bearer "+key)
		if p, err = s.resolve(c); err != nil {
			if de, ok := err.(*data.Error); ok && de.Field == echo.HeaderAuthorization {
				err = de.WithField("api_key") // the client sent no header
			}
			return err
		}
		c.Set(principalKey, p)
	}
	if p.user == nil {
		return p.denied("submitting service requests: send api_key")
	}
	sn, err := s.open311Start(c, v)
	if err != nil {
		return err
	}
	r, err := s.parseOpen311Report(sn, v)
	if err != nil {
		return err
	}
	// The summary is one line: the description's first, its tabs spaces.
	first, _, _ := strings.Cut(r.description, "\n")
	first, _, _ = strings.Cut(first, "\r")
	summary := []rune(strings.TrimSpace(strings.ReplaceAll(first, "\t", " ")))
	if len(summary) > 40 {
		summary = append(summary[:40], '…')
	}
	if len(summary) == 0 {
		summary = []rune(r.typ)
	}
	in := &data.Incident{Type: r.typ, Source: "12345热线", Summary: string(summary), Description: r.description,
		Parties: r.parties, Location: orb.Point{r.at[0], r.at[1]}}
	saved, created, err := s.fileReport(c, in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created { // a retry with the same Idempotency-Key, as in the app API
		status = http.StatusOK
		replayed(c)
	}
	return open311Send(c, status, open311Receipts{{
		ID:            strconv.FormatInt(saved.ID, 10),
		ServiceNotice: "已受理登记，将由网格所在村（社区）处理。",
		AccountID:     strconv.FormatInt(p.user.ID, 10),
	}})
}
