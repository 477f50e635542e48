package api_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gridmap/api"
)

// open311Error checks that r is an error in Open311's shape, in XML when
// the content type says so and in JSON otherwise: one {code, description}
// whose code is the HTTP status. It returns the description.
func open311Error(t *testing.T, r response) string {
	t.Helper()
	var errs []struct {
		Code        int    `json:"code" xml:"code"`
		Description string `json:"description" xml:"description"`
	}
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/xml") {
		var doc struct {
			XMLName xml.Name
			Errors  *[]struct {
				Code        int    `json:"code" xml:"code"`
				Description string `json:"description" xml:"description"`
			} `xml:"error"`
		}
		doc.Errors = &errs
		if err := xml.Unmarshal(r.body, &doc); err != nil || doc.XMLName.Local != "errors" {
			t.Fatalf("XML error = %v, root %q; want <errors>:\n%.300s", err, doc.XMLName.Local, r.body)
		}
	} else if err := json.Unmarshal(r.body, &errs); err != nil {
		t.Fatalf("error answer %d is not an Open311 error list: %v\n%.300s", r.status, err, r.body)
	}
	if len(errs) != 1 || errs[0].Code != r.status || errs[0].Description == "" {
		t.Fatalf("error answer %d = %s; want one {code %d, description}", r.status, r.body, r.status)
	}
	return errs[0].Description
}

// form posts an Open311 form body.
func form(t *testing.T, s http.Handler, path string, v url.Values, headers ...string) response {
	t.Helper()
	return do(t, s, "POST", path, strings.NewReader(v.Encode()), append(headers, "Content-Type: application/x-www-form-urlencoded")...)
}

// TestOpen311RoundTrip submits a request as an Open311 client would (form
// body, api_key) and reads it back through every read endpoint.
func TestOpen311RoundTrip(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	key := sc.actors["grid_worker"].token
	services := get(t, s, "/open311/v2/services.json")
	if services.status != http.StatusOK || !strings.Contains(string(services.body), `"service_code":"neighbour"`) {
		t.Fatalf("services.json = %d %s", services.status, services.body)
	}
	lon, lat := cellLabel(t, s, sc.inCell)
	r := form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"neighbour"}, "lat": {fmt.Sprint(lat)}, "long": {fmt.Sprint(lon)},
		"description": {"楼上漏水，多次协商未果"}, "first_name": {"小明"}, "last_name": {"王"}})
	if r.status != http.StatusCreated {
		t.Fatalf("POST requests.json = %d %s", r.status, r.body)
	}
	var created []map[string]any
	mustJSON(t, r.body, &created)
	id := created[0]["service_request_id"].(string)
	var one []map[string]any
	mustJSON(t, get(t, s, "/open311/v2/requests/"+id+".json?api_key="+key).body, &one)
	if len(one) != 1 || one[0]["status"] != "open" || one[0]["service_code"] != "neighbour" || one[0]["long"].(float64) != lon {
		t.Errorf("requests/%s.json = %v; want the open neighbour request at the point", id, one)
	}
	if n := one[0]["status_notes"]; n != "已上报" {
		t.Errorf("status_notes = %q; want 已上报", n)
	}
	var en []map[string]any
	mustJSON(t, get(t, s, "/open311/v2/requests/"+id+".json?api_key="+key, "Accept-Language: en").body, &en)
	if n := en[0]["status_notes"]; n != "reported" {
		t.Errorf("status_notes in English = %q; want reported", n)
	}
	if d := one[0]["description"]; d != "楼上漏水，多次协商未果" {
		t.Errorf("the reporter's own short request reads %q; want its description once", d)
	}
	if one[0]["address_id"] != sc.inCell || !strings.HasSuffix(one[0]["address"].(string), "安稳镇") {
		t.Errorf("address %q, address_id %q; want the cell's names and code %s", one[0]["address"], one[0]["address_id"], sc.inCell)
	}
	app := sc.actors["grid_worker"].post(t, s, "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵","description":"两户因停车位争吵"}`, lon, lat)).json(t)
	mustJSON(t, get(t, s, fmt.Sprintf("/open311/v2/requests/%v.json?api_key=%s", app["id"], key)).body, &one)
	if d := one[0]["description"]; d != "路灯下争吵：两户因停车位争吵" {
		t.Errorf("a report made in the app reads %q; want its summary and description", d)
	}
	var open []map[string]any
	mustJSON(t, get(t, s, "/open311/v2/requests.json?status=open&service_code=neighbour&api_key="+key).body, &open)
	found := false
	for _, x := range open {
		found = found || x["service_request_id"] == id
		if x["status"] != "open" || x["service_code"] != "neighbour" {
			t.Errorf("filtered list has %v %v", x["status"], x["service_code"])
		}
	}
	if !found {
		t.Errorf("requests.json?status=open does not list request %s", id)
	}
	bad := get(t, s, "/open311/v2/requests.json?status=pending&api_key="+key, "Accept-Language: en")
	if d := open311Error(t, bad); bad.status != http.StatusBadRequest || !strings.Contains(d, "status") || !strings.Contains(d, "pending") {
		t.Errorf("a bad status = %d %q; want 400 naming status and the value", bad.status, d)
	}
}

// xmlNode is any XML element, for checking element names.
type xmlNode struct {
	XMLName xml.Name
	Nodes   []xmlNode `xml:",any"`
	Text    string    `xml:",chardata"`
}

func (n xmlNode) child(name string) *xmlNode {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

// The elements GeoReport v2 defines for each kind of item, from the
// spec's response tables.
var (
	specService   = []string{"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
	specRequest   = []string{"service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
	specReceipt   = []string{"service_request_id", "token", "service_notice", "account_id"}
	specDiscovery = []string{"changeset", "contact", "key_service", "endpoints"}
	specEndpoint  = []string{"specification", "url", "changeset", "type", "formats"}
)

// checkSpecXML parses body as GeoReport v2 XML: the UTF-8 declaration, the
// root element root holding only item elements, each with elements of the
// spec's set only (no foreign tags, as the spec recommends) and at least
// those in required. It returns the items.
func checkSpecXML(body []byte, root, item string, allowed, required []string) ([]xmlNode, error) {
	if !strings.HasPrefix(string(body), `<?xml version="1.0" encoding="UTF-8"?>`) {
		return nil, fmt.Errorf("no UTF-8 XML declaration")
	}
	var doc xmlNode
	if err := xml.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if doc.XMLName.Local != root || doc.XMLName.Space != "" {
		return nil, fmt.Errorf("root element %v; want <%s> without a namespace", doc.XMLName, root)
	}
	for _, n := range doc.Nodes {
		if n.XMLName.Local != item {
			return nil, fmt.Errorf("<%s> holds <%s>; want only <%s>", root, n.XMLName.Local, item)
		}
		for _, f := range n.Nodes {
			if !slices.Contains(allowed, f.XMLName.Local) {
				return nil, fmt.Errorf("<%s> has <%s>, which GeoReport v2 does not define", item, f.XMLName.Local)
			}
		}
		for _, f := range required {
			if n.child(f) == nil {
				return nil, fmt.Errorf("<%s> lacks <%s>", item, f)
			}
		}
	}
	return doc.Nodes, nil
}

// TestOpen311SpecXMLChecker proves the checker on GeoReport v2's own
// example shapes: it accepts them and refuses a foreign tag, a missing
// field and a wrong root.
func TestOpen311SpecXMLChecker(t *testing.T) {
	t.Parallel()
	example := `<?xml version="1.0" encoding="UTF-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id><status>closed</status><status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name><service_code>006</service_code><description></description>
    <agency_responsible></agency_responsible><service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime><updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id><zipcode>94122</zipcode><lat>37.762221815</lat><long>-122.4651145</long><media_url></media_url>
  </request>
