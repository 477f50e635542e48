package api

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"gridmap/data"
)

// userLimiter is a token bucket per account, in memory: n actions per
// window, in a burst if the account likes. It keeps one bucket per account
// that has acted, and accounts are few (an administrator creates them), so
// it needs no eviction.
type userLimiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	users map[int64]*rate.Limiter
}

// newUserLimiter allows n actions per window; zero values mean 30 per 10
// minutes (Config.PhotoUploads, PhotoWindow).
func newUserLimiter(n int, window time.Duration) *userLimiter {
	if n <= 0 {
		n = 30
	}
	if window <= 0 {
		window = 10 * time.Minute
	}
	return &userLimiter{every: rate.Limit(float64(n) / window.Seconds()), burst: n, users: map[int64]*rate.Limiter{}}
}

// allow takes a token from the account's bucket at now; when there is
// none, it says how long until there is one.
func (l *userLimiter) allow(id int64, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.users[id]
	if lim == nil {
		lim = rate.NewLimiter(l.every, l.burst)
		l.users[id] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// limitPhotos answers 429 (with Retry-After) when the account has used up
// its photo uploads (Config.PhotoUploads per Config.PhotoWindow).
func (s *Server) limitPhotos(c echo.Context, userID int64) error {
	ok, wait := s.photos.allow(userID, s.now())
	if ok {
		return nil
	}
	secs := int(math.Ceil(wait.Seconds()))
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	return data.Errorf(codeRateLimited, "Too many photos from your account; wait %d seconds and try again.", secs)
}
