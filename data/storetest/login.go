package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"gridmap/data"
)

// testLoginFailed: failures count per (username, address), whether the
// username names an account or not; the pair is locked from the policy's
// maximum on, until LockFor after its last failure, when the record
// expires and counting starts again.
func testLoginFailed(t *testing.T, s data.Store) {
	ctx := t.Context()
	u := data.User{Username: "worker", Role: data.RoleViewer}
	ok(t, "CreateUser(worker)", s.CreateUser(ctx, &u))
	const a, b = "192.0.2.1", "2001:db8:1:2::/64"
	now := time.Date(2024, 3, 1, 9, 0, 0, 123456789, cst)
	p := data.LoginPolicy{MaxFailures: 3, LockFor: 15 * time.Minute}
	at := func(d time.Duration) time.Time { return micro(now.Add(d)) }
	ptr := func(t time.Time) *time.Time { return &t }
	fail := func(user, remote string, d time.Duration, want data.LoginFailure) {
		t.Helper()
		call := fmt.Sprintf("LoginFailed(%s, %s, +%v)", user, remote, d)
		got, err := s.LoginFailed(ctx, user, remote, now.Add(d), p)
		ok(t, call, err)
		equal(t, call, *got, want)
	}
	record := func(user, remote string, n int, last time.Duration, locked *time.Time) data.LoginFailure {
		return data.LoginFailure{Username: user, Remote: remote, Failures: n, LastAt: at(last), LockedUntil: locked, ExpiresAt: at(last + p.LockFor)}
	}
	lock := func(user, remote string, d time.Duration, want *time.Time) {
		t.Helper()
		call := fmt.Sprintf("LoginLock(%s, %s, +%v)", user, remote, d)
		got, err := s.LoginLock(ctx, user, remote, now.Add(d))
		ok(t, call, err)
		if !equalTime(got, want) {
			t.Errorf("%s = %v; want %v", call, got, want)
		}
	}

	fail("worker", a, 0, record("worker", a, 1, 0, nil))
	fail("worker", a, time.Second, record("worker", a, 2, time.Second, nil))
	lock("worker", a, 2*time.Second, nil)
	locked := ptr(at(2*time.Second + p.LockFor))
	fail("worker", a, 2*time.Second, record("worker", a, 3, 2*time.Second, locked))
	lock("worker", a, 3*time.Second, locked)
	lock("worker", b, 3*time.Second, nil) // another address is not locked
	lock("Worker", a, 3*time.Second, nil) // usernames are case-sensitive
	lock("worker", a, 2*time.Second+p.LockFor, nil)
	// Unknown usernames and other addresses count on their own.
	fail("ghost", a, 3*time.Second, record("ghost", a, 1, 3*time.Second, nil))
	fail("worker", b, 4*time.Second, record("worker", b, 1, 4*time.Second, nil))
	// A failure while locked (a race past the lock check) locks anew.
	relocked := ptr(at(5*time.Second + p.LockFor))
	fail("worker", a, 5*time.Second, record("worker", a, 4, 5*time.Second, relocked))
	lock("worker", a, 6*time.Second, relocked)

	// Once expired, a record starts again, and the expired ones of others
	// are deleted (ghost's from a and worker's from b by +4s+LockFor).
	later := 5*time.Second + p.LockFor
	lock("worker", a, later, nil)
	fail("worker", a, later, record("worker", a, 1, later, nil))
	for _, pair := range [][2]string{{"ghost", a}, {"worker", b}} {
		n, err := s.ClearLoginFailures(ctx, pair[0], pair[1])
		ok(t, "ClearLoginFailures()", err)
		if n != 0 {
			t.Errorf("ClearLoginFailures(%s, %s) after it expired = %d; want 0: the record was deleted", pair[0], pair[1], n)
		}
	}

	// A success ends the pair's record.
	ok(t, "LoginSucceeded(worker, a)", s.LoginSucceeded(ctx, "worker", a))
	fail("worker", a, later+time.Second, record("worker", a, 1, later+time.Second, nil))
	ok(t, "LoginSucceeded(nobody)", s.LoginSucceeded(ctx, "nobody", a))

	// MaxFailures 0 counts but never locks.
	p.MaxFailures = 0
	for i := range 5 {
		f, err := s.LoginFailed(ctx, "free", a, now, p)
		if err != nil || f.Failures != i+1 || f.LockedUntil != nil {
			t.Errorf("LoginFailed(maxFailures 0) = %+v, %v; want %d failures, no lock", f, err, i+1)
		}
	}
}

