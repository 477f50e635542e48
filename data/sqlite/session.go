package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

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
	err := s.update(ctx, func(tx *sql.Tx) error {
		// The account first: a password change locks it first too (see
		// userMustExist), so that neither waits for the other's sessions.
		if err := userMustExist(ctx, tx, se.UserID, se.CheckedHash); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(created)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, remote)
			VALUES (?, ?, ?, ?, ?, ?)`, se.ID, se.UserID, se.CSRFToken, formatTime(created), formatTime(se.ExpiresAt), se.Remote)
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
	var created, expires string
	err := s.read.QueryRowContext(ctx, `SELECT id, user_id, csrf_token, created_at, expires_at, remote FROM sessions
		WHERE id = ? AND expires_at > ?`, id, formatTime(now)).
		Scan(&se.ID, &se.UserID, &se.CSRFToken, &created, &expires, &se.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.NoSession()
	}
	if err == nil {
		se.CreatedAt, err = parseTime(created)
	}
	if err == nil {
		se.ExpiresAt, err = parseTime(expires)
	}
	if err != nil {
		return nil, translate("session", err)
	}
	return &se, nil
}

// DeleteSession implements data.Store.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return translate("delete session", err)
}

// DeleteUserSessions implements data.Store.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return translate("delete user sessions", err)
}

// userMustExist returns ENOTFOUND unless the user exists.
func userMustExist(ctx context.Context, q querier, id int64, checkedHash string) error {
	var hash string
	err := q.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, id).Scan(&hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return contract.UserNotFound(id)
	case err != nil:
		return err
	case checkedHash != "" && hash != checkedHash:
		return contract.PasswordChanged()
	}
	return nil
}
