package sqlstore

import (
	"context"
	"strings"
	"time"

	"gridmap/data"
)

// AppendAudit implements data.Store. A zero At means now. Triggers in
// both schemas refuse any UPDATE or DELETE of the audit table.
func (s *Store) AppendAudit(ctx context.Context, e *data.AuditEntry) error {
	at := data.OrTime(e.At, time.Now())
	// Texts from clients (a failed login's username, a reason in the
	// detail) are cut: the audit log keeps every entry, but none of
	// unbounded size.
	for _, t := range []*string{&e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail} {
		*t = data.CutText(*t, data.MaxAuditText)
	}
	var id int64
	err := s.writer().row(ctx, `INSERT INTO audit (at, user_id, username, action, record, remote, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.time(at), e.UserID, e.Username, e.Action, e.Record, e.Remote, e.Detail).Scan(&id)
	if err != nil {
		return s.translate("append audit", err)
	}
	e.ID, e.At = id, at
	return nil
}

// Audit implements data.Store.
func (s *Store) Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, int, error) {
	if err := data.CheckAuditFilter(f); err != nil {
		return nil, 0, err
	}
	var where []string // constant fragments; every value is a parameter
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.UserID != 0 {
		add(`user_id = ?`, f.UserID)
	}
	if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.Record != "" {
		add(`record = ?`, f.Record)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, s.time(f.From))
	}
	if !f.To.IsZero() {
		add(`at < ?`, s.time(f.To))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var total int
	var es []data.AuditEntry
	err := s.snapshot(ctx, func(tx conn) error {
		if err := tx.row(ctx, `SELECT count(*) FROM audit`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, at, user_id, username, action, record, remote, detail FROM audit`+cond+
			` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, s.limit(f.Limit), f.Offset)...)
		es, err = collect(rows, err, func(row scanner) (data.AuditEntry, error) {
			var e data.AuditEntry
			err := row.Scan(&e.ID, s.at(&e.At), &e.UserID, &e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail)
			return e, err
		})
		return err
	})
	if err != nil {
		return nil, 0, s.translate("audit", err)
	}
	return es, total, nil
}
