package domain

import "time"

// TakeFromBucket is one take from a bucket of n actions per window that
// refills evenly (the generic cell rate algorithm): tat is the time at
// which the bucket is full again, as stored (any time up to now for a
// full one). A take at now is allowed while tat lies at most
// window-window/n after now; it moves tat window/n on from the later of
// tat and now. It returns the new tat and 0 when the take is allowed, or
// tat as it was and how long until a take would be.
func TakeFromBucket(tat, now time.Time, n int, window time.Duration) (time.Time, time.Duration) {
	every := window / time.Duration(n)
	from := tat
	if from.Before(now) {
		from = now
	}
	if ahead := from.Sub(now); ahead > window-every {
		return tat, ahead - (window - every)
	}
	return from.Add(every), 0
}
