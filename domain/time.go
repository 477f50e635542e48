package domain

import "time"

// StoredTime normalises a time for storage and comparison: UTC, to the
// microsecond, which is what PostgreSQL keeps. Both stores, and the rules
// that fill in times, truncate so that the same input gives the same value.
func StoredTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// OrTime returns t normalised (StoredTime), or def normalised when t is
// zero: the default of a time a client may leave out.
func OrTime(t, def time.Time) time.Time {
	if t.IsZero() {
		t = def
	}
	return StoredTime(t)
}

// StoredTimePtr normalises the time t points to, keeping nil.
func StoredTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := StoredTime(*t)
	return &n
}

// EmptyIfNil returns s, or an empty list for nil, so that JSON shows [].
func EmptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
