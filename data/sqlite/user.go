package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// userSelect reads accounts with their cells in order, as a JSON array.
const userSelect = `SELECT id, username, name, role, coalesce(unit_code, ''), coalesce(mediator_id, 0), disabled,
	created_at, password_hash,
	(SELECT json_group_array(cell_code ORDER BY cell_code) FROM user_cells WHERE user_id = users.id)
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
	err := s.update(ctx, func(tx *sql.Tx) error {
		if err := checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)`, u.Username).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return contract.UsernameTaken(u.Username)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, role, unit_code, mediator_id, disabled, created_at, password_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.Disabled, formatTime(created), u.PasswordHash).Scan(&id)
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
	u, err := scanUser(s.read.QueryRowContext(ctx, userSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.UserNotFound(id)
	}
	if err != nil {
		return nil, translate("user", err)
	}
	return &u, nil
}

// UserByName implements data.Store.
func (s *Store) UserByName(ctx context.Context, username string) (*data.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, userSelect+` WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contract.NotFound("user", username)
	}
	if err != nil {
		return nil, translate("user", err)
	}
	return &u, nil
}

// Users implements data.Store.
func (s *Store) Users(ctx context.Context) ([]data.User, error) {
	rows, err := s.read.QueryContext(ctx, userSelect+` ORDER BY id`)
	if err != nil {
		return nil, translate("users", err)
	}
	defer rows.Close()
	us := []data.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
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
	err := s.update(ctx, func(tx *sql.Tx) error {
		var oldHash string
		err := tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&oldHash)
		if errors.Is(err, sql.ErrNoRows) {
			return contract.UserNotFound(u.ID)
		} else if err != nil {
			return err
		}
		if err := checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, unit_code = ?, mediator_id = ?, password_hash = ?, disabled = ?
			WHERE id = ?`, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.PasswordHash, u.Disabled, u.ID); err != nil {
			return err
		}
		if u.PasswordHash != oldHash { // a password change revokes what the old one opened
			if err := revokeCredentials(ctx, tx, u.ID, "", contract.OrNow(time.Time{})); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_cells WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
		return insertUserCells(ctx, tx, u.ID, u.Cells)
	})
	return translate("update user", err)
}

// ChangePassword implements data.Store.
func (s *Store) ChangePassword(ctx context.Context, c data.PasswordChange) error {
	at := contract.OrNow(c.At)
	err := s.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, c.Hash, c.UserID)
		if err := mustChange(res, err, contract.UserNotFound(c.UserID)); err != nil {
			return err
		}
		return revokeCredentials(ctx, tx, c.UserID, c.KeepSession, at)
	})
	return translate("change password", err)
}

// revokeCredentials ends every session of the user but keep and revokes
// the user's tokens not revoked yet at at: what a password change entails.
func revokeCredentials(ctx context.Context, tx *sql.Tx, userID int64, keep string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, formatTime(at), userID)
	return err
}

// checkUserRefs returns EINVALID unless the cells, unit and mediator u
// names exist, the mediator in u's unit.
func checkUserRefs(ctx context.Context, tx *sql.Tx, u *data.User) error {
	var r contract.UserRefs
	if len(u.Cells) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT code FROM cells WHERE code IN (SELECT value FROM json_each(?))`, jsonList(u.Cells))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			r.Cells = append(r.Cells, c)
		}
		if err := rows.Err(); err != nil {
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
		err := tx.QueryRowContext(ctx, `SELECT coalesce(unit_code, '') FROM mediators WHERE id = ?`, u.MediatorID).Scan(&r.MediatorUnit)
		switch {
		case err == nil:
			r.Mediator = true
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
	}
	return contract.CheckUserRefs(u, r)
}

func insertUserCells(ctx context.Context, tx *sql.Tx, id int64, cells []string) error {
	if len(cells) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO user_cells (user_id, cell_code) SELECT ?, value FROM json_each(?)`, id, jsonList(cells))
	return err
}

func scanUser(row interface{ Scan(...any) error }) (data.User, error) {
	var u data.User
	var created, cells string
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Role, &u.UnitCode, &u.MediatorID, &u.Disabled,
		&created, &u.PasswordHash, &cells)
	if err != nil {
		return u, err
	}
	if u.CreatedAt, err = parseTime(created); err != nil {
		return u, err
	}
	if err := json.Unmarshal([]byte(cells), &u.Cells); err != nil {
		return u, err
	}
	u.Cells = contract.UserCells(u.Cells)
	return u, nil
}

// nullString is s, or NULL for "".
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// nullID is id, or NULL for 0.
func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

// mustChange returns notFound when an UPDATE or DELETE changed no row.
func mustChange(res sql.Result, err error, notFound error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}
