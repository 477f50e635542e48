package storetest

import (
	"fmt"
	"testing"
	"time"

	"gridmap/data"
)

// twoUsers creates two accounts and returns their IDs.
func twoUsers(t *testing.T, s data.Store) (int64, int64) {
	t.Helper()
	us := []data.User{{Username: "a", Role: data.RoleAdmin}, {Username: "b", Role: data.RoleViewer}}
	createUsers(t, s, us)
	return us[0].ID, us[1].ID
}

// micro is t as stores keep it: UTC, to the microsecond.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func testSessions(t *testing.T, s data.Store) {
	ctx := t.Context()
	a, b := twoUsers(t, s)
	created := time.Date(2024, 3, 1, 8, 0, 0, 123456789, cst)
	expires := created.Add(12 * time.Hour)
	s1 := data.Session{ID: "s1", UserID: a, CSRFToken: "csrf-1", CreatedAt: created, ExpiresAt: expires, Remote: "192.0.2.1"}
	s2 := data.Session{ID: "s2", UserID: a, CSRFToken: "csrf-2", CreatedAt: created, ExpiresAt: expires, Remote: "192.0.2.2"}
	s3 := data.Session{ID: "s3", UserID: b, CSRFToken: "csrf-3", CreatedAt: created, ExpiresAt: expires, Remote: "2001:db8::3"}
	for _, se := range []*data.Session{&s1, &s2, &s3} {
		ok(t, "CreateSession("+se.ID+")", s.CreateSession(ctx, se))
	}
	want := data.Session{ID: "s1", UserID: a, CSRFToken: "csrf-1", CreatedAt: micro(created), ExpiresAt: micro(expires), Remote: "192.0.2.1"}
	equal(t, "CreateSession(s1) leaves", s1, want)
	for _, now := range []time.Time{created, expires.Add(-time.Microsecond)} {
		got, err := s.Session(ctx, "s1", now)
		ok(t, fmt.Sprintf("Session(s1, %v)", now), err)
		equal(t, fmt.Sprintf("Session(s1, %v)", now), *got, want)
	}
	for _, now := range []time.Time{expires, expires.Add(time.Hour)} {
		_, err := s.Session(ctx, "s1", now)
		wantCode(t, fmt.Sprintf("Session(s1, expired at %v)", now), err, data.ENOTFOUND)
	}
	for _, id := range []string{"", "S1", "missing"} {
		_, err := s.Session(ctx, id, created)
		wantCode(t, "Session("+id+")", err, data.ENOTFOUND)
	}
	dup := data.Session{ID: "s1", UserID: b, CreatedAt: created, ExpiresAt: expires}
	wantCode(t, "CreateSession(duplicate ID)", s.CreateSession(ctx, &dup), data.ECONFLICT)
	nobody := data.Session{ID: "s9", UserID: b + 1, CreatedAt: created, ExpiresAt: expires}
	wantCode(t, "CreateSession(unknown user)", s.CreateSession(ctx, &nobody), data.ENOTFOUND)
	noID := data.Session{UserID: a, CreatedAt: created, ExpiresAt: expires}
	wantField(t, "CreateSession(no ID)", s.CreateSession(ctx, &noID), data.EINVALID, "id")

	// Logging a user out everywhere leaves the other user's session.
	ok(t, "DeleteUserSessions(a)", s.DeleteUserSessions(ctx, a))
	for _, id := range []string{"s1", "s2"} {
		_, err := s.Session(ctx, id, created)
		wantCode(t, "Session("+id+") after DeleteUserSessions", err, data.ENOTFOUND)
	}
	if _, err := s.Session(ctx, "s3", created); err != nil {
		t.Errorf("Session(s3) after DeleteUserSessions(a) = %v; want it kept", err)
	}
	ok(t, "DeleteUserSessions(unknown user)", s.DeleteUserSessions(ctx, b+1))
	ok(t, "DeleteSession(s3)", s.DeleteSession(ctx, "s3"))
	_, err := s.Session(ctx, "s3", created)
	wantCode(t, "Session(s3) after DeleteSession", err, data.ENOTFOUND)
	ok(t, "DeleteSession(s3) again", s.DeleteSession(ctx, "s3"))

	// A zero CreatedAt means now.
	before := time.Now().UTC().Truncate(time.Microsecond)
	fresh := data.Session{ID: "s4", UserID: b, ExpiresAt: time.Now().Add(time.Hour)}
	ok(t, "CreateSession(s4)", s.CreateSession(ctx, &fresh))
	if fresh.CreatedAt.Before(before) || fresh.CreatedAt.After(time.Now()) {
		t.Errorf("CreateSession(no CreatedAt) set %v; want now", fresh.CreatedAt)
	}
	got, err := s.Session(ctx, "s4", time.Now())
	ok(t, "Session(s4)", err)
	equal(t, "Session(s4)", *got, fresh)
}

