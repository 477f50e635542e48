package sqlite

import (
	"fmt"
	"time"

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
