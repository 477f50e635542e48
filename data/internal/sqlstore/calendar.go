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

// SetCalendarDay implements data.Store: the mark and the revision move in
// one transaction.
func (s *Store) SetCalendarDay(ctx context.Context, date, kind string) error {
	if err := domain.CheckCalendarDay(date, kind); err != nil {
		return err
	}
	return s.commit(ctx, "set calendar day", func(tx conn) error {
		b := &batch{ctx: ctx, tx: tx}
		if kind == "" {
			b.exec(`DELETE FROM calendar_days WHERE day = ?`, date)
		} else {
			b.exec(`INSERT INTO calendar_days (day, kind) VALUES (?1, ?2)
				ON CONFLICT (day) DO UPDATE SET kind = ?2`, date, kind)
		}
		b.exec(`UPDATE revision SET incidents = incidents + 1`)
		return b.err
	})
}
