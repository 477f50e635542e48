package notify_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sqlite"
	"gridmap/data/storetest/stores"
	"gridmap/notify"
)

// received is what a test receiver got: each request's query and body.
type received struct {
	mu    sync.Mutex
	query []string
	body  []string
}

func (r *received) add(q, b string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.query, r.body = append(r.query, q), append(r.body, b)
}

// receiver answers the statuses in turn (then 200) with answer as body.
func receiver(t *testing.T, answer string, statuses ...int) (*httptest.Server, *received) {
	t.Helper()
	r := &received{}
	var n int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.add(req.URL.RawQuery, string(b))
		mu.Lock()
		status := http.StatusOK
		if n < len(statuses) {
			status = statuses[n]
		}
		n++
		mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, r
}

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "notify.db"))
	if err != nil {
		t.Fatalf("sqlite.Open() = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var msg = notify.Message{Kind: data.NotifyAssigned, Case: "GM-7", Type: "邻里纠纷", Cell: "东街一网格",
	Link: "https://grid.example.cn/#incident=7"}

func enqueue(t *testing.T, s data.Store, key string, m notify.Message, at time.Time) *data.OutboxMessage {
	t.Helper()
	b, _ := json.Marshal(m)
	om := &data.OutboxMessage{Key: key, Body: string(b), CreatedAt: at}
	if _, err := s.Enqueue(t.Context(), om); err != nil {
		t.Fatalf("Enqueue() = %v", err)
	}
	return om
}

// personal is data the fixture's case has that no webhook may carry.
var personal = []string{"张三", "王五", "13800000000", "510107199001011234", "两户因屋檐滴水发生争执"}

func TestFormats(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		format, secret string
		check          func(t *testing.T, query url, body map[string]any)
	}{
		{notify.FormatJSON, "", func(t *testing.T, _ url, body map[string]any) {
			if body["case"] != "GM-7" || body["cell"] != "东街一网格" || body["type"] != "邻里纠纷" || body["link"] != msg.Link {
				t.Errorf("json body = %v; want the case, cell, type and link", body)
			}
		}},
		{notify.FormatWeCom, "", func(t *testing.T, _ url, body map[string]any) {
			md, _ := body["markdown"].(map[string]any)
			content, _ := md["content"].(string)
			if body["msgtype"] != "markdown" || !strings.Contains(content, "GM-7") || !strings.Contains(content, msg.Link) {
				t.Errorf("wecom body = %v; want msgtype markdown, content naming GM-7 and the link", body)
			}
		}},
		{notify.FormatDingTalk, "SECdemo-secret", func(t *testing.T, q url, body map[string]any) {
			md, _ := body["markdown"].(map[string]any)
			title, _ := md["title"].(string)
			text, _ := md["text"].(string)
			if body["msgtype"] != "markdown" || !strings.Contains(title, "GM-7") || !strings.Contains(text, "东街一网格") {
				t.Errorf("dingtalk body = %v; want msgtype markdown, a title and text", body)
			}
			ts, sign := q.Get("timestamp"), q.Get("sign")
			if want := fmt.Sprint(now.UnixMilli()); ts != want {
				t.Errorf("timestamp = %q; want now in milliseconds, %s", ts, want)
			}
			if want := notify.Signature(ts, "SECdemo-secret"); sign != want || sign == "" {
				t.Errorf("sign = %q; want %q", sign, want)
			}
		}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			s := openStore(t)
			srv, got := receiver(t, `{"errcode":0,"errmsg":"ok"}`)
			enqueue(t, s, "k", msg, now)
			w := notify.New(s, notify.Config{URL: srv.URL + "/robot/send?access_token=abc", Format: tt.format, Secret: tt.secret,
				Now: func() time.Time { return now }}, nil)
			n, err := w.RunOnce(t.Context())
			if err != nil || n != 1 || len(got.body) != 1 {
				t.Fatalf("RunOnce() = %d, %v with %d requests; want 1 message, 1 request", n, err, len(got.body))
			}
			for _, p := range personal {
				if strings.Contains(got.body[0], p) {
					t.Errorf("body %s carries personal data %q", got.body[0], p)
				}
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(got.body[0]), &body); err != nil {
				t.Fatalf("body %q is no JSON: %v", got.body[0], err)
			}
			q, _ := parseQuery(got.query[0])
			if q.Get("access_token") != "abc" {
				t.Errorf("query %q lost the access token", got.query[0])
			}
			tt.check(t, q, body)
		})
	}
}

