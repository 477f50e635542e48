package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gridmap/bench/rate"
)

// The writes mode (-writes N) measures how reads hold up while the map is
// written to: each read route is loaded once without writes and once while
// a grid worker reports N incidents a second through the API, in turn, for
// -rounds rounds (which side goes first alternates), and the table gives
// the medians and their ratio:
//
//	load -writes 40 -rounds 3 -d 3s -password P http://127.0.0.1:18101
//	route          quiet/s  writing/s  ratio  target
//	cells           5600.0     4800.0    86%  >= 70% met
//
// The routes are /api/cells (plain and gzip), the first OGC page of cells
// (plain and gzip) and /api/locate at a cell's label point. The writer is
// the administrator, who may report in every cell as forty grid workers
// of a cell or two each would (one grid worker's account of every cell
// would read its 3,000 cells with each request's session, a cost no real
// grid worker's request has).

// readRoute is one read measured.
type readRoute struct {
	name, path string
	gzip       bool
}

// writesRun is the state of one writes-mode run.
type writesRun struct {
	base          string
	conns         int
	dur           time.Duration
	perSecond     int
	points        [][2]float64 // cell label points the reports fall on, in turn
	cookie        *http.Client // the writer's session
	csrf          string
	next          atomic.Int64 // the next report's number
	wrote, failed atomic.Int64
	wroteNanos    atomic.Int64 // time the written reports took, in all
	firstFailure  atomic.Value // string: the first failed write's answer
}

func writesMode(base, adminUser, adminPassword string, perSecond, rounds, conns int, dur time.Duration, only string) error {
	w := &writesRun{base: base, conns: conns, dur: dur, perSecond: perSecond}
	cells, err := w.cells()
	if err != nil {
		return err
	}
	if err := w.login(adminUser, adminPassword); err != nil {
		return err
	}
	for _, c := range cells {
		w.points = append(w.points, c.label)
	}
	routes := []readRoute{
		{"cells", "/api/cells", false},
		{"cells-gzip", "/api/cells", true},
		{"ogc", "/ogc/collections/cells/items", false},
		{"ogc-gzip", "/ogc/collections/cells/items", true},
		{"locate", fmt.Sprintf("/api/locate?lon=%v&lat=%v", cells[0].label[0], cells[0].label[1]), false},
	}
	if only != "" {
		names := strings.Split(only, ",")
		routes = slices.DeleteFunc(routes, func(r readRoute) bool { return !slices.Contains(names, r.name) })
		if len(routes) == 0 {
			return fmt.Errorf("-routes %q names no route", only)
		}
	}
	quiet, writing := map[string][]float64{}, map[string][]float64{}
	var wroteRate []float64
	fmt.Printf("writes: %d rounds of %s per route and side, %d connections, %d writes/s, %d cells, load average %s\n",
		rounds, dur, conns, perSecond, len(cells), loadavg())
	for round := 1; round <= rounds; round++ {
		for _, r := range routes {
			sides := []bool{false, true}
			if round%2 == 0 {
				sides = []bool{true, false}
			}
			for _, withWrites := range sides {
				var stop func() (int64, time.Duration)
				if withWrites {
					stop = w.write()
				}
				res, _ := rate.Run(context.Background(), r.path, conns, dur, worker(base+r.path, r.gzip))
				got := res.PerSecond()
				if withWrites {
					n, took := stop()
					wroteRate = append(wroteRate, float64(n)/took.Seconds())
					writing[r.name] = append(writing[r.name], got)
				} else {
					quiet[r.name] = append(quiet[r.name], got)
				}
			}
		}
		fmt.Printf("writes: round %d of %d done (load average %s)\n", round, rounds, loadavg())
	}
	fmt.Printf("%-12s %10s %10s %7s  %s\n", "route", "quiet/s", "writing/s", "ratio", "target")
	for _, r := range routes {
		q, wr := median(quiet[r.name]), median(writing[r.name])
		ratio := 0.0
		if q > 0 {
			ratio = wr / q
		}
		verdict := "met"
		if ratio < 0.70 {
			verdict = "MISSED"
		}
		fmt.Printf("%-12s %10.1f %10.1f %6.0f%%  >= 70%% %s\n", r.name, q, wr, 100*ratio, verdict)
	}
	mean := time.Duration(0)
	if n := w.wrote.Load(); n > 0 {
		mean = time.Duration(w.wroteNanos.Load() / n)
	}
	fmt.Printf("writes: %.1f/s achieved (median of the runs), %d written, %d failed, %s mean per write\n",
		median(wroteRate), w.wrote.Load(), w.failed.Load(), mean.Round(100*time.Microsecond))
	if f, ok := w.firstFailure.Load().(string); ok {
		fmt.Printf("writes: first failed write: %.300s\n", f)
	}
	return nil
}

