package api

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// Notifications: each user's in-app inbox (GET /api/notifications, mark
// one or all read), filled when a case is assigned to them (a mediator
// they are), returned (退回, to status reported) to its reporter, when a
// note @mentions them, and by the overdue scan (ScanOverdue). With
// Config.NotifyOutbound each event is also queued, once, for the webhook
// (package notify), as a message without personal data.
//
// Mentions: in a transition's note or a mediation record's note,
// "@username" (letters, digits, . _ -) or "@显示名" (the account's name, up
// to the next space or punctuation) names an account; unknown names are
// ignored, and the writer is never notified of their own mention.

func (s *Server) notificationRoutes(a *echo.Group) {
	getAndHead(a, "/notifications", s.listNotifications)
	a.POST("/notifications/read", s.readAllNotifications)
	a.POST("/notifications/:id/read", s.readNotification)
	getAndHead(a, "/notifications/deliveries", s.listDeliveries)
}

// listNotifications answers GET /api/notifications?before=ID&limit=N: the
// caller's own notifications, newest first, with the unread count and the
// before of the next page.
func (s *Server) listNotifications(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("notifications")
	}
	limit, err := intParam(c, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	var before int64
	if v := c.QueryParam("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before <= 0 {
			return data.FieldErrorf("before", "before must be a positive notification ID.")
		}
	}
	page, err := s.store.Notifications(c.Request().Context(), p.user.ID, before, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// readNotification answers POST /api/notifications/{id}/read.
func (s *Server) readNotification(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("notifications")
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("id", "id must be a positive integer.")
	}
	if err := s.store.ReadNotification(c.Request().Context(), p.user.ID, id, s.now()); err != nil {
		return fieldOf(err, "id")
	}
	return c.NoContent(http.StatusNoContent)
}

// readAllNotifications answers POST /api/notifications/read: marks all
// the caller's notifications read, answering how many it marked.
func (s *Server) readAllNotifications(c echo.Context) error {
	p := who(c)
	if p.user == nil {
		return p.denied("notifications")
	}
	n, err := s.store.ReadAllNotifications(c.Request().Context(), p.user.ID, s.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"marked": n})
}

// listDeliveries answers GET /api/notifications/deliveries (admins): the
// newest webhook messages with each one's attempts.
func (s *Server) listDeliveries(c echo.Context) error {
	if err := who(c).requireRole("the webhook deliveries", data.RoleAdmin); err != nil {
		return err
	}
	limit, err := intParam(c, "limit", 50, 1, 100)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ms, err := s.store.Outbox(ctx, limit)
	if err != nil {
		return err
	}
	type item struct {
		data.OutboxMessage
		Deliveries []data.Delivery `json:"deliveries"`
	}
	out := make([]item, 0, len(ms))
	for _, m := range ms {
		ds, err := s.store.Deliveries(ctx, m.ID)
		if err != nil {
			return err
		}
		out = append(out, item{m, ds})
	}
	return c.JSON(http.StatusOK, map[string]any{"messages": out})
}

// webhookMessage is package notify's Message (the same JSON), without
// importing it: a case's number, type, cell name and link.
type webhookMessage struct {
	Kind  string `json:"kind"`
	Case  string `json:"case"`
	Type  string `json:"type"`
	Cell  string `json:"cell"`
	Stage string `json:"stage,omitempty"`
	Link  string `json:"link,omitempty"`
	Count int    `json:"count,omitempty"`
}

// overdueListKind is notify.OverdueListKind: the message with the link to
// the work list of the overdue cases that ends a scan's digest.
const overdueListKind = "overdue_list"

// notify adds a notification of kind about in to each user (once per user
// and key when key is set) and queues one webhook message for the event,
// for the town's webhook (Config.NotifyOutbound) and for the own webhook
// of the case's unit if it has one (target: the unit's code).
// A failure is logged, not returned: the write it follows has happened.
func (s *Server) notify(ctx context.Context, kind string, in *data.Incident, stage, key string, users []int64) {
	s.notifyAt(ctx, kind, in, stage, key, users, s.now())
}

