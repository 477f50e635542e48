package sqlstore

import (
	"cmp"
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

const (
	notificationSelect = `SELECT id, user_id, kind, coalesce(incident_id, 0), stage, coalesce(key, ''), created_at, read_at FROM notifications`
	outboxColumns      = `id, key, body, created_at, attempts, next_at, delivered_at, failed, target`
	outboxSelect       = `SELECT ` + outboxColumns + ` FROM notify_outbox`
)

// AddNotification implements data.Store: the unique (user_id, key) decides
// between concurrent adds of one key, so that a scan run by two processes
// notifies once.
func (s *Store) AddNotification(ctx context.Context, n *data.Notification) (bool, error) {
	created := domain.OrTime(n.CreatedAt, time.Now())
	id, err := write(ctx, s, "add notification", func(tx conn) (id int64, err error) {
		if ok, err := exists(ctx, tx, "notification_kinds", n.Kind); err != nil || !ok {
			return 0, cmp.Or(err, error(data.FieldErrorf("kind", "There is no notification kind %q.", n.Kind)))
		}
		// nullID: no incident to check for 0
		if err := cmp.Or(mustExist(ctx, tx, "user", n.UserID), mustExist(ctx, tx, "incident", nullID(n.IncidentID))); err != nil {
			return 0, err
		}
		err = tx.row(ctx, `INSERT INTO notifications (user_id, kind, incident_id, stage, key, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
			n.UserID, n.Kind, nullID(n.IncidentID), n.Stage, nullString(n.Key), s.time(created)).Scan(&id)
		return id, noRows(err, nil) // none: the key is the user's already
	})
	if err != nil || id == 0 {
		return false, err
	}
	n.ID, n.CreatedAt = id, domain.StoredTime(created)
	return true, nil
}

// Notifications implements data.Store.
func (s *Store) Notifications(ctx context.Context, userID, before int64, limit int) (*data.NotificationPage, error) {
	if err := domain.CheckNotifyLimit(limit); err != nil {
		return nil, err
	}
	return read(ctx, s, "notifications", func(tx conn) (*data.NotificationPage, error) {
		rows, err := tx.query(ctx, notificationSelect+` WHERE user_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3`,
			userID, before, limit+1)
		items, err := collectFields(rows, err, s.notificationFields)
		if err != nil {
			return nil, err
		}
		p := &data.NotificationPage{Items: items}
		if len(items) > limit {
			p.Items, p.Next = items[:limit], items[limit-1].ID
		}
		return p, tx.row(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&p.Unread)
	})
}

// ReadNotification implements data.Store.
func (s *Store) ReadNotification(ctx context.Context, userID, id int64, at time.Time) error {
	return s.change(ctx, "read notification", notFound("notification", id),
		`UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?`, s.time(at), id, userID)
}

// ReadAllNotifications implements data.Store.
func (s *Store) ReadAllNotifications(ctx context.Context, userID int64, at time.Time) (int, error) {
	return s.exec(ctx, "read all notifications", `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, s.time(at), userID)
}

// Enqueue implements data.Store.
func (s *Store) Enqueue(ctx context.Context, m *data.OutboxMessage) (bool, error) {
	if err := domain.CheckOutbox(m); err != nil {
		return false, err
	}
	created := domain.OrTime(m.CreatedAt, time.Now())
	next := domain.OrTime(m.NextAt, created)
	var id int64
	err := s.writer().row(ctx, `INSERT INTO notify_outbox (key, body, created_at, next_at, target) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`, m.Key, m.Body, s.time(created), s.time(next), m.Target).Scan(&id)
	if err = noRows(err, nil); err != nil || id == 0 { // none: a message with the key exists already
		return false, s.d.Translate("enqueue", err)
	}
	m.ID, m.CreatedAt, m.NextAt = id, domain.StoredTime(created), domain.StoredTime(next)
	return true, nil
}

// ClaimDue implements data.Store. The outer next_at test is checked again
// on PostgreSQL after a concurrent claim of the same row commits, so that
// of two workers only one takes a message.
func (s *Store) ClaimDue(ctx context.Context, target string, now, lease time.Time, limit int) ([]data.OutboxMessage, error) {
	if err := domain.CheckNotifyLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.writer().query(ctx, `UPDATE notify_outbox SET next_at = ?1
		WHERE delivered_at IS NULL AND NOT failed AND next_at <= ?2 AND id IN (
			SELECT id FROM notify_outbox WHERE target = ?4 AND delivered_at IS NULL AND NOT failed AND next_at <= ?2 ORDER BY next_at, id LIMIT ?3)
		RETURNING `+outboxColumns, s.time(lease), s.time(now), limit, target)
	ms, err := collectFields(rows, err, s.outboxFields)
	return ms, s.d.Translate("claim due", err)
}

// RecordDelivery implements data.Store: one UPDATE counts the attempt
// and marks the message delivered (domain.Delivered), due again or failed.
func (s *Store) RecordDelivery(ctx context.Context, d *data.Delivery, next *time.Time) error {
	at := domain.OrTime(d.At, time.Now())
	delivered := domain.Delivered(d)
	var deliveredAt, nextAt any // NULL: unchanged
	switch {
	case delivered:
		deliveredAt = s.time(at)
	case next != nil:
		nextAt = s.time(*next)
	}
	err := s.commit(ctx, "record delivery", func(tx conn) error {
		err := tx.row(ctx, `UPDATE notify_outbox SET attempts = attempts + 1, delivered_at = coalesce(?, delivered_at),
			next_at = coalesce(?, next_at), failed = failed OR ? WHERE id = ? RETURNING attempts`,
			deliveredAt, nextAt, !delivered && next == nil, d.OutboxID).Scan(&d.Attempt)
		if err != nil {
			return noRows(err, notFound("outbox message", d.OutboxID))
		}
		return tx.row(ctx, `INSERT INTO notify_deliveries (outbox_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			d.OutboxID, d.Attempt, s.time(at), d.Status, d.Error).Scan(&d.ID)
	})
	if err != nil {
		return err
	}
	d.At = domain.StoredTime(at)
	return nil
}

// Outbox implements data.Store.
func (s *Store) Outbox(ctx context.Context, limit int) ([]data.OutboxMessage, error) {
	if err := domain.CheckNotifyLimit(limit); err != nil {
		return nil, err
	}
	return list(ctx, s, "outbox", s.outboxFields, outboxSelect+` ORDER BY id DESC LIMIT ?`, limit)
}

// Deliveries implements data.Store.
func (s *Store) Deliveries(ctx context.Context, outboxID int64) ([]data.Delivery, error) {
	return list(ctx, s, "deliveries", func(d *data.Delivery) []any {
		return []any{&d.ID, &d.OutboxID, &d.Attempt, s.at(&d.At), &d.Status, &d.Error}
	}, `SELECT id, outbox_id, attempt, at, status, error FROM notify_deliveries WHERE outbox_id = ? ORDER BY id`, outboxID)
}

// RetryMessage implements data.Store: a message domain.CheckRetry allows
// is due again.
func (s *Store) RetryMessage(ctx context.Context, id int64, at time.Time) error {
	return s.commit(ctx, "retry message", func(tx conn) error {
		var failed bool
		if err := tx.row(ctx, `SELECT failed FROM notify_outbox WHERE id = ?`, id).Scan(&failed); err != nil {
			return noRows(err, notFound("outbox message", id))
		}
		b := &batch{ctx: ctx, tx: tx, err: domain.CheckRetry(id, failed)}
		b.exec(`UPDATE notify_outbox SET failed = FALSE, next_at = ? WHERE id = ?`, s.time(at), id)
		return b.err
	})
}

// SetWebhook implements data.Store.
func (s *Store) SetWebhook(ctx context.Context, w *data.Webhook) error {
	if err := domain.CheckWebhook(w); err != nil {
		return err
	}
	at := domain.OrTime(w.UpdatedAt, time.Now())
	err := s.commit(ctx, "set webhook", func(tx conn) error {
		b := &batch{ctx: ctx, tx: tx, err: mustExist(ctx, tx, "unit", w.Unit)}
		b.exec(`INSERT INTO notify_webhooks (unit_code, url, format, secret, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (unit_code) DO UPDATE SET url = excluded.url, format = excluded.format, secret = excluded.secret,
			updated_at = excluded.updated_at`, w.Unit, w.URL, w.Format, w.Secret, s.time(at))
		return b.err
	})
	if err != nil {
		return err
	}
	w.UpdatedAt = domain.StoredTime(at)
	return nil
}

// DeleteWebhook implements data.Store.
func (s *Store) DeleteWebhook(ctx context.Context, unit string) error {
	return s.change(ctx, "delete webhook", data.Errorf(data.ENOTFOUND, "Unit %s has no webhook.", unit),
		`DELETE FROM notify_webhooks WHERE unit_code = ?`, unit)
}

// Webhooks implements data.Store.
func (s *Store) Webhooks(ctx context.Context) ([]data.Webhook, error) {
	return list(ctx, s, "webhooks", func(w *data.Webhook) []any {
		return []any{&w.Unit, &w.URL, &w.Format, &w.Secret, s.at(&w.UpdatedAt)}
	}, `SELECT unit_code, url, format, secret, updated_at FROM notify_webhooks ORDER BY unit_code`)
}

func (s *Store) notificationFields(n *data.Notification) []any {
	return []any{&n.ID, &n.UserID, &n.Kind, &n.IncidentID, &n.Stage, &n.Key, s.at(&n.CreatedAt), s.atOrNil(&n.ReadAt)}
}

func (s *Store) outboxFields(m *data.OutboxMessage) []any {
	return []any{&m.ID, &m.Key, &m.Body, s.at(&m.CreatedAt), &m.Attempts, s.at(&m.NextAt), s.atOrNil(&m.DeliveredAt), &m.Failed, &m.Target}
}

// TakeSend implements data.Store: in one write transaction it locks the
// target's notify_rate row (made on first use), forgets its sends older
// than a minute, counts the rest and adds one when there is room.
func (s *Store) TakeSend(ctx context.Context, target string, now time.Time, perMinute int) (bool, error) {
	return write(ctx, s, "take send", func(tx conn) (bool, error) {
		since := now.Add(-time.Minute)
		b := &batch{ctx: ctx, tx: tx}
		b.exec(`INSERT INTO notify_rate (target) VALUES (?) ON CONFLICT DO NOTHING`, target)
		b.exec(`SELECT target FROM notify_rate WHERE target = ?`+s.d.ForUpdate(), target) // only the lock matters
		b.exec(`DELETE FROM notify_sends WHERE target = ? AND at <= ?`, target, s.time(since))
		var n int
		if b.err != nil {
			return false, b.err
		}
		if err := tx.row(ctx, `SELECT count(*) FROM notify_sends WHERE target = ? AND at > ?`, target, s.time(since)).Scan(&n); err != nil || n >= perMinute {
			return false, err
		}
		b.exec(`INSERT INTO notify_sends (target, at) VALUES (?, ?)`, target, s.time(now))
		return b.err == nil, b.err
	})
}
