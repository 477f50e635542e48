package api

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// calendarRoutes registers the routes of the working-day calendar.
func (s *Server) calendarRoutes(a *echo.Group) {
	getAndHead(a, "/calendar", s.getCalendar)
	a.PATCH("/calendar/:date", s.setCalendarDay)
}

// calendarDay is a marked date as the calendar routes answer it.
type calendarDay struct {
	Date string `json:"date"`
	Kind string `json:"kind"` // data.DayRest (休) or data.DayWork (班)
}

// getCalendar answers GET /api/calendar?year= for any signed-in user: the
// marked dates of the year (default: this year in China), by date. A date
// without a mark rests on Saturday and Sunday and works otherwise.
func (s *Server) getCalendar(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("the working-day calendar")
	}
	year := s.now().In(data.ChinaTime).Year()
	if q := c.QueryParam("year"); q != "" {
		y, err := strconv.Atoi(q)
		if err != nil || y < 1900 || y > 2999 {
			return data.FieldErrorf("year", "year must be a year from 1900 to 2999, e.g. 2026.")
		}
		year = y
	}
	cal, err := s.store.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	marks := cal.Marks()
	prefix := strconv.Itoa(year) + "-"
	days := []calendarDay{}
	for _, d := range slices.Sorted(maps.Keys(marks)) {
		if strings.HasPrefix(d, prefix) {
			days = append(days, calendarDay{d, marks[d]})
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"year": year, "days": days})
}

// setCalendarDay answers PATCH /api/calendar/{date} for admins, with the
// body {"kind": "rest" | "work" | ""}: marks the date 休 or 班, or with ""
// returns it to its weekday. Deadlines counted in working days follow at
// once. Audited (calendar_day_set).
func (s *Server) setCalendarDay(c echo.Context) error {
	p := who(c)
	if err := p.requireRole("the working-day calendar", data.RoleAdmin); err != nil {
		return err
	}
	date := c.Param("date")
	var req struct {
		Kind *string `json:"kind"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Kind == nil {
		return data.FieldErrorf("kind", "kind is required: \"rest\" (休), \"work\" (班) or \"\" (as its weekday).")
	}
	if err := s.store.SetCalendarDay(c.Request().Context(), date, *req.Kind); err != nil {
		return err
	}
	s.calendar.Store(nil) // the next deadline reads the new calendar
	s.auditAs(c, p.user, p.user.Username, "calendar_day_set", "calendar:"+date, *req.Kind)
	return c.JSON(http.StatusOK, calendarDay{date, *req.Kind})
}

// deadlines returns the stage deadlines at this moment: Config.Deadlines,
// and Config.WorkDays and petitions' Config.PetitionDays counted on the
// calendar the store holds (read once,
// and again after each change). When the calendar cannot be read, the
// days are counted Monday to Friday, and the next call tries again.
func (s *Server) deadlines() domain.Schedule {
	sc := domain.Schedule{Hours: s.cfg.Deadlines, Days: s.cfg.WorkDays, ReplyDays: s.cfg.PetitionDays}
	if len(sc.Days) == 0 && sc.ReplyDays == 0 {
		return sc
	}
	if sc.Calendar = s.calendar.Load(); sc.Calendar == nil {
		cal, err := s.store.Calendar(context.Background())
		if err != nil {
			s.log.Warn("reading the working-day calendar failed; counting Monday to Friday", "err", err)
			return sc
		}
		s.calendar.CompareAndSwap(nil, cal)
		sc.Calendar = cal
	}
	return sc
}