type cellPoint struct {
	code  string
	label [2]float64
}

// cells reads the cells' codes and label points from /api/cells.
func (w *writesRun) cells() ([]cellPoint, error) {
	res, err := http.Get(w.base + "/api/cells")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var fc struct {
		Features []struct {
			ID         string
			Properties struct{ Label [2]float64 }
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&fc); err != nil || res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/cells: %d %v", res.StatusCode, err)
	}
	if len(fc.Features) == 0 {
		return nil, fmt.Errorf("GET /api/cells: no cells")
	}
	out := make([]cellPoint, len(fc.Features))
	for i, f := range fc.Features {
		out[i] = cellPoint{f.ID, f.Properties.Label}
	}
	return out, nil
}

// login signs the writer in: the administrator (see above).
func (w *writesRun) login(adminUser, adminPassword string) error {
	var err error
	w.cookie, w.csrf, err = w.session(adminUser, adminPassword)
	return err
}

// session logs in and returns a client with the session's cookie and its
// CSRF token.
func (w *writesRun) session(user, password string) (*http.Client, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	out, err := w.post(c, "", "/api/auth/login", map[string]any{"username": user, "password": password}, http.StatusOK)
	if err != nil {
		return nil, "", err
	}
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(out, &me); err != nil || me.CSRF == "" {
		return nil, "", fmt.Errorf("login %s: no csrf_token in %.200s", user, out)
	}
	return c, me.CSRF, nil
}

func (w *writesRun) post(c *http.Client, csrf, path string, v any, want int) ([]byte, error) {
	raw, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, w.base+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		return out, fmt.Errorf("POST %s = %d %.300s", path, res.StatusCode, out)
	}
	return out, nil
}

// write starts reporting perSecond incidents a second, from as many
// goroutines as it takes to keep the pace; the returned function stops
// it and says how many were written over how long.
func (w *writesRun) write() func() (int64, time.Duration) {
	done := make(chan struct{})
	jobs := make(chan int64, 64)
	var wg sync.WaitGroup
	var wrote atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				p := w.points[int(n)%len(w.points)]
				start := time.Now()
				_, err := w.post(w.cookie, w.csrf, "/api/incidents", map[string]any{"lon": p[0], "lat": p[1], "type": "其他",
					"summary": "压测上报 " + strconv.FormatInt(n, 10)}, http.StatusCreated)
				if err != nil {
					w.failed.Add(1)
					w.firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				w.wroteNanos.Add(int64(time.Since(start)))
				w.wrote.Add(1)
				wrote.Add(1)
			}
		}()
	}
	start := time.Now()
	go func() {
		defer close(jobs)
		t := time.NewTicker(time.Second / time.Duration(w.perSecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				select {
				case jobs <- w.next.Add(1):
				default: // the writers are behind: the achieved rate shows it
				}
			}
		}
	}()
	return func() (int64, time.Duration) {
		close(done)
		wg.Wait()
		return wrote.Load(), time.Since(start)
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func loadavg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := bytes.Fields(raw)
	if len(f) < 3 {
		return "?"
	}
	return string(bytes.Join(f[:3], []byte(" ")))
}
