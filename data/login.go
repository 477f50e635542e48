package data

import "time"

// LoginFailure is the record of failed logins with one username from one
// client address. Logins are throttled per (username, address) pair, so
// that wrong passwords from one address never lock the account for its
// owner logging in from another, and unknown usernames are counted alike,
// so that a lock reveals nothing about which usernames exist.
type LoginFailure struct {
	Username string    `json:"username"` // as typed; it may name no account
	Remote   string    `json:"remote"`   // the client address (an IPv6 /64)
	Failures int       `json:"failures"` // since the record was created
	LastAt   time.Time `json:"last_failed_at"`
	// LockedUntil is set once Failures reached the policy's maximum:
	// until then every login of the pair is refused.
	LockedUntil *time.Time `json:"locked_until"`
	// ExpiresAt is LockFor after the last failure; the record (and any
	// lock) ends then, and stores delete it.
	ExpiresAt time.Time `json:"expires_at"`
}

// LoginPolicy is when failed logins lock a (username, address) pair.
type LoginPolicy struct {
	// MaxFailures failures of a pair, each within LockFor of the one
	// before, lock the pair for LockFor from the last; 0 never locks.
	MaxFailures int
	LockFor     time.Duration
}