</service_requests>`
	if items, err := checkSpecXML([]byte(example), "service_requests", "request", specRequest, []string{"service_request_id", "status", "lat", "long"}); err != nil || len(items) != 1 {
		t.Errorf("the spec's example: %d items, %v; want 1, nil", len(items), err)
	}
	for name, bad := range map[string]string{
		"a foreign tag":   strings.Replace(example, "<zipcode>", "<colour>red</colour><zipcode>", 1),
		"a missing field": strings.Replace(example, "<status>closed</status>", "", 1),
		"a wrong root":    strings.ReplaceAll(example, "service_requests>", "requests>"),
		"no declaration":  strings.TrimPrefix(example, `<?xml version="1.0" encoding="UTF-8"?>`),
	} {
		if _, err := checkSpecXML([]byte(bad), "service_requests", "request", specRequest, []string{"service_request_id", "status", "lat", "long"}); err == nil {
			t.Errorf("the checker accepts %s", name)
		}
	}
}

// w3Time is the spec's date and time: to the second, with a zone.
var w3Time = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

// TestOpen311XML reads and writes every resource in the spec's XML, as an
// XML-only client would, and checks the elements and values.
func TestOpen311XML(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{BaseURL: "https://grid.example.cn"}, quietLog())
	gw := sc.actors["grid_worker"]
	key := "api_key=" + gw.token

	r := get(t, s, "/open311/v2/services.xml")
	services, err := checkSpecXML(r.body, "services", "service", specService, specService)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/xml; charset=utf-8" || err != nil || len(services) != 8 {
		t.Fatalf("services.xml = %d %q, %d services, %v\n%.400s", r.status, r.header.Get("Content-Type"), len(services), err, r.body)
	}
	if c, m := services[0].child("service_code").Text, services[0].child("metadata").Text; c != "neighbour" || m != "false" {
		t.Errorf("first service %s, metadata %s; want neighbour, false", c, m)
	}

	lon, lat := cellLabel(t, s, sc.inCell)
	r = form(t, s, "/open311/v2/requests.xml", url.Values{"api_key": {gw.token}, "service_code": {"family"},
		"lat": {ftoa(lat)}, "long": {ftoa(lon)}, "description": {"夫妻争吵 & <摔东西>"}})
	receipts, err := checkSpecXML(r.body, "service_requests", "request", specReceipt, []string{"service_request_id", "service_notice"})
	if r.status != http.StatusCreated || err != nil || len(receipts) != 1 {
		t.Fatalf("POST requests.xml = %d, %v\n%s", r.status, err, r.body)
	}
	id := receipts[0].child("service_request_id").Text

	r = get(t, s, "/open311/v2/requests/"+id+".xml?"+key)
	reqs, err := checkSpecXML(r.body, "service_requests", "request", specRequest,
		[]string{"service_request_id", "status", "service_name", "service_code", "description", "requested_datetime", "updated_datetime", "address", "lat", "long"})
	if r.status != http.StatusOK || err != nil || len(reqs) != 1 {
		t.Fatalf("requests/%s.xml = %d, %v\n%s", id, r.status, err, r.body)
	}
	got := reqs[0]
	if got.child("description").Text != "夫妻争吵 & <摔东西>" || got.child("status").Text != "open" || got.child("service_code").Text != "family" {
		t.Errorf("requests/%s.xml = %s", id, r.body)
	}
	if y, err := strconv.ParseFloat(got.child("lat").Text, 64); err != nil || y != lat {
		t.Errorf("lat = %q; want %v", got.child("lat").Text, lat)
	}
	for _, f := range []string{"requested_datetime", "updated_datetime", "expected_datetime"} {
		if v := got.child(f); v == nil || !w3Time.MatchString(v.Text) {
			t.Errorf("%s %v is not a w3 date and time to the second", f, v)
		}
	}

	r = get(t, s, "/open311/v2/requests.xml?service_code=family&status=open&"+key)
	reqs, err = checkSpecXML(r.body, "service_requests", "request", specRequest, []string{"service_request_id", "status"})
	if r.status != http.StatusOK || err != nil || len(reqs) == 0 || reqs[0].child("service_request_id").Text != id {
		t.Errorf("requests.xml = %d, %d requests, %v; want the new one first", r.status, len(reqs), err)
	}

	// The discovery document has fields, not items: checked one by one.
	r = get(t, s, "/open311/discovery.xml")
	var doc xmlNode
	if err := xml.Unmarshal(r.body, &doc); r.status != http.StatusOK || err != nil || doc.XMLName.Local != "discovery" {
		t.Fatalf("discovery.xml = %d: %v, root %v", r.status, err, doc.XMLName)
	}
	for _, f := range specDiscovery {
		if doc.child(f) == nil {
			t.Errorf("discovery.xml lacks <%s>", f)
		}
	}
	ep := doc.child("endpoints").child("endpoint")
	if ep == nil {
		t.Fatalf("discovery.xml has no endpoint:\n%s", r.body)
	}
	for _, f := range specEndpoint {
		if ep.child(f) == nil {
			t.Errorf("the endpoint lacks <%s>", f)
		}
	}
	var formats []string
	for _, f := range ep.child("formats").Nodes {
		formats = append(formats, f.Text)
	}
	if ep.child("specification").Text != "http://wiki.open311.org/GeoReport_v2" || ep.child("url").Text != "https://grid.example.cn/open311/v2" ||
		ep.child("type").Text != "production" || !slices.Equal(formats, []string{"text/xml", "application/json"}) {
		t.Errorf("endpoint = %s", r.body)
	}
	var dj map[string]any
	mustJSON(t, get(t, s, "/open311/discovery.json").body, &dj)
	if eps, _ := dj["endpoints"].([]any); len(eps) != 1 || eps[0].(map[string]any)["url"] != "https://grid.example.cn/open311/v2" || dj["changeset"] == "" {
		t.Errorf("discovery.json = %v", dj)
	}

	r = get(t, s, "/open311/v2/requests/999999.xml?"+key)
	if d := open311Error(t, r); r.status != http.StatusForbidden && r.status != http.StatusNotFound || !strings.Contains(d, "999999") {
		t.Errorf("an unknown request in XML = %d %q", r.status, d)
	}
}

// TestOpen311Lists covers the comma lists of requests.json and its dates.
func TestOpen311Lists(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := "api_key=" + sc.actors["admin"].token
	list := func(query string) []map[string]any {
		t.Helper()
		r := get(t, s, "/open311/v2/requests.json?"+query+"&"+admin)
		if r.status != http.StatusOK {
			t.Fatalf("requests.json?%s = %d %s", query, r.status, r.body)
		}
		var out []map[string]any
		mustJSON(t, r.body, &out)
		return out
	}
	ids := func(l []map[string]any) []string {
		var out []string
		for _, x := range l {
			out = append(out, x["service_request_id"].(string))
		}
		slices.Sort(out)
		return out
	}
	if got := ids(list("service_request_id=3,1,2,1&status=open")); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("service_request_id=3,1,2,1 lists %v; want 1, 2, 3 whatever else is asked", got)
	}
	gw := "api_key=" + sc.actors["grid_worker"].token
	var mine []map[string]any
	mustJSON(t, get(t, s, fmt.Sprintf("/open311/v2/requests.json?service_request_id=%d,%d&%s", sc.inIncident, sc.outIncident, gw)).body, &mine)
	if got := ids(mine); !slices.Equal(got, []string{strconv.FormatInt(sc.inIncident, 10)}) {
		t.Errorf("a grid worker's ids %d,%d list %v; want only the one in scope", sc.inIncident, sc.outIncident, got)
	}

	const year = "start_date=2021-01-01&end_date=2021-12-31" // fewer than the 1000 a list holds
	all := list(year)
	if len(all) == 0 || len(all) >= 1000 {
		t.Fatalf("2021 has %d requests; want some, fewer than 1000", len(all))
	}
	statuses, codes := map[string]int{}, map[string]int{}
	for _, x := range all {
		statuses[x["status"].(string)]++
		codes[x["service_code"].(string)]++
	}
	if statuses["open"] == 0 || statuses["closed"] == 0 || len(statuses) != 2 {
		t.Fatalf("statuses of the sample = %v; want open and closed only", statuses)
	}
	if n := len(list(year + "&status=open,closed")); n != len(all) {
		t.Errorf("status=open,closed lists %d; want all %d", n, len(all))
	}
	if n := len(list(year + "&status=closed&status=open")); n != len(all) {
		t.Errorf("status declared twice lists %d; want all %d", n, len(all))
	}
	for _, x := range list(year + "&status=closed") {
		if x["status"] != "closed" {
			t.Fatalf("status=closed lists a %v request", x["status"])
		}
	}
	two := list(year + "&service_code=neighbour,environment")
	if len(two) != codes["neighbour"]+codes["environment"] {
		t.Errorf("service_code=neighbour,environment lists %d; want %d", len(two), codes["neighbour"]+codes["environment"])
	}
	for _, x := range two {
		if c := x["service_code"]; c != "neighbour" && c != "environment" {
			t.Fatalf("service_code=neighbour,environment lists %v", c)
		}
	}

	// Without dates, the last 90 days: nothing older.
	cut := time.Now().Add(-90 * 24 * time.Hour)
	for _, x := range list("") {
		if at, _ := time.Parse(time.RFC3339, x["requested_datetime"].(string)); at.Before(cut) {
			t.Fatalf("requests.json without dates lists one from %v, before the last 90 days", at)
		}
	}
	// end_date includes its day (a date) or its instant (a date and time).
	day := list("start_date=2021-01-01&end_date=2021-01-01")
	first := list("service_request_id=1")[0]["requested_datetime"].(string)
	if !slices.Contains(ids(day), "1") {
		t.Errorf("start_date=end_date=2021-01-01 lists %v; want request 1 of %s", ids(day), first)
	}
	if got := ids(list("start_date=" + first + "&end_date=" + first)); !slices.Contains(got, "1") {
		t.Errorf("start_date=end_date=%s lists %v; want request 1 reported then", first, got)
	}

	for _, tc := range []struct{ query, field string }{
		{"service_request_id=1,x", "service_request_id"},
		{"service_request_id=0", "service_request_id"},
		{"service_code=neighbour,nonsense", "service_code"},
		{"status=open,pending", "status"},
		{"start_date=yesterday", "start_date"},
		{"end_date=2021-13-01", "end_date"},
		{"start_date=2021-02-01&end_date=2021-01-01", "end_date"},
	} {
		r := get(t, s, "/open311/v2/requests.json?"+tc.query+"&"+admin, "Accept-Language: en")
		if d := open311Error(t, r); r.status != http.StatusBadRequest || !strings.HasPrefix(d, tc.field) && !strings.Contains(d, " "+tc.field) {
			t.Errorf("requests.json?%s = %d %q; want 400 naming %s", tc.query, r.status, d, tc.field)
		}
	}
}

// TestOpen311Submit covers the ways of posting a request: JSON bodies and
// the locations other than lat/long, and the errors naming the parameter.
func TestOpen311Submit(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // it reads places, cells and units, all in the small sample
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	lon, lat := cellLabel(t, s, sc.inCell)
	cell := get(t, s, "/api/cells/"+sc.inCell).json(t)["properties"].(map[string]any)
	cellName, unitName := cell["name"].(string), cell["unit_name"].(string)

	// cellOf reads where request id was filed, through the app API.
	cellOf := func(r response) string {
		t.Helper()
		if r.status != http.StatusCreated {
			t.Fatalf("POST = %d %s; want 201", r.status, r.body)
		}
		var created []map[string]any
		mustJSON(t, r.body, &created)
		in := get(t, s, "/api/incidents/"+created[0]["service_request_id"].(string), admin.header()...).json(t)
		return in["cell"].(string)
	}
	jsonPost := func(body string, headers ...string) response {
		t.Helper()
		return do(t, s, "POST", "/open311/v2/requests.json", strings.NewReader(body), append(headers, "Content-Type: application/json; charset=utf-8")...)
	}

	if got := cellOf(jsonPost(fmt.Sprintf(`{"api_key":%q,"service_code":"labour","lat":%v,"long":%v,"description":"拖欠工资"}`, admin.token, lat, lon))); got != sc.inCell {
		t.Errorf("a JSON body with api_key filed in %s; want %s", got, sc.inCell)
	}
	if got := cellOf(jsonPost(fmt.Sprintf(`{"service_code":"labour","lat":"%v","long":"%v","attribute":{"x":1},"email":null}`, lat, lon), admin.header()...)); got != sc.inCell {
		t.Errorf("a JSON body with string numbers filed in %s; want %s", got, sc.inCell)
	}
	post := func(v url.Values) response {
		t.Helper()
		v.Set("api_key", admin.token)
		v.Set("service_code", "other")
		return form(t, s, "/open311/v2/requests.json", v, "Accept-Language: en")
	}
	if got := cellOf(post(url.Values{"address_string": {"王家湾12号，" + cellName + "，" + unitName}})); got != sc.inCell {
		t.Errorf("address_string naming cell %s filed in %s", cellName, got)
	}
	if got := cellOf(post(url.Values{"address_string": {sc.inCell}})); got != sc.inCell {
		t.Errorf("address_string %s filed in %s", sc.inCell, got)
	}
	if got := cellOf(post(url.Values{"address_id": {sc.inCell}})); got != sc.inCell {
		t.Errorf("address_id %s filed in %s", sc.inCell, got)
	}
	if got := cellOf(post(url.Values{"address_string": {unitName + "村委会旁"}})); got[:12] != sc.unit {
		t.Errorf("address_string naming %s filed in cell %s; want one of unit %s", unitName, got, sc.unit)
	}
	units := get(t, s, "/api/units").json(t)["features"].([]any)
	if len(units) != 15 {
		t.Fatalf("the sample has %d units; want 15", len(units))
	}
	for _, u := range units {
		p := u.(map[string]any)["properties"].(map[string]any)
		if got := cellOf(post(url.Values{"address_string": {"綦江区安稳镇" + p["name"].(string)}})); got[:12] != p["code"] {
			t.Errorf("address_string naming %s filed in cell %s; want one of unit %s", p["name"], got, p["code"])
		}
	}
	retry := url.Values{"api_key": {admin.token}, "service_code": {"other"}, "address_id": {sc.inCell}}
	first := form(t, s, "/open311/v2/requests.json", retry, "Idempotency-Key: o311-retry-1")
	again := form(t, s, "/open311/v2/requests.json", retry, "Idempotency-Key: o311-retry-1")
	if first.status != http.StatusCreated || again.status != http.StatusOK || string(first.body) != string(again.body) {
		t.Errorf("a retry with the same Idempotency-Key = %d %s after %d %s; want 200 with the first receipt", again.status, again.body, first.status, first.body)
	}
	r := post(url.Values{"lat": {ftoa(lat)}, "long": {ftoa(lon)}, "address_string": {"王家湾12号"}, "description": {"噪音"}})
	var created []map[string]any
	mustJSON(t, r.body, &created)
	in := get(t, s, "/api/incidents/"+created[0]["service_request_id"].(string), admin.header()...).json(t)
	if in["description"] != "噪音\n位置：王家湾12号" || in["summary"] != "噪音" {
		t.Errorf("address_string beside lat/long: description %q, summary %q", in["description"], in["summary"])
	}

	for _, tc := range []struct {
		name   string
		v      url.Values
		status int
		field  string
	}{
		{"no location", url.Values{"description": {"x"}}, 400, "lat"},
		{"lat NaN", url.Values{"lat": {"NaN"}, "long": {ftoa(lon)}}, 400, "lat"},
		{"long Inf", url.Values{"lat": {ftoa(lat)}, "long": {"+Inf"}}, 400, "long"},
		{"lat alone", url.Values{"lat": {ftoa(lat)}}, 400, "long"},
		{"lat out of range", url.Values{"lat": {"91"}, "long": {ftoa(lon)}}, 400, "lat"},
		{"outside the town", url.Values{"lat": {"39.9"}, "long": {"116.4"}}, 400, "lat"},
		{"unknown place", url.Values{"address_string": {"北京市东城区"}}, 400, "address_string"},
		{"unknown address_id", url.Values{"address_id": {"1"}}, 400, "address_id"},
		{"another jurisdiction", url.Values{"jurisdiction_id": {"sfgov.org"}, "address_id": {sc.inCell}}, 404, "jurisdiction_id"},
	} {
		r := post(tc.v)
		if d := open311Error(t, r); r.status != tc.status || !strings.HasPrefix(d, tc.field+" ") && !strings.HasPrefix(d, tc.field+":") && !strings.Contains(d, " "+tc.field+" ") {
			t.Errorf("%s: %d %q; want %d naming %s", tc.name, r.status, d, tc.status, tc.field)
		}
	}
	r = form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {admin.token}, "service_code": {"pothole"}, "address_id": {sc.inCell}})
	if d := open311Error(t, r); r.status != http.StatusNotFound || !strings.Contains(d, "service_code") {
		t.Errorf("an unknown service_code = %d %q; want the spec's 404 naming it", r.status, d)
	}
	r = form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {admin.token}, "address_id": {sc.inCell}})
	if d := open311Error(t, r); r.status != http.StatusBadRequest || !strings.Contains(d, "service_code") {
		t.Errorf("no service_code = %d %q; want 400 naming it", r.status, d)
	}
	r = jsonPost(`{"service_code":"other","lat":[1]}`, admin.header()...)
	if d := open311Error(t, r); r.status != http.StatusBadRequest || !strings.Contains(d, "lat") {
		t.Errorf("a JSON list as lat = %d %q; want 400 naming lat", r.status, d)
	}
	r = jsonPost(`["service_code"]`, admin.header()...)
	if d := open311Error(t, r); r.status != http.StatusBadRequest {
		t.Errorf("a JSON list as the body = %d %q; want 400", r.status, d)
	}
	r = do(t, s, "POST", "/open311/v2/requests.json", strings.NewReader("service_code=other"), append(admin.header(), "Content-Type: text/plain")...)
	if d := open311Error(t, r); r.status != http.StatusBadRequest || !strings.Contains(d, "Content-Type") {
		t.Errorf("a text/plain body = %d %q; want 400 naming Content-Type", r.status, d)
	}
}

// TestOpen311SubmitText: a description is text of several lines, so a tab
// or a lone carriage return in its first line (which becomes the summary)
// is taken, the summary made one line; a description or an address_string
// that holds what no text may answers 400 naming that parameter, never
// the summary, which Open311 does not have.
func TestOpen311SubmitText(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	lon, lat := cellLabel(t, s, sc.inCell)
	post := func(v url.Values) response {
		t.Helper()
		v.Set("api_key", admin.token)
		v.Set("service_code", "other")
		v.Set("lat", ftoa(lat))
		v.Set("long", ftoa(lon))
		return form(t, s, "/open311/v2/requests.json", v, "Accept-Language: en")
	}
	for _, tc := range []struct{ description, summary string }{
		{"邻居\t争吵\n昨晚又吵", "邻居 争吵"},
		{"邻居\r争吵", "邻居"},
	} {
		r := post(url.Values{"description": {tc.description}})
		if r.status != http.StatusCreated {
			t.Errorf("description %q = %d %s; want 201", tc.description, r.status, r.body)
			continue
		}
		var created []map[string]any
		mustJSON(t, r.body, &created)
		in := get(t, s, "/api/incidents/"+created[0]["service_request_id"].(string), admin.header()...).json(t)
		if in["summary"] != tc.summary || in["description"] != tc.description {
			t.Errorf("description %q filed with summary %q, description %q; want %q and the description as sent", tc.description, in["summary"], in["description"], tc.summary)
		}
	}
	for _, tc := range []struct {
		name  string
		v     url.Values
		field string
	}{
		{"a NUL in the description", url.Values{"description": {"邻居\x00争吵"}}, "description"},
		{"a control character in address_string", url.Values{"description": {"噪音"}, "address_string": {"王家湾\x0112号"}}, "address_string"},
	} {
		r := post(tc.v)
		if d := open311Error(t, r); r.status != http.StatusBadRequest || !strings.HasPrefix(d, tc.field+":") && !strings.HasPrefix(d, tc.field+" ") {
			t.Errorf("%s: %d %q; want 400 naming %s", tc.name, r.status, d, tc.field)
		}
	}
}

// TestOpen311IgnoresReporterFields: the spec's account_id, email, phone,
// device_id and media_url are ignored, as documented: a report naming
// another account (the leader's) is the caller's, by its receipt and its
// timeline, and stores none of them.
func TestOpen311IgnoresReporterFields(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	worker, leader := sc.actors["grid_worker"], sc.actors["leader"]
	r := form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {worker.token}, "service_code": {"other"}, "address_id": {sc.inCell},
		"description": {"噪音"}, "account_id": {fmt.Sprint(leader.user.ID)}, "email": {"x@example.com"}, "phone": {"13800004444"},
		"device_id": {"dev-42"}, "media_url": {"https://example.com/p.jpg"}})
	if r.status != http.StatusCreated {
		t.Fatalf("POST = %d %s; want 201", r.status, r.body)
	}
	var created []map[string]any
	mustJSON(t, r.body, &created)
	if got := created[0]["account_id"]; got != fmt.Sprint(worker.user.ID) {
		t.Errorf("receipt account_id = %v; want the caller's, %d", got, worker.user.ID)
	}
	admin := sc.actors["admin"]
	id := created[0]["service_request_id"].(string)
	ev := get(t, s, "/api/incidents/"+id+"/events", admin.header()...).json(t)["events"].([]any)
	if first := ev[0].(map[string]any); first["kind"] != "created" || first["actor_id"] != float64(worker.user.ID) {
		t.Errorf("first event = %v; want created by the caller, %d", first, worker.user.ID)
	}
	detail := get(t, s, "/api/incidents/"+id, admin.header()...)
	for _, x := range []string{"x@example.com", "13800004444", "dev-42", "example.com/p.jpg"} {
		if strings.Contains(string(detail.body), x) {
			t.Errorf("the incident stores %q: %s", x, detail.body)
		}
	}
}

// TestOpen311BadKeyNamesAPIKey: an api_key that is no token, in the query,
// a form or a JSON body, is refused (401, Open311's shape) naming api_key,
// the parameter the client sent, not the Authorization header it did not.
func TestOpen311BadKeyNamesAPIKey(t *testing.T) {
	t.Parallel()
	s := api.New(newSmallSQLiteStore(t), api.Config{}, quietLog())
	for _, r := range []response{
		get(t, s, "/open311/v2/requests.json?api_key=bogus", "Accept-Language: en"),
		form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {"bogus"}, "service_code": {"other"}}, "Accept-Language: en"),
		do(t, s, "POST", "/open311/v2/requests.json", strings.NewReader(`{"api_key":"bogus","service_code":"other"}`),
			"Content-Type: application/json", "Accept-Language: en"),
	} {
		if d := open311Error(t, r); r.status != http.StatusUnauthorized || !strings.HasPrefix(d, "api_key") {
			t.Errorf("a bad api_key = %d %q; want 401 naming api_key", r.status, d)
		}
	}
}

// TestOpen311Jurisdiction: the town is the one jurisdiction; naming it (by
// township or division code) or none is fine, any other is the spec's 404.
func TestOpen311Jurisdiction(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	key := "&api_key=" + sc.actors["admin"].token
	for _, path := range []string{"/open311/v2/services.json?x=1", "/open311/v2/requests.xml?x=1" + key, fmt.Sprintf("/open311/v2/requests/%d.json?x=1%s", sc.inIncident, key)} {
		for _, j := range []string{"", "500110119", "500110119000"} {
			if r := get(t, s, path+"&jurisdiction_id="+j); r.status != http.StatusOK {
				t.Errorf("%s with jurisdiction_id %q = %d %s", path, j, r.status, r.body)
			}
		}
		r := get(t, s, path+"&jurisdiction_id=500110120")
		if d := open311Error(t, r); r.status != http.StatusNotFound || !strings.Contains(d, "jurisdiction_id") || !strings.Contains(d, "500110119") {
			t.Errorf("%s in another jurisdiction = %d %q; want 404 naming jurisdiction_id and ours", path, r.status, d)
		}
	}
}

// TestOpen311Privacy: reads through Open311 are masked and audited as in
// the app API: a leader gets the summary only and no audit entry is
// needed; a grid worker reading in full is audited, one by one and in lists.
func TestOpen311Privacy(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin, gw, leader := sc.actors["admin"], sc.actors["grid_worker"], sc.actors["leader"]
	lon, lat := cellLabel(t, s, sc.inCell)
	text := "张三与李四因宅基地争执，张三电话13812345678"
	r := form(t, s, "/open311/v2/requests.json", url.Values{"api_key": {gw.token}, "service_code": {"land_rights"},
		"lat": {ftoa(lat)}, "long": {ftoa(lon)}, "description": {strings.Repeat("长", 40) + text}})
	var created []map[string]any
	mustJSON(t, r.body, &created)
	id := created[0]["service_request_id"].(string)
	audits := func(action, record string) int {
		t.Helper()
		return int(get(t, s, "/api/audit?action="+action+"&record="+url.QueryEscape(record), admin.header()...).json(t)["total"].(float64))
	}

	var one []map[string]any
	mustJSON(t, get(t, s, "/open311/v2/requests/"+id+".json", leader.header()...).body, &one)
	if d := one[0]["description"].(string); strings.Contains(d, "13812345678") || strings.Contains(d, "张三") {
		t.Errorf("a leader reads %q through Open311; want the summary without the parties", d)
	}
	if n := audits("read_incident", "incident:"+id); n != 0 {
		t.Errorf("a masked read left %d audit entries", n)
	}
	mustJSON(t, get(t, s, "/open311/v2/requests/"+id+".json", gw.header()...).body, &one)
	if d := one[0]["description"].(string); !strings.Contains(d, text) {
		t.Errorf("the grid worker reads %q; want the full description", d)
	}
	if n := audits("read_incident", "incident:"+id); n != 1 {
		t.Errorf("a full read through Open311 left %d audit entries; want 1", n)
	}
	get(t, s, "/open311/v2/requests.xml?service_request_id="+id, gw.header()...)
	e := get(t, s, "/api/audit?action=read_incident_list&record=open311:requests", admin.header()...).json(t)["entries"].([]any)
	if len(e) != 1 || !strings.Contains(e[0].(map[string]any)["detail"].(string), id) {
		t.Errorf("a full list read left audit entries %v; want one naming request %s", e, id)
	}
	get(t, s, "/open311/v2/requests.json?service_request_id="+id, leader.header()...)
	if n := audits("read_incident_list", "open311:requests"); n != 1 {
		t.Errorf("a masked list read was audited: %d entries; want still 1", n)
	}
}

// TestOpen311ErrorShapes: every error under /open311, wherever it arises
// (authentication, body limit, routing, parameters), has Open311's shape in
// the format of the path, in the caller's language.
func TestOpen311ErrorShapes(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{MaxBodyBytes: 1 << 10}, quietLog())
	key := sc.actors["admin"].token
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		xml                      bool
		want                     string // in the English description
	}{
		{"bad api_key", "GET", "/open311/v2/requests.xml?api_key=nope", "", 401, true, "API token"},
		{"no api_key", "POST", "/open311/v2/requests.json", "service_code=other", 401, false, "api_key"},
		{"body too large", "POST", "/open311/v2/requests.xml?api_key=" + key, "description=" + strings.Repeat("x", 2<<10), 413, true, "too large"},
		{"unknown path", "GET", "/open311/v2/tokens/1.xml", "", 404, true, "No such resource"},
		{"unknown path, JSON", "GET", "/open311/nothing", "", 404, false, "No such resource"},
		{"unknown format", "GET", "/open311/v2/services.csv", "", 404, false, "No such resource"},
		{"bad id", "GET", "/open311/v2/requests/abc.xml?api_key=" + key, "", 400, true, "service_request_id"},
		{"lat NaN", "POST", "/open311/v2/requests.json?api_key=" + key, "service_code=other&lat=NaN&long=106.6", 400, false, "lat must be a number"},
	} {
		r := do(t, s, tc.method, tc.path, strings.NewReader(tc.body), "Accept-Language: en", "Content-Type: application/x-www-form-urlencoded")
		d := open311Error(t, r)
		if r.status != tc.status || strings.HasPrefix(r.header.Get("Content-Type"), "text/xml") != tc.xml || !strings.Contains(d, tc.want) {
			t.Errorf("%s: %d %q %q; want %d (xml %v) saying %q", tc.name, r.status, r.header.Get("Content-Type"), d, tc.status, tc.xml, tc.want)
		}
		zh := do(t, s, tc.method, tc.path, strings.NewReader(tc.body), "Content-Type: application/x-www-form-urlencoded")
		if d := open311Error(t, zh); !strings.ContainsFunc(d, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s in zh-CN: %q has no Chinese", tc.name, d)
		}
	}
	// A form body too large, of no declared length: the limit shows as the
	// form is read.
	req := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader("description="+strings.Repeat("x", 2<<10)))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if r := (response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a chunked form body past the limit = %d %s; want 413", r.status, r.body)
	} else {
		open311Error(t, r)
	}
	// A wrong method: 405 with Allow, in Open311's shape.
	r := do(t, s, "PUT", "/open311/v2/requests.xml", nil)
	if open311Error(t, r); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD, POST, OPTIONS" {
		t.Errorf("PUT requests.xml = %d, Allow %q; want 405, Allow GET, HEAD, POST, OPTIONS", r.status, r.header.Get("Allow"))
	}
}
