package storetest

import (
	"sync"
	"testing"
	"time"

	"gridmap/data"
)

func testNotifications(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	us := accounts()[:4]
	createUsers(t, s, us)
	worker, cadre := us[3].ID, us[2].ID
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	add := func(n data.Notification) (data.Notification, bool) {
		t.Helper()
		added, err := s.AddNotification(ctx, &n)
		ok(t, "AddNotification("+n.Kind+")", err)
		return n, added
	}
	a, _ := add(data.Notification{UserID: worker, Kind: data.NotifyAssigned, IncidentID: 1, CreatedAt: t0})
	b, _ := add(data.Notification{UserID: worker, Kind: data.NotifyOverdue, IncidentID: 3, Stage: data.StatusMediating,
		Key: "overdue:3:mediating", CreatedAt: t0.Add(time.Minute)})
	if _, added := add(data.Notification{UserID: worker, Kind: data.NotifyOverdue, IncidentID: 3, Stage: data.StatusMediating,
		Key: "overdue:3:mediating", CreatedAt: t0.Add(time.Hour)}); added {
		t.Errorf("AddNotification(overdue:3:mediating again) = true; want false")
	}
	c, _ := add(data.Notification{UserID: worker, Kind: data.NotifyMentioned, IncidentID: 3, CreatedAt: t0.Add(2 * time.Minute)})
	add(data.Notification{UserID: cadre, Kind: data.NotifyOverdue, IncidentID: 3, Stage: data.StatusMediating,
		Key: "overdue:3:mediating", CreatedAt: t0}) // another user's: same key, own inbox

	p, err := s.Notifications(ctx, worker, 0, 2)
	ok(t, "Notifications(worker, 0, 2)", err)
	equal(t, "Notifications(worker, 0, 2)", *p, data.NotificationPage{Items: []data.Notification{c, b}, Unread: 3, Next: b.ID})
	p, err = s.Notifications(ctx, worker, p.Next, 2)
	ok(t, "Notifications(worker, next, 2)", err)
	equal(t, "Notifications(worker, next, 2)", *p, data.NotificationPage{Items: []data.Notification{a}, Unread: 3})

	read := t0.Add(3 * time.Hour)
	ok(t, "ReadNotification(worker, b)", s.ReadNotification(ctx, worker, b.ID, read))
	ok(t, "ReadNotification(worker, b) again", s.ReadNotification(ctx, worker, b.ID, read.Add(time.Hour)))
	wantCode(t, "ReadNotification(cadre, b)", s.ReadNotification(ctx, cadre, b.ID, read), data.ENOTFOUND)
	n, err := s.ReadAllNotifications(ctx, worker, read.Add(time.Minute))
	ok(t, "ReadAllNotifications(worker)", err)
	equal(t, "ReadAllNotifications(worker)", n, 2)
	p, err = s.Notifications(ctx, worker, 0, 100)
	ok(t, "Notifications(worker) after reading", err)
	later := read.Add(time.Minute)
	b.ReadAt, a.ReadAt, c.ReadAt = &read, &later, &later
	equal(t, "Notifications(worker) after reading", *p, data.NotificationPage{Items: []data.Notification{c, b, a}})
	p, err = s.Notifications(ctx, cadre, 0, 100)
	ok(t, "Notifications(cadre)", err)
	equal(t, "Notifications(cadre) unread", p.Unread, 1)

	_, err = s.AddNotification(ctx, &data.Notification{UserID: worker, Kind: "birthday"})
	wantField(t, "AddNotification(kind birthday)", err, data.EINVALID, "kind")
	_, err = s.AddNotification(ctx, &data.Notification{UserID: 9999, Kind: data.NotifyAssigned})
	wantCode(t, "AddNotification(user 9999)", err, data.ENOTFOUND)
	_, err = s.AddNotification(ctx, &data.Notification{UserID: worker, Kind: data.NotifyAssigned, IncidentID: 9999})
	wantCode(t, "AddNotification(incident 9999)", err, data.ENOTFOUND)
	_, err = s.Notifications(ctx, worker, 0, 101)
	wantField(t, "Notifications(limit 101)", err, data.EINVALID, "limit")
}

