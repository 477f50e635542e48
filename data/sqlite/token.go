package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

const tokenSelect = `SELECT id, user_id, name, hash, created_at, expires_at, revoked_at, last_used_at FROM tokens`

// CreateToken implements data.Store. A zero CreatedAt means now.
func (s *Store) CreateToken(ctx context.Context, t *data.Token) error {
	if err := contract.CheckToken(t); err != nil {
		return err
	}
	created := contract.OrNow(t.CreatedAt)
	var id int64
	err := s.update(ctx, func(tx *sql.Tx) error {
		if err := userMustExist(ctx, tx, t.UserID, t.CheckedHash); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tokens WHERE hash = ?)`, t.Hash).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return contract.TokenTaken()
		}
		return tx.QueryRowContext(ctx, `INSERT INTO tokens (user_id, name, hash, created_at, expires_at, revoked_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, t.Hash, formatTime(created), formatTime(t.ExpiresAt),
			nullTime(t.RevokedAt), nullTime(t.LastUsedAt)).Scan(&id)
	})
	if err != nil {
		return translate("create token", err)
	}
	t.ID, t.CreatedAt, t.ExpiresAt = id, created, contract.Time(t.ExpiresAt)
	t.RevokedAt, t.LastUsedAt = contract.TimePtr(t.RevokedAt), contract.TimePtr(t.LastUsedAt)
	return nil
}

// TokenByHash implements data.Store.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*data.Token, error) {
	t, err := scanToken(s.read.QueryRowContext(ctx, tokenSelect+` WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.NoToken()
	}
	if err != nil {
		return nil, translate("token", err)
	}
	return &t, nil
}

// Tokens implements data.Store.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]data.Token, error) {
	rows, err := s.read.QueryContext(ctx, tokenSelect+` WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, translate("tokens", err)
	}
	defer rows.Close()
	ts := []data.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, translate("tokens", err)
		}
		ts = append(ts, t)
	}
	return ts, translate("tokens", rows.Err())
}

// RevokeToken implements data.Store: the first revocation's time stays.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, formatTime(at), id)
	return translate("revoke token", mustChange(res, err, contract.TokenNotFound(id)))
}

// TouchToken implements data.Store: the latest use stays, whatever order
// concurrent requests record theirs in. ENOTFOUND for an unknown ID.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE tokens
		SET last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ?1 THEN ?1 ELSE last_used_at END
		WHERE id = ?2`, formatTime(at), id)
	return translate("touch token", mustChange(res, err, contract.TokenNotFound(id)))
}

func scanToken(row interface{ Scan(...any) error }) (data.Token, error) {
	var t data.Token
	var created, expires string
	var revoked, used sql.NullString
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &expires, &revoked, &used)
	if err == nil {
		t.CreatedAt, err = parseTime(created)
	}
	if err == nil {
		t.ExpiresAt, err = parseTime(expires)
	}
	if err == nil {
		t.RevokedAt, err = parseNullTime(revoked)
	}
	if err == nil {
		t.LastUsedAt, err = parseNullTime(used)
	}
	return t, err
}
