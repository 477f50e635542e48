package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"gridmap/data/sample"
	"gridmap/data/storetest/stores"
	"gridmap/geo"
)

// TestHelperServe is not a test: TestTwoInstancesOnePostGIS runs the test
// binary again with GRIDMAP_HELPER_SERVE=1 to have a real second process
// serve; it runs the command as main does, with the environment given.
func TestHelperServe(t *testing.T) {
	if os.Getenv("GRIDMAP_HELPER_SERVE") != "1" {
		t.Skip("runs only as the helper process of TestTwoInstancesOnePostGIS")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, []string{"-log-format", "json"}, os.Getenv, bytes.NewReader(nil), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestTwoInstancesOnePostGIS runs two real gridmap processes on one
// PostGIS schema, as two instances behind a reverse proxy: the second
// starts on the schema the first migrated and seeded (and seeds nothing),
// a session made through one is valid on the other, and a report made
// through one shows in the other's public map (its cell's open_incidents)
// without a restart. Both run with -poll off, so only the NOTIFY of B's
// commit can tell A (LISTEN/NOTIFY, data.ChangeNotifier); the test logs
// how long that took.
func TestTwoInstancesOnePostGIS(t *testing.T) {
	t.Parallel()
	db := stores.URL(t, "postgis")
	const password = "two-instances-admin"
	start := func(name string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
		cmd.Env = append(os.Environ(), "GRIDMAP_HELPER_SERVE=1", "GRIDMAP_ADDR=127.0.0.1:0", "GRIDMAP_DB="+db,
			"GRIDMAP_ADMIN_PASSWORD="+password, "GRIDMAP_POLL=off")
		var logs syncBuffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		t.Cleanup(func() {
			cmd.Process.Signal(os.Interrupt)
			<-exited
			if t.Failed() {
				t.Logf("%s's output:\n%s", name, logs.String())
			}
		})
		addr := listening(t, &logs, returned(exited))
		for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
			if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return "http://" + addr
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never answered /healthz:\n%s", name, logs.String())
			}
		}
	}
	a := start("instance A")
	b := start("instance B")

	// A session made through A is valid on B: sessions live in the database.
	res, err := http.Post(a+"/api/auth/login", "application/json",
		bytes.NewReader([]byte(`{"username":"admin","password":"`+password+`"}`)))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || len(res.Cookies()) == 0 {
		t.Fatalf("login through A = %d; want 200 and a session cookie", res.StatusCode)
	}
	cookie := res.Cookies()[0]
	send := func(base, method, path, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, bytes.NewReader([]byte(body)))
		req.AddCookie(cookie)
		req.Header.Set("X-CSRF-Token", login.CSRF)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	cell := ds.Cells[0]
	openIn := func(base string) int {
		res := send(base, "GET", "/api/cells", "")
		defer res.Body.Close()
		var fc struct {
			Features []struct {
				Properties struct {
					Code string `json:"code"`
					Open int    `json:"open_incidents"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.NewDecoder(res.Body).Decode(&fc); err != nil {
			t.Fatalf("GET %s/api/cells: %v", base, err)
		}
		for _, f := range fc.Features {
			if f.Properties.Code == cell.Code {
				return f.Properties.Open
			}
		}
		t.Fatalf("GET %s/api/cells has no cell %s", base, cell.Code)
		return 0
	}
	before := openIn(b)
	if got := openIn(a); got != before {
		t.Fatalf("open incidents of %s: A says %d, B %d", cell.Code, got, before)
	}

	p := geo.LabelPoint(cell.Geometry)
	res = send(b, "POST", "/api/incidents", fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"两个实例"}`, p.Lon(), p.Lat()))
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("a report through B with A's session = %d; want 201", res.StatusCode)
	}
	if got := openIn(b); got != before+1 {
		t.Errorf("B's own map after its write: %d open in %s; want %d", got, cell.Code, before+1)
	}
	began := time.Now()
	reads := 1
	for openIn(a) != before+1 {
		if time.Since(began) > 30*time.Second {
			t.Fatalf("A's map never showed the report made through B (the poll is off: no notice came)")
		}
		time.Sleep(10 * time.Millisecond)
		reads++
	}
	t.Logf("A's map showed B's write after %v, at its read %d of /api/cells", time.Since(began).Round(time.Millisecond), reads)
}
