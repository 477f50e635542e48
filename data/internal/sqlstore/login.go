package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
)

const loginFailureSelect = `SELECT username, remote, failures, last_failed_at, locked_until, expires_at FROM login_failures`

// LoginFailed implements data.Store with one upsert: on PostgreSQL the row
// lock it takes (in SQLite the single writer) makes concurrent failures of a
// pair count one after the other, and a record that expired counts from 1
// again, whether or not it was deleted yet. Expired records are deleted by
// a statement of their own, which holds no lock the upsert needs.
func (s *Store) LoginFailed(ctx context.Context, username, remote string, now time.Time, p data.LoginPolicy) (*data.LoginFailure, error) {
	at, expires := s.time(now), s.time(now.Add(p.LockFor))
	if _, err := s.exec(ctx, "login failed", `DELETE FROM login_failures WHERE expires_at <= ?`, at); err != nil {
		return nil, err
	}
	// The parameters are cast where nothing else tells PostgreSQL their type.
	tt := s.d.TimeType()
	now3, max4, exp5 := `CAST(?3 AS `+tt+`)`, `CAST(?4 AS INTEGER)`, `CAST(?5 AS `+tt+`)`
	failures := `CASE WHEN f.expires_at <= ` + now3 + ` THEN 1 ELSE f.failures + 1 END`
	f, err := scanFields(s.writer().row(ctx, `INSERT INTO login_failures AS f (username, remote, failures, last_failed_at, locked_until, expires_at)
		VALUES (?1, ?2, 1, `+now3+`, CASE WHEN `+max4+` > 0 AND 1 >= `+max4+` THEN `+exp5+` END, `+exp5+`)
		ON CONFLICT (username, remote) DO UPDATE SET
			failures = `+failures+`,
			last_failed_at = `+now3+`,
			locked_until = CASE WHEN `+max4+` > 0 AND (`+failures+`) >= `+max4+` THEN `+exp5+` END,
			expires_at = `+exp5+`
		RETURNING username, remote, failures, last_failed_at, locked_until, expires_at`,
		username, remote, at, p.MaxFailures, expires), s.loginFailureFields)
	if err != nil {
		return nil, s.d.Translate("login failed", err)
	}
	return &f, nil
}

// LoginLock implements data.Store.
func (s *Store) LoginLock(ctx context.Context, username, remote string, now time.Time) (*time.Time, error) {
	var until *time.Time
	err := s.reader().row(ctx, `SELECT max(locked_until) FROM login_failures
		WHERE username = ? AND remote = ? AND locked_until > ?`, username, remote, s.time(now)).Scan(s.atOrNil(&until))
	return until, s.d.Translate("login lock", err)
}

// LoginSucceeded implements data.Store.
func (s *Store) LoginSucceeded(ctx context.Context, username, remote string) error {
	_, err := s.exec(ctx, "login succeeded", `DELETE FROM login_failures WHERE username = ? AND remote = ?`, username, remote)
	return err
}

// LoginLocks implements data.Store.
func (s *Store) LoginLocks(ctx context.Context, now time.Time) ([]data.LoginFailure, error) {
	return list(ctx, s, "login locks", s.loginFailureFields, loginFailureSelect+` WHERE locked_until > ? ORDER BY username, remote`, s.time(now))
}

// ClearLoginFailures implements data.Store.
func (s *Store) ClearLoginFailures(ctx context.Context, username, remote string) (int, error) {
	if username == "" {
		return 0, data.FieldErrorf("username", "username is required.")
	}
	return s.exec(ctx, "clear login failures", `DELETE FROM login_failures WHERE username = ?1 AND (?2 = '' OR remote = ?2)`, username, remote)
}

func (s *Store) loginFailureFields(f *data.LoginFailure) []any {
	return []any{&f.Username, &f.Remote, &f.Failures, s.at(&f.LastAt), s.atOrNil(&f.LockedUntil), s.at(&f.ExpiresAt)}
}
