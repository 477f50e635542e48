package postgis

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// AppendAudit implements data.Store. A zero At means now. A trigger
// refuses any UPDATE, DELETE or TRUNCATE of the audit table.
func (s *Store) AppendAudit(ctx context.Context, e *data.AuditEntry) error {
	at := contract.OrNow(e.At)
	contract.AuditEntry(e)
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO audit (at, user_id, username, action, record, remote, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, at, e.UserID, e.Username, e.Action, e.Record, e.Remote, e.Detail).Scan(&id)
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
	var args params
	if f.UserID != 0 {
		where = append(where, `user_id = `+args.add(f.UserID))
	}
	if f.Action != "" {
		where = append(where, `action = `+args.add(f.Action))
	}
	if f.Record != "" {
		where = append(where, `record = `+args.add(f.Record))
	}
	if !f.From.IsZero() {
		where = append(where, `at >= `+args.add(contract.Time(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, `at < `+args.add(contract.Time(f.To)))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	count := len(args)
	page := ` LIMIT ` + args.add(limit(f.Limit)) + ` OFFSET ` + args.add(f.Offset)
	es := []data.AuditEntry{}
	var total int
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM audit`+cond, args[:count]...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, at, user_id, username, action, record, remote, detail FROM audit`+cond+
			` ORDER BY at DESC, id DESC`+page, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e data.AuditEntry
			if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Record, &e.Remote, &e.Detail); err != nil {
				rows.Close()
				return err
			}
			e.At = e.At.UTC()
			es = append(es, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, translate("audit", err)
	}
	return es, total, nil
}
