package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// CreateSession implements data.Store. ENOTFOUND for an unknown user. It
// also deletes the sessions that expired by the new one's creation.
func (s *Store) CreateSession(ctx context.Context, se *data.Session) error {
	if err := contract.CheckSession(se); err != nil {
		return err
	}
	created := contract.OrNow(se.CreatedAt)
	err := s.update(ctx, func(tx pgx.Tx) error {
		// The account first: a password change locks it first too (see
		// userMustExist), so that neither waits for the other's sessions.
		if err := userMustExist(ctx, tx, se.UserID, se.CheckedHash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, created); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, remote)
			VALUES ($1, $2, $3, $4, $5, $6)`, se.ID, se.UserID, se.CSRFToken, created, contract.Time(se.ExpiresAt), se.Remote)
		return err
	})
	if err != nil {
		return translate("create session", err)
	}
	se.CreatedAt, se.ExpiresAt = created, contract.Time(se.ExpiresAt)
	return nil
}

// Session implements data.Store.
func (s *Store) Session(ctx context.Context, id string, now time.Time) (*data.Session, error) {
	var se data.Session
	err := s.pool.QueryRow(ctx, `SELECT id, user_id, csrf_token, created_at, expires_at, remote FROM sessions
		WHERE id = $1 AND expires_at > $2`, id, contract.Time(now)).
		Scan(&se.ID, &se.UserID, &se.CSRFToken, &se.CreatedAt, &se.ExpiresAt, &se.Remote)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contract.NoSession()
	}
	if err != nil {
		return nil, translate("session", err)
	}
	se.CreatedAt, se.ExpiresAt = se.CreatedAt.UTC(), se.ExpiresAt.UTC()
	return &se, nil
}

// DeleteSession implements data.Store.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return translate("delete session", err)
}

// DeleteUserSessions implements data.Store.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return translate("delete user sessions", err)
}

// userMustExist returns ENOTFOUND unless the user exists.
func userMustExist(ctx context.Context, tx pgx.Tx, id int64, checkedHash string) error {
	// FOR SHARE: a password change of the account (UPDATE, then the end
	// of its sessions and tokens) either commits first, and the hash
	// differs, or waits for this transaction and then ends what it made.
	var hash string
	err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1 FOR SHARE`, id).Scan(&hash)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return contract.UserNotFound(id)
	case err != nil:
		return err
	case checkedHash != "" && hash != checkedHash:
		return contract.PasswordChanged()
	}
	return nil
}