// testLoginLocks: admins list the locked pairs and clear one or all of a
// username's.
func testLoginLocks(t *testing.T, s data.Store) {
	ctx := t.Context()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	p := data.LoginPolicy{MaxFailures: 2, LockFor: time.Hour}
	pairs := []struct {
		user, remote string
		n            int
	}{
		{"zhang", "198.51.100.9", 2}, {"zhang", "192.0.2.7", 3}, {"ghost", "192.0.2.7", 2},
		{"li", "192.0.2.7", 1}, // failed once: not locked
	}
	for _, pr := range pairs {
		for range pr.n {
			_, err := s.LoginFailed(ctx, pr.user, pr.remote, now, p)
			ok(t, "LoginFailed()", err)
		}
	}
	until := now.Add(time.Hour)
	entry := func(user, remote string, n int) data.LoginFailure {
		return data.LoginFailure{Username: user, Remote: remote, Failures: n, LastAt: now, LockedUntil: &until, ExpiresAt: until}
	}
	got, err := s.LoginLocks(ctx, now)
	ok(t, "LoginLocks()", err)
	equal(t, "LoginLocks()", got, []data.LoginFailure{entry("ghost", "192.0.2.7", 2), entry("zhang", "192.0.2.7", 3), entry("zhang", "198.51.100.9", 2)})
	got, err = s.LoginLocks(ctx, until)
	ok(t, "LoginLocks(at their end)", err)
	equal(t, "LoginLocks(at their end)", got, []data.LoginFailure{})

	clear := func(user, remote string, want int) {
		t.Helper()
		n, err := s.ClearLoginFailures(ctx, user, remote)
		ok(t, fmt.Sprintf("ClearLoginFailures(%q, %q)", user, remote), err)
		if n != want {
			t.Errorf("ClearLoginFailures(%q, %q) = %d; want %d", user, remote, n, want)
		}
	}
	clear("zhang", "192.0.2.7", 1)
	clear("zhang", "192.0.2.7", 0)
	got, err = s.LoginLocks(ctx, now)
	ok(t, "LoginLocks()", err)
	equal(t, "LoginLocks() after clearing one", got, []data.LoginFailure{entry("ghost", "192.0.2.7", 2), entry("zhang", "198.51.100.9", 2)})
	if l, err := s.LoginLock(ctx, "zhang", "192.0.2.7", now); err != nil || l != nil {
		t.Errorf("LoginLock() of a cleared pair = %v, %v; want nil", l, err)
	}
	_, err = s.LoginFailed(ctx, "zhang", "192.0.2.7", now, p)
	ok(t, "LoginFailed()", err)
	clear("zhang", "", 2)
	clear("li", "", 1)
	got, err = s.LoginLocks(ctx, now)
	ok(t, "LoginLocks()", err)
	equal(t, "LoginLocks() after clearing zhang's", got, []data.LoginFailure{entry("ghost", "192.0.2.7", 2)})
	_, err = s.ClearLoginFailures(ctx, "", "")
	wantField(t, "ClearLoginFailures(no username)", err, data.EINVALID, "username")
}

// testConcurrentLoginFailures: failures of one pair from many goroutines
// at once are all counted, each seeing its own count, and exactly those at
// or past the maximum lock it.
func testConcurrentLoginFailures(t *testing.T, s data.Store) {
	ctx := t.Context()
	const goroutines, each, max = 8, 10, 50
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	p := data.LoginPolicy{MaxFailures: max, LockFor: time.Hour}
	counts := make(chan int, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				f, err := s.LoginFailed(ctx, "target", "192.0.2.1", now, p)
				if err != nil {
					t.Errorf("concurrent LoginFailed() = %v", err)
					return
				}
				if (f.Failures >= max) != (f.LockedUntil != nil) {
					t.Errorf("concurrent LoginFailed() = %d, locked until %v; want a lock exactly from %d on", f.Failures, f.LockedUntil, max)
				}
				counts <- f.Failures
			}
		})
	}
	wg.Wait()
	close(counts)
	var seen []int
	for n := range counts {
		seen = append(seen, n)
	}
	slices.Sort(seen)
	for i, n := range seen {
		if n != i+1 {
			t.Fatalf("concurrent LoginFailed() counts = %v; want each of 1..%d once", seen, goroutines*each)
		}
	}
	got, err := s.LoginLocks(ctx, now)
	ok(t, "LoginLocks()", err)
	if len(got) != 1 || got[0].Failures != goroutines*each {
		t.Errorf("LoginLocks() after %d concurrent failures = %+v; want the pair, all counted", goroutines*each, got)
	}
}
