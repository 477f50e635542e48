package sqlstore

import (
	"cmp"
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// userSelect reads accounts into userFields, with their cells in order:
// NULL for none, which scans as nil (the JSON field is omitted either
// way).
func (s *Store) userSelect() string {
	return `SELECT id, username, name, role, coalesce(unit_code, ''), coalesce(mediator_id, 0), disabled,
	created_at, password_hash,
	(SELECT CASE WHEN count(*) > 0 THEN ` + s.d.ListAgg("cell_code", "cell_code") + ` END FROM user_cells WHERE user_id = users.id)
FROM users`
}

// CreateUser implements data.Store. A zero CreatedAt means now; another
// is kept (normalised), for imports and reproducible tests.
func (s *Store) CreateUser(ctx context.Context, u *data.User) error {
	if err := cmp.Or(domain.CheckUsername(u.Username), domain.CheckUserScope(u)); err != nil {
		return err
	}
	created := domain.OrTime(u.CreatedAt, time.Now())
	id, err := write(ctx, s, "create user", func(tx conn) (int64, error) {
		if err := s.checkUserRefs(ctx, tx, u); err != nil {
			return 0, err
		}
		return s.insertUser(ctx, tx, u, created)
	})
	if err != nil {
		return err
	}
	u.ID, u.CreatedAt = id, created
	return nil
}

// insertUser inserts a checked account whose references exist, created
// at created, and returns its ID: ECONFLICT for a taken username.
func (s *Store) insertUser(ctx context.Context, tx conn, u *data.User, created time.Time) (int64, error) {
	taken := data.Errorf(data.ECONFLICT, "The username %q is taken.", u.Username).WithField("username")
	id, err := s.insertUnique(ctx, tx, taken, `SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)`, u.Username,
		`INSERT INTO users (username, name, role, unit_code, mediator_id, disabled, created_at, password_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Username, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.Disabled, s.time(created), u.PasswordHash)
	if err != nil {
		return 0, err
	}
	return id, s.insertUserCells(&batch{ctx: ctx, tx: tx}, id, u.Cells)
}

// User implements data.Store.
func (s *Store) User(ctx context.Context, id int64) (*data.User, error) {
	u, err := scanFields(s.reader().row(ctx, s.userSelect()+` WHERE id = ?`, id), s.userFields)
	return found(s, "user", u, err, func() error { return notFound("user", id) })
}

// UserByName implements data.Store.
func (s *Store) UserByName(ctx context.Context, username string) (*data.User, error) {
	u, err := scanFields(s.reader().row(ctx, s.userSelect()+` WHERE username = ?`, username), s.userFields)
	return found(s, "user", u, err, func() error { return notFound("user", username) })
}

// Users implements data.Store.
func (s *Store) Users(ctx context.Context) ([]data.User, error) {
	return list(ctx, s, "users", s.userFields, s.userSelect()+` ORDER BY id`)
}

// UpdateUser implements data.Store.
func (s *Store) UpdateUser(ctx context.Context, u *data.User) error {
	if err := domain.CheckUserScope(u); err != nil {
		return err
	}
	return s.commit(ctx, "update user", func(tx conn) error {
		// Locked: concurrent updates of one account apply one after the
		// other, cells included.
		oldHash, err := s.userHash(ctx, tx, u.ID, s.d.ForUpdate())
		if err != nil {
			return err
		}
		b := &batch{ctx: ctx, tx: tx, err: s.checkUserRefs(ctx, tx, u)}
		b.exec(`UPDATE users SET name = ?, role = ?, unit_code = ?, mediator_id = ?, password_hash = coalesce(nullif(?, ''), password_hash),
			disabled = ? WHERE id = ?`, u.Name, u.Role, nullString(u.UnitCode), nullID(u.MediatorID), u.PasswordHash, u.Disabled, u.ID)
		if u.PasswordHash != "" && u.PasswordHash != oldHash { // a password change revokes what the old one opened
			s.revokeCredentials(b, u.ID, "", domain.StoredTime(time.Now()))
		}
		b.exec(`DELETE FROM user_cells WHERE user_id = ?`, u.ID)
		return s.insertUserCells(b, u.ID, u.Cells)
	})
}

// ChangePassword implements data.Store.
func (s *Store) ChangePassword(ctx context.Context, c data.PasswordChange) error {
	at := domain.OrTime(c.At, time.Now())
	return s.commit(ctx, "change password", func(tx conn) error {
		// The hash checked and the change in one statement: a concurrent
		// change makes it match no row, and userMustExist says why.
		b := &batch{ctx: ctx, tx: tx}
		n := b.exec(`UPDATE users SET password_hash = ?1 WHERE id = ?2 AND (?3 = '' OR password_hash = ?3)`,
			c.Hash, c.UserID, c.CheckedHash)
		if b.err == nil && n == 0 { // no such account, or another hash: userMustExist says which
			return cmp.Or(s.userMustExist(ctx, tx, c.UserID, c.CheckedHash), error(notFound("user", c.UserID)))
		}
		s.revokeCredentials(b, c.UserID, c.KeepSession, at)
		return b.err
	})
}

// revokeCredentials ends every session of the user but keep and revokes
// the user's tokens not revoked yet at at: what a password change entails.
func (s *Store) revokeCredentials(b *batch, userID int64, keep string, at time.Time) {
	b.exec(`DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep)
	b.exec(`UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, s.time(at), userID)
}

// checkUserRefs returns EINVALID unless the cells, unit and mediator u
// names exist, the mediator in u's unit (domain.CheckMediatorUnit).
func (s *Store) checkUserRefs(ctx context.Context, tx conn, u *data.User) error {
	for _, c := range u.Cells { // an account's few cells
		if err := mustCell(ctx, tx, "cells", c); err != nil {
			return err
		}
	}
	missing := func() error { return data.FieldErrorf("unit_code", "There is no unit %s.", u.UnitCode) }
	if err := mustRef(ctx, tx, "units", u.UnitCode, missing); err != nil {
		return err
	}
	if u.MediatorID == 0 {
		return nil
	}
	var unit string
	if err := tx.row(ctx, `SELECT coalesce(unit_code, '') FROM mediators WHERE id = ?`, u.MediatorID).Scan(&unit); err != nil {
		return noRows(err, data.FieldErrorf("mediator_id", "There is no mediator %d.", u.MediatorID))
	}
	return domain.CheckMediatorUnit(u, unit)
}

func (s *Store) insertUserCells(b *batch, id int64, cells []string) error {
	if len(cells) > 0 {
		b.exec(`INSERT INTO user_cells (user_id, cell_code) SELECT ?, value FROM `+s.d.Elements("text"), id, s.d.List(cells))
	}
	return b.err
}

func (s *Store) userFields(u *data.User) []any {
	return []any{&u.ID, &u.Username, &u.Name, &u.Role, &u.UnitCode, &u.MediatorID, &u.Disabled,
		s.at(&u.CreatedAt), &u.PasswordHash, s.d.ListDest(&u.Cells)}
}
