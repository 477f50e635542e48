package domain

import (
	"testing"
	"time"

	"gridmap/data"
)

// TestCalendarDaysDue: 60 calendar days from 受理, the day itself not
// counted, end at midnight after the 60th day; a last day on a rest day
// (the 2026 National Day holiday) moves to the next working day; and
// CalendarDaysBefore is the exact inverse, at every hour around the due
// time.
func TestCalendarDaysDue(t *testing.T) {
	cal := data.CalendarOf(China2026())
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, data.ChinaTime) }
	for _, tt := range []struct {
		name  string
		since time.Time
		n     int
		want  time.Time
	}{
		{"onto Labour Day", day(2026, 3, 2, 15), 60, day(2026, 5, 7, 0)}, // 5-01 to 5-05 rest: ends with 5-06
		{"onto a Friday", day(2026, 6, 1, 9), 60, day(2026, 8, 1, 0)},
		{"onto a Saturday", day(2026, 6, 2, 9), 60, day(2026, 8, 4, 0)}, // ends with Monday 8-03
		{"onto National Day", day(2026, 8, 2, 9), 60, day(2026, 10, 9, 0)},
		{"one day", day(2026, 6, 1, 23), 1, day(2026, 6, 3, 0)},
	} {
		got := CalendarDaysDue(cal, tt.since, tt.n)
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: CalendarDaysDue(%v, %d) = %v; want %v in UTC", tt.name, tt.since, tt.n, got, tt.want.UTC())
		}
	}
	for _, n := range []int{1, 30, 60, 90} {
		for since := day(2026, 7, 1, 0); since.Before(day(2026, 10, 20, 0)); since = since.Add(7 * time.Hour) {
			due := CalendarDaysDue(cal, since, n)
			for _, now := range []time.Time{due.Add(-time.Hour), due.Add(-time.Microsecond), due, due.Add(time.Microsecond), due.Add(25 * time.Hour)} {
				overdue := now.After(due)
				if filtered := since.Before(CalendarDaysBefore(cal, now, n)); filtered != overdue {
					t.Fatalf("n=%d since %v now %v: CalendarDaysBefore selects it: %v; overdue: %v", n, since, now, filtered, overdue)
				}
			}
		}
	}
}

// TestScheduleReply: a petition whose reply clock runs is due with its
// reply, whatever its stage, and Schedule.OverdueFilter gives the store
// the same answer through ReplyBefore; without ReplyDays it keeps its
// stage's deadline; a dispute always does.
func TestScheduleReply(t *testing.T) {
	accepted := time.Date(2026, 6, 1, 9, 0, 0, 0, data.ChinaTime)
	sc := Schedule{Days: DefaultWorkDays(), ReplyDays: DefaultReplyDays}
	in := &data.Incident{Kind: data.KindPetition, Status: data.StatusMediating, StageSince: accepted.Add(72 * time.Hour), ReplySince: &accepted}
	due, ok := sc.IncidentDue(in)
	if want := CalendarDaysDue(nil, accepted, 60); !ok || !due.Equal(want) {
		t.Errorf("IncidentDue(petition) = %v, %v; want %v", due, ok, want)
	}
	stageDue, _ := sc.DueAt(data.StatusMediating, in.StageSince)
	if stageDue.Equal(due) {
		t.Fatalf("the stage's and the reply's deadlines coincide (%v): the test proves nothing", due)
	}
	var f data.IncidentFilter
	sc.OverdueFilter(&f, due.Add(time.Second))
	if f.ReplyBefore == nil || !accepted.Before(*f.ReplyBefore) || !sc.IncidentOverdue(in, due.Add(time.Second)) || sc.IncidentOverdue(in, due) {
		t.Errorf("OverdueFilter at due+1s: ReplyBefore %v; IncidentOverdue at due and after: %v, %v", f.ReplyBefore,
			sc.IncidentOverdue(in, due), sc.IncidentOverdue(in, due.Add(time.Second)))
	}
	if got, _ := (Schedule{Days: DefaultWorkDays()}).IncidentDue(in); !got.Equal(stageDue) {
		t.Errorf("IncidentDue(petition) without ReplyDays = %v; want the stage's %v", got, stageDue)
	}
	dispute := *in
	dispute.Kind, dispute.ReplySince = data.KindDispute, nil
	if got, _ := sc.IncidentDue(&dispute); !got.Equal(stageDue) {
		t.Errorf("IncidentDue(dispute) = %v; want the stage's %v", got, stageDue)
	}
}
