package postgis

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

const loginFailureSelect = `SELECT username, remote, failures, last_failed_at, locked_until, expires_at FROM login_failures`

// LoginFailed implements data.Store with one upsert: the row lock it takes
// makes concurrent failures of a pair count one after the other, and a
// record that expired counts from 1 again, whether or not it was deleted
// yet. Expired records are deleted by a statement of their own, which
// holds no lock the upsert needs.
func (s *Store) LoginFailed(ctx context.Context, username, remote string, now time.Time, p data.LoginPolicy) (*data.LoginFailure, error) {
	at, expires := contract.Time(now), contract.Time(now.Add(p.LockFor))
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE expires_at <= $1`, at); err != nil {
		return nil, translate("login failed", err)
	}
	rows, err := s.pool.Query(ctx, `INSERT INTO login_failures AS f (username, remote, failures, last_failed_at, locked_until, expires_at)
		VALUES ($1, $2, 1, $3::timestamptz, CASE WHEN $4::integer > 0 AND 1 >= $4::integer THEN $5::timestamptz END, $5::timestamptz)
		ON CONFLICT (username, remote) DO UPDATE SET
			failures = CASE WHEN f.expires_at <= $3::timestamptz THEN 1 ELSE f.failures + 1 END,
			last_failed_at = $3::timestamptz,
			locked_until = CASE WHEN $4::integer > 0
				AND (CASE WHEN f.expires_at <= $3::timestamptz THEN 1 ELSE f.failures + 1 END) >= $4::integer THEN $5::timestamptz END,
			expires_at = $5::timestamptz
		RETURNING username, remote, failures, last_failed_at, locked_until, expires_at`,
		username, remote, at, p.MaxFailures, expires)
	if err != nil {
		return nil, translate("login failed", err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanLoginFailure)
	if err != nil {
		return nil, translate("login failed", err)
	}
	return &f, nil
}

// LoginLock implements data.Store.
func (s *Store) LoginLock(ctx context.Context, username, remote string, now time.Time) (*time.Time, error) {
	var until *time.Time
	err := s.pool.QueryRow(ctx, `SELECT max(locked_until) FROM login_failures
		WHERE username = $1 AND remote = $2 AND locked_until > $3`, username, remote, contract.Time(now)).Scan(&until)
	if err != nil {
		return nil, translate("login lock", err)
	}
	return utcPtr(until), nil
}

// LoginSucceeded implements data.Store.
func (s *Store) LoginSucceeded(ctx context.Context, username, remote string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE username = $1 AND remote = $2`, username, remote)
	return translate("login succeeded", err)
}

// LoginLocks implements data.Store.
func (s *Store) LoginLocks(ctx context.Context, now time.Time) ([]data.LoginFailure, error) {
	rows, err := s.pool.Query(ctx, loginFailureSelect+` WHERE locked_until > $1 ORDER BY username, remote`, contract.Time(now))
	if err != nil {
		return nil, translate("login locks", err)
	}
	fs, err := pgx.CollectRows(rows, scanLoginFailure)
	if err != nil {
		return nil, translate("login locks", err)
	}
	if fs == nil {
		fs = []data.LoginFailure{}
	}
	return fs, nil
}

// ClearLoginFailures implements data.Store.
func (s *Store) ClearLoginFailures(ctx context.Context, username, remote string) (int, error) {
	if username == "" {
		return 0, contract.NoLoginUsername()
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE username = $1 AND ($2 = '' OR remote = $2)`, username, remote)
	if err != nil {
		return 0, translate("clear login failures", err)
	}
	return int(tag.RowsAffected()), nil
}

func scanLoginFailure(row pgx.CollectableRow) (data.LoginFailure, error) {
	var f data.LoginFailure
	var locked *time.Time
	err := row.Scan(&f.Username, &f.Remote, &f.Failures, &f.LastAt, &locked, &f.ExpiresAt)
	f.LastAt, f.LockedUntil, f.ExpiresAt = f.LastAt.UTC(), utcPtr(locked), f.ExpiresAt.UTC()
	return f, err
}
