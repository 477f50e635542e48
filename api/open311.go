package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
)

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the same
// incidents, so that existing civic-reporting clients can submit and read
// them. Services are the incident types; a client authenticates with a
// gridmap API token, as a bearer header or as the api_key parameter, and
// sees what that account may see. Errors come in Open311's own shape, a list
// of {code, description}.

// open311Service maps an incident type to an Open311 service.
type open311Service struct {
	Code        string `json:"service_code"`
	Name        string `json:"service_name"`
	Description string `json:"description"`
	Metadata    bool   `json:"metadata"`
	Type        string `json:"type"`
	Keywords    string `json:"keywords"`
	Group       string `json:"group"`
}

// open311Codes gives the default incident types stable ASCII service
// codes; a configured type without one is "type-N", N its position.
var open311Codes = map[string]string{
	"邻里纠纷": "neighbour", "婚姻家庭": "family", "土地山林权属": "land_rights", "劳资": "labour",
	"合同债务": "contract_debt", "征地拆迁": "land_acquisition", "环境": "environment", "其他": "other",
}

// serviceCode is the Open311 code of an incident type.
func (s *Server) serviceCode(typ string) string {
	if c, ok := open311Codes[typ]; ok {
		return c
	}
	return "type-" + strconv.Itoa(slices.Index(s.cfg.IncidentTypes, typ)+1)
}

func (s *Server) open311Services() []open311Service {
	out := make([]open311Service, 0, len(s.cfg.IncidentTypes))
	for _, t := range s.cfg.IncidentTypes {
		out = append(out, open311Service{Code: s.serviceCode(t), Name: t, Description: t + "（矛盾纠纷）",
			Type: "realtime", Keywords: "dispute,矛盾纠纷", Group: "矛盾纠纷"})
	}
	return out
}

func (s *Server) typeOfService(code string) (string, bool) {
	for _, t := range s.cfg.IncidentTypes {
		if s.serviceCode(t) == code {
			return t, true
		}
	}
	return "", false
}

// open311Error answers in Open311's error shape, in the client's language.
func open311Error(c echo.Context, err error) error {
	code := data.ErrorCode(err)
	status, ok := statuses[code]
	if !ok || status >= 500 {
		return err // internal: the usual handler logs it and hides the text
	}
	lang := langOf(c)
	msg := message(lang, err)
	var de *data.Error
	if errors.As(err, &de) && de.Field != "" {
		msg = de.Field + ": " + msg
	}
	return c.JSON(status, []map[string]any{{"code": status, "description": msg}})
}

func (s *Server) open311ServiceList(c echo.Context) error {
	return c.JSON(http.StatusOK, s.open311Services())
}

// open311Request is a service request in GeoReport v2's fields.
type open311Request struct {
	ID                string     `json:"service_request_id"`
	Status            string     `json:"status"` // open or closed
	StatusNotes       string     `json:"status_notes"`
	ServiceName       string     `json:"service_name"`
	ServiceCode       string     `json:"service_code"`
	Description       string     `json:"description"`
	AgencyResponsible string     `json:"agency_responsible"`
	ServiceNotice     string     `json:"service_notice"`
	Requested         time.Time  `json:"requested_datetime"`
	Updated           time.Time  `json:"updated_datetime"`
	Expected          *time.Time `json:"expected_datetime"`
	Address           string     `json:"address"`
	Lat               float64    `json:"lat"`
	Long              float64    `json:"long"`
	MediaURL          string     `json:"media_url"`
}

// open311Of maps an incident; the description is the summary unless the
// caller may read the full record.
func (s *Server) open311Of(in data.Incident, full bool) open311Request {
	out := s.newIncidentOut(in)
	r := open311Request{ID: strconv.FormatInt(in.ID, 10), Status: "closed", StatusNotes: in.Status,
		ServiceName: in.Type, ServiceCode: s.serviceCode(in.Type), Description: in.Summary,
		AgencyResponsible: "安稳镇综治中心", Requested: out.ReportedAt, Updated: out.UpdatedAt, Expected: out.DueAt,
		Address: "网格 " + in.CellCode, Lat: in.Location[1], Long: in.Location[0]}
	if data.IsOpen(in.Status) {
		r.Status = "open"
	}
	if full && in.Description != "" {
		r.Description = in.Summary + "：" + in.Description
	}
	return r
}

