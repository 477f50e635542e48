package api

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// floatParam parses a required number within [lo, hi].
func floatParam(c echo.Context, name string, lo, hi float64) (float64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, data.FieldErrorf(name, "%s is required.", name)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, data.FieldErrorf(name, "%s must be a number, got %q.", name, v)
	}
	if f < lo || f > hi {
		return 0, data.FieldErrorf(name, "%s must be between %g and %g, got %g.", name, lo, hi, f)
	}
	return f, nil
}

// pointParam parses a required point, lon and lat.
func pointParam(c echo.Context) (orb.Point, error) {
	lon, err := floatParam(c, "lon", -180, 180)
	if err != nil {
		return orb.Point{}, err
	}
	lat, err := floatParam(c, "lat", -90, 90)
	return orb.Point{lon, lat}, err
}

// intParam parses an optional integer within [lo, hi], def when absent.
func intParam(c echo.Context, name string, def, lo, hi int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, data.FieldErrorf(name, "%s must be an integer, got %q.", name, v)
	}
	if n < lo || n > hi {
		return 0, data.FieldErrorf(name, "%s must be between %d and %d, got %d.", name, lo, hi, n)
	}
	return n, nil
}

// pageParams parses limit (1..max, default def) and offset (>= 0).
func pageParams(c echo.Context, def, max int) (limit, offset int, err error) {
	if limit, err = intParam(c, "limit", def, 1, max); err != nil {
		return 0, 0, err
	}
	offset, err = intParam(c, "offset", 0, 0, math.MaxInt32)
	return limit, offset, err
}

// pageOf is the page [offset, offset+limit) of a list the store reads
// whole (an incident's events, a user's tokens), so that the answer has a
// bounded size whatever is stored.
func pageOf[T any](list []T, limit, offset int) []T {
	if offset >= len(list) {
		return list[:0]
	}
	return list[offset:min(len(list), offset+limit)]
}

// bboxParam parses an optional bbox=minLon,minLat,maxLon,maxLat (or the
// 6-number 3D form, whose heights are ignored) in WGS 84 / CGCS2000.
func bboxParam(c echo.Context) (*orb.Bound, error) {
	v := c.QueryParam("bbox")
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, data.FieldErrorf("bbox", "bbox must have 4 numbers (minLon,minLat,maxLon,maxLat), got %d.", len(parts))
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, data.FieldErrorf("bbox", "bbox value %q is not a number.", p)
		}
		n[i] = f
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	if n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 {
		return nil, data.FieldErrorf("bbox", "bbox must lie within [-180,180] x [-90,90].")
	}
	if n[0] > n[2] || n[1] > n[3] {
		return nil, data.FieldErrorf("bbox", "bbox minimum must not exceed its maximum.")
	}
	return &orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}, nil
}

// timeParam parses an optional RFC 3339 time or YYYY-MM-DD date (midnight
// China Standard Time, the town's calendar).
func timeParam(c echo.Context, name string) (time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return time.Time{}, nil
	}
	return parseTime(name, v)
}

// cst is the town's clock, data.CST.
var cst = data.CST

func parseTime(name, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02", v, cst)
	}
	if err != nil {
		return time.Time{}, data.FieldErrorf(name, "%s must be a date (2021-06-30) or an RFC 3339 time, got %q.", name, v)
	}
	// Years 1 to 9998 only, in UTC and in China time, so that a window
	// rounded out to whole months still has a year JSON can write.
	if y, cy := t.UTC().Year(), t.In(cst).Year(); y < 1 || y > 9998 || cy < 1 || cy > 9998 {
		return time.Time{}, data.FieldErrorf(name, "%s must be between the years 1 and 9998, got %q.", name, v)
	}
	return t.UTC(), nil
}

// statusesParam parses an optional comma-separated list of statuses; the
// word "open" stands for every open status.
func statusesParam(c echo.Context) ([]string, error) {
	v := c.QueryParam("status")
	if v == "" {
		return nil, nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		switch {
		case s == "open":
			out = append(out, data.OpenStatuses...)
		case domain.IsStatus(s):
			out = append(out, s)
		default:
			return nil, data.FieldErrorf("status", "Unknown status %q; use one of %s or open.", s, strings.Join(data.Statuses, ", "))
		}
	}
	return out, nil
}

// knownParams refuses the first query parameter, in sorted order, that is
// not in allowed, naming it.
func knownParams(c echo.Context, allowed []string) error {
	var unknown []string
	for k := range c.QueryParams() {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return data.FieldErrorf(unknown[0], "Unknown parameter %q.", unknown[0])
	}
	return nil
}
