package domain

import (
	"testing"
	"time"
)

func TestTakeFromBucket(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		tat  time.Time
		n    int
		next time.Time
		wait time.Duration
	}{
		{"a full bucket: tat moves one step on from now", now.Add(-time.Hour), 3, now.Add(20 * time.Second), 0},
		{"tat now: the same", now, 3, now.Add(20 * time.Second), 0},
		{"two taken: the third of the burst", now.Add(40 * time.Second), 3, now.Add(time.Minute), 0},
		{"three taken: wait until one step is back", now.Add(time.Minute), 3, now.Add(time.Minute), 20 * time.Second},
		{"a second short of the next", now.Add(41 * time.Second), 3, now.Add(41 * time.Second), time.Second},
		{"one a window: no burst", now.Add(time.Second), 1, now.Add(time.Second), time.Second},
	}
	for _, tt := range tests {
		next, wait := TakeFromBucket(tt.tat, now, tt.n, time.Minute)
		if !next.Equal(tt.next) || wait != tt.wait {
			t.Errorf("%s: TakeFromBucket(%v, n %d) = %v, %v; want %v, %v", tt.name, tt.tat.Sub(now), tt.n, next.Sub(now), wait, tt.next.Sub(now), tt.wait)
		}
	}
}
