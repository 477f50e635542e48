package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
)

// DefaultReplyDays is how long a petition may take from 受理 to its reply
// (答复): 《信访工作条例》 art. 32, "自受理之日起60日内办结". The 条例 says
// 日, not 工作日, and Chinese statutes that mean working days say so (行政
// 许可法 art. 42's 二十日 against its 工作日 elsewhere), so the 60 are
// calendar days, counted as statutory periods are (民事诉讼法 art. 85):
// the day of 受理 not counted, and a period whose last day is a rest day
// ends on the next working day, on the calendar the admin keeps.
const DefaultReplyDays = 60

// RunsReplyClock reports whether in is a petition whose reply clock runs:
// accepted (ReplySince set) and not yet answered (data.ReplyStatuses).
func RunsReplyClock(in *data.Incident) bool {
	return in.Kind == data.KindPetition && in.ReplySince != nil && slices.Contains(data.ReplyStatuses, in.Status)
}

// ReplyClockStart is the ReplySince a store writes for in: its own, or,
// for a petition written in a ReplyStatuses status without one (a ledger
// import, a fixture), the start of that stage, taken as its 受理.
func ReplyClockStart(in *data.Incident) *time.Time {
	if in.ReplySince != nil || in.Kind != data.KindPetition || !slices.Contains(data.ReplyStatuses, in.Status) {
		return in.ReplySince
	}
	t := in.StageSince
	return &t
}

// AcceptedAt is when a petition whose ReplySince is set was accepted:
// ReplySince less the days of its extension.
func AcceptedAt(in *data.Incident) time.Time {
	return in.ReplySince.Add(-time.Duration(in.ExtensionDays) * 24 * time.Hour)
}

// Extended returns the ReplySince of a petition whose reply clock began
// at since once its deadline is extended by days: that many days (of 24
// hours; China keeps no summer time) later.
func Extended(since time.Time, days int) time.Time {
	return since.Add(time.Duration(days) * 24 * time.Hour)
}

// CalendarDaysDue returns when a period of n calendar days that began at
// since ends, in UTC: the end (midnight, ChinaTime) of the n-th day after
// the date of since, or, when that day rests on calendar c, of the next
// working day.
func CalendarDaysDue(c *data.Calendar, since time.Time, n int) time.Time {
	return lastDay(c, dayStart(since).AddDate(0, 0, n)).AddDate(0, 0, 1).UTC()
}

// lastDay moves d, the last day of a period, on to the first working day
// from it (searching at most maxWorkdays days).
func lastDay(c *data.Calendar, d time.Time) time.Time {
	for i := 0; !Working(c, d) && i < maxWorkdays; i++ {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// CalendarDaysBefore is the inverse of CalendarDaysDue for an overdue
// filter: the instant T such that since is before T exactly when now is
// after CalendarDaysDue(since, n). G is the last date that ended before
// now; a period that began on date D has ended by now when its last day
// (D + n, moved past rest days) is on or before G. That day grows with D,
// so the latest such D is found stepping back from G - n.
func CalendarDaysBefore(c *data.Calendar, now time.Time, n int) time.Time {
	g := dayStart(now)
	if !now.After(g) {
		g = g.AddDate(0, 0, -1) // now is midnight: the day before just ended
	}
	g = g.AddDate(0, 0, -1)
	d := g.AddDate(0, 0, -n)
	for i := 0; lastDay(c, d.AddDate(0, 0, n)).After(g) && i < maxWorkdays; i++ {
		d = d.AddDate(0, 0, -1)
	}
	return d.AddDate(0, 0, 1).UTC()
}

// CheckExtension checks an extension of a petition's reply deadline as
// ExtendReply takes it: days 1 to data.MaxExtensionDays, a reason (at
// most data.MaxReason characters), a version not negative (0: any). EINVALID
// naming the field.
func CheckExtension(days int, reason string, version int64) error {
	switch {
	case days < 1 || days > data.MaxExtensionDays:
		return data.FieldErrorf("days", "days must be a whole number of days from 1 to %d (《信访工作条例》 art. 32); not %d.", data.MaxExtensionDays, days)
	case strings.TrimSpace(reason) == "":
		return data.FieldErrorf("reason", "A reason is required to extend a petition's deadline.")
	}
	if err := CheckText("reason", reason, data.MaxReason); err != nil {
		return err
	}
	return CheckVersion(version)
}

// CheckExtendable returns ECONFLICT unless in's reply deadline may be
// extended: a petition whose reply clock runs, not extended before.
func CheckExtendable(in *data.Incident) error {
	switch {
	case !RunsReplyClock(in):
		return data.Errorf(data.ECONFLICT, "Only a petition accepted and not yet answered has a reply deadline to extend; incident %d is a %s, %s.", in.ID, in.Kind, in.Status).WithField("status")
	case in.ExtensionDays > 0:
		return data.Errorf(data.ECONFLICT, "The reply deadline of incident %d was extended already (by %d days); it may be extended once.", in.ID, in.ExtensionDays).WithField("days")
	}
	return nil
}

// ExtendedNote is the note of an "extended" event: the days, then the
// reason ("30: 需要补充调查").
func ExtendedNote(days int, reason string) string {
	return strconv.Itoa(days) + ": " + strings.TrimSpace(reason)
}
