package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// CreateSession implements data.Store. ENOTFOUND for an unknown user. It
// also deletes the sessions that expired by the new one's creation.
func (s *Store) CreateSession(ctx context.Context, se *data.Session) error {
	if se.ID == "" {
		return data.FieldErrorf("id", "A session needs an ID.")
	}
	created := domain.OrTime(se.CreatedAt, time.Now())
	err := s.commit(ctx, "create session", func(tx conn) error {
		// The account first: a password change locks it first too (see
		// userMustExist), so that neither waits for the other's sessions.
		b := &batch{ctx: ctx, tx: tx, err: s.userMustExist(ctx, tx, se.UserID, se.CheckedHash)}
		b.exec(`DELETE FROM sessions WHERE expires_at <= ?`, s.time(created))
		b.exec(`INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, remote)
			VALUES (?, ?, ?, ?, ?, ?)`, se.ID, se.UserID, se.CSRFToken, s.time(created), s.time(se.ExpiresAt), se.Remote)
		return b.err
	})
	if err != nil {
		return err
	}
	se.CreatedAt, se.ExpiresAt = created, domain.StoredTime(se.ExpiresAt)
	return nil
}

// Session implements data.Store.
func (s *Store) Session(ctx context.Context, id string, now time.Time) (*data.Session, error) {
	var se data.Session
	err := s.reader().row(ctx, `SELECT id, user_id, csrf_token, created_at, expires_at, remote FROM sessions
		WHERE id = ? AND expires_at > ?`, id, s.time(now)).
		Scan(&se.ID, &se.UserID, &se.CSRFToken, s.at(&se.CreatedAt), s.at(&se.ExpiresAt), &se.Remote)
	return found(s, "session", se, err, func() error { return data.Errorf(data.ENOTFOUND, "There is no such session.") })
}

// DeleteSession implements data.Store.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.exec(ctx, "delete session", `DELETE FROM sessions WHERE id = ?`, id)
	return err
}

// DeleteUserSessions implements data.Store.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.exec(ctx, "delete user sessions", `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// userMustExist returns ENOTFOUND unless the user exists, and
// EUNAUTHORIZED when checkedHash is set and the account's password hash is
// another. The account's row is locked for share: a password change of the
// account (UPDATE, then the end of its sessions and tokens) either commits
// first, and the hash differs, or waits for this transaction and then ends
// what it made.
func (s *Store) userMustExist(ctx context.Context, c conn, id int64, checkedHash string) error {
	hash, err := s.userHash(ctx, c, id, s.d.ForShare())
	if err == nil && checkedHash != "" && hash != checkedHash {
		return data.Errorf(data.EUNAUTHORIZED, "The password has just changed; log in again.")
	}
	return err
}

// userHash reads the password hash of user id, its row locked by lock (a
// Dialect's ForUpdate or ForShare clause): ENOTFOUND for an unknown user.
func (s *Store) userHash(ctx context.Context, c conn, id int64, lock string) (string, error) {
	var hash string
	if err := c.row(ctx, `SELECT password_hash FROM users WHERE id = ?`+lock, id).Scan(&hash); err != nil {
		return "", noRows(err, notFound("user", id))
	}
	return hash, nil
}
