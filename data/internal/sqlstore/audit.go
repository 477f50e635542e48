package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// AppendAudit implements data.Store, its texts cut (domain.CutAudit). A
// zero At means now. Triggers in both schemas refuse any UPDATE or DELETE
// of the audit table.
func (s *Store) AppendAudit(ctx context.Context, e *data.AuditEntry) error {
	at := domain.OrTime(e.At, time.Now())
	domain.CutAudit(e)
	var id int64
	err := s.writer().row(ctx, `INSERT INTO audit (at, user_id, username, action, record, remote, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.time(at), e.UserID, e.Username, e.Action, e.Record, e.Remote, e.Detail).Scan(&id)
	if err != nil {
		return s.d.Translate("append audit", err)
	}
	e.ID, e.At = id, at
	return nil
}

// Audit implements data.Store.
func (s *Store) Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, int, error) {
	if err := domain.CheckAuditFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	when(&w, `user_id = ?`, f.UserID)
	when(&w, `action = ?`, f.Action)
	when(&w, `record = ?`, f.Record)
	s.since(&w, `at >= ?`, f.From)
	s.since(&w, `at < ?`, f.To)
	return page(ctx, s, "audit", nil, "audit", `SELECT id, at, user_id, username, action, record, remote, detail FROM audit`, w,
		` ORDER BY at DESC, id DESC`, f.Limit, f.Offset, func(e *data.AuditEntry) []any {
			return []any{&e.ID, s.at(&e.At), &e.UserID, &e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail}
		})
}
