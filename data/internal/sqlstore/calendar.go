package sqlstore

import (
	"context"

	"gridmap/data"
	"gridmap/domain"
)

type calendarDay struct{ day, kind string }

// Calendar implements data.Store.
func (s *Store) Calendar(ctx context.Context) (*data.Calendar, error) {
	days, err := list(ctx, s, "calendar", func(d *calendarDay) []any { return []any{&d.day, &d.kind} },
		`SELECT day, kind FROM calendar_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	marks := make(map[string]string, len(days))
	for _, d := range days {
		marks[d.day] = d.kind
	}
	return domain.NewCalendar(marks)
}

// SetCalendarDay implements data.Store.
func (s *Store) SetCalendarDay(ctx context.Context, date, kind string) error {
	if err := domain.CheckCalendarDay(date, kind); err != nil {
		return err
	}
	var err error
	if kind == "" {
		_, err = s.writer().exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, date)
	} else {
		_, err = s.writer().exec(ctx, `INSERT INTO calendar_days (day, kind) VALUES (?1, ?2)
			ON CONFLICT (day) DO UPDATE SET kind = ?2`, date, kind)
	}
	return s.d.Translate("set calendar day", err)
}
