package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// The parameters of Open311 calls: read from the query, a form body or a
// JSON body into url.Values, then checked here, each error naming the
// parameter at fault by its Open311 name.

const (
	// open311MaxRequests is GeoReport v2's default response volume: at
	// most 1000 requests, and at most that many ids in service_request_id.
	open311MaxRequests = 1000
	// open311Window is the span of requests.json when it names no dates.
	open311Window = 90 * 24 * time.Hour
)

// open311Values gathers the parameters of a POST: the query and a form
// body (the spec's application/x-www-form-urlencoded, or multipart), or
// the query and a JSON object whose members are strings, numbers or
// booleans. Members of a JSON body win over the query.
func open311Values(c echo.Context) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	switch ct {
	case "", echo.MIMEApplicationForm, echo.MIMEMultipartForm:
		// Malformed pairs are left out, as in a query string (and as
		// authentication, which may have read the form first, did).
		var he *echo.HTTPError
		if _, err := c.FormParams(); errors.As(err, &he) {
			return nil, he // the body limit
		}
		if v := c.Request().Form; v != nil {
			return v, nil
		}
		return c.QueryParams(), nil
	case echo.MIMEApplicationJSON:
	default:
		return nil, data.FieldErrorf("Content-Type", "Send the body as application/x-www-form-urlencoded or application/json.")
	}
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, err // the body limit's error, or a broken connection
	}
	members, err := open311JSONBody(raw)
	if err != nil {
		return nil, err
	}
	v := url.Values{}
	for k, vs := range c.QueryParams() {
		v[k] = vs
	}
	for k, m := range members {
		v[k] = []string{m}
	}
	return v, nil
}

// open311JSONBody reads a JSON body of Open311 parameters: one object whose
// members are strings, numbers, booleans or null (left out). The spec's
// attribute member belongs to service definitions, which no service here
// has, so an object or list under it is ignored; elsewhere it is refused.
func open311JSONBody(raw []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, data.FieldErrorf("body", "The body must be a JSON object.")
		}
		return nil, data.FieldErrorf("body", "The body is not valid JSON.")
	}
	if obj == nil {
		return nil, data.FieldErrorf("body", "The body must be a JSON object.")
	}
	if dec.More() {
		return nil, data.FieldErrorf("body", "The body must hold one JSON value.")
	}
	out := make(map[string]string, len(obj))
	for k, m := range obj {
		switch m := m.(type) {
		case nil:
		case string:
			out[k] = m
		case json.Number:
			out[k] = m.String()
		case bool:
			out[k] = strconv.FormatBool(m)
		default:
			if k != "attribute" {
				return nil, data.FieldErrorf(k, "%s must be a string or a number.", k)
			}
		}
	}
	return out, nil
}

// jurisdiction is the town's Open311 jurisdiction_id: its 9-digit
// township code (500110119), the 12-digit division code without its
// trailing 000.
func (sn *snapshot) jurisdiction() string {
	if c := sn.town.Code; len(c) == 12 && strings.HasSuffix(c, "000") {
		return c[:9]
	}
	return sn.town.Code
}

// checkJurisdiction accepts an absent jurisdiction_id, the town's, or its
// 12-digit division code; any other is the spec's 404.
func checkJurisdiction(sn *snapshot, v url.Values) error {
	j := strings.TrimSpace(v.Get("jurisdiction_id"))
	if j == "" || j == sn.jurisdiction() || j == sn.town.Code {
		return nil
	}
	return data.Errorf(data.ENOTFOUND, "Unknown jurisdiction_id %q; this endpoint serves jurisdiction %s.", j, sn.jurisdiction()).WithField("jurisdiction_id")
}

