package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

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
	err := s.update(ctx, func(tx pgx.Tx) error {
		if err := userMustExist(ctx, tx, t.UserID, t.CheckedHash); err != nil {
			return err
		}
		// Checked first so that a taken hash uses up no ID, as in SQLite.
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM tokens WHERE hash = $1)`, t.Hash).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return contract.TokenTaken()
		}
		err := tx.QueryRow(ctx, `INSERT INTO tokens (user_id, name, hash, created_at, expires_at, revoked_at, last_used_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.UserID, t.Name, t.Hash, created, contract.Time(t.ExpiresAt),
			contract.TimePtr(t.RevokedAt), contract.TimePtr(t.LastUsedAt)).Scan(&id)
		if isUniqueViolation(err) {
			return contract.TokenTaken()
		}
		return err
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
	t, err := scanToken(s.pool.QueryRow(ctx, tokenSelect+` WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contract.NoToken()
	}
	if err != nil {
		return nil, translate("token", err)
	}
	return &t, nil
}

// Tokens implements data.Store.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]data.Token, error) {
	rows, err := s.pool.Query(ctx, tokenSelect+` WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, translate("tokens", err)
	}
	ts := []data.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			rows.Close()
			return nil, translate("tokens", err)
		}
		ts = append(ts, t)
	}
	return ts, translate("tokens", rows.Err())
}

// RevokeToken implements data.Store: the first revocation's time stays.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, contract.Time(at), id)
	return translate("revoke token", mustChange(tag, err, contract.TokenNotFound(id)))
}

// TouchToken implements data.Store: the latest use stays, whatever order
// concurrent requests record theirs in. ENOTFOUND for an unknown ID.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE tokens SET last_used_at = greatest(last_used_at, $1) WHERE id = $2`, contract.Time(at), id)
	return translate("touch token", mustChange(tag, err, contract.TokenNotFound(id)))
}

func scanToken(row pgx.Row) (data.Token, error) {
	var t data.Token
	var revoked, used *time.Time
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.CreatedAt, &t.ExpiresAt, &revoked, &used)
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
	t.RevokedAt, t.LastUsedAt = utcPtr(revoked), utcPtr(used)
	return t, err
}
