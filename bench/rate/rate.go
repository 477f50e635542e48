// Package rate drives the load of the bench commands (bench/load over
// HTTP, bench/pgref on PostGIS): a number of workers, each sending one
// request after another for a while, and the line they print, which
// compare-servers.sh reads.
package rate

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what one run measured.
type Result struct {
	Name    string
	Seconds float64 // how long it ran
	OK      int64   // requests answered in full
	Bytes   int64   // bytes of those answers
	Failed  int64   // requests that failed
}

// PerSecond is the rate of full answers.
func (r Result) PerSecond() float64 {
	if r.Seconds <= 0 {
		return 0
	}
	return float64(r.OK) / r.Seconds
}

// String is the line the bench scripts read: name, answers per second,
// mean answer size, failures.
//
//	cells-gzip 11500.2 req/s 41234 B/answer 0 failed
func (r Result) String() string {
	mean := int64(0)
	if r.OK > 0 {
		mean = r.Bytes / r.OK
	}
	return fmt.Sprintf("%s %.1f req/s %d B/answer %d failed", r.Name, r.PerSecond(), mean, r.Failed)
}

// Run runs conns workers for d: each gets its own request function from
// newWorker (its connection, opened before the clock starts) and calls it
// until d has passed. A request returns the size of its answer, or an
// error, which counts as a failure. The requests under way when d has
// passed are waited for and counted, and the run lasts until the last
// one ends: a request slower than d (a big tile built by PostGIS) is
// measured, not cut off.
func Run(ctx context.Context, name string, conns int, d time.Duration, newWorker func() (func(context.Context) (int, error), error)) (Result, error) {
	workers := make([]func(context.Context) (int, error), conns)
	for i := range workers {
		w, err := newWorker()
		if err != nil {
			return Result{}, err
		}
		workers[i] = w
	}
	var ok, failed, bytes atomic.Int64
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				n, err := w(ctx)
				if err != nil {
					failed.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				ok.Add(1)
				bytes.Add(int64(n))
			}
		})
	}
	wg.Wait()
	return Result{Name: name, Seconds: time.Since(start).Seconds(), OK: ok.Load(), Bytes: bytes.Load(), Failed: failed.Load()}, ctx.Err()
}
