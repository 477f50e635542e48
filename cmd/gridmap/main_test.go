package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunSeedsServesAndShutsDown starts the real server on a new SQLite
// file: it must seed the sample town, serve 138 cells, log requests, and
// return cleanly when its context ends.
func TestRunSeedsServesAndShutsDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db := filepath.Join(t.TempDir(), "gridmap.db")
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-log-format", "json"}, env(map[string]string{"GRIDMAP_ADDR": addr, "GRIDMAP_DB": db}), strings.NewReader(""), io.Discard, logs)
	}()
	defer func() {
		if t.Failed() {
			t.Logf("server output:\n%s", logs)
		}
	}()

	var res *http.Response
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err = http.Get("http://" + addr + "/api/cells"); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v\n%s", err, logs)
		default:
		}
	}
	if err != nil {
		t.Fatalf("server never answered: %v\n%s", err, logs)
	}
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	err = json.NewDecoder(res.Body).Decode(&fc)
	res.Body.Close()
	if err != nil || len(fc.Features) != 138 {
		t.Errorf("GET /api/cells: %d features, err %v; want 138", len(fc.Features), err)
	}
	if res, err := http.Get("http://" + addr + "/"); err != nil {
		t.Errorf("GET /: %v", err)
	} else {
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET / = %d; want 200 and the map app", res.StatusCode)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after shutdown = %v; want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not shut down")
	}
	out := logs.String()
	for _, want := range []string{`"msg":"seeded the illustrative sample town"`, `"path":"/api/cells"`, `"status":200`, `"msg":"shutting down"`,
		`"msg":"created the administrator account"`, "password: "} {
		if !bytes.Contains([]byte(out), []byte(want)) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
}
