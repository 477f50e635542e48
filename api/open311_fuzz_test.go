package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/sqlite"
)

// fuzzStore is newSQLiteStore for a fuzz target.
func fuzzStore(f *testing.F) data.Store {
	f.Helper()
	src, err := sampleDB()
	if err != nil {
		f.Fatalf("building the sample database: %v", err)
	}
	dst := filepath.Join(f.TempDir(), "gridmap.db")
	if err := copyFile(src, dst); err != nil {
		f.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	return st
}

// FuzzOpen311Params sends the Open311 API arbitrary parameters (lat/long,
// comma lists, dates, ids, jurisdictions, bodies) as an authenticated
// client: the answer is never a panic or a 5xx, a success is well-formed
// in its format, and every refusal is a 4xx in Open311's error shape. The
// seed corpus is in testdata/fuzz/FuzzOpen311Params.
func FuzzOpen311Params(f *testing.F) {
	sc := newScene(f, fuzzStore(f))
	s := api.New(sc.store, api.Config{}, quietLog())
	auth := "Bearer " + sc.actors["admin"].token
	f.Add(uint8(0), "service_request_id=1,2,3&status=open,closed", "")
	f.Add(uint8(3), "", "service_code=other&lat=28.6&long=106.6&description=x")
	f.Fuzz(func(t *testing.T, op uint8, query, body string) {
		var method, path, ctype string
		switch op % 6 {
		case 0:
			method, path = "GET", "/open311/v2/requests.json"
		case 1:
			method, path = "GET", "/open311/v2/requests.xml"
		case 2: // the id in the path
			method, path = "GET", "/open311/v2/requests/"+url.PathEscape(body)+".xml"
		case 3:
			method, path, ctype = "POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded"
		case 4:
			method, path, ctype = "POST", "/open311/v2/requests.xml", "application/json"
		case 5:
			method, path = "GET", "/open311/v2/services.xml"
		}
		var rd io.Reader
		if method == "POST" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(method, "http://gridmap.test"+path+"?"+query, rd)
		if err != nil {
			t.Skip("no client can send this URL")
		}
		req.Header.Set("Authorization", auth)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		r := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		xmlAnswer := strings.HasPrefix(r.header.Get("Content-Type"), "text/xml")
		switch {
		case r.status >= 200 && r.status < 300:
			if xmlAnswer {
				if err := xml.NewDecoder(bytes.NewReader(r.body)).Decode(new(xmlNode)); err != nil {
					t.Fatalf("%s %s?%s = %d with broken XML: %v\n%.300s", method, path, query, r.status, err, r.body)
				}
			} else if !json.Valid(r.body) {
				t.Fatalf("%s %s?%s = %d with broken JSON\n%.300s", method, path, query, r.status, r.body)
			}
		case r.status >= 400 && r.status < 500:
			open311Error(t, r)
			if xmlAnswer != strings.HasSuffix(path, ".xml") {
				t.Fatalf("%s %s: an error in the wrong format (%s)", method, path, r.header.Get("Content-Type"))
			}
		default:
			t.Fatalf("%s %s?%s body %q = %d; want 2xx or 4xx\n%.300s", method, path, query, body, r.status, r.body)
		}
	})
}
