package sqlite

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/domain"
)

// timeFormat is fixed-width UTC, so that stored times compare as strings.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string {
	return domain.StoredTime(t).Format(timeFormat)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: bad time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// polygon is a polygon's WKB and bounds as column values: NULLs for an
// empty polygon, which reads back as nil.
type polygon struct {
	wkb                    any
	minx, miny, maxx, maxy any
}

func polygonValues(p orb.Polygon) (polygon, error) {
	if len(p) == 0 {
		return polygon{}, nil
	}
	b, err := wkb.Marshal(p)
	if err != nil {
		return polygon{}, fmt.Errorf("sqlite: encode polygon: %w", err)
	}
	bound := p.Bound()
	return polygon{b, bound.Min.Lon(), bound.Min.Lat(), bound.Max.Lon(), bound.Max.Lat()}, nil
}
