package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridmap/api"
)

// TestOpen311RoundTrip submits a request as an Open311 client would (form
// body, api_key) and reads it back through every read endpoint.
func TestOpen311RoundTrip(t *testing.T) {
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	key := sc.actors["grid_worker"].token
	services := get(t, s, "/open311/v2/services.json")
	if services.status != http.StatusOK || !strings.Contains(string(services.body), `"service_code":"neighbour"`) {
		t.Fatalf("services.json = %d %s", services.status, services.body)
	}
	lon, lat := cellLabel(t, s, sc.inCell)
	form := url.Values{"api_key": {key}, "service_code": {"neighbour"}, "lat": {fmt.Sprint(lat)}, "long": {fmt.Sprint(lon)},
		"description": {"楼上漏水，多次协商未果"}, "first_name": {"小明"}, "last_name": {"王"}}
	r := do(t, s, "POST", "/open311/v2/requests.json", strings.NewReader(form.Encode()), "Content-Type: application/x-www-form-urlencoded")
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
	if !strings.Contains(one[0]["description"].(string), "楼上漏水") {
		t.Errorf("the reporter's own request lacks its description: %v", one[0]["description"])
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
	bad := get(t, s, "/open311/v2/requests.json?status=pending&api_key="+key)
	var errs []map[string]any
	mustJSON(t, bad.body, &errs)
	if bad.status != http.StatusBadRequest || len(errs) != 1 || errs[0]["code"].(float64) != 400 || errs[0]["description"] == "" {
		t.Errorf("a bad status = %d %s; want 400 with an Open311 error list", bad.status, bad.body)
	}
}
