package sqlstore

import (
	"context"

	"gridmap/data"
	"gridmap/domain"
)

// Calendar implements data.Store.
func (s *Store) Calendar(ctx context.Context) (*data.Calendar, error) {
	marks := map[string]string{}
	if err := each(ctx, s.reader(), `SELECT day, kind FROM calendar_days`, addPair(marks)); err != nil {
		return nil, s.d.Translate("calendar", err)
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
