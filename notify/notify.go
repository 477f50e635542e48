// Package notify delivers the webhook messages of the notification outbox
// to a group robot (企业微信, 钉钉) or any JSON receiver, with retries and
// exponential backoff, logging every attempt in the store.
//
// A Message carries no personal data: a case's number, type, cell name and
// a link. Names, phones, ID numbers, parties and note text never go out.
package notify

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"gridmap/data"
	"gridmap/domain"
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
	Link  string `json:"link,omitempty"`  // the case in the app; the list, for OverdueListKind
	Count int    `json:"count,omitempty"` // the cases the list has, for OverdueListKind
}

// OverdueListKind is the kind of the message an overdue scan that
// notified anything queues last for a webhook: the link to the work list
// of the cases overdue then (of the unit, for a unit's webhook) and how
// many it has. A digest ends with it.
const OverdueListKind = "overdue_list"

var kindTitles = map[string]string{
	data.NotifyAssigned:  "案件已分派",
	data.NotifyReturned:  "案件已退回",
	data.NotifyMentioned: "案件中有人提到您",
	data.NotifyOverdue:   "案件已超期",

	data.NotifyFollowupDue: "案件回访已到期",
}

// Title is the message's one-line title in Chinese.
func (m Message) Title() string {
	if m.Kind == OverdueListKind {
		return fmt.Sprintf("超期案件 %d 件", m.Count)
	}
	t := kindTitles[m.Kind]
	if t == "" {
		t = "案件通知"
	}
	return t + " " + m.Case
}

// markdown is the message as Markdown both robots render.
func (m Message) markdown() string {
	var b bytes.Buffer
	if m.Kind == OverdueListKind {
		fmt.Fprintf(&b, "### %s\n%s", m.Title(), m.listLine())
		return b.String()
	}
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
	return nil, unknownFormat(format)
}

// DigestKind is the kind of a JSON digest's body.
const DigestKind = "digest"

// maxMarkdown is the most bytes of Markdown a digest sends a robot: a
// 企业微信 robot takes up to 4096 in one markdown message.
const maxMarkdown = 4000

// digestTitle is the title of a digest of ms: the kind's when all are of
// one kind.
func digestTitle(ms []Message) string {
	t := kindTitles[ms[0].Kind]
	for _, m := range ms[1:] {
		if m.Kind != ms[0].Kind {
			t = ""
		}
	}
	return fmt.Sprintf("%s %d 件", cmp.Or(t, "案件通知"), len(ms))
}

// digestMarkdown is ms as one Markdown message: a line per case (kind,
// number, type, cell, stage, link) as long as they fit in maxMarkdown
// bytes, then how many more there are, and last the link to the list of
// the overdue cases when list is set.
func digestMarkdown(ms []Message, list *Message) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### %s\n\n", digestTitle(ms))
	tail := ""
	if list != nil {
		tail = list.listLine()
	}
	for i, m := range ms {
		var line bytes.Buffer
		fmt.Fprintf(&line, "- %s · %s · %s", m.Title(), m.Type, m.Cell)
		if m.Stage != "" {
			fmt.Fprintf(&line, " · %s", m.Stage)
		}
		if m.Link != "" {
			fmt.Fprintf(&line, " [查看](%s)", m.Link)
		}
		line.WriteString("\n")
		more := fmt.Sprintf("\n……另有 %d 件，请在系统中查看。\n", len(ms)-i)
		if b.Len()+line.Len()+len(more)+len(tail) > maxMarkdown {
			b.WriteString(more)
			break
		}
		b.Write(line.Bytes())
	}
	b.WriteString(tail)
	return b.String()
}

// listLine is the Markdown link of an OverdueListKind message, naming
// how many cases its list has.
func (m Message) listLine() string {
	return fmt.Sprintf("\n[查看超期案件列表（共 %d 件）](%s)\n", m.Count, m.Link)
}