// open311Submit answers POST /open311/v2/requests.json (form-encoded, as
// the spec has it, or JSON): a report at lat/long.
func (s *Server) open311Submit(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return open311Error(c, p.denied("submitting service requests: send api_key"))
	}
	typ, ok := s.typeOfService(c.FormValue("service_code"))
	if !ok {
		return open311Error(c, data.FieldErrorf("service_code", "Unknown service_code %q; see services.json.", c.FormValue("service_code")))
	}
	lat, err1 := strconv.ParseFloat(c.FormValue("lat"), 64)
	lon, err2 := strconv.ParseFloat(c.FormValue("long"), 64)
	if err1 != nil || err2 != nil {
		return open311Error(c, data.FieldErrorf("lat", "lat and long are required numbers."))
	}
	desc := strings.TrimSpace(c.FormValue("description"))
	summary := []rune(desc)
	if len(summary) > 40 {
		summary = append(summary[:40], '…')
	}
	if len(summary) == 0 {
		summary = []rune(typ)
	}
	in := &data.Incident{Type: typ, Source: "12345热线", Summary: string(summary), Description: desc, Location: orb.Point{lon, lat}}
	if name := strings.TrimSpace(c.FormValue("last_name") + c.FormValue("first_name")); name != "" {
		in.Parties = []string{name}
	}
	saved, _, err := s.fileReport(c, in, c.Request().Header.Get("Idempotency-Key"))
	if err != nil {
		return open311Error(c, err)
	}
	return c.JSON(http.StatusCreated, []map[string]string{{
		"service_request_id": strconv.FormatInt(saved.ID, 10),
		"service_notice":     "已受理登记，将由网格所在村（社区）处理。",
		"account_id":         strconv.FormatInt(p.user.ID, 10),
	}})
}

// open311List answers GET /open311/v2/requests.json with service_code,
// status (open|closed), start_date, end_date: newest first, at most 1000.
func (s *Server) open311List(c echo.Context) error {
	p := who(c)
	f := data.IncidentFilter{NewestFirst: true, Limit: 1000}
	if err := p.scopeIncidents(&f); err != nil {
		return open311Error(c, err)
	}
	if code := c.QueryParam("service_code"); code != "" {
		typ, ok := s.typeOfService(code)
		if !ok {
			return open311Error(c, data.FieldErrorf("service_code", "Unknown service_code %q.", code))
		}
		f.Types = []string{typ}
	}
	switch c.QueryParam("status") {
	case "":
	case "open":
		f.Statuses = data.OpenStatuses
	case "closed":
		f.Statuses = slices.DeleteFunc(slices.Clone(data.Statuses), data.IsOpen)
	default:
		return open311Error(c, data.FieldErrorf("status", "status must be open or closed."))
	}
	var err error
	if f.From, err = timeParam(c, "start_date"); err != nil {
		return open311Error(c, err)
	}
	if f.To, err = timeParam(c, "end_date"); err != nil {
		return open311Error(c, err)
	}
	list, _, err := s.store.Incidents(c.Request().Context(), f)
	if err != nil {
		return open311Error(c, err)
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]open311Request, len(list))
	for i := range list {
		out[i] = s.open311Of(list[i], p.incidentAccess(&list[i], sn.unitOf(list[i].CellCode)) == accessFull)
	}
	return c.JSON(http.StatusOK, out)
}

// open311Get answers GET /open311/v2/requests/{id}.json: a list of one.
func (s *Server) open311Get(c echo.Context) error {
	id, err := strconv.ParseInt(strings.TrimSuffix(c.Param("id"), ".json"), 10, 64)
	if err != nil || id <= 0 {
		return open311Error(c, data.FieldErrorf("service_request_id", "Not a service request id."))
	}
	p := who(c)
	in, unit, err := s.incidentInScope(c.Request().Context(), p, id)
	if err != nil {
		return open311Error(c, err)
	}
	return c.JSON(http.StatusOK, []open311Request{s.open311Of(*in, p.incidentAccess(in, unit) == accessFull)})
}
