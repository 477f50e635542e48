package storetest

import (
	"sync"
	"testing"
	"time"

	"gridmap/data"
)

// testTakeRate: a key takes n in a burst, then one each window/n, with the
// wait until the next; keys count apart; a bucket full again is as new;
// calls at once (two instances) together never take more.
func testTakeRate(t *testing.T, s data.Store) {
	ctx := t.Context()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	type take struct {
		ok   bool
		wait time.Duration
	}
	takeAt := func(key string, at time.Time) take {
		t.Helper()
		ok2, wait, err := s.TakeRate(ctx, key, at, 3, time.Minute)
		ok(t, "TakeRate("+key+")", err)
		return take{ok2, wait}
	}
	var got []take
	for i := range 4 {
		got = append(got, takeAt("a", now.Add(time.Duration(i)*time.Second)))
	}
	got = append(got,
		takeAt("b", now.Add(4*time.Second)),              // another key
		takeAt("a", now.Add(19*time.Second)),             // not yet: one comes back every 20 s
		takeAt("a", now.Add(20*time.Second)),             // the first back
		takeAt("a", now.Add(21*time.Second)),             // no second yet
		takeAt("a", now.Add(10*time.Minute)),             // full again: a burst of three
		takeAt("a", now.Add(10*time.Minute)),             //
		takeAt("a", now.Add(10*time.Minute)),             //
		takeAt("a", now.Add(10*time.Minute+time.Second))) // and no fourth
	equal(t, "TakeRate(3 a minute: a ×4 at 0-3 s, b at 4 s, a at 19, 20, 21 s, a ×4 at 10 min)", got, []take{
		{true, 0}, {true, 0}, {true, 0}, {false, 17 * time.Second},
		{true, 0},
		{false, time.Second}, {true, 0}, {false, 19 * time.Second},
		{true, 0}, {true, 0}, {true, 0}, {false, 19 * time.Second},
	})
	if _, _, err := s.TakeRate(ctx, "a", now, 0, time.Minute); err == nil {
		t.Error("TakeRate(n 0) = nil error; want one")
	}

	later := now.Add(time.Hour)
	n := takenAtOnce(t, "TakeRate(c) at once", 10, func() (bool, error) {
		r, _, err := s.TakeRate(ctx, "c", later, 3, time.Minute)
		return r, err
	})
	if n != 3 {
		t.Errorf("10 TakeRate(c, 3 a minute) at once took %d; want 3", n)
	}
}

// takenAtOnce calls take n times at once, as that many processes would,
// and counts the calls that took.
func takenAtOnce(t *testing.T, what string, n int, take func() (bool, error)) int {
	t.Helper()
	results := make(chan bool, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := take()
			if err != nil {
				t.Errorf("%s = %v", what, err)
			}
			results <- r
		}()
	}
	wg.Wait()
	close(results)
	taken := 0
	for r := range results {
		if r {
			taken++
		}
	}
	return taken
}