// testConcurrentNotifications: of concurrent adds of one key (a scan run
// by several processes) exactly one is true and one notification is kept.
func testConcurrentNotifications(t *testing.T, s data.Store) {
	load(t, s)
	us := accounts()[3:4]
	createUsers(t, s, us)
	const n = 8
	var wg sync.WaitGroup
	added := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			added[i], errs[i] = s.AddNotification(t.Context(), &data.Notification{UserID: us[0].ID, Kind: data.NotifyOverdue,
				IncidentID: 1, Stage: data.StatusReported, Key: "overdue:1:reported"})
		}()
	}
	wg.Wait()
	count := 0
	for i := range n {
		ok(t, "AddNotification(concurrent)", errs[i])
		if added[i] {
			count++
		}
	}
	equal(t, "concurrent adds that were true", count, 1)
	p, err := s.Notifications(t.Context(), us[0].ID, 0, 100)
	ok(t, "Notifications", err)
	equal(t, "notifications kept", len(p.Items), 1)
}

func testOutbox(t *testing.T, s data.Store) {
	ctx := t.Context()
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	m1 := data.OutboxMessage{Key: "assigned:1:4", Body: `{"case":1}`, CreatedAt: t0}
	m2 := data.OutboxMessage{Key: "assigned:2:4", Body: `{"case":2}`, CreatedAt: t0.Add(time.Second)}
	for _, m := range []*data.OutboxMessage{&m1, &m2} {
		added, err := s.Enqueue(ctx, m)
		ok(t, "Enqueue("+m.Key+")", err)
		equal(t, "Enqueue("+m.Key+")", added, true)
	}
	added, err := s.Enqueue(ctx, &data.OutboxMessage{Key: m1.Key, Body: "again", CreatedAt: t0})
	ok(t, "Enqueue(again)", err)
	equal(t, "Enqueue(again)", added, false)
	_, err = s.Enqueue(ctx, &data.OutboxMessage{Body: "x"})
	wantField(t, "Enqueue(no key)", err, data.EINVALID, "key")

	lease := t0.Add(time.Minute)
	due, err := s.ClaimDue(ctx, "", t0, lease, 10)
	ok(t, "ClaimDue(t0)", err)
	m1.NextAt = lease
	equal(t, "ClaimDue(t0)", due, []data.OutboxMessage{m1})
	due, err = s.ClaimDue(ctx, "", t0.Add(2*time.Second), lease, 10)
	ok(t, "ClaimDue(t0+2s)", err)
	m2.NextAt = lease
	equal(t, "ClaimDue(t0+2s): m1 is leased", due, []data.OutboxMessage{m2})

	retry := t0.Add(10 * time.Second)
	d1 := data.Delivery{OutboxID: m1.ID, At: t0, Status: 500, Error: "500 Internal Server Error"}
	ok(t, "RecordDelivery(500)", s.RecordDelivery(ctx, &d1, &retry))
	d2 := data.Delivery{OutboxID: m1.ID, At: retry, Status: 200}
	ok(t, "RecordDelivery(200)", s.RecordDelivery(ctx, &d2, nil))
	d3 := data.Delivery{OutboxID: m2.ID, At: t0, Status: 0, Error: "connection refused"}
	ok(t, "RecordDelivery(give up)", s.RecordDelivery(ctx, &d3, nil))
	wantCode(t, "RecordDelivery(9999)", s.RecordDelivery(ctx, &data.Delivery{OutboxID: 9999, Status: 200}, nil), data.ENOTFOUND)

	due, err = s.ClaimDue(ctx, "", t0.Add(time.Hour), t0.Add(2*time.Hour), 10)
	ok(t, "ClaimDue(after deliveries)", err)
	equal(t, "ClaimDue(after deliveries)", due, []data.OutboxMessage{})
	ds, err := s.Deliveries(ctx, m1.ID)
	ok(t, "Deliveries(m1)", err)
	d1.Attempt, d2.Attempt = 1, 2
	equal(t, "Deliveries(m1)", ds, []data.Delivery{d1, d2})
	ms, err := s.Outbox(ctx, 10)
	ok(t, "Outbox", err)
	m1.Attempts, m1.DeliveredAt, m1.NextAt = 2, &retry, retry
	m2.Attempts, m2.Failed = 1, true
	equal(t, "Outbox", ms, []data.OutboxMessage{m2, m1})
}

