package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data/storetest/stores"
)

// FuzzImportBoundariesForm sends the boundary import arbitrary multipart
// bodies as an admin, into an empty store: the answer is never a panic or
// a 5xx, and is JSON, an import's answer or the error shape naming a code.
func FuzzImportBoundariesForm(f *testing.F) {
	st := stores.Open(f, "sqlite")
	s := api.New(st, api.Config{MaxImportBytes: 64 << 10}, quietLog())
	auth := "Bearer " + newAdmin(f, st).token
	two := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"code":"500110119001001","name":"一"},"geometry":{"type":"Polygon","coordinates":[[[106.6,28.5],[106.61,28.5],[106.61,28.51],[106.6,28.51],[106.6,28.5]]]}},` +
		`{"type":"Feature","properties":{"code":"500110119001002","name":"二"},"geometry":{"type":"Polygon","coordinates":[[[106.61,28.5],[106.62,28.5],[106.62,28.51],[106.61,28.51],[106.61,28.5]]]}}]}`
	part := func(name, filename, value string) string {
		h := `Content-Disposition: form-data; name="` + name + `"`
		if filename != "" {
			h += `; filename="` + filename + `"`
		}
		return "--" + uploadBoundary + "\r\n" + h + "\r\n\r\n" + value + "\r\n"
	}
	end := "--" + uploadBoundary + "--\r\n"
	f.Add(part("town_code", "", "500110119") + part("town_name", "", "安稳镇") + part("file", "网格.geojson", two) + end)
	f.Add(part("file", "网格.geojson", two) + part("snap", "", "1e400") + end)
	f.Add(part("file", "网格.json", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}`) + end)
	f.Add(part("file", "a.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`) + end)
	f.Add(part("file", "../../etc/passwd", "x") + part("dry_run", "", "false") + end)
	f.Add("--" + uploadBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n{")
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/import/boundaries", strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+uploadBoundary)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%d with an answer that is not JSON: %v\n%.300s", rec.Code, err, rec.Body.Bytes())
		}
		switch rec.Code {
		case http.StatusOK, http.StatusCreated:
			if _, ok := v["plan"]; !ok {
				t.Fatalf("%d without a plan: %.300s", rec.Code, rec.Body.Bytes())
			}
		case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
			e, ok := v["error"].(map[string]any)
			if !ok || e["code"] == "" || e["message"] == "" {
				t.Fatalf("%d without the error shape: %.300s", rec.Code, rec.Body.Bytes())
			}
		default:
			t.Fatalf("status %d: %.300s", rec.Code, rec.Body.Bytes())
		}
	})
}