func TestRetries(t *testing.T) {
	s := openStore(t)
	srv, got := receiver(t, "", 500, 500)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	clock := now
	om := enqueue(t, s, "k", msg, now)
	w := notify.New(s, notify.Config{URL: srv.URL, Backoff: 10 * time.Second, Now: func() time.Time { return clock }}, nil)
	ctx := t.Context()
	run := func(at time.Time, want int) {
		t.Helper()
		clock = at
		n, err := w.RunOnce(ctx)
		if err != nil || n != want {
			t.Fatalf("RunOnce() at %v = %d, %v; want %d", at.Sub(now), n, err, want)
		}
	}
	run(now, 1)                     // 500: next try in 10 s
	run(now.Add(9*time.Second), 0)  // not yet
	run(now.Add(10*time.Second), 1) // 500: next in 20 s
	run(now.Add(29*time.Second), 0) // not yet: the wait doubled
	run(now.Add(30*time.Second), 1) // 200
	run(now.Add(time.Hour), 0)      // delivered: never again
	if len(got.body) != 3 {
		t.Errorf("receiver got %d requests; want 3", len(got.body))
	}
	ds, err := s.Deliveries(ctx, om.ID)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for _, d := range ds {
		statuses = append(statuses, d.Status)
	}
	if len(ds) != 3 || statuses[0] != 500 || statuses[1] != 500 || statuses[2] != 200 || ds[0].Error == "" || ds[2].Error != "" || ds[2].Attempt != 3 {
		t.Errorf("Deliveries() = %+v; want attempts 1-3: 500, 500 (with errors), 200", ds)
	}
	ms, err := s.Outbox(ctx, 10)
	if err != nil || len(ms) != 1 || ms[0].DeliveredAt == nil || ms[0].Attempts != 3 {
		t.Errorf("Outbox() = %+v, %v; want the message delivered after 3 attempts", ms, err)
	}
}

// TestGivesUp: a receiver that keeps failing (or a robot answering 200
// with an errcode) gets Attempts tries, then the message is failed.
func TestGivesUp(t *testing.T) {
	s := openStore(t)
	srv, got := receiver(t, `{"errcode":310000,"errmsg":"sign not match"}`)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	clock := now
	enqueue(t, s, "k", msg, now)
	w := notify.New(s, notify.Config{URL: srv.URL, Format: notify.FormatDingTalk, Attempts: 2, Backoff: time.Second,
		Now: func() time.Time { return clock }}, nil)
	for range 4 {
		if _, err := w.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Hour)
	}
	ms, err := s.Outbox(t.Context(), 10)
	if err != nil || len(ms) != 1 || !ms[0].Failed || ms[0].DeliveredAt != nil || ms[0].Attempts != 2 || len(got.body) != 2 {
		t.Errorf("Outbox() = %+v, %v after %d requests; want failed after 2", ms, err, len(got.body))
	}
}

type url = neturl.Values

func parseQuery(q string) (neturl.Values, error) { return neturl.ParseQuery(q) }

