package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gridmap/bench/rate"
)

// TestLoad loads a server for a second: every answer of a route is counted
// with its size (the gzip form when asked for), and every answer of a
// missing route is a failure.
func TestLoad(t *testing.T) {
	plain, z := []byte("plain answer"), []byte("gz")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/cells" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Accept-Encoding") == "gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(z)
			return
		}
		w.Write(plain)
	}))
	defer srv.Close()
	for _, c := range []struct {
		name     string
		path     string
		gz       bool
		size     int64
		succeeds bool
	}{
		{"plain", "/api/cells", false, int64(len(plain)), true},
		{"gzip", "/api/cells", true, int64(len(z)), true},
		{"missing", "/nothing", false, 0, false},
	} {
		r, err := rate.Run(context.Background(), c.name, 2, time.Second, worker(srv.URL+c.path, c.gz))
		if err != nil {
			t.Fatalf("%s: rate.Run() = %v", c.name, err)
		}
		if c.succeeds && (r.OK == 0 || r.Failed != 0 || r.Bytes != r.OK*c.size) {
			t.Errorf("%s: %d answers of %d bytes, %d failed; want some of %d bytes each, none failed", c.name, r.OK, r.Bytes, r.Failed, c.size)
		}
		if !c.succeeds && (r.OK != 0 || r.Failed == 0) {
			t.Errorf("%s: %d answers, %d failed; want only failures", c.name, r.OK, r.Failed)
		}
		if r.PerSecond() != float64(r.OK)/r.Seconds {
			t.Errorf("%s: PerSecond() = %v; want %d answers / %v s", c.name, r.PerSecond(), r.OK, r.Seconds)
		}
	}
}
