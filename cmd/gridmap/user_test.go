package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/auth"
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
	if _, err := gridmap(t, "another long password\n", "user", "passwd", "-db", db, "-username", "wang"); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByName(context.Background(), "wang")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(u.PasswordHash, "another long password"); !ok || !u.Disabled || u.Name != "王芳" {
		t.Errorf("after passwd: password ok %v, disabled %v, name %q", ok, u.Disabled, u.Name)
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