// TestDigest: the messages due together go to the webhook as one request
// listing every case's number, type and cell (as far as a robot's size
// limit allows, then how many more), with nothing personal, and each
// message is logged as delivered by it.
func TestDigest(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		format string
		n      int
		check  func(t *testing.T, body map[string]any)
	}{
		{notify.FormatJSON, 30, func(t *testing.T, body map[string]any) {
			ms, _ := body["messages"].([]any)
			if body["kind"] != notify.DigestKind || body["count"] != float64(30) || len(ms) != 30 {
				t.Fatalf("json digest = %v; want kind digest, count 30, 30 messages", body)
			}
			for i, m := range ms {
				if m.(map[string]any)["case"] != fmt.Sprintf("GM-%d", i+1) {
					t.Errorf("message %d = %v; want GM-%d in order", i, m, i+1)
				}
			}
		}},
		{notify.FormatWeCom, 5, func(t *testing.T, body map[string]any) {
			content := body["markdown"].(map[string]any)["content"].(string)
			for i := 1; i <= 5; i++ {
				if line := fmt.Sprintf("案件已超期 GM-%d · 邻里纠纷 · 东街一网格", i); !strings.Contains(content, line) {
					t.Errorf("wecom digest %q lacks %q", content, line)
				}
			}
			if !strings.Contains(content, "案件已超期 5 件") {
				t.Errorf("wecom digest %q: want the title 案件已超期 5 件", content)
			}
		}},
		{notify.FormatWeCom, 100, func(t *testing.T, body map[string]any) {
			content := body["markdown"].(map[string]any)["content"].(string)
			if len(content) > 4096 || !strings.Contains(content, "GM-1 ") || !strings.Contains(content, "……另有 ") {
				t.Errorf("wecom digest of 100 (%d bytes) %q: want at most 4096 bytes, the first cases and how many more", len(content), content)
			}
		}},
		{notify.FormatDingTalk, 3, func(t *testing.T, body map[string]any) {
			md := body["markdown"].(map[string]any)
			if md["title"] != "案件已超期 3 件" || !strings.Contains(md["text"].(string), "GM-3 · 邻里纠纷") {
				t.Errorf("dingtalk digest = %v; want the title 案件已超期 3 件 and every case", md)
			}
		}},
	} {
		t.Run(fmt.Sprint(tt.format, tt.n), func(t *testing.T) {
			s := openStore(t)
			srv, got := receiver(t, `{"errcode":0,"errmsg":"ok"}`)
			for i := 1; i <= tt.n; i++ {
				m := notify.Message{Kind: data.NotifyOverdue, Case: fmt.Sprintf("GM-%d", i), Type: "邻里纠纷", Cell: "东街一网格",
					Stage: data.StatusMediating, Link: fmt.Sprintf("https://grid.example.cn/#/cases?incident=%d", i)}
				enqueue(t, s, fmt.Sprint("k", i), m, now)
			}
			w := notify.New(s, notify.Config{URL: srv.URL, Format: tt.format, Now: func() time.Time { return now }}, nil)
			n, err := w.RunOnce(t.Context())
			if err != nil || n != tt.n || len(got.body) != 1 {
				t.Fatalf("RunOnce() = %d, %v with %d requests; want %d messages in 1 request", n, err, len(got.body), tt.n)
			}
			for _, p := range personal {
				if strings.Contains(got.body[0], p) {
					t.Errorf("digest %s carries personal data %q", got.body[0], p)
				}
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(got.body[0]), &body); err != nil {
				t.Fatalf("digest %q is no JSON: %v", got.body[0], err)
			}
			tt.check(t, body)
			ms, err := s.Outbox(t.Context(), 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.DeliveredAt == nil || m.Attempts != 1 {
					t.Errorf("message %s after the digest: %+v; want delivered at the first attempt", m.Key, m)
				}
			}
		})
	}
}