// notifyAt is notify at now; it reports whether it notified anyone (and
// queued the webhook messages).
func (s *Server) notifyAt(ctx context.Context, kind string, in *data.Incident, stage, key string, users []int64, now time.Time) bool {
	slices.Sort(users)
	users = slices.Compact(users)
	added := false
	for _, u := range users {
		if u == 0 {
			continue
		}
		ok, err := s.store.AddNotification(ctx, &data.Notification{UserID: u, Kind: kind, IncidentID: in.ID, Stage: stage, Key: key, CreatedAt: now})
		if err != nil {
			s.log.Error("notification", "kind", kind, "incident", in.ID, "user", u, "err", err)
			continue
		}
		added = added || ok
	}
	if !added {
		return false
	}
	m := webhookMessage{Kind: kind, Case: domain.ExportedNumber(in.ID), Type: in.Type, Stage: stage, Link: s.caseLink(in.ID)}
	var unit string
	if cell, err := s.store.Cell(ctx, in.CellCode); err == nil {
		m.Cell, unit = cell.Name, cell.UnitCode
	}
	body, _ := json.Marshal(m)
	okey := key
	if okey == "" {
		okey = fmt.Sprintf("%s:%d:%d", kind, in.ID, now.UnixNano())
	}
	var out []data.OutboxMessage
	if s.cfg.NotifyOutbound {
		out = append(out, data.OutboxMessage{Key: okey, Body: string(body), CreatedAt: now})
	}
	if unit != "" && s.unitHasWebhook(ctx, unit) {
		out = append(out, data.OutboxMessage{Key: "unit:" + unit + ":" + okey, Body: string(body), CreatedAt: now, Target: unit})
	}
	s.enqueue(ctx, out)
	return true
}

// enqueue queues the webhook messages out, logging a failure.
func (s *Server) enqueue(ctx context.Context, out []data.OutboxMessage) {
	for i := range out {
		if _, err := s.store.Enqueue(ctx, &out[i]); err != nil {
			s.log.Error("webhook outbox", "key", out[i].Key, "target", out[i].Target, "err", err)
		}
	}
}

// listLink is the work list (案件列表) of the overdue cases, the town's or
// unit's, as the list's URL hash names its filters, from BaseURL; empty
// without one.
func (s *Server) listLink(unit string) string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	link := strings.TrimRight(s.cfg.BaseURL, "/") + "/#/cases?overdue=true"
	if unit != "" {
		link += "&unit=" + url.QueryEscape(unit)
	}
	return link
}

// queueOverdueLists queues, after a scan that notified anything, the
// link to the work list of the cases overdue (total, the town's) for the
// town's webhook, and to the unit's (byUnit) for each unit's own webhook
// that got messages (fresh): the last line of the digest.
func (s *Server) queueOverdueLists(ctx context.Context, total int, byUnit map[string]int, fresh map[string]bool, now time.Time) {
	if s.cfg.BaseURL == "" || len(fresh) == 0 {
		return
	}
	msg := func(unit string, n int) data.OutboxMessage {
		body, _ := json.Marshal(webhookMessage{Kind: overdueListKind, Link: s.listLink(unit), Count: n})
		key := fmt.Sprintf("%s:%d", overdueListKind, now.UnixNano())
		if unit != "" {
			key = "unit:" + unit + ":" + key
		}
		return data.OutboxMessage{Key: key, Body: string(body), CreatedAt: now, Target: unit}
	}
	var out []data.OutboxMessage
	if s.cfg.NotifyOutbound {
		out = append(out, msg("", total))
	}
	units := slices.Sorted(maps.Keys(fresh))
	for _, u := range units {
		if u != "" && s.unitHasWebhook(ctx, u) {
			out = append(out, msg(u, byUnit[u]))
		}
	}
	s.enqueue(ctx, out)
}

// unitHasWebhook reports whether the unit has a webhook of its own.
func (s *Server) unitHasWebhook(ctx context.Context, unit string) bool {
	ws, err := s.store.Webhooks(ctx)
	if err != nil {
		s.log.Error("webhooks", "err", err)
		return false
	}
	return slices.ContainsFunc(ws, func(w data.Webhook) bool { return w.Unit == unit })
}

// caseLink is the case in the app, from BaseURL; empty without one.
func (s *Server) caseLink(id int64) string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/#/cases?incident=" + strconv.FormatInt(id, 10)
}

// mediatorUsers are the accounts of the mediators ids.
func (s *Server) mediatorUsers(ctx context.Context, ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	us, err := s.store.Users(ctx)
	if err != nil {
		s.log.Error("notification: users", "err", err)
		return nil
	}
	return accountsOf(us, ids)
}

// accountsOf are the enabled accounts among us of the mediators ids.
func accountsOf(us []data.User, ids []int64) []int64 {
	var out []int64
	for _, u := range us {
		if u.MediatorID != 0 && !u.Disabled && slices.Contains(ids, u.MediatorID) {
			out = append(out, u.ID)
		}
	}
	return out
}

