package sqlstore

import (
	"context"
	"fmt"
	"time"

	"gridmap/domain"
)

// TakeRate implements data.Store with the generic cell rate algorithm: a
// bucket is the time at which it would be full again (tat); a take at now
// is allowed while tat is at most window-window/n after now, and moves
// tat window/n on from max(tat, now). The full buckets go first, by a
// statement of their own that holds no lock the take needs; the upsert
// then locks the key's row (on PostgreSQL; SQLite's write transactions
// take turns anyway), so that concurrent takes count one after the other.
func (s *Store) TakeRate(ctx context.Context, key string, now time.Time, n int, window time.Duration) (bool, time.Duration, error) {
	if n < 1 || window <= 0 {
		return false, 0, fmt.Errorf("sqlstore: TakeRate(%q, n %d, window %v): no such bucket", key, n, window)
	}
	now = domain.StoredTime(now)
	every := window / time.Duration(n)
	tolerance := window - every
	if _, err := s.exec(ctx, "take rate", `DELETE FROM rate_limits WHERE tat <= ?`, s.time(now)); err != nil {
		return false, 0, err
	}
	type taken struct {
		ok   bool
		wait time.Duration
	}
	t, err := write(ctx, s, "take rate", func(tx conn) (taken, error) {
		var tat time.Time
		if err := tx.row(ctx, `INSERT INTO rate_limits AS r (bucket, tat) VALUES (?, ?)
			ON CONFLICT (bucket) DO UPDATE SET tat = r.tat RETURNING tat`, key, s.time(now)).Scan(s.at(&tat)); err != nil {
			return taken{}, err
		}
		if tat.Before(now) {
			tat = now
		}
		if ahead := tat.Sub(now); ahead > tolerance {
			return taken{wait: ahead - tolerance}, nil
		}
		_, err := tx.exec(ctx, `UPDATE rate_limits SET tat = ? WHERE bucket = ?`, s.time(tat.Add(every)), key)
		return taken{ok: true}, err
	})
	return t.ok, t.wait, err
}