// TestRateLimit: with more due than one request carries, the worker makes
// at most PerMinute requests of the webhook in a minute; the messages
// beyond wait, neither failed nor dropped, and go in the next minute.
func TestRateLimit(t *testing.T) {
	s := openStore(t)
	srv, got := receiver(t, `{"errcode":0,"errmsg":"ok"}`)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	clock := now
	for i := 1; i <= 25; i++ {
		enqueue(t, s, fmt.Sprint("k", i), notify.Message{Kind: data.NotifyOverdue, Case: fmt.Sprintf("GM-%d", i)}, now)
	}
	w := notify.New(s, notify.Config{URL: srv.URL, Format: notify.FormatWeCom, Batch: 1, Now: func() time.Time { return clock }}, nil)
	run := func() {
		t.Helper()
		if _, err := w.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 30 {
		clock = now.Add(time.Duration(i) * time.Second) // 30 runs within the minute
		run()
	}
	if len(got.body) != 20 {
		t.Fatalf("within a minute the receiver got %d requests; want 20 (PerMinute)", len(got.body))
	}
	ms, err := s.Outbox(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	waiting := 0
	for _, m := range ms {
		if m.Failed {
			t.Errorf("message %s failed; want it waiting", m.Key)
		}
		if m.DeliveredAt == nil {
			waiting++
		}
	}
	if waiting != 5 {
		t.Errorf("%d messages wait; want 5", waiting)
	}
	clock = now.Add(2 * time.Minute)
	for range 5 {
		run()
	}
	if len(got.body) != 25 {
		t.Errorf("after the minute the receiver got %d requests in all; want 25, every message", len(got.body))
	}
}

// TestDigestListLink: the overdue list message a scan queues last ends
// the digest it goes in (the link to the work list and how many cases it
// has), within a robot's size limit, never as a case line; alone, it is
// the message; a digest without one has no list link. The error of a
// delivery that never reached the robot masks the robot's key.
func TestDigestListLink(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	const link = "https://grid.example.cn/#/cases?overdue=true&unit=500110119001"
	overdue := func(i int) notify.Message {
		return notify.Message{Kind: data.NotifyOverdue, Case: fmt.Sprintf("GM-%d", i), Type: "邻里纠纷", Cell: "东街一网格",
			Stage: data.StatusMediating, Link: fmt.Sprintf("https://grid.example.cn/#/cases?incident=%d", i)}
	}
	list := notify.Message{Kind: notify.OverdueListKind, Link: link, Count: 120}
	line := "[查看超期案件列表（共 120 件）](" + link + ")"
	for _, tt := range []struct {
		name    string
		format  string
		overdue int  // overdue messages, then one assignment
		list    bool // then the list
		want    string
	}{
		{"wecom", notify.FormatWeCom, 4, true, "### 案件通知 5 件"},
		{"wecom cut to size", notify.FormatWeCom, 98, true, "……另有 "},
		{"dingtalk", notify.FormatDingTalk, 3, true, "GM-3 · 邻里纠纷"},
		{"json", notify.FormatJSON, 5, true, ""},
		{"the list alone", notify.FormatWeCom, -1, true, "### 超期案件 120 件\n"},
		{"no list", notify.FormatWeCom, 4, false, "### 案件通知 5 件"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			srv, got := receiver(t, `{"errcode":0,"errmsg":"ok"}`)
			for i := 1; i <= tt.overdue; i++ {
				enqueue(t, s, fmt.Sprint("k", i), overdue(i), now)
			}
			if tt.overdue >= 0 {
				enqueue(t, s, "assigned", msg, now)
			}
			if tt.list {
				enqueue(t, s, "list", list, now)
			}
			w := notify.New(s, notify.Config{URL: srv.URL, Format: tt.format, Now: func() time.Time { return now }}, nil)
			if n, err := w.RunOnce(t.Context()); err != nil || len(got.body) != 1 {
				t.Fatalf("RunOnce() = %d, %v with %d requests; want one digest", n, err, len(got.body))
			}
			body := got.body[0]
			if tt.format == notify.FormatJSON {
				var d struct {
					Count int            `json:"count"`
					List  notify.Message `json:"list"`
				}
				if err := json.Unmarshal([]byte(body), &d); err != nil || d.Count != 6 || d.List != list {
					t.Errorf("json digest %s (%v); want 6 messages and the list %+v", body, err, list)
				}
				return
			}
			var robot struct {
				Markdown map[string]string `json:"markdown"`
			}
			if err := json.Unmarshal([]byte(body), &robot); err != nil {
				t.Fatal(err)
			}
			md := robot.Markdown["content"] + robot.Markdown["text"]
			if len(md) > 4096 || !strings.Contains(md, strings.ReplaceAll(tt.want, "\\n", "\n")) {
				t.Errorf("digest of %d bytes %q; want at most 4096 with %q", len(md), md, tt.want)
			}
			switch {
			case !tt.list && strings.Contains(md, "#/cases?overdue"):
				t.Errorf("digest %q links a list; want none", md)
			case tt.list && !strings.HasSuffix(md, line+"\n"):
				t.Errorf("digest %q; want it to end with %q", md, line)
			case strings.Contains(md, "- 超期案件"):
				t.Errorf("digest %q lists the list as a case", md)
			}
			if ms, err := s.Outbox(t.Context(), 100); err != nil || slices.ContainsFunc(ms, func(m data.OutboxMessage) bool { return m.DeliveredAt == nil }) {
				t.Errorf("Outbox() = %+v, %v; want every message delivered by the digest", ms, err)
			}
		})
	}

	s := openStore(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL + "/cgi-bin/webhook/send?key=693a91f2-4bd1-4c9e-a8f0-5c2d7e9b1a3f"
	srv.Close() // nobody listens: the client's error names the URL
	enqueue(t, s, "k", msg, now)
	if _, err := notify.New(s, notify.Config{URL: dead, Format: notify.FormatWeCom, Now: func() time.Time { return now }}, nil).RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Outbox(t.Context(), 1)
	if err != nil || len(ms) != 1 {
		t.Fatalf("Outbox() = %v, %v", ms, err)
	}
	ds, err := s.Deliveries(t.Context(), ms[0].ID)
	if err != nil || len(ds) != 1 || ds[0].Error == "" || strings.Contains(ds[0].Error, "693a91f2") || !strings.Contains(ds[0].Error, "key=****1a3f") {
		t.Errorf("Deliveries() = %+v, %v; want the failed attempt's error with the key masked (key=****1a3f)", ds, err)
	}
}

// TestSharedRateLimit: two workers on two stores opened on one database
// (two processes of one town) share each webhook's 20 requests a minute:
// running in turn, each second of a minute, they send 20 between them,
// both of them some, and the rest wait in the outbox until the minute has
// passed. On both stores.
func TestSharedRateLimit(t *testing.T) {
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			u := stores.URL(t, kind)
			open := func() data.Store {
				t.Helper()
				var s data.Store
				var err error
				if kind == "sqlite" {
					s, err = sqlite.Open(t.Context(), u)
				} else {
					s, err = postgis.Open(t.Context(), u)
				}
				if err != nil {
					t.Fatalf("opening the %s store: %v", kind, err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			a, b := open(), open()
			srv, got := receiver(t, `{"errcode":0,"errmsg":"ok"}`)
			now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
			clock := now
			for i := 1; i <= 45; i++ {
				enqueue(t, a, fmt.Sprint("k", i), notify.Message{Kind: data.NotifyOverdue, Case: fmt.Sprintf("GM-%d", i)}, now)
			}
			cfg := notify.Config{URL: srv.URL, Format: notify.FormatWeCom, Batch: 1, Now: func() time.Time { return clock }}
			workers := []*notify.Worker{notify.New(a, cfg, nil), notify.New(b, cfg, nil)}
			sent := [2]int{}
			for i := range 60 {
				clock = now.Add(time.Duration(i) * time.Second)
				for k, w := range workers {
					before := len(got.body)
					if _, err := w.RunOnce(t.Context()); err != nil {
						t.Fatal(err)
					}
					sent[k] += len(got.body) - before
				}
			}
			if len(got.body) != 20 || sent[0] == 0 || sent[1] == 0 {
				t.Fatalf("within a minute the receiver got %d requests (%d and %d from the two workers); want 20 from both", len(got.body), sent[0], sent[1])
			}
			clock = now.Add(2 * time.Minute)
			for range 30 {
				for _, w := range workers {
					if _, err := w.RunOnce(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
			}
			if len(got.body) != 40 {
				t.Errorf("in the next minute the receiver got %d requests in all; want 40", len(got.body))
			}
		})
	}
}
