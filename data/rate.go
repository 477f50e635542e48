package data

import (
	"context"
	"time"
)

// RateStore keeps rate limits in the database, so that every process on
// it (several instances behind a reverse proxy) counts against one limit:
// login attempts per client address, photo uploads per account.
type RateStore interface {
	// TakeRate takes one of the n actions per window that key may take
	// (a bucket of n that refills evenly over window, in a burst if the
	// key likes), at now, and reports whether there was one; when not, it
	// also returns how long until there is. Concurrent calls take turns,
	// so that together they never take more than the bucket holds.
	// Buckets full again by now are forgotten, whatever their key. n < 1
	// or window <= 0 is the caller's mistake (EINTERNAL).
	TakeRate(ctx context.Context, key string, now time.Time, n int, window time.Duration) (bool, time.Duration, error)
}

// ChangeNotifier is what a store offers when it can tell a process at once
// about writes of other processes on the same database (PostgreSQL's
// LISTEN/NOTIFY); without it, a process polls Store.Revision.
type ChangeNotifier interface {
	// WatchChanges calls changed after every committed write that moves
	// Revision, made through any process on the database, until ctx ends,
	// and then returns. It also calls changed each time it starts to
	// listen, the first time and after a lost connection, since writes
	// made while nobody listened are never told; lost (when not nil) gets
	// each error that broke or refused the connection, which is retried
	// with a growing pause.
	WatchChanges(ctx context.Context, changed func(), lost func(error))
}
