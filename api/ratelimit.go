package api

import (
	"math"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// The limits that guard against abuse (login attempts per client address,
// photo uploads per account) are buckets in the store (data.RateStore),
// so that every instance on one database counts against the same limit:
// behind a reverse proxy that spreads requests, a client gets no more
// than from one server.

// takeRate takes one of n actions per window from the store's bucket key;
// when there is none it sets Retry-After and returns false and the wait
// in whole seconds.
func (s *Server) takeRate(c echo.Context, key string, n int, window time.Duration) (bool, int, error) {
	ok, wait, err := s.store.TakeRate(c.Request().Context(), key, s.now(), n, window)
	if err != nil || ok {
		return ok, 0, err
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	return false, secs, nil
}

// limitPhotos answers 429 (with Retry-After) when the account has used up
// its photo uploads (Config.PhotoUploads per Config.PhotoWindow).
func (s *Server) limitPhotos(c echo.Context, userID int64) error {
	ok, secs, err := s.takeRate(c, "photos:"+strconv.FormatInt(userID, 10), s.cfg.PhotoUploads, s.cfg.PhotoWindow)
	if err != nil || ok {
		return err
	}
	return data.Errorf(codeRateLimited, "Too many photos from your account; wait %d seconds and try again.", secs)
}

// limitLogins allows each client address (throttleAddress)
// Config.LoginsPerMinute login attempts a minute (in a burst, if it
// likes), whatever the usernames, against password spraying.
func (s *Server) limitLogins(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ok, _, err := s.takeRate(c, "login:"+throttleAddress(c), s.cfg.LoginsPerMinute, time.Minute)
		if err != nil {
			return err
		}
		if !ok {
			return data.Errorf(codeRateLimited, "Too many login attempts from your address; wait a minute and try again.")
		}
		return next(c)
	}
}