// open311List is a list of values, comma delimited and possibly declared
// several times (status=open&status=closed or status=open,closed), with
// blanks and repeats left out.
func open311List(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// open311Query is what GET requests.json asks for: either ids, which
// override everything else as the spec says, or a filter.
type open311Query struct {
	ids      []int64
	types    []string
	statuses []string // nil: any
	from, to time.Time
}

// parseOpen311Query reads service_request_id, service_code, status,
// start_date and end_date. Without dates the window is the 90 days up to
// now; end_date includes its instant (or its whole day, given as a date).
func (s *Server) parseOpen311Query(v url.Values) (open311Query, error) {
	var q open311Query
	if ids := open311List(v, "service_request_id"); len(ids) > 0 {
		if len(ids) > open311MaxRequests {
			return q, data.FieldErrorf("service_request_id", "service_request_id may list at most %d requests.", open311MaxRequests)
		}
		for _, t := range ids {
			id, err := strconv.ParseInt(t, 10, 64)
			if err != nil || id <= 0 {
				return q, data.FieldErrorf("service_request_id", "service_request_id must list positive integers separated by commas, got %q.", t)
			}
			q.ids = append(q.ids, id)
		}
		return q, nil
	}
	for _, code := range open311List(v, "service_code") {
		typ, ok := s.typeOfService(code)
		if !ok {
			return q, data.FieldErrorf("service_code", "Unknown service_code %q; see services.json.", code)
		}
		q.types = append(q.types, typ)
	}
	open, closed := false, false
	for _, st := range open311List(v, "status") {
		switch st {
		case "open":
			open = true
		case "closed":
			closed = true
		default:
			return q, data.FieldErrorf("status", "Unknown status %q; use open, closed or both.", st)
		}
	}
	switch {
	case open && !closed:
		q.statuses = data.OpenStatuses
	case closed && !open:
		q.statuses = slices.DeleteFunc(slices.Clone(data.Statuses), domain.IsOpen)
	}
	var err error
	if q.from, _, err = open311Time(v, "start_date"); err != nil {
		return q, err
	}
	end, dateOnly, err := open311Time(v, "end_date")
	if err != nil {
		return q, err
	}
	switch {
	case dateOnly:
		q.to = end.Add(24 * time.Hour)
	case !end.IsZero():
		q.to = end.Truncate(time.Microsecond).Add(time.Microsecond) // stores keep microseconds
	}
	if !q.from.IsZero() && !end.IsZero() && end.Before(q.from) {
		return q, data.FieldErrorf("end_date", "end_date must not be before start_date.")
	}
	if q.from.IsZero() && q.to.IsZero() {
		q.from = s.now().Add(-open311Window)
	}
	return q, nil
}

// open311Time reads an optional date (2021-06-30, midnight China time) or
// w3 date and time (2021-06-30T08:00:00+08:00), saying which it was.
func open311Time(v url.Values, name string) (t time.Time, dateOnly bool, err error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, false, nil
	}
	if t, err = parseTime(name, s); err != nil {
		return time.Time{}, false, err
	}
	_, err = time.Parse(time.RFC3339, s)
	return t, err != nil, nil
}

// open311Report is a POST requests.json made ready for fileReport.
type open311Report struct {
	typ         string
	at          orb.Point
	description string
	parties     []string
}