// RenderDigest is the request body of one message for all of ms (one
// when ms has one and list is nil): a robot's lists the cases as far as
// its size limit allows, a JSON one is {"kind":"digest","count":N,
// "messages":[...]}. list, an OverdueListKind message, ends the digest
// (JSON: "list", its message); alone, it is the body.
func RenderDigest(format string, ms []Message, list *Message) ([]byte, error) {
	switch {
	case len(ms) == 0 && list != nil:
		return Render(format, *list)
	case len(ms) == 1 && list == nil:
		return Render(format, ms[0])
	}
	switch format {
	case FormatJSON, "":
		body := map[string]any{"kind": DigestKind, "count": len(ms), "messages": ms}
		if list != nil {
			body["list"] = list
		}
		return json.Marshal(body)
	case FormatWeCom:
		return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": digestMarkdown(ms, list)}})
	case FormatDingTalk:
		return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": digestTitle(ms), "text": digestMarkdown(ms, list)}})
	}
	return nil, unknownFormat(format)
}

func unknownFormat(format string) error {
	return fmt.Errorf("notify: unknown format %q (want json, wecom or dingtalk)", format)
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
	ClaimDue(ctx context.Context, target string, now, lease time.Time, limit int) ([]data.OutboxMessage, error)
	RecordDelivery(ctx context.Context, d *data.Delivery, next *time.Time) error
	TakeSend(ctx context.Context, target string, now time.Time, perMinute int) (bool, error)
	Webhooks(ctx context.Context) ([]data.Webhook, error)
}

// Config configures a Worker; zero fields take their defaults.
type Config struct {
	URL    string // the town's webhook; empty: only the units' own get messages
	Format string // json, wecom or dingtalk
	Secret string // 钉钉 signing secret, if the robot has one
	// Backoff is the wait after the first failure, doubled after each
	// further one (default 30 s), up to MaxBackoff (default 1 h).
	Backoff, MaxBackoff time.Duration
	// Attempts is how many tries a message gets (default 8).
	Attempts int
	// PerMinute is the most requests the worker makes of one webhook in
	// a minute (default 20, what a 企业微信 group robot accepts); the
	// messages beyond wait in the outbox.
	PerMinute int
	// Batch is the most messages one request carries (default and at
	// most 100): the messages due together go as one digest.
	Batch  int
	Client *http.Client     // default: webhookClient()
	Now    func() time.Time // default time.Now
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
	// posts are the times of this worker's requests of the last minute,
	// per webhook URL: a first look at the rate limit, which spares the
	// store when this worker alone used it up. The limit itself is the
	// store's (TakeSend), shared by every process. Only RunOnce, one at a
	// time, uses it.
	posts map[string][]time.Time
}

// target is a webhook and how to talk to it.
type target struct{ url, format, secret string }

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
	if c.PerMinute <= 0 {
		c.PerMinute = 20
	}
	if c.Batch <= 0 || c.Batch > 100 {
		c.Batch = 100
	}
	if c.Client == nil {
		c.Client = webhookClient()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Worker{c: c, store: store, log: log, posts: map[string][]time.Time{}}
}

// backoff is the wait before attempt n+1 after n failed ones.
func (w *Worker) backoff(n int) time.Duration {
	d := w.c.Backoff
	for i := 1; i < n && d < w.c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.c.MaxBackoff)
}

// RunOnce delivers the messages due now, for the town's webhook and for
// each unit's own (data.Webhook): per webhook one digest, unless it had
// its PerMinute requests in the last minute (then they wait for the next
// run). It returns how many messages it tried. A digest's delivery is
// logged for each of its messages, and retried with each one's backoff.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	n := 0
	if w.c.URL != "" {
		k, err := w.runTarget(ctx, "", target{url: w.c.URL, format: w.c.Format, secret: w.c.Secret})
		if n += k; err != nil {
			return n, err
		}
	}
	hooks, err := w.store.Webhooks(ctx)
	if err != nil {
		return n, err
	}
	for _, h := range hooks {
		k, err := w.runTarget(ctx, h.Unit, target{url: h.URL, format: h.Format, secret: h.Secret})
		if n += k; err != nil {
			return n, err
		}
	}
	return n, nil
}