// testSessionPurge: creating a session deletes those that expired by its
// creation, so that the table does not grow with abandoned logins.
func testSessionPurge(t *testing.T, s data.Store) {
	ctx := t.Context()
	a, _ := twoUsers(t, s)
	t0 := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	old := data.Session{ID: "old", UserID: a, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	kept := data.Session{ID: "kept", UserID: a, CreatedAt: t0, ExpiresAt: t0.Add(3 * time.Hour)}
	later := data.Session{ID: "later", UserID: a, CreatedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(10 * time.Hour)}
	for _, se := range []*data.Session{&old, &kept, &later} {
		ok(t, "CreateSession("+se.ID+")", s.CreateSession(ctx, se))
	}
	// Asked as of a time before it expired, the old session is gone all the same.
	_, err := s.Session(ctx, "old", t0)
	wantCode(t, "Session(old) after a later CreateSession", err, data.ENOTFOUND)
	for _, id := range []string{"kept", "later"} {
		if _, err := s.Session(ctx, id, t0.Add(2*time.Hour)); err != nil {
			t.Errorf("Session(%s) = %v; want it kept", id, err)
		}
	}
}

func testTokens(t *testing.T, s data.Store) {
	ctx := t.Context()
	a, b := twoUsers(t, s)
	created := time.Date(2024, 3, 1, 8, 0, 0, 123456789, cst)
	expires := created.AddDate(0, 3, 0)
	t1 := data.Token{UserID: a, Name: "QGIS", Hash: "hash-1", CreatedAt: created, ExpiresAt: expires}
	t2 := data.Token{UserID: a, Name: "脚本", Hash: "hash-2", CreatedAt: created, ExpiresAt: expires}
	t3 := data.Token{UserID: b, Name: "", Hash: "hash-3", CreatedAt: created, ExpiresAt: expires}
	for _, tk := range []*data.Token{&t1, &t2, &t3} {
		ok(t, "CreateToken("+tk.Hash+")", s.CreateToken(ctx, tk))
	}
	if t1.ID <= 0 || t2.ID <= t1.ID || t3.ID <= t2.ID {
		t.Errorf("CreateToken() set IDs %d, %d, %d; want IDs that grow", t1.ID, t2.ID, t3.ID)
	}
	want1 := data.Token{ID: t1.ID, UserID: a, Name: "QGIS", Hash: "hash-1", CreatedAt: micro(created), ExpiresAt: micro(expires)}
	equal(t, "CreateToken(hash-1) leaves", t1, want1)
	got, err := s.Tokens(ctx, a)
	ok(t, "Tokens(a)", err)
	equal(t, "Tokens(a)", got, []data.Token{t1, t2})
	got, err = s.Tokens(ctx, b)
	ok(t, "Tokens(b)", err)
	equal(t, "Tokens(b)", got, []data.Token{t3})
	got, err = s.Tokens(ctx, b+1)
	ok(t, "Tokens(unknown user)", err)
	equal(t, "Tokens(unknown user)", got, []data.Token{})
	tk, err := s.TokenByHash(ctx, "hash-2")
	ok(t, "TokenByHash(hash-2)", err)
	equal(t, "TokenByHash(hash-2)", *tk, t2)
	for _, h := range []string{"", "HASH-2", "hash"} {
		_, err := s.TokenByHash(ctx, h)
		wantCode(t, "TokenByHash("+h+")", err, data.ENOTFOUND)
	}

	dup := data.Token{UserID: b, Name: "copy", Hash: "hash-1", ExpiresAt: expires}
	wantField(t, "CreateToken(duplicate hash)", s.CreateToken(ctx, &dup), data.ECONFLICT, "hash")
	nobody := data.Token{UserID: b + 1, Hash: "hash-9", ExpiresAt: expires}
	wantCode(t, "CreateToken(unknown user)", s.CreateToken(ctx, &nobody), data.ENOTFOUND)
	noHash := data.Token{UserID: a, ExpiresAt: expires}
	wantField(t, "CreateToken(no hash)", s.CreateToken(ctx, &noHash), data.EINVALID, "hash")

	// A zero CreatedAt means now; the next ID follows the refused ones.
	before := time.Now().UTC().Truncate(time.Microsecond)
	t4 := data.Token{UserID: b, Name: "now", Hash: "hash-4", ExpiresAt: expires}
	ok(t, "CreateToken(hash-4)", s.CreateToken(ctx, &t4))
	if t4.CreatedAt.Before(before) || t4.CreatedAt.After(time.Now()) || t4.ID != t3.ID+1 {
		t.Errorf("CreateToken(no CreatedAt) set ID %d, CreatedAt %v; want %d, now", t4.ID, t4.CreatedAt, t3.ID+1)
	}
}

func testTokenRevokeTouch(t *testing.T, s data.Store) {
	ctx := t.Context()
	a, _ := twoUsers(t, s)
	created := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	tk := data.Token{UserID: a, Name: "QGIS", Hash: "hash-1", CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0)}
	ok(t, "CreateToken()", s.CreateToken(ctx, &tk))
	check := func(call string, revoked, used *time.Time) {
		t.Helper()
		got, err := s.TokenByHash(ctx, "hash-1")
		ok(t, "TokenByHash()", err)
		want := tk
		want.RevokedAt, want.LastUsedAt = revoked, used
		equal(t, "TokenByHash() after "+call, *got, want)
	}
	at := func(h int, ns int) *time.Time {
		v := micro(created.Add(time.Duration(h)*time.Hour + time.Duration(ns)).In(cst))
		return &v
	}
	ok(t, "TouchToken(+2h)", s.TouchToken(ctx, tk.ID, created.Add(2*time.Hour+999).In(cst)))
	check("TouchToken(+2h)", nil, at(2, 999))
	ok(t, "TouchToken(+1h)", s.TouchToken(ctx, tk.ID, created.Add(time.Hour)))
	check("an earlier TouchToken", nil, at(2, 999))
	ok(t, "TouchToken(+3h)", s.TouchToken(ctx, tk.ID, created.Add(3*time.Hour)))
	check("a later TouchToken", nil, at(3, 0))
	ok(t, "RevokeToken(+4h)", s.RevokeToken(ctx, tk.ID, created.Add(4*time.Hour+1500)))
	check("RevokeToken", at(4, 1500), at(3, 0))
	ok(t, "RevokeToken(+5h)", s.RevokeToken(ctx, tk.ID, created.Add(5*time.Hour)))
	check("RevokeToken again", at(4, 1500), at(3, 0))
	wantCode(t, "RevokeToken(unknown)", s.RevokeToken(ctx, tk.ID+1, created), data.ENOTFOUND)
	wantCode(t, "TouchToken(unknown)", s.TouchToken(ctx, tk.ID+1, created), data.ENOTFOUND)

	// Revoked and expired tokens are stored as given.
	gone := data.Token{UserID: a, Hash: "hash-2", CreatedAt: created, ExpiresAt: created.Add(-time.Hour),
		RevokedAt: at(1, 0), LastUsedAt: at(0, 5000)}
	ok(t, "CreateToken(revoked)", s.CreateToken(ctx, &gone))
	got, err := s.TokenByHash(ctx, "hash-2")
	ok(t, "TokenByHash(hash-2)", err)
	equal(t, "TokenByHash(revoked, expired)", *got, gone)
}
