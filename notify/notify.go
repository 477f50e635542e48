// Package notify delivers the webhook messages of the notification outbox
// to a group robot (企业微信, 钉钉) or any JSON receiver, with retries and
// exponential backoff, logging every attempt in the store.
//
// A Message carries no personal data: a case's number, type, cell name and
// a link. Names, phones, ID numbers, parties and note text never go out.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"gridmap/data"
)

// Formats of the webhook body.
const (
	FormatJSON     = "json"
	FormatWeCom    = "wecom"    // 企业微信 group robot
	FormatDingTalk = "dingtalk" // 钉钉 custom robot
)

// Message is what the webhook says of an event: no personal data.
type Message struct {
	Kind  string `json:"kind"`            // a notification kind: assigned, returned, overdue, ...
	Case  string `json:"case"`            // the case number, e.g. GM-12
	Type  string `json:"type"`            // the dispute type, e.g. 邻里纠纷
	Cell  string `json:"cell"`            // the cell's name
	Stage string `json:"stage,omitempty"` // the status, for overdue
	Link  string `json:"link,omitempty"`  // the case in the app
}

var kindTitles = map[string]string{
	data.NotifyAssigned:  "案件已分派",
	data.NotifyReturned:  "案件已退回",
	data.NotifyMentioned: "案件中有人提到您",
	data.NotifyOverdue:   "案件已超期",

	data.NotifyFollowupDue: "案件回访已到期",
}

// Title is the message's one-line title in Chinese.
func (m Message) Title() string {
	t := kindTitles[m.Kind]
	if t == "" {
		t = "案件通知"
	}
	return t + " " + m.Case
}

// markdown is the message as Markdown both robots render.
func (m Message) markdown() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### %s\n\n- 编号：%s\n- 类型：%s\n- 网格：%s\n", m.Title(), m.Case, m.Type, m.Cell)
	if m.Stage != "" {
		fmt.Fprintf(&b, "- 阶段：%s\n", m.Stage)
	}
	if m.Link != "" {
		fmt.Fprintf(&b, "\n[查看案件](%s)\n", m.Link)
	}
	return b.String()
}

// Render is the request body of m in format.
func Render(format string, m Message) ([]byte, error) {
	switch format {
	case FormatJSON, "":
		return json.Marshal(m)
	case FormatWeCom:
		return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": m.markdown()}})
	case FormatDingTalk:
		return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": m.Title(), "text": m.markdown()}})
	}
	return nil, fmt.Errorf("notify: unknown format %q (want json, wecom or dingtalk)", format)
}

// CheckFormat reports an unknown format.
func CheckFormat(format string) error {
	_, err := Render(format, Message{})
	return err
}

// Sign adds 钉钉's signature to the robot URL: timestamp (milliseconds) and
// sign, the base64 of HMAC-SHA256 over timestamp + "\n" + secret keyed by
// secret, as URL-encoded query parameters.
func Sign(rawURL, secret string, now time.Time) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", Signature(ts, secret))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Signature is 钉钉's sign of timestamp with secret, before URL encoding.
func Signature(timestamp, secret string) string {
	h := hmac.New(sha256.New, []byte(secret))
	io.WriteString(h, timestamp+"\n"+secret)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Outbox is what the worker needs of the store.
type Outbox interface {
	ClaimDue(ctx context.Context, now, lease time.Time, limit int) ([]data.OutboxMessage, error)
	RecordDelivery(ctx context.Context, d *data.Delivery, next *time.Time) error
}

// Config configures a Worker; zero fields take their defaults.
type Config struct {
	URL    string // the webhook; empty: the worker delivers nothing
	Format string // json, wecom or dingtalk
	Secret string // 钉钉 signing secret, if the robot has one
	// Backoff is the wait after the first failure, doubled after each
	// further one (default 30 s), up to MaxBackoff (default 1 h).
	Backoff, MaxBackoff time.Duration
	// Attempts is how many tries a message gets (default 8).
	Attempts int
	Client   *http.Client     // default: webhookClient()
	Now      func() time.Time // default time.Now
}

// webhookClient is the default client of the deliveries: a 10 s timeout,
// straight to the robot's host (no proxy, so no CONNECT) over HTTP/1.1
// (no HTTP/2: an empty TLSNextProto), which is all a robot webhook needs.
// scripts/vulncheck.accept relies on both for the net/http client
// advisories of go1.26.8 (GO-2026-6605, GO-2026-6610).
func webhookClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.ForceAttemptHTTP2 = false
	t.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
	return &http.Client{Timeout: 10 * time.Second, Transport: t}
}

// Worker delivers due outbox messages.
type Worker struct {
	c     Config
	store Outbox
	log   *slog.Logger
}

// New returns a worker over the store's outbox.
func New(store Outbox, c Config, log *slog.Logger) *Worker {
	if c.Backoff <= 0 {
		c.Backoff = 30 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = time.Hour
	}
	if c.Attempts <= 0 {
		c.Attempts = 8
	}
	if c.Client == nil {
		c.Client = webhookClient()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Worker{c: c, store: store, log: log}
}

// backoff is the wait before attempt n+1 after n failed ones.
func (w *Worker) backoff(n int) time.Duration {
	d := w.c.Backoff
	for i := 1; i < n && d < w.c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.c.MaxBackoff)
}

// RunOnce delivers the messages due now and returns how many it tried.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if w.c.URL == "" {
		return 0, nil
	}
	now := w.c.Now()
	due, err := w.store.ClaimDue(ctx, now, now.Add(time.Minute), 20)
	if err != nil {
		return 0, err
	}
	for _, m := range due {
		status, derr := w.deliver(ctx, m)
		d := &data.Delivery{OutboxID: m.ID, At: w.c.Now(), Status: status}
		if derr != nil {
			d.Error = derr.Error()
		}
		var next *time.Time
		if derr != nil && m.Attempts+1 < w.c.Attempts {
			t := d.At.Add(w.backoff(m.Attempts + 1))
			next = &t
		}
		if err := w.store.RecordDelivery(ctx, d, next); err != nil {
			return len(due), err
		}
		if derr != nil && w.log != nil {
			w.log.Warn("notify: delivery failed", "outbox", m.ID, "attempt", d.Attempt, "status", status, "err", derr)
		}
	}
	return len(due), nil
}

// deliver posts one message: its status and an error unless 2xx (and, for
// the robots, errcode 0 in the answer).
func (w *Worker) deliver(ctx context.Context, om data.OutboxMessage) (int, error) {
	var m Message
	if err := json.Unmarshal([]byte(om.Body), &m); err != nil {
		return 0, fmt.Errorf("bad message: %v", err)
	}
	body, err := Render(w.c.Format, m)
	if err != nil {
		return 0, err
	}
	target := w.c.URL
	if w.c.Format == FormatDingTalk && w.c.Secret != "" {
		if target, err = Sign(target, w.c.Secret, w.c.Now()); err != nil {
			return 0, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := w.c.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("%s", resp.Status)
	}
	if w.c.Format == FormatWeCom || w.c.Format == FormatDingTalk {
		var r struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if json.Unmarshal(answer, &r) == nil && r.ErrCode != 0 {
			// The robot refused it (bad signature, rate limit): try again.
			return resp.StatusCode, fmt.Errorf("robot errcode %d: %s", r.ErrCode, r.ErrMsg)
		}
	}
	return resp.StatusCode, nil
}

// Run calls RunOnce every interval until ctx ends.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil && w.log != nil {
			w.log.Error("notify: outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
