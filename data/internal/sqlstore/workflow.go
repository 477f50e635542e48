package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// logIncident is the bookkeeping of every incident write but the
// version: it appends the events to the incidents' timelines and counts the
// write once in Revision.Incidents. Writes to existing incidents go through
// touchIncidents, which bumps their versions too; a new incident has its
// first version already, and a transition bumps it in its conditional
// UPDATE.
func (s *Store) logIncident(ctx context.Context, tx conn, es ...data.IncidentEvent) error {
	b := &batch{ctx: ctx, tx: tx}
	for _, e := range es {
		b.exec(`INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.IncidentID, s.time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note)
	}
	ids := make([]int64, 0, len(es))
	for _, e := range es {
		if !slices.Contains(ids, e.IncidentID) {
			ids = append(ids, e.IncidentID)
		}
	}
	s.countIncidentWrite(b, ids)
	return b.err
}

// countIncidentWrite counts a write of incidents in Revision.Incidents,
// stamps the incidents it wrote (ids) with the new revision, which
// IncidentFactsSince finds them by, and rewrites their fact pages: every
// incident write ends with it.
func (s *Store) countIncidentWrite(b *batch, ids []int64) {
	var pages bool
	if b.err == nil {
		b.err = b.tx.row(b.ctx, `UPDATE revision SET incidents = incidents + 1 RETURNING fact_pages = 1`).Scan(&pages)
	}
	if len(ids) == 0 {
		return
	}
	b.exec(`UPDATE incidents SET revision = (SELECT incidents FROM revision) WHERE id IN (SELECT value FROM `+
		s.d.Elements("bigint")+`)`, s.d.List(ids))
	if pages && b.err == nil {
		ids = slices.Sorted(slices.Values(ids))
		b.err = s.writePages(b.ctx, b.tx, slices.Compact(ids))
	}
}

// touchIncidents is the bookkeeping of a write to existing incidents, one
// event each: it bumps each incident's version, sets its update time to its
// event's, appends the events, counts the write in the revision and
// returns the last incident's new version.
func (s *Store) touchIncidents(ctx context.Context, tx conn, es ...data.IncidentEvent) (int64, error) {
	var version int64
	for _, e := range es {
		if err := tx.row(ctx, `UPDATE incidents SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version`,
			s.time(e.At), e.IncidentID).Scan(&version); err != nil {
			return 0, err
		}
	}
	return version, s.logIncident(ctx, tx, es...)
}

// addToIncident is the shape of a write that adds a record to an
// incident, in one transaction: it locks the incident (ENOTFOUND for an
// unknown one), lets check refuse the record given how many rows the
// incident has in table (a constant) already, runs insert and appends e by
// its actor, named as the account is now, with touchIncidents. It returns
// the incident's new version.
func (s *Store) addToIncident(ctx context.Context, table string, check func(count int) error, insert func(tx conn) error,
	e data.IncidentEvent) (int64, error) {
	var version int64
	err := s.update(ctx, func(tx conn) error {
		if _, err := s.lockIncident(ctx, tx, e.IncidentID, 0); err != nil {
			return err
		}
		var count int
		if err := tx.row(ctx, `SELECT count(*) FROM `+table+` WHERE incident_id = ?`, e.IncidentID).Scan(&count); err != nil {
			return err
		}
		if err := check(count); err != nil {
			return err
		}
		if err := insert(tx); err != nil {
			return err
		}
		var err error
		if e.ActorName, err = userName(ctx, tx, e.ActorID); err != nil {
			return err
		}
		version, err = s.touchIncidents(ctx, tx, e)
		return err
	})
	return version, err
}

// errKeyTaken rolls back a CreateIncident whose idempotency key a
// concurrent request stored first.
var errKeyTaken = errors.New("sqlstore: idempotency key taken meanwhile")

// CreateIncident implements data.Store. A request whose idempotency key is
// stored already returns that key's incident. Of concurrent requests with
// one key (on SQLite the write lock taken as the transaction begins queues
// them; on PostgreSQL they run side by side), each may create its
// incident, but the insert of the key waits for the first to commit and
// then inserts nothing: the others roll back (using up an ID) and return
// the first one's incident.
func (s *Store) CreateIncident(ctx context.Context, in *data.Incident, idempotencyKey string) (*data.Incident, bool, error) {
	n, err := domain.NewIncident(in, idempotencyKey, time.Now())
	if err != nil {
		return nil, false, err
	}
	var out data.Incident
	created := false
	err = s.update(ctx, func(tx conn) error {
		if idempotencyKey != "" {
			found, err := s.keyIncident(ctx, tx, n.ReporterID, idempotencyKey, &out)
			if found || err != nil {
				return err
			}
		}
		if err := s.checkIncidentRefs(ctx, tx, &n); err != nil {
			return err
		}
		if err := s.resolveParties(ctx, tx, &n); err != nil {
			return err
		}
		if n.DuplicateOf != 0 {
			if err := s.checkOriginal(ctx, tx, n.DuplicateOf); err != nil {
				return err
			}
		}
		n.LedgerNumber, n.FollowupPassedAt = "", nil // a report has neither
		cols, marks, point := s.d.PointIn(n.Location)
		args := s.incidentValues(append(make([]any, 0, len(point)+len(incidentColumns)), point...), &n) // sized once
		var id int64
		if err := tx.row(ctx, `INSERT INTO incidents (`+cols+`, `+strings.Join(incidentColumns, ", ")+`) VALUES (`+marks+
			strings.Repeat(", ?", len(incidentColumns))+`) RETURNING id`, args...).Scan(&id); err != nil {
			return err
		}
		if err := s.insertMediators(ctx, tx, `incident_mediators (incident_id, mediator_id)`, id, n.Mediators); err != nil {
			return err
		}
		if err := s.insertParties(ctx, tx, id, n.PartyDetails); err != nil {
			return err
		}
		actor, err := userName(ctx, tx, n.ReporterID)
		if err != nil {
			return err
		}
		if err := s.linkDuplicate(ctx, tx, &n, id, actor); err != nil {
			return err
		}
		err = s.logIncident(ctx, tx, data.IncidentEvent{IncidentID: id, At: n.ReportedAt, ActorID: n.ReporterID,
			ActorName: actor, Kind: data.EventCreated})
		if err != nil {
			return err
		}
		if idempotencyKey != "" {
			b := &batch{ctx: ctx, tx: tx}
			if b.exec(`INSERT INTO incident_keys (reporter_id, key, incident_id, created_at)
				VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, n.ReporterID, idempotencyKey, id, s.time(time.Now())) == 0 {
				return cmp.Or(b.err, errKeyTaken)
			}
		}
		created = true
		out, err = s.readIncident(ctx, tx, id)
		return err
	})
	if errors.Is(err, errKeyTaken) {
		created = false
		err = s.snapshot(ctx, func(tx conn) error {
			found, err := s.keyIncident(ctx, tx, n.ReporterID, idempotencyKey, &out)
			if err == nil && !found {
				err = errors.New("sqlstore: idempotency key vanished")
			}
			return err
		})
	}
	if err != nil {
		return nil, false, s.d.Translate("create incident", err)
	}
	return &out, created, nil
}

