package sqlstore

import (
	"context"

	"gridmap/data"
)

type calendarDay struct{ day, kind string }

// Calendar implements data.Store.
func (s *Store) Calendar(ctx context.Context) (*data.Calendar, error) {
	rows, err := s.reader().query(ctx, `SELECT day, kind FROM calendar_days ORDER BY day`)
	days, err := collect(rows, err, func(sc scanner) (calendarDay, error) {
		var d calendarDay
		return d, sc.Scan(&d.day, &d.kind)
	})
	if err != nil {
		return nil, s.d.Translate("calendar", err)
	}
	marks := make(map[string]string, len(days))
	for _, d := range days {
		marks[d.day] = d.kind
	}
	cal, err := data.NewCalendar(marks)
	if err != nil {
		return nil, data.Errorf(data.EINTERNAL, "calendar: %v", err)
	}
	return cal, nil
}

// SetCalendarDay implements data.Store.
func (s *Store) SetCalendarDay(ctx context.Context, date, kind string) error {
	if _, err := data.ParseCalendarDate(date); err != nil {
		return data.FieldErrorf("date", "%s.", err)
	}
	var err error
	switch kind {
	case "":
		_, err = s.writer().exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, date)
	case data.DayRest, data.DayWork:
		_, err = s.writer().exec(ctx, `INSERT INTO calendar_days (day, kind) VALUES (?1, ?2)
			ON CONFLICT (day) DO UPDATE SET kind = ?2`, date, kind)
	default:
		return data.FieldErrorf("kind", "kind %q is not %q, %q or empty.", kind, data.DayRest, data.DayWork)
	}
	return s.d.Translate("set calendar day", err)
}