// followupUsers are the accounts that record the 回访 of in, a case of
// the cell's unit: the unit's cadres, the cell's grid workers and the
// assigned mediators.
func followupUsers(us []data.User, in *data.Incident, unit string) []int64 {
	out := accountsOf(us, in.Mediators)
	for _, u := range us {
		switch {
		case u.Disabled:
		case u.Role == data.RoleUnitCadre && unit != "" && u.UnitCode == unit,
			u.Role == data.RoleGridWorker && slices.Contains(u.Cells, in.CellCode):
			out = append(out, u.ID)
		}
	}
	return out
}

var mentionRE = regexp.MustCompile(`@([\p{L}\p{N}._-]+)`)

// mentioned are the accounts text @mentions by username or name, but
// not author.
func (s *Server) mentioned(ctx context.Context, text string, author int64) []int64 {
	names := mentionRE.FindAllStringSubmatch(text, -1)
	if len(names) == 0 {
		return nil
	}
	us, err := s.store.Users(ctx)
	if err != nil {
		s.log.Error("notification: users", "err", err)
		return nil
	}
	var out []int64
	for _, n := range names {
		for _, u := range us {
			if u.ID != author && !u.Disabled && (u.Username == n[1] || (u.Name != "" && u.Name == n[1])) {
				out = append(out, u.ID)
			}
		}
	}
	return out
}

// afterAssignment notifies the accounts of the mediators added.
func (s *Server) afterAssignment(ctx context.Context, before []int64, in *data.Incident) {
	var added []int64
	for _, m := range in.Mediators {
		if !slices.Contains(before, m) {
			added = append(added, m)
		}
	}
	s.notify(ctx, data.NotifyAssigned, in, "", "", s.mediatorUsers(ctx, added))
}

// afterTransition notifies the reporter of a case returned (退回) to
// reported, and those the note mentions.
func (s *Server) afterTransition(ctx context.Context, from string, in *data.Incident, note string, actor int64) {
	if in.Status == data.StatusReported && from != data.StatusReported && in.ReporterID != actor {
		s.notify(ctx, data.NotifyReturned, in, "", "", []int64{in.ReporterID})
	}
	s.notify(ctx, data.NotifyMentioned, in, "", "", s.mentioned(ctx, note, actor))
}

// ScanOverdue notifies, once per case and stage (the key
// overdue:<id>:<stage>, unique in the store, whichever process scans),
// the reporter and the assigned mediators' accounts of every case past
// the deadline of its stage, for every open stage the deadlines name, in
// hours or in working days on the calendar as Schedule counts them. A
// resolved case past its 回访's deadline without a passed 回访 (the
// store's filter leaves those with one out) is "回访 due" instead, once
// per case and resolution (followup_due:<id>:<resolved at>), to those who
// record 回访 (followupUsers). A scan that notified anyone queues last,
// for each webhook that got its messages, the link to the work list of
// the cases overdue (queueOverdueLists), which ends the digest. It
// returns how many cases it looked at.
func (s *Server) ScanOverdue(ctx context.Context) (int, error) {
	now := s.now()
	var f data.IncidentFilter
	s.deadlines().OverdueFilter(&f, now) // hours, or working days on the calendar; petitions' replies in calendar days
	if len(f.StageBefore) == 0 && f.ReplyBefore == nil {
		return 0, nil
	}
	ins, _, err := s.store.Incidents(ctx, f)
	if err != nil {
		return 0, err
	}
	us, err := s.store.Users(ctx)
	if err != nil {
		return 0, err
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return 0, err
	}
	byUnit := map[string]int{} // the overdue cases of each unit
	fresh := map[string]bool{} // the units notified of any ("" any at all)
	for i := range ins {
		in := &ins[i]
		unit := sn.unitOf(in.CellCode)
		byUnit[unit]++
		var notified bool
		if in.Status == data.StatusResolved {
			var resolved int64
			if in.ResolvedAt != nil {
				resolved = in.ResolvedAt.Unix()
			}
			key := fmt.Sprintf("%s:%d:%d", data.NotifyFollowupDue, in.ID, resolved)
			notified = s.notifyAt(ctx, data.NotifyFollowupDue, in, in.Status, key, followupUsers(us, in, unit), now)
		} else {
			users := append(accountsOf(us, in.Mediators), in.ReporterID)
			key := fmt.Sprintf("overdue:%d:%s", in.ID, in.Status)
			notified = s.notifyAt(ctx, data.NotifyOverdue, in, in.Status, key, users, now)
		}
		if notified {
			fresh[""], fresh[unit] = true, true
		}
	}
	s.queueOverdueLists(ctx, len(ins), byUnit, fresh, now)
	return len(ins), nil
}

// RunOverdueScans calls ScanOverdue every interval until ctx ends.
func (s *Server) RunOverdueScans(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.ScanOverdue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("overdue scan", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