// keyIncident reads the incident an idempotency key names into out, and
// reports whether there was one.
func (s *Store) keyIncident(ctx context.Context, tx conn, reporter int64, key string, out *data.Incident) (bool, error) {
	in, err := s.scanIncident(tx.row(ctx, s.incidentSelect()+` WHERE id = (SELECT incident_id FROM incident_keys
		WHERE reporter_id = ? AND key = ?)`, reporter, key))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	*out = in
	return true, nil
}

// insertMediators inserts a row of (id, mediator) into table (a constant
// naming its two columns) for each of ids.
func (s *Store) insertMediators(ctx context.Context, tx conn, table string, id int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO `+table+` SELECT ?, value FROM `+s.d.Elements("bigint"), id, s.d.List(ids))
	return err
}

// checkIncidentRefs returns EINVALID when a new incident names a cell or
// mediator that does not exist.
func (s *Store) checkIncidentRefs(ctx context.Context, tx conn, in *data.Incident) error {
	for _, c := range [...]struct{ field, code string }{{"cell", in.CellCode}, {"near_cell", in.NearCell}} {
		if c.code == "" { // no near cell (NewIncident requires the cell)
			continue
		}
		if ok, err := exists(ctx, tx, "cells", c.code); err != nil || !ok {
			return cmp.Or(err, error(data.FieldErrorf(c.field, "There is no cell %s.", c.code)))
		}
	}
	return s.checkMediators(ctx, tx, in.Mediators)
}

// mediatorsFound returns those of ids that are mediators' IDs.
func (s *Store) mediatorsFound(ctx context.Context, tx conn, ids []int64) ([]int64, error) {
	rows, err := tx.query(ctx, `SELECT id FROM mediators WHERE id IN (SELECT value FROM `+s.d.Elements("bigint")+`)`, s.d.List(ids))
	return collect(rows, err, func(row scanner) (id int64, err error) { return id, row.Scan(&id) })
}

// TransitionIncident implements data.Store: one conditional UPDATE, which
// changes no row when the incident has moved on; then the current row tells
// a missing incident from a stale request. On PostgreSQL a concurrent
// transition of the same incident waits for the row lock, after which the
// condition is checked again on the row as committed: one of them changes
// it.
func (s *Store) TransitionIncident(ctx context.Context, t data.Transition) (*data.Incident, error) {
	t, err := domain.CheckTransition(t)
	if err != nil {
		return nil, err
	}
	return write(ctx, s, "transition incident", func(tx conn) (*data.Incident, error) {
		if t.DuplicateOf != 0 {
			if ok, err := exists(ctx, tx, "incidents", t.DuplicateOf); err != nil || !ok {
				return nil, cmp.Or(err, error(data.FieldErrorf("duplicate_of", "There is no incident %d.", t.DuplicateOf)))
			}
		}
		if t.From == data.StatusResolved && t.To == data.StatusClosed {
			// 办结 needs a passed 回访; a concurrent failed one moves
			// the incident on, which the UPDATE's status check catches.
			var passed *time.Time
			err := tx.row(ctx, `SELECT followup_passed_at FROM incidents WHERE id = ?1 AND status = ?2
				AND (version = ?3 OR ?3 = 0)`, t.IncidentID, t.From, t.Version).
				Scan(s.atOrNil(&passed))
			if err == nil {
				err = domain.CheckClosable(t.From, t.To, passed)
			}
			if err != nil && !errors.Is(err, sql.ErrNoRows) { // none: the UPDATE below tells missing, moved on and stale apart
				return nil, err
			}
		}
		// The version and update time change in this UPDATE, so the
		// bookkeeping left is logIncident's (one round trip fewer than
		// touchIncidents).
		// Resolving sets resolved_at and closing keeps it, while every
		// other status (reopening above all) clears it; escalating raises
		// the escalation level, up to data.MaxEscalation, and returning to
		// accepted resets it. Closing keeps the time of the passed 回访,
		// every other move clears it. A petition's first move into a
		// reply status (its 受理) starts its reply clock, which runs on
		// from there whatever moves follow.
		res, err := tx.exec(ctx, `UPDATE incidents SET status = ?1, version = version + 1, updated_at = ?2, stage_since = ?2,
			resolved_at = CASE WHEN ?3 THEN ?2 WHEN ?4 THEN resolved_at END,
			escalation = CASE WHEN ?5 THEN (CASE WHEN escalation + 1 < ?6 THEN escalation + 1 ELSE ?6 END)
				WHEN ?7 THEN 0 ELSE escalation END,
			duplicate_of = CAST(?8 AS BIGINT),
			followup_passed_at = CASE WHEN ?4 THEN followup_passed_at END,
			reply_since = CASE WHEN reply_since IS NULL AND kind = 'petition' AND ?12 THEN ?2 ELSE reply_since END
			WHERE id = ?9 AND status = ?10 AND (version = ?11 OR ?11 = 0)`,
			t.To, s.time(t.At), t.To == data.StatusResolved, t.To == data.StatusClosed, t.To == data.StatusEscalated,
			data.MaxEscalation, t.To == data.StatusAccepted,
			nullID(t.DuplicateOf), t.IncidentID, t.From, t.Version, slices.Contains(data.ReplyStatuses, t.To))
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil { // missing, or moved on: lockIncident tells which
				_, err = s.lockIncident(ctx, tx, t.IncidentID, -1)
			}
			return nil, err
		}
		err = s.logIncident(ctx, tx, data.IncidentEvent{IncidentID: t.IncidentID, At: t.At, ActorID: t.ActorID,
			ActorName: t.ActorName, Kind: data.EventTransition, From: t.From, To: t.To, Note: t.Note})
		if err != nil {
			return nil, err
		}
		in, err := s.readIncident(ctx, tx, t.IncidentID)
		return &in, err
	})
}

// IncidentEvents implements data.Store.
func (s *Store) IncidentEvents(ctx context.Context, id int64) ([]data.IncidentEvent, error) {
	return ofIncident(ctx, s, "incident events", id, `SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note
		FROM incident_events WHERE incident_id = ? ORDER BY at, id`, func(e *data.IncidentEvent) []any {
		return []any{&e.ID, &e.IncidentID, s.at(&e.At), &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note}
	})
}

// ofIncident reads the rows of query, whose parameter is the incident's
// ID, with collectFields: ENOTFOUND for an unknown incident.
func ofIncident[T any](ctx context.Context, s *Store, op string, id int64, query string, fields func(v *T) []any) ([]T, error) {
	return read(ctx, s, op, func(tx conn) ([]T, error) {
		if err := mustExist(ctx, tx, "incident", id); err != nil {
			return nil, err
		}
		rows, err := tx.query(ctx, query, id)
		return collectFields(rows, err, fields)
	})
}

// userName is a user's display name for an event, "" when there is none
// (events keep the name, so they read the same after an account goes).
func userName(ctx context.Context, tx conn, id int64) (string, error) {
	var name string
	err := tx.row(ctx, `SELECT coalesce((SELECT name FROM users WHERE id = ?), '')`, id).Scan(&name)
	return name, err
}