// testWebhooks: a unit's own webhook is set, replaced, listed and removed,
// checked as domain.CheckWebhook says; a message for it is claimed only
// with its target; a failed message is retried once more on demand.
func testWebhooks(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	hook := data.Webhook{Unit: UnitA, URL: "https://oapi.dingtalk.com/robot/send?access_token=abc", Format: "dingtalk",
		Secret: "SECdemo", UpdatedAt: t0}
	ok(t, "SetWebhook(UnitA)", s.SetWebhook(ctx, &hook))
	b := data.Webhook{Unit: UnitB, URL: "http://10.0.0.8:8080/hook", Format: "json", UpdatedAt: t0}
	ok(t, "SetWebhook(UnitB)", s.SetWebhook(ctx, &b))
	hook.URL, hook.Format, hook.Secret, hook.UpdatedAt = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom", "", t0.Add(time.Hour)
	ok(t, "SetWebhook(UnitA again)", s.SetWebhook(ctx, &hook))
	ws, err := s.Webhooks(ctx)
	ok(t, "Webhooks()", err)
	equal(t, "Webhooks()", ws, []data.Webhook{hook, b})
	for _, c := range []struct {
		w     data.Webhook
		field string
	}{
		{data.Webhook{Unit: UnitA, URL: "ftp://x.cn/hook", Format: "json"}, "url"},
		{data.Webhook{Unit: UnitA, URL: "https://user:pw@x.cn/hook", Format: "json"}, "url"},
		{data.Webhook{Unit: UnitA, URL: "/hook", Format: "json"}, "url"},
		{data.Webhook{Unit: UnitA, URL: "https://x.cn/hook", Format: "slack"}, "format"},
		{data.Webhook{Unit: UnitA, URL: "https://x.cn/hook", Format: "wecom", Secret: "SEC"}, "secret"},
		{data.Webhook{URL: "https://x.cn/hook", Format: "json"}, "unit"},
		{data.Webhook{Unit: UnitA, URL: "https://x.cn/hook?key=****a1b2", Format: "wecom"}, "url"}, // masked as answered
	} {
		wantField(t, "SetWebhook("+c.w.URL+")", s.SetWebhook(ctx, &c.w), data.EINVALID, c.field)
	}
	wantCode(t, "SetWebhook(unknown unit)", s.SetWebhook(ctx, &data.Webhook{Unit: "500110119999", URL: "https://x.cn/h", Format: "json"}), data.ENOTFOUND)
	ok(t, "DeleteWebhook(UnitB)", s.DeleteWebhook(ctx, UnitB))
	wantCode(t, "DeleteWebhook(UnitB again)", s.DeleteWebhook(ctx, UnitB), data.ENOTFOUND)
	ws, err = s.Webhooks(ctx)
	ok(t, "Webhooks() after delete", err)
	equal(t, "Webhooks() after delete", ws, []data.Webhook{hook})

	town := data.OutboxMessage{Key: "overdue:1:accepted", Body: `{"case":"GM-1"}`, CreatedAt: t0}
	unit := data.OutboxMessage{Key: "unit:" + UnitA + ":overdue:1:accepted", Body: `{"case":"GM-1"}`, CreatedAt: t0, Target: UnitA}
	for _, m := range []*data.OutboxMessage{&town, &unit} {
		_, err := s.Enqueue(ctx, m)
		ok(t, "Enqueue("+m.Key+")", err)
	}
	lease := t0.Add(time.Minute)
	due, err := s.ClaimDue(ctx, UnitA, t0, lease, 10)
	ok(t, "ClaimDue(UnitA)", err)
	unit.NextAt = lease
	equal(t, "ClaimDue(UnitA)", due, []data.OutboxMessage{unit})
	due, err = s.ClaimDue(ctx, "", t0, lease, 10)
	ok(t, "ClaimDue(town)", err)
	town.NextAt = lease
	equal(t, "ClaimDue(town)", due, []data.OutboxMessage{town})

	wantCode(t, "RetryMessage(not failed)", s.RetryMessage(ctx, unit.ID, t0), data.ECONFLICT)
	wantCode(t, "RetryMessage(9999)", s.RetryMessage(ctx, 9999, t0), data.ENOTFOUND)
	ok(t, "RecordDelivery(give up)", s.RecordDelivery(ctx, &data.Delivery{OutboxID: unit.ID, At: t0, Status: 404, Error: "404 Not Found"}, nil))
	retry := t0.Add(2 * time.Hour)
	ok(t, "RetryMessage(failed)", s.RetryMessage(ctx, unit.ID, retry))
	due, err = s.ClaimDue(ctx, UnitA, retry, retry.Add(time.Minute), 10)
	ok(t, "ClaimDue(UnitA) after the retry", err)
	unit.Attempts, unit.NextAt = 1, retry.Add(time.Minute)
	equal(t, "ClaimDue(UnitA) after the retry", due, []data.OutboxMessage{unit})
}