// limited reports whether the webhook had its PerMinute requests in the
// minute before now.
func (w *Worker) limited(webhook string, now time.Time) bool {
	recent := w.posts[webhook][:0]
	for _, t := range w.posts[webhook] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	w.posts[webhook] = recent
	return len(recent) >= w.c.PerMinute
}

// rateKey is the key of a webhook's shared rate limit (TakeSend): the
// SHA-256 of its URL, so that the store keeps no second copy of a robot's
// key.
func rateKey(webhook string) string {
	sum := sha256.Sum256([]byte(webhook))
	return hex.EncodeToString(sum[:])
}

// runTarget delivers the messages for name (a unit's code, "" the town's)
// due now to tg.
func (w *Worker) runTarget(ctx context.Context, name string, tg target) (int, error) {
	now := w.c.Now()
	if w.limited(tg.url, now) {
		return 0, nil
	}
	due, err := w.store.ClaimDue(ctx, name, now, now.Add(time.Minute), w.c.Batch)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	var ms []Message
	var list *Message // the newest overdue list: it ends the digest
	var sent []data.OutboxMessage
	for _, om := range due {
		var m Message
		if err := json.Unmarshal([]byte(om.Body), &m); err != nil {
			// Never deliverable: failed at once, alone.
			if err := w.record(ctx, om, 0, fmt.Errorf("bad message: %v", err), false); err != nil {
				return len(due), err
			}
			continue
		}
		sent = append(sent, om)
		if m.Kind == OverdueListKind {
			list = &m
		} else {
			ms = append(ms, m)
		}
	}
	if len(sent) == 0 {
		return len(due), nil
	}
	// The store's count is every process's: when the others used the
	// minute up, the messages claimed wait out their lease (a minute).
	if ok, err := w.store.TakeSend(ctx, rateKey(tg.url), now, w.c.PerMinute); err != nil || !ok {
		return len(due), err
	}
	w.posts[tg.url] = append(w.posts[tg.url], now)
	status, derr := w.deliver(ctx, tg, ms, list)
	for _, om := range sent {
		if err := w.record(ctx, om, status, derr, true); err != nil {
			return len(due), err
		}
	}
	if derr != nil && w.log != nil {
		w.log.Warn("notify: delivery failed", "messages", len(sent), "status", status, "err", derr)
	}
	return len(due), nil
}

// record logs the attempt at om: its next try after its backoff when it
// failed and may retry, failed for good after its last attempt.
func (w *Worker) record(ctx context.Context, om data.OutboxMessage, status int, derr error, retry bool) error {
	d := &data.Delivery{OutboxID: om.ID, At: w.c.Now(), Status: status}
	if derr != nil {
		d.Error = derr.Error()
	}
	var next *time.Time
	if derr != nil && retry && om.Attempts+1 < w.c.Attempts {
		t := d.At.Add(w.backoff(om.Attempts + 1))
		next = &t
	}
	return w.store.RecordDelivery(ctx, d, next)
}

// deliver posts ms and list as one request: its status and an error
// unless 2xx (and, for the robots, errcode 0 in the answer).
func (w *Worker) deliver(ctx context.Context, tg target, ms []Message, list *Message) (int, error) {
	body, err := RenderDigest(tg.format, ms, list)
	if err != nil {
		return 0, err
	}
	to := tg.url
	if tg.format == FormatDingTalk && tg.secret != "" {
		if to, err = Sign(to, tg.secret, w.c.Now()); err != nil {
			return 0, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := w.c.Client.Do(req)
	if err != nil {
		// The error names the URL: logged, and shown to admins, with its key masked.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			ue.URL = domain.MaskURL(ue.URL)
		}
		return 0, err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("%s", resp.Status)
	}
	if tg.format == FormatWeCom || tg.format == FormatDingTalk {
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
