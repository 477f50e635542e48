package sqlite

import (
	"context"
	"database/sql"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

const loginFailureSelect = `SELECT username, remote, failures, last_failed_at, locked_until, expires_at FROM login_failures`

// LoginFailed implements data.Store with one upsert, which the single
// writer connection serialises; a record that expired counts from 1 again.
func (s *Store) LoginFailed(ctx context.Context, username, remote string, now time.Time, p data.LoginPolicy) (*data.LoginFailure, error) {
	at, expires := formatTime(now), formatTime(now.Add(p.LockFor))
	var f data.LoginFailure
	err := s.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE expires_at <= ?`, at); err != nil {
			return err
		}
		// The record of the pair is live: every expired one was deleted.
		row := tx.QueryRowContext(ctx, `INSERT INTO login_failures (username, remote, failures, last_failed_at, locked_until, expires_at)
			VALUES (?1, ?2, 1, ?3, CASE WHEN ?4 > 0 AND 1 >= ?4 THEN ?5 END, ?5)
			ON CONFLICT (username, remote) DO UPDATE SET failures = failures + 1, last_failed_at = ?3,
				locked_until = CASE WHEN ?4 > 0 AND failures + 1 >= ?4 THEN ?5 END, expires_at = ?5
			RETURNING username, remote, failures, last_failed_at, locked_until, expires_at`,
			username, remote, at, p.MaxFailures, expires)
		var err error
		f, err = scanLoginFailure(row)
		return err
	})
	if err != nil {
		return nil, translate("login failed", err)
	}
	return &f, nil
}

// LoginLock implements data.Store.
func (s *Store) LoginLock(ctx context.Context, username, remote string, now time.Time) (*time.Time, error) {
	var until sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT max(locked_until) FROM login_failures
		WHERE username = ? AND remote = ? AND locked_until > ?`, username, remote, formatTime(now)).Scan(&until)
	if err != nil {
		return nil, translate("login lock", err)
	}
	t, err := parseNullTime(until)
	return t, translate("login lock", err)
}

// LoginSucceeded implements data.Store.
func (s *Store) LoginSucceeded(ctx context.Context, username, remote string) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM login_failures WHERE username = ? AND remote = ?`, username, remote)
	return translate("login succeeded", err)
}

// LoginLocks implements data.Store.
func (s *Store) LoginLocks(ctx context.Context, now time.Time) ([]data.LoginFailure, error) {
	rows, err := s.read.QueryContext(ctx, loginFailureSelect+` WHERE locked_until > ? ORDER BY username, remote`, formatTime(now))
	if err != nil {
		return nil, translate("login locks", err)
	}
	defer rows.Close()
	fs := []data.LoginFailure{}
	for rows.Next() {
		f, err := scanLoginFailure(rows)
		if err != nil {
			return nil, translate("login locks", err)
		}
		fs = append(fs, f)
	}
	return fs, translate("login locks", rows.Err())
}

// ClearLoginFailures implements data.Store.
func (s *Store) ClearLoginFailures(ctx context.Context, username, remote string) (int, error) {
	if username == "" {
		return 0, contract.NoLoginUsername()
	}
	res, err := s.write.ExecContext(ctx, `DELETE FROM login_failures WHERE username = ?1 AND (?2 = '' OR remote = ?2)`, username, remote)
	if err != nil {
		return 0, translate("clear login failures", err)
	}
	n, err := res.RowsAffected()
	return int(n), translate("clear login failures", err)
}

func scanLoginFailure(row interface{ Scan(...any) error }) (data.LoginFailure, error) {
	var f data.LoginFailure
	var last, expires string
	var locked sql.NullString
	err := row.Scan(&f.Username, &f.Remote, &f.Failures, &last, &locked, &expires)
	if err == nil {
		f.LastAt, err = parseTime(last)
	}
	if err == nil {
		f.LockedUntil, err = parseNullTime(locked)
	}
	if err == nil {
		f.ExpiresAt, err = parseTime(expires)
	}
	return f, err
}
