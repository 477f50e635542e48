package api

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

func TestParseInterval(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return v }
	cases := []struct {
		in       string
		from, to time.Time
		bad      bool
	}{
		{"2024-01-04T00:51:58Z", d("2024-01-04T00:51:58Z"), d("2024-01-04T00:51:58.000001Z"), false},
		{"2024-01-04", d("2024-01-03T16:00:00Z"), d("2024-01-04T16:00:00Z"), false},
		{"2024-01-01T00:00:00Z/2024-01-01T00:00:00Z", d("2024-01-01T00:00:00Z"), d("2024-01-01T00:00:00.000001Z"), false},
		{"../2024-12-31", time.Time{}, d("2024-12-31T16:00:00Z"), false},
		{"2024-01-01T00:00:00Z/..", d("2024-01-01T00:00:00Z"), time.Time{}, false},
		{"/", time.Time{}, time.Time{}, false},
		{"2024-02-01/2024-01-01", time.Time{}, time.Time{}, true},
		{"soon", time.Time{}, time.Time{}, true},
	}
	for _, c := range cases {
		from, to, err := parseInterval(c.in)
		if (err != nil) != c.bad {
			t.Errorf("parseInterval(%q) error = %v; want error %v", c.in, err, c.bad)
			continue
		}
		if !c.bad && (!from.Equal(c.from) || !to.Equal(c.to)) {
			t.Errorf("parseInterval(%q) = %v, %v; want %v, %v", c.in, from, to, c.from, c.to)
		}
	}
}

// ctxFor is an Echo context for a GET with the query q.
func ctxFor(q string) echo.Context {
	return echo.New().NewContext(httptest.NewRequest("GET", "/?"+q, nil), httptest.NewRecorder())
}

// fieldError checks that err is nil or an invalid-input error naming field.
func fieldError(t *testing.T, what string, err error, field string) {
	t.Helper()
	if err == nil {
		return
	}
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.EINVALID || de.Field != field {
		t.Fatalf("%s: error %v; want an invalid-input error naming %q", what, err, field)
	}
}

// FuzzQueryParams feeds arbitrary values to every query parser: none may
// panic, and each either succeeds or names its parameter.
func FuzzQueryParams(f *testing.F) {
	for _, s := range []string{"106.6,28.5,106.7,28.6", "1,2,3", "NaN", "-0", "2024-01-01", "2024-01-01T00:00:00Z/..", "open,resolved", "1e400", "   ", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		q := func(name string) echo.Context { return ctxFor(name + "=" + url.QueryEscape(v)) }
		_, err := bboxParam(q("bbox"))
		fieldError(t, "bbox", err, "bbox")
		_, err = floatParam(q("lon"), "lon", -180, 180)
		fieldError(t, "lon", err, "lon")
		_, err = intParam(q("limit"), "limit", 10, 1, 100)
		fieldError(t, "limit", err, "limit")
		_, err = timeParam(q("from"), "from")
		fieldError(t, "from", err, "from")
		_, err = statusesParam(q("status"))
		fieldError(t, "status", err, "status")
		_, _, err = parseInterval(v)
		fieldError(t, "datetime", err, "datetime")
		accepts(v, "gzip")
		etagMatch(v, `"abc"`)
	})
}
