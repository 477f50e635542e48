package api_test

import (
	"net/http"
	"testing"

	"gridmap/api"
)

// TestInitialBoundaryReasonLocalised: version 1 of the boundaries, which
// the stores record with the reason "initial import", reads in the
// caller's language, with a code the app can word itself, in the list and
// in the version's own answer.
func TestInitialBoundaryReasonLocalised(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	viewer := sc.actors["viewer"]
	for _, tc := range []struct{ lang, want string }{
		{"", "初始导入"},
		{"zh-CN,zh;q=0.9", "初始导入"},
		{"en-US,en;q=0.8", "Initial import"},
	} {
		h := viewer.header()
		if tc.lang != "" {
			h = append(h, "Accept-Language: "+tc.lang)
		}
		r := get(t, s, "/api/boundary/versions", h...)
		if r.status != http.StatusOK {
			t.Fatalf("GET /api/boundary/versions = %d %s", r.status, r.body)
		}
		vs := r.json(t)["versions"].([]any)
		v1 := vs[len(vs)-1].(map[string]any)
		if v1["number"].(float64) != 1 || v1["reason"] != tc.want || v1["reason_code"] != "initial_import" {
			t.Errorf("Accept-Language %q: version 1 = reason %q, reason_code %v; want %q, initial_import", tc.lang, v1["reason"], v1["reason_code"], tc.want)
		}
		one := get(t, s, "/api/boundary/versions/1", h...).json(t)["version"].(map[string]any)
		if one["reason"] != tc.want || one["reason_code"] != "initial_import" {
			t.Errorf("Accept-Language %q: GET /api/boundary/versions/1 version = reason %q, reason_code %v; want %q, initial_import", tc.lang, one["reason"], one["reason_code"], tc.want)
		}
	}
}
