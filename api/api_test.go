package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
)

// sampleSet is the sample town's data set, generated once per test binary
// (sample.Dataset draws its 35,000 residents anew at every call: a second
// under -race). The tests share it and only read it; one that changes a
// data set changes a copy (buildSampleDB) or calls sample.Dataset.
var sampleSet = sync.OnceValues(sample.Dataset)

// sampleData returns sampleSet, failing tb if it could not be built.
func sampleData(tb testing.TB) *data.Dataset {
	tb.Helper()
	ds, err := sampleSet()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// sampleDB is a SQLite file holding the sample town, built once per test
// binary and copied for each test that needs it, since loading 35,000
// residents per test would dominate the run.
var sampleDB = sync.OnceValues(func() (string, error) { return buildSampleDB("sample.db", nil) })

// smallSampleDB is the sample town with a tenth of its households (with
// their residents) and its first 300 incidents (which keep their IDs),
// for tests whose point is how every route answers, not what it finds:
// each route still has cells, people and incidents to read, at a tenth of
// the cost of reading them (a full answer costs up to a second under
// -race).
var smallSampleDB = sync.OnceValues(func() (string, error) {
	return buildSampleDB("small.db", func(ds *data.Dataset) {
		var hs []data.Household
		kept := map[int64]bool{}
		for i, h := range ds.Households {
			if i%10 == 0 {
				hs = append(hs, h)
				kept[h.ID] = true
			}
		}
		var rs []data.Resident
		for _, r := range ds.Residents {
			if kept[r.HouseholdID] {
				rs = append(rs, r)
			}
		}
		ds.Households, ds.Residents, ds.Incidents = hs, rs, ds.Incidents[:300]
	})
})

// buildSampleDB loads the sample town, changed by trim when not nil, into
// a new SQLite file of testDir.
func buildSampleDB(name string, trim func(*data.Dataset)) (string, error) {
	dir, err := tempDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer st.Close()
	shared, err := sampleSet()
	if err != nil {
		return "", err
	}
	ds := *shared // trim sets the copy's slices, not the shared ones
	if trim != nil {
		trim(&ds)
	}
	return path, st.Load(ctx, &ds)
}

// newSQLiteStore opens a private copy of the sample database.
func newSQLiteStore(t *testing.T) data.Store { return openCopy(t, sampleDB) }

// newSmallSQLiteStore opens a private copy of the small sample database.
func newSmallSQLiteStore(t *testing.T) data.Store { return openCopy(t, smallSampleDB) }

func openCopy(t *testing.T, db func() (string, error)) data.Store {
	t.Helper()
	src, err := db()
	if err != nil {
		t.Fatalf("building the sample database: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "gridmap.db")
	if err := copyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newServer serves the sample town from SQLite.
func newServer(t *testing.T) *api.Server {
	t.Helper()
	return api.New(newSQLiteStore(t), api.Config{BaseURL: "http://gridmap.test"}, quietLog())
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// response is a recorded answer, decompressed.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get requests path from h with optional headers ("Name: value").
func get(t *testing.T, h http.Handler, path string, headers ...string) response {
	t.Helper()
	return do(t, h, http.MethodGet, path, nil, headers...)
}

func do(t *testing.T, h http.Handler, method, path string, body io.Reader, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	for _, hd := range headers {
		k, v, _ := strings.Cut(hd, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	var err error
	switch rec.Header().Get("Content-Encoding") {
	case "gzip":
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(res.body)); err == nil {
			res.body, err = io.ReadAll(zr)
		}
	case "br":
		res.body, err = io.ReadAll(brotli.NewReader(bytes.NewReader(res.body)))
	}
	if err != nil {
		t.Fatalf("%s %s: bad %s body: %v", method, path, rec.Header().Get("Content-Encoding"), err)
	}
	return res
}

// decode parses a JSON body into a generic value.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%.300s", err, r.body)
	}
	return v
}

// errorOf returns the code and field of an error answer.
func (r response) errorOf(t *testing.T) (code, field string) {
	t.Helper()
	e, ok := r.json(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("body has no error object: %.300s", r.body)
	}
	code, _ = e["code"].(string)
	field, _ = e["field"].(string)
	if msg, _ := e["message"].(string); msg == "" {
		t.Errorf("error %q has no message", code)
	}
	return code, field
}
