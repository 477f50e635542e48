package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

const (
	notificationSelect = `SELECT id, user_id, kind, coalesce(incident_id, 0), stage, coalesce(key, ''), created_at, read_at FROM notifications`
	outboxColumns      = `id, key, body, created_at, attempts, next_at, delivered_at, failed, target`
	outboxSelect       = `SELECT ` + outboxColumns + ` FROM notify_outbox`
	maxNotifyPage      = 100
)

// AddNotification implements data.Store: the unique (user_id, key) decides
// between concurrent adds of one key, so that a scan run by two processes
// notifies once.
func (s *Store) AddNotification(ctx context.Context, n *data.Notification) (bool, error) {
	created := domain.OrTime(n.CreatedAt, time.Now())
	var id int64
	err := s.update(ctx, func(tx conn) error {
		if ok, err := exists(ctx, tx, "notification_kinds", n.Kind); err != nil || !ok {
			return cmp.Or(err, error(data.FieldErrorf("kind", "There is no notification kind %q.", n.Kind)))
		}
		if err := mustExist(ctx, tx, "user", n.UserID); err != nil {
			return err
		}
		if n.IncidentID != 0 {
			if err := mustExist(ctx, tx, "incident", n.IncidentID); err != nil {
				return err
			}
		}
		return tx.row(ctx, `INSERT INTO notifications (user_id, kind, incident_id, stage, key, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
			n.UserID, n.Kind, nullID(n.IncidentID), n.Stage, nullString(n.Key), s.time(created)).Scan(&id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, s.d.Translate("add notification", err)
	}
	n.ID, n.CreatedAt = id, domain.StoredTime(created)
	return true, nil
}

// Notifications implements data.Store.
func (s *Store) Notifications(ctx context.Context, userID, before int64, limit int) (*data.NotificationPage, error) {
	if limit < 1 || limit > maxNotifyPage {
		return nil, data.FieldErrorf("limit", "The limit is from 1 to %d.", maxNotifyPage)
	}
	p := &data.NotificationPage{}
	err := s.snapshot(ctx, func(tx conn) error {
		rows, err := tx.query(ctx, notificationSelect+` WHERE user_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3`,
			userID, before, limit+1)
		items, err := collectFields(rows, err, s.notificationFields)
		if err != nil {
			return err
		}
		if len(items) > limit {
			items = items[:limit]
			p.Next = items[limit-1].ID
		}
		p.Items = items
		return tx.row(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&p.Unread)
	})
	if err != nil {
		return nil, s.d.Translate("notifications", err)
	}
	return p, nil
}

// ReadNotification implements data.Store.
func (s *Store) ReadNotification(ctx context.Context, userID, id int64, at time.Time) error {
	res, err := s.writer().exec(ctx, `UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?`,
		s.time(at), id, userID)
	return s.d.Translate("read notification", mustChange(res, err, notFound("notification", id)))
}

// ReadAllNotifications implements data.Store.
func (s *Store) ReadAllNotifications(ctx context.Context, userID int64, at time.Time) (int, error) {
	b := &batch{ctx: ctx, tx: s.writer()}
	n := b.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, s.time(at), userID)
	return int(n), s.d.Translate("read all notifications", b.err)
}

// Enqueue implements data.Store.
func (s *Store) Enqueue(ctx context.Context, m *data.OutboxMessage) (bool, error) {
	if m.Key == "" {
		return false, data.FieldErrorf("key", "A message needs a key.")
	}
	created := domain.OrTime(m.CreatedAt, time.Now())
	next := domain.OrTime(m.NextAt, created)
	var id int64
	err := s.writer().row(ctx, `INSERT INTO notify_outbox (key, body, created_at, next_at, target) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING id`, m.Key, m.Body, s.time(created), s.time(next), m.Target).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, s.d.Translate("enqueue", err)
	}
	m.ID, m.CreatedAt, m.NextAt = id, domain.StoredTime(created), domain.StoredTime(next)
	return true, nil
}

// ClaimDue implements data.Store. The outer next_at test is checked again
// on PostgreSQL after a concurrent claim of the same row commits, so that
// of two workers only one takes a message.
func (s *Store) ClaimDue(ctx context.Context, target string, now, lease time.Time, limit int) ([]data.OutboxMessage, error) {
	if limit < 1 || limit > maxNotifyPage {
		return nil, data.FieldErrorf("limit", "The limit is from 1 to %d.", maxNotifyPage)
	}
	rows, err := s.writer().query(ctx, `UPDATE notify_outbox SET next_at = ?1
		WHERE delivered_at IS NULL AND NOT failed AND next_at <= ?2 AND id IN (
			SELECT id FROM notify_outbox WHERE target = ?4 AND delivered_at IS NULL AND NOT failed AND next_at <= ?2 ORDER BY next_at, id LIMIT ?3)
		RETURNING `+outboxColumns, s.time(lease), s.time(now), limit, target)
	ms, err := collectFields(rows, err, s.outboxFields)
	return ms, s.d.Translate("claim due", err)
}

// RecordDelivery implements data.Store.
func (s *Store) RecordDelivery(ctx context.Context, d *data.Delivery, next *time.Time) error {
	at := domain.OrTime(d.At, time.Now())
	ok := d.Status >= 200 && d.Status < 300 && d.Error == ""
	err := s.update(ctx, func(tx conn) error {
		var attempt int
		err := tx.row(ctx, `SELECT attempts + 1 FROM notify_outbox WHERE id = ?`, d.OutboxID).Scan(&attempt)
		if err != nil {
			return noRows(err, notFound("outbox message", d.OutboxID))
		}
		switch {
		case ok:
			_, err = tx.exec(ctx, `UPDATE notify_outbox SET attempts = ?, delivered_at = ? WHERE id = ?`, attempt, s.time(at), d.OutboxID)
		case next == nil:
			_, err = tx.exec(ctx, `UPDATE notify_outbox SET attempts = ?, failed = TRUE WHERE id = ?`, attempt, d.OutboxID)
		default:
			_, err = tx.exec(ctx, `UPDATE notify_outbox SET attempts = ?, next_at = ? WHERE id = ?`, attempt, s.time(*next), d.OutboxID)
		}
		if err != nil {
			return err
		}
		d.Attempt = attempt
		return tx.row(ctx, `INSERT INTO notify_deliveries (outbox_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			d.OutboxID, attempt, s.time(at), d.Status, d.Error).Scan(&d.ID)
	})
	if err != nil {
		return s.d.Translate("record delivery", err)
	}
	d.At = domain.StoredTime(at)
	return nil
}

// Outbox implements data.Store.
func (s *Store) Outbox(ctx context.Context, limit int) ([]data.OutboxMessage, error) {
	if limit < 1 || limit > maxNotifyPage {
		return nil, data.FieldErrorf("limit", "The limit is from 1 to %d.", maxNotifyPage)
	}
	return list(ctx, s, "outbox", s.outboxFields, outboxSelect+` ORDER BY id DESC LIMIT ?`, limit)
}

// Deliveries implements data.Store.
func (s *Store) Deliveries(ctx context.Context, outboxID int64) ([]data.Delivery, error) {
	return list(ctx, s, "deliveries", func(d *data.Delivery) []any {
		return []any{&d.ID, &d.OutboxID, &d.Attempt, s.at(&d.At), &d.Status, &d.Error}
	}, `SELECT id, outbox_id, attempt, at, status, error FROM notify_deliveries WHERE outbox_id = ? ORDER BY id`, outboxID)
}

// RetryMessage implements data.Store.
func (s *Store) RetryMessage(ctx context.Context, id int64, at time.Time) error {
	err := s.update(ctx, func(tx conn) error {
		var failed bool
		if err := tx.row(ctx, `SELECT failed FROM notify_outbox WHERE id = ?`, id).Scan(&failed); err != nil {
			return noRows(err, notFound("outbox message", id))
		}
		if !failed {
			return data.Errorf(data.ECONFLICT, "Message %d has not failed: it is delivered or still being tried.", id)
		}
		_, err := tx.exec(ctx, `UPDATE notify_outbox SET failed = FALSE, next_at = ? WHERE id = ?`, s.time(at), id)
		return err
	})
	return s.d.Translate("retry message", err)
}

// SetWebhook implements data.Store.
func (s *Store) SetWebhook(ctx context.Context, w *data.Webhook) error {
	if err := domain.CheckWebhook(w); err != nil {
		return err
	}
	at := domain.OrTime(w.UpdatedAt, time.Now())
	err := s.update(ctx, func(tx conn) error {
		if err := mustExist(ctx, tx, "unit", w.Unit); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO notify_webhooks (unit_code, url, format, secret, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (unit_code) DO UPDATE SET url = excluded.url, format = excluded.format, secret = excluded.secret,
			updated_at = excluded.updated_at`, w.Unit, w.URL, w.Format, w.Secret, s.time(at))
		return err
	})
	if err != nil {
		return s.d.Translate("set webhook", err)
	}
	w.UpdatedAt = domain.StoredTime(at)
	return nil
}

// DeleteWebhook implements data.Store.
func (s *Store) DeleteWebhook(ctx context.Context, unit string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM notify_webhooks WHERE unit_code = ?`, unit)
	return s.d.Translate("delete webhook", mustChange(res, err, data.Errorf(data.ENOTFOUND, "Unit %s has no webhook.", unit)))
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
		if _, err := tx.exec(ctx, `INSERT INTO notify_rate (target) VALUES (?) ON CONFLICT DO NOTHING`, target); err != nil {
			return false, err
		}
		var locked string
		if err := tx.row(ctx, `SELECT target FROM notify_rate WHERE target = ?`+s.d.ForUpdate(), target).Scan(&locked); err != nil {
			return false, err
		}
		since := now.Add(-time.Minute)
		if _, err := tx.exec(ctx, `DELETE FROM notify_sends WHERE target = ? AND at <= ?`, target, s.time(since)); err != nil {
			return false, err
		}
		var n int
		if err := tx.row(ctx, `SELECT count(*) FROM notify_sends WHERE target = ? AND at > ?`, target, s.time(since)).Scan(&n); err != nil {
			return false, err
		}
		if n >= perMinute {
			return false, nil
		}
		_, err := tx.exec(ctx, `INSERT INTO notify_sends (target, at) VALUES (?, ?)`, target, s.time(now))
		return err == nil, err
	})
}
