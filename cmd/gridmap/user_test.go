package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/sqlite"
)

// gridmap runs the command line in-process with the given stdin.
func gridmap(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, env(nil), strings.NewReader(stdin), &out, io.Discard)
	return out.String(), err
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	if _, err := gridmap(t, "", "user", "add", "-db", db, "-username", "wang", "-role", "viewer"); err == nil {
		t.Fatalf("user add without a password on stdin succeeded")
	}
	out, err := gridmap(t, "a long enough password\n", "user", "add", "-db", db, "-username", "wang", "-role", "viewer", "-name", "王芳")
	if err != nil || !strings.Contains(out, "created user wang") {
		t.Fatalf("user add = %q, %v", out, err)
	}
	if _, err := gridmap(t, "a long enough password\n", "user", "add", "-db", db, "-username", "wang", "-role", "viewer"); err == nil {
		t.Errorf("adding a taken username succeeded")
	}
	if _, err := gridmap(t, "a long enough password\n", "user", "add", "-db", db, "-username", "li", "-role", "grid_worker", "-cells", "nope"); err == nil {
		t.Errorf("adding a grid worker with an unknown cell succeeded")
	}
	if _, err := gridmap(t, "", "user", "disable", "-db", db, "-username", "wang"); err != nil {
		t.Fatalf("user disable: %v", err)
	}
	out, err = gridmap(t, "", "user", "list", "-db", db)
	if err != nil || !strings.Contains(out, "wang") || !strings.Contains(out, "disabled") {
		t.Errorf("user list = %q, %v; want wang, disabled", out, err)
	}
	// A session, a token and a login lock from before the new password.
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByName(ctx, "wang")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := st.CreateSession(ctx, &data.Session{ID: "s1", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(ctx, &data.Token{UserID: u.ID, Hash: "t1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoginFailed(ctx, "wang", "192.0.2.1", now, data.LoginPolicy{MaxFailures: 1, LockFor: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, err := gridmap(t, "another long password\n", "user", "passwd", "-db", db, "-username", "wang"); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	if u, err = st.UserByName(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(u.PasswordHash, "another long password"); !ok || !u.Disabled || u.Name != "王芳" {
		t.Errorf("after passwd: password ok %v, disabled %v, name %q", ok, u.Disabled, u.Name)
	}
	if _, err := st.Session(ctx, "s1", now); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("after passwd: Session(s1) = %v; want it ended", err)
	}
	if tk, err := st.TokenByHash(ctx, "t1"); err != nil || tk.RevokedAt == nil {
		t.Errorf("after passwd: token = %+v, %v; want it revoked", tk, err)
	}
	if l, err := st.LoginLock(ctx, "wang", "192.0.2.1", now); err != nil || l != nil {
		t.Errorf("after passwd: login lock = %v, %v; want none", l, err)
	}
	for _, args := range [][]string{{"user"}, {"user", "frobnicate"}, {"user", "passwd", "-db", db}} {
		if _, err := gridmap(t, "", args...); err == nil {
			t.Errorf("gridmap %v succeeded; want an error", args)
		}
	}
}

func TestSeedCreatesAccountsAndOneAdmin(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := newLogger("text", io.Discard)
	if err := seed(ctx, st, true, log); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"leader", "cadre", "gridworker", "mediator", "viewer"} {
		if _, err := st.UserByName(ctx, name); err != nil {
			t.Errorf("demo account %s: %v", name, err)
		}
	}
	if err := ensureAdmin(ctx, st, "short", log, io.Discard); err == nil {
		t.Errorf("ensureAdmin accepted a 5-character GRIDMAP_ADMIN_PASSWORD")
	}
	var printed bytes.Buffer
	if err := ensureAdmin(ctx, st, "", log, &printed); err != nil || !strings.Contains(printed.String(), "password: ") {
		t.Fatalf("first ensureAdmin = %v, printed %q; want a printed password", err, printed.String())
	}
	pw := strings.TrimSpace(strings.SplitN(strings.SplitN(printed.String(), "password: ", 2)[1], "\n", 2)[0])
	admin, err := st.UserByName(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(admin.PasswordHash, pw); !ok {
		t.Errorf("the printed password %q does not open the admin account", pw)
	}
	printed.Reset()
	if err := ensureAdmin(ctx, st, "", log, &printed); err != nil || printed.Len() != 0 {
		t.Errorf("second ensureAdmin = %v, printed %q; want nothing (the admin exists)", err, printed.String())
	}
}
