package sqlstore

import (
	"context"
	"fmt"
	"time"

	"gridmap/domain"
)

// TakeRate implements data.Store with the generic cell rate algorithm
// (domain.TakeFromBucket): a bucket is the time at which it would be full
// again (tat). The full buckets go first, by a statement of their own
// that holds no lock the take needs; the upsert then locks the key's row (on PostgreSQL; SQLite's write transactions
// take turns anyway), so that concurrent takes count one after the other.
func (s *Store) TakeRate(ctx context.Context, key string, now time.Time, n int, window time.Duration) (bool, time.Duration, error) {
	if n < 1 || window <= 0 {
		return false, 0, fmt.Errorf("sqlstore: TakeRate(%q, n %d, window %v): no such bucket", key, n, window)
	}
	now = domain.StoredTime(now)
	if _, err := s.exec(ctx, "take rate", `DELETE FROM rate_limits WHERE tat <= ?`, s.time(now)); err != nil {
		return false, 0, err
	}
	wait, err := write(ctx, s, "take rate", func(tx conn) (time.Duration, error) {
		var tat time.Time
		if err := tx.row(ctx, `INSERT INTO rate_limits AS r (bucket, tat) VALUES (?, ?)
			ON CONFLICT (bucket) DO UPDATE SET tat = r.tat RETURNING tat`, key, s.time(now)).Scan(s.at(&tat)); err != nil {
			return 0, err
		}
		next, wait := domain.TakeFromBucket(tat, now, n, window)
		if wait > 0 {
			return wait, nil
		}
		_, err := tx.exec(ctx, `UPDATE rate_limits SET tat = ? WHERE bucket = ?`, s.time(next), key)
		return 0, err
	})
	return err == nil && wait == 0, wait, err
}
