package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
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

// listenLine is the log line that names the address the server took.
var listenLine = regexp.MustCompile(`gridmap listening"?,? ?"?addr"?[=:]"?([0-9.]+:[0-9]+)`)

// listening waits for a server started with the address 127.0.0.1:0 to log
// the port it took, and returns its address. A port a test picks and
// releases for the server to take may be taken first by the server of a
// parallel test, whose answers the test would then read (a login of the
// README walkthrough's PostGIS server once reached its SQLite twin's).
// exited reports an early end of the server: its error, and true.
func listening(t *testing.T, logs *syncBuffer, exited func() (error, bool)) string {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := listenLine.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		if err, ok := exited(); ok {
			t.Fatalf("the server returned early: %v\n%s", err, logs)
		}
	}
	t.Fatalf("the server never said where it listens:\n%s", logs)
	return ""
}

// returned is listening's exited for a server whose end sends its error
// on done (run in a goroutine, or a process's Wait); it puts the error
// back for the test's own wait.
func returned(done chan error) func() (error, bool) {
	return func() (error, bool) {
		select {
		case err := <-done:
			done <- err
			return err, true
		default:
			return nil, false
		}
	}
}

// TestRunSeedsServesAndShutsDown starts the real server on a new SQLite
// file: it must seed the sample town, serve 138 cells, log requests, and
// return cleanly when its context ends.
func TestRunSeedsServesAndShutsDown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gridmap.db")
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-log-format", "json"}, env(map[string]string{"GRIDMAP_ADDR": "127.0.0.1:0", "GRIDMAP_DB": db}), strings.NewReader(""), io.Discard, logs)
	}()
	defer func() {
		if t.Failed() {
			t.Logf("server output:\n%s", logs)
		}
	}()
	addr := listening(t, logs, returned(done))

	var res *http.Response
	var err error
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
