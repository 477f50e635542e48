package storetest

import (
	"testing"
	"time"

	"gridmap/data"
)

// testPasswordRevokes: a password change, by ChangePassword or by
// UpdateUser, ends the account's sessions (but the one ChangePassword
// keeps) and revokes its tokens in the same transaction; other accounts
// and other updates keep theirs, and an UpdateUser without a hash keeps
// the password.
func testPasswordRevokes(t *testing.T, s data.Store) {
	ctx := t.Context()
	us := []data.User{{Username: "a", Role: data.RoleAdmin, PasswordHash: "h1"}, {Username: "b", Role: data.RoleViewer, PasswordHash: "hb"}}
	createUsers(t, s, us)
	a, b := us[0], us[1]
	created := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	now := created.Add(time.Hour)
	for _, se := range []data.Session{{ID: "s1", UserID: a.ID}, {ID: "s2", UserID: a.ID}, {ID: "s3", UserID: b.ID}} {
		se.CreatedAt, se.ExpiresAt = created, created.AddDate(1, 0, 0)
		ok(t, "CreateSession("+se.ID+")", s.CreateSession(ctx, &se))
	}
	early := created.Add(time.Minute)
	tokens := []data.Token{{UserID: a.ID, Hash: "t1"}, {UserID: a.ID, Hash: "t2", RevokedAt: &early}, {UserID: b.ID, Hash: "t3"}}
	for i := range tokens {
		tokens[i].CreatedAt, tokens[i].ExpiresAt = created, created.AddDate(1, 0, 0)
		ok(t, "CreateToken("+tokens[i].Hash+")", s.CreateToken(ctx, &tokens[i]))
	}
	sessions := func(call string, want map[string]bool) {
		t.Helper()
		for id, live := range want {
			_, err := s.Session(ctx, id, now)
			if got := err == nil; got != live {
				t.Errorf("after %s: Session(%s) live = %v (%v); want %v", call, id, got, err, live)
			}
		}
	}
	revoked := func(call, hash string, want *time.Time) {
		t.Helper()
		tk, err := s.TokenByHash(ctx, hash)
		ok(t, "TokenByHash("+hash+")", err)
		if !equalTime(tk.RevokedAt, want) {
			t.Errorf("after %s: token %s revoked at %v; want %v", call, hash, tk.RevokedAt, want)
		}
	}

	// Other changes keep sessions and tokens.
	renamed := a
	renamed.Name = "改名"
	ok(t, "UpdateUser(same hash)", s.UpdateUser(ctx, &renamed))
	sessions("UpdateUser(same hash)", map[string]bool{"s1": true, "s2": true, "s3": true})
	revoked("UpdateUser(same hash)", "t1", nil)

	// A change of one's own password keeps the session making it.
	at := created.Add(2 * time.Hour)
	ok(t, "ChangePassword(a, keep s1)", s.ChangePassword(ctx, data.PasswordChange{UserID: a.ID, Hash: "h2", KeepSession: "s1", At: at}))
	got, err := s.User(ctx, a.ID)
	ok(t, "User(a)", err)
	if got.PasswordHash != "h2" || got.Name != "改名" {
		t.Errorf("User(a) after ChangePassword has hash %q, name %q; want h2, 改名", got.PasswordHash, got.Name)
	}
	sessions("ChangePassword(a, keep s1)", map[string]bool{"s1": true, "s2": false, "s3": true})
	revoked("ChangePassword(a)", "t1", &at)
	revoked("ChangePassword(a)", "t2", &early) // the first revocation stays
	revoked("ChangePassword(a)", "t3", nil)

	// An administrator's reset (UpdateUser with a new hash) ends them all.
	t4 := data.Token{UserID: a.ID, Hash: "t4", CreatedAt: at, ExpiresAt: at.AddDate(1, 0, 0)}
	ok(t, "CreateToken(t4)", s.CreateToken(ctx, &t4))
	reset := *got
	reset.PasswordHash = "h3"
	before := time.Now().UTC().Truncate(time.Microsecond)
	ok(t, "UpdateUser(new hash)", s.UpdateUser(ctx, &reset))
	sessions("UpdateUser(new hash)", map[string]bool{"s1": false, "s3": true})
	tk, err := s.TokenByHash(ctx, "t4")
	ok(t, "TokenByHash(t4)", err)
	if tk.RevokedAt == nil || tk.RevokedAt.Before(before) || tk.RevokedAt.After(time.Now()) {
		t.Errorf("after UpdateUser(new hash): token t4 revoked at %v; want now", tk.RevokedAt)
	}
	revoked("UpdateUser(new hash)", "t3", nil)

	// An UpdateUser without a hash keeps the stored one (h3, not the h2 of
	// a stale read) and what it opened.
	t5 := data.Token{UserID: a.ID, Hash: "t5", CreatedAt: at, ExpiresAt: at.AddDate(1, 0, 0)}
	ok(t, "CreateToken(t5)", s.CreateToken(ctx, &t5))
	stale := *got
	stale.PasswordHash, stale.Name = "", "再改名"
	ok(t, "UpdateUser(no hash)", s.UpdateUser(ctx, &stale))
	if u, err := s.User(ctx, a.ID); err != nil || u.PasswordHash != "h3" || u.Name != "再改名" {
		t.Errorf("User(a) after UpdateUser(no hash) = %+v, %v; want hash h3, name 再改名", u, err)
	}
	revoked("UpdateUser(no hash)", "t5", nil)

	// ChangePassword without a session to keep ends every one; an unknown
	// account is refused and nothing changes.
	s5 := data.Session{ID: "s5", UserID: a.ID, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0)}
	ok(t, "CreateSession(s5)", s.CreateSession(ctx, &s5))
	ok(t, "ChangePassword(a)", s.ChangePassword(ctx, data.PasswordChange{UserID: a.ID, Hash: "h4"}))
	sessions("ChangePassword(a)", map[string]bool{"s5": false, "s3": true})
	wantCode(t, "ChangePassword(unknown)", s.ChangePassword(ctx, data.PasswordChange{UserID: b.ID + 1, Hash: "x"}), data.ENOTFOUND)
	sessions("ChangePassword(unknown)", map[string]bool{"s3": true})
	revoked("ChangePassword(unknown)", "t3", nil)

	// A session or token asked for with a hash that is no longer the
	// account's (a login racing a change) is refused; with the current one
	// it is made.
	late := data.Session{ID: "s6", UserID: a.ID, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0), CheckedHash: "h3"}
	wantCode(t, "CreateSession(stale hash)", s.CreateSession(ctx, &late), data.EUNAUTHORIZED)
	sessions("CreateSession(stale hash)", map[string]bool{"s6": false})
	staleToken := data.Token{UserID: a.ID, Hash: "t6", CreatedAt: at, ExpiresAt: at.AddDate(1, 0, 0), CheckedHash: "h3"}
	wantCode(t, "CreateToken(stale hash)", s.CreateToken(ctx, &staleToken), data.EUNAUTHORIZED)
	if _, err := s.TokenByHash(ctx, "t6"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("TokenByHash(t6) after CreateToken(stale hash) = %v; want ENOTFOUND", err)
	}
	late.CheckedHash, staleToken.CheckedHash = "h4", "h4"
	ok(t, "CreateSession(current hash)", s.CreateSession(ctx, &late))
	ok(t, "CreateToken(current hash)", s.CreateToken(ctx, &staleToken))

	// A change checked against a hash that is no longer the account's (a
	// reset came first) is refused and changes nothing.
	wantCode(t, "ChangePassword(stale hash)", s.ChangePassword(ctx, data.PasswordChange{UserID: a.ID, Hash: "h5", CheckedHash: "h3"}), data.EUNAUTHORIZED)
	sessions("ChangePassword(stale hash)", map[string]bool{"s6": true})
	revoked("ChangePassword(stale hash)", "t6", nil)
	ok(t, "ChangePassword(current hash)", s.ChangePassword(ctx, data.PasswordChange{UserID: a.ID, Hash: "h5", CheckedHash: "h4"}))
	if u, err := s.User(ctx, a.ID); err != nil || u.PasswordHash != "h5" {
		t.Errorf("User(a) after ChangePassword(current hash) = %+v, %v; want hash h5", u, err)
	}
}
