package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// AppendAudit implements data.Store. A zero At means now. Triggers refuse
// any UPDATE or DELETE of the audit table.
func (s *Store) AppendAudit(ctx context.Context, e *data.AuditEntry) error {
	at := contract.OrNow(e.At)
	contract.AuditEntry(e)
	var id int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO audit (at, user_id, username, action, record, remote, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, formatTime(at), e.UserID, e.Username, e.Action, e.Record, e.Remote, e.Detail).Scan(&id)
	if err != nil {
		return translate("append audit", err)
	}
	e.ID, e.At = id, at
	return nil
}

// Audit implements data.Store.
func (s *Store) Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, int, error) {
	if err := contract.CheckAuditFilter(f); err != nil {
		return nil, 0, err
	}
	var where []string // constant fragments; every value is a parameter
	var args []any
	if f.UserID != 0 {
		where = append(where, `user_id = ?`)
		args = append(args, f.UserID)
	}
	if f.Action != "" {
		where = append(where, `action = ?`)
		args = append(args, f.Action)
	}
	if f.Record != "" {
		where = append(where, `record = ?`)
		args = append(args, f.Record)
	}
	if !f.From.IsZero() {
		where = append(where, `at >= ?`)
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `at < ?`)
		args = append(args, formatTime(f.To))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	es := []data.AuditEntry{}
	var total int
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, at, user_id, username, action, record, remote, detail FROM audit`+cond+
			` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit(f.Limit), f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e data.AuditEntry
			var at string
			if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail); err != nil {
				return err
			}
			if e.At, err = parseTime(at); err != nil {
				return err
			}
			es = append(es, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, translate("audit", err)
	}
	return es, total, nil
}
