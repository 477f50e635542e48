package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

const tokenSelect = `SELECT id, user_id, name, hash, created_at, expires_at, revoked_at, last_used_at FROM tokens`

// CreateToken implements data.Store: EINVALID as domain.CheckToken says. A
// zero CreatedAt means now.
func (s *Store) CreateToken(ctx context.Context, t *data.Token) error {
	if err := domain.CheckToken(t); err != nil {
		return err
	}
	created := domain.OrTime(t.CreatedAt, time.Now())
	id, err := write(ctx, s, "create token", func(tx conn) (int64, error) {
		if err := s.userMustExist(ctx, tx, t.UserID, t.CheckedHash); err != nil {
			return 0, err
		}
		taken := data.Errorf(data.ECONFLICT, "A token with this secret exists already.").WithField("hash")
		return s.insertUnique(ctx, tx, taken, `SELECT EXISTS (SELECT 1 FROM tokens WHERE hash = ?)`, t.Hash,
			`INSERT INTO tokens (user_id, name, hash, created_at, expires_at, revoked_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, t.Hash, s.time(created), s.time(t.ExpiresAt),
			s.nullTime(t.RevokedAt), s.nullTime(t.LastUsedAt))
	})
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt, t.ExpiresAt = id, created, domain.StoredTime(t.ExpiresAt)
	t.RevokedAt, t.LastUsedAt = domain.StoredTimePtr(t.RevokedAt), domain.StoredTimePtr(t.LastUsedAt)
	return nil
}

// TokenByHash implements data.Store.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*data.Token, error) {
	t, err := scanFields(s.reader().row(ctx, tokenSelect+` WHERE hash = ?`, hash), s.tokenFields)
	return found(s, "token", t, err, func() error { return data.Errorf(data.ENOTFOUND, "There is no such token.") })
}

// Tokens implements data.Store.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]data.Token, error) {
	return list(ctx, s, "tokens", s.tokenFields, tokenSelect+` WHERE user_id = ? ORDER BY id`, userID)
}

// RevokeToken implements data.Store: the first revocation's time stays.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	return s.change(ctx, "revoke token", notFound("token", id), `UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, s.time(at), id)
}

// TouchToken implements data.Store: the latest use stays, whatever order
// concurrent requests record theirs in. ENOTFOUND for an unknown ID.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.change(ctx, "touch token", notFound("token", id), `UPDATE tokens
		SET last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ?1 THEN ?1 ELSE last_used_at END
		WHERE id = ?2`, s.time(at), id)
}

func (s *Store) tokenFields(t *data.Token) []any {
	return []any{&t.ID, &t.UserID, &t.Name, &t.Hash, s.at(&t.CreatedAt), s.at(&t.ExpiresAt), s.atOrNil(&t.RevokedAt), s.atOrNil(&t.LastUsedAt)}
}
