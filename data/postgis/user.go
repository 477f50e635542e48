package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// userSelect reads accounts with their cells in order.
const userSelect = `SELECT id, username, name, role, coalesce(unit_code, ''), coalesce(mediator_id, 0), disabled,
	created_at, password_hash,
	ARRAY(SELECT cell_code FROM user_cells WHERE user_id = users.id ORDER BY cell_code)
FROM users`

// CreateUser implements data.Store. A zero CreatedAt means now; another
// is kept (normalised), for imports and reproducible tests.
func (s *Store) CreateUser(ctx context.Context, u *data.User) error {
	if err := contract.CheckUsername(u.Username); err != nil {
		return err
	}
	if err := contract.CheckUserScope(u); err != nil {
		return err
	}
	created := contract.OrNow(u.CreatedAt)
	var id int64
	err := s.update(ctx, func(tx pgx.Tx) error {
		if err := checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		// Checked first so that a taken name uses up no ID, as in SQLite;
		// the unique constraint still decides between concurrent inserts.
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)`, u.Username).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return contract.UsernameTaken(u.Username)
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (username, name, role, unit_code, mediator_id, disabled, created_at, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			u.Username, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.Disabled, created, u.PasswordHash).Scan(&id)
		if isUniqueViolation(err) {
			return contract.UsernameTaken(u.Username)
		}
		if err != nil {
			return err
		}
		return insertUserCells(ctx, tx, id, u.Cells)
	})
	if err != nil {
		return translate("create user", err)
	}
	u.ID, u.CreatedAt = id, created
	return nil
}

// User implements data.Store.
func (s *Store) User(ctx context.Context, id int64) (*data.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, userSelect+` WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contract.UserNotFound(id)
	}
	if err != nil {
		return nil, translate("user", err)
	}
	return &u, nil
}

// UserByName implements data.Store.
func (s *Store) UserByName(ctx context.Context, username string) (*data.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, userSelect+` WHERE username = $1`, username))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contract.NotFound("user", username)
	}
	if err != nil {
		return nil, translate("user", err)
	}
	return &u, nil
}

// Users implements data.Store.
func (s *Store) Users(ctx context.Context) ([]data.User, error) {
	rows, err := s.pool.Query(ctx, userSelect+` ORDER BY id`)
	if err != nil {
		return nil, translate("users", err)
	}
	us := []data.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, translate("users", err)
		}
		us = append(us, u)
	}
	return us, translate("users", rows.Err())
}

// UpdateUser implements data.Store.
func (s *Store) UpdateUser(ctx context.Context, u *data.User) error {
	if err := contract.CheckUserScope(u); err != nil {
		return err
	}
	err := s.update(ctx, func(tx pgx.Tx) error {
		// FOR UPDATE: concurrent updates of one account apply one after
		// the other, cells included.
		var oldHash string
		if err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1 FOR UPDATE`, u.ID).Scan(&oldHash); errors.Is(err, pgx.ErrNoRows) {
			return contract.UserNotFound(u.ID)
		} else if err != nil {
			return err
		}
		if err := checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET name = $1, role = $2, unit_code = $3, mediator_id = $4, password_hash = $5, disabled = $6
			WHERE id = $7`, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.PasswordHash, u.Disabled, u.ID); err != nil {
			return err
		}
		if u.PasswordHash != oldHash { // a password change revokes what the old one opened
			if err := revokeCredentials(ctx, tx, u.ID, "", contract.OrNow(time.Time{})); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_cells WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		return insertUserCells(ctx, tx, u.ID, u.Cells)
	})
	return translate("update user", err)
}

// ChangePassword implements data.Store.
func (s *Store) ChangePassword(ctx context.Context, c data.PasswordChange) error {
	at := contract.OrNow(c.At)
	err := s.update(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, c.Hash, c.UserID)
		if err := mustChange(tag, err, contract.UserNotFound(c.UserID)); err != nil {
			return err
		}
		return revokeCredentials(ctx, tx, c.UserID, c.KeepSession, at)
	})
	return translate("change password", err)
}

// revokeCredentials ends every session of the user but keep and revokes
// the user's tokens not revoked yet at at: what a password change entails.
func revokeCredentials(ctx context.Context, tx pgx.Tx, userID int64, keep string, at time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, at, userID)
	return err
}

// checkUserRefs returns EINVALID unless the cells, unit and mediator u
// names exist, the mediator in u's unit.
func checkUserRefs(ctx context.Context, tx pgx.Tx, u *data.User) error {
	var r contract.UserRefs
	if len(u.Cells) > 0 {
		rows, err := tx.Query(ctx, `SELECT code FROM cells WHERE code = ANY ($1)`, u.Cells)
		if err != nil {
			return err
		}
		if r.Cells, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
	}
	if u.UnitCode != "" {
		var err error
		if r.Unit, err = exists(ctx, tx, "units", u.UnitCode); err != nil {
			return err
		}
	}
	if u.MediatorID != 0 {
		err := tx.QueryRow(ctx, `SELECT coalesce(unit_code, '') FROM mediators WHERE id = $1`, u.MediatorID).Scan(&r.MediatorUnit)
		switch {
		case err == nil:
			r.Mediator = true
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
	}
	return contract.CheckUserRefs(u, r)
}

func insertUserCells(ctx context.Context, tx pgx.Tx, id int64, cells []string) error {
	if len(cells) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO user_cells (user_id, cell_code) SELECT $1, unnest($2::text[])`, id, cells)
	return err
}

func scanUser(row pgx.Row) (data.User, error) {
	var u data.User
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Role, &u.UnitCode, &u.MediatorID, &u.Disabled,
		&u.CreatedAt, &u.PasswordHash, &u.Cells)
	u.CreatedAt = u.CreatedAt.UTC()
	u.Cells = contract.UserCells(u.Cells)
	return u, err
}

// nullString is s, or NULL for "".
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID is id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// utcPtr is the time t points to in UTC, keeping nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// mustChange returns notFound when an UPDATE or DELETE changed no row.
func mustChange(tag pgconn.CommandTag, err error, notFound error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return notFound
	}
	return nil
}

// isUniqueViolation reports whether err is a unique constraint's.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