// parseOpen311Report reads service_code, the location and the reporter's
// text. The location is, in the spec's order of preference:
//   - lat and long (both, numbers, inside the town);
//   - address_id: the code of a cell, the town's own address system;
//   - address_string: without a geocoder, a text that names a cell (by
//     code or full name) or a village or community (by name or code)
//     locates the report at that cell's or unit's interior point; any
//     other text answers 400 naming address_string.
//
// An address_string sent with lat and long is kept in the description, as
// the reporter's words for the place. With none of the three the answer
// is 400 naming lat. The reporter is the caller (the api_key's account):
// the spec's account_id, email, phone, device_id and media_url are
// ignored, as the README says, so that a body cannot name another
// reporter.
func (s *Server) parseOpen311Report(sn *snapshot, v url.Values) (open311Report, error) {
	var r open311Report
	code := strings.TrimSpace(v.Get("service_code"))
	if code == "" {
		return r, data.FieldErrorf("service_code", "service_code is required; see services.json.")
	}
	typ, ok := s.typeOfService(code)
	if !ok {
		return r, data.Errorf(data.ENOTFOUND, "Unknown service_code %q; see services.json.", code).WithField("service_code")
	}
	r.typ = typ
	address := strings.TrimSpace(v.Get("address_string"))
	lat, long := strings.TrimSpace(v.Get("lat")), strings.TrimSpace(v.Get("long"))
	addressID := strings.TrimSpace(v.Get("address_id"))
	switch {
	case lat != "" || long != "":
		y, err := open311Coordinate("lat", lat, 90)
		if err != nil {
			return r, err
		}
		x, err := open311Coordinate("long", long, 180)
		if err != nil {
			return r, err
		}
		r.at = orb.Point{x, y}
		if _, ok := sn.locate(r.at); !ok {
			return r, data.FieldErrorf("lat", "The point lat %g, long %g lies outside every cell of the town.", y, x)
		}
	case addressID != "":
		i, ok := sn.cellByCode[addressID]
		if !ok {
			return r, data.FieldErrorf("address_id", "address_id %q is not the code of a cell of this town.", addressID)
		}
		r.at = sn.cellLabel[i]
	case address != "":
		at, ok := sn.placeNamed(address)
		if !ok {
			return r, data.FieldErrorf("address_string", "address_string %q names no cell, village or community of the town; send lat and long.", address)
		}
		r.at, address = at, ""
	default:
		return r, data.FieldErrorf("lat", "A location is required: lat and long, an address_string naming a cell, village or community, or an address_id (a cell code).")
	}
	// Each text checked as sent, so that an error names the parameter at
	// fault, not the description they make together or its summary.
	r.description = strings.TrimSpace(v.Get("description"))
	if err := cmp.Or(domain.CheckText("description", r.description, data.MaxDescription),
		domain.CheckText("address_string", address, data.MaxDescription)); err != nil {
		return r, err
	}
	if address != "" {
		r.description = strings.TrimSpace(r.description + "\n位置：" + address)
	}
	if name := strings.TrimSpace(strings.TrimSpace(v.Get("last_name")) + strings.TrimSpace(v.Get("first_name"))); name != "" {
		if err := domain.CheckLine("last_name", name, data.MaxPartyName); err != nil {
			return r, err
		}
		r.parties = []string{name} // Chinese order: family name first
	}
	return r, nil
}

// open311Coordinate reads lat or long: a finite number within ±limit.
func open311Coordinate(name, v string, limit float64) (float64, error) {
	if v == "" {
		return 0, data.FieldErrorf(name, "lat and long go together: %s is missing.", name)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, data.FieldErrorf(name, "%s must be a number, got %q.", name, v)
	}
	if f < -limit || f > limit {
		return 0, data.FieldErrorf(name, "%s must be between %g and %g, got %g.", name, -limit, limit, f)
	}
	return f, nil
}

// placeNamed locates an address text without a geocoder: a cell code or
// full cell name within it gives that cell's interior point; else a unit
// name or code gives the unit's interior point (in one of its cells).
// Cells come first, being more specific; among names the longest wins.
func (sn *snapshot) placeNamed(address string) (orb.Point, bool) {
	best, at := 0, orb.Point{}
	for i := range sn.cells {
		for _, name := range []string{sn.cells[i].Code, sn.cells[i].Name} {
			if n := len(name); n > best && strings.Contains(address, name) {
				best, at = n, sn.cellLabel[i]
			}
		}
	}
	if best > 0 {
		return at, true
	}
	for i := range sn.units {
		for _, name := range []string{sn.units[i].Code, sn.units[i].Name} {
			if n := len(name); n > best && strings.Contains(address, name) {
				best, at = n, sn.unitLabel[i]
			}
		}
	}
	return at, best > 0
}
