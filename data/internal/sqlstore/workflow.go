package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// logIncident is the bookkeeping of every incident write but the
// version: it appends the events to the incidents' timelines and counts the
// write once in Revision.Incidents. Writes to existing incidents bump
// their versions too, as changeIncident saves the incident or with
// touchIncidents; a new incident has its first version already.
func (s *Store) logIncident(ctx context.Context, tx conn, es ...data.IncidentEvent) error {
	b := &batch{ctx: ctx, tx: tx}
	for _, e := range es {
		b.exec(`INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.IncidentID, s.time(e.At), e.ActorID, e.ActorName, e.Kind, e.From, e.To, e.Note)
	}
	ids := make([]int64, len(es)) // repeated IDs do no harm
	for i, e := range es {
		ids[i] = e.IncidentID
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
	b.exec(`UPDATE incidents SET revision = (SELECT incidents FROM revision) WHERE id IN `+s.elements("bigint"), s.d.List(ids))
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

// changeIncident is the shape of every write to an existing incident, in
// one transaction: version must not be negative (EINVALID); before (nil
// for none) checks what needs no lock; then the incident is read, its row
// locked for the change to come (on SQLite the write transaction holds the
// write lock already): ENOTFOUND for an unknown one, ECONFLICT when
// version is not 0 and not its (domain.CheckCurrent); a concurrent change
// waits for the lock and then reads the row as committed. change refuses
// the write or makes it, leaving *in as it is to be, and returns the
// events it appends. The incident is saved so, its version bumped and its
// update time the first event's, and each event is appended as a write of
// its own (logIncident). It returns the incident as it is now.
func (s *Store) changeIncident(ctx context.Context, op string, id, version int64, before func(tx conn) error,
	change func(tx conn, in *data.Incident) ([]data.IncidentEvent, error)) (*data.Incident, error) {
	if err := domain.CheckVersion(version); err != nil {
		return nil, err
	}
	return write(ctx, s, op, func(tx conn) (*data.Incident, error) {
		if before != nil {
			if err := before(tx); err != nil {
				return nil, err
			}
		}
		in, err := scanFields(tx.row(ctx, s.incidentSelect+` WHERE id = ?`+s.d.ForUpdate(), id), s.incidentFields)
		if err == nil {
			err = domain.CheckCurrent(&in, version, "")
		}
		if err != nil {
			return nil, noRows(err, notFound("incident", id))
		}
		es, err := change(tx, &in)
		if err != nil {
			return nil, err
		}
		in.Version, in.UpdatedAt = in.Version+1, es[0].At
		b := &batch{ctx: ctx, tx: tx}
		s.saveIncident(b, &in)
		for _, e := range es {
			if b.err == nil {
				b.err = s.logIncident(ctx, tx, e)
			}
		}
		if b.err != nil {
			return nil, b.err
		}
		in, err = s.readIncident(ctx, tx, id)
		return &in, err
	})
}

// addToIncident is changeIncident for a write that adds a record to
// incident id: add refuses the record given the incident and how many rows
// it has in table (a constant) already, or stores it and returns the
// events it appends by actor, named as the account is now (actorName).
func (s *Store) addToIncident(ctx context.Context, op, table string, id, version, actor int64,
	add func(tx conn, in *data.Incident, count int, actorName string) ([]data.IncidentEvent, error)) (*data.Incident, error) {
	return s.changeIncident(ctx, op, id, version, nil, func(tx conn, in *data.Incident) ([]data.IncidentEvent, error) {
		var count int
		if err := tx.row(ctx, `SELECT count(*) FROM `+table+` WHERE incident_id = ?`, id).Scan(&count); err != nil {
			return nil, err
		}
		name, err := userName(ctx, tx, actor)
		if err != nil {
			return nil, err
		}
		return add(tx, in, count, name)
	})
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
		cols, marks, point := s.d.PointIn(n.Location)
		args := s.incidentValues(append(make([]any, 0, len(point)+len(incidentColumns)), point...), &n) // sized once
		var id int64
		if err := tx.row(ctx, `INSERT INTO incidents (`+cols+`, `+strings.Join(incidentColumns, ", ")+`) VALUES (`+marks+
			strings.Repeat(", ?", len(incidentColumns))+`) RETURNING id`, args...).Scan(&id); err != nil {
			return err
		}
		b := &batch{ctx: ctx, tx: tx}
		s.insertMediators(b, `incident_mediators (incident_id, mediator_id)`, id, n.Mediators)
		s.insertParties(b, id, n.PartyDetails)
		if b.err != nil {
			return b.err
		}
		actor, err := userName(ctx, tx, n.ReporterID)
		if err != nil {
			return err
		}
		if n.DuplicateOf != 0 { // on the original's timeline, bumping its version
			_, err := s.touchIncidents(ctx, tx, data.IncidentEvent{IncidentID: n.DuplicateOf, At: n.ReportedAt,
				ActorID: n.ReporterID, ActorName: actor, Kind: data.EventLinked, Note: strconv.FormatInt(id, 10)})
			if err != nil {
				return err
			}
		}
		err = s.logIncident(ctx, tx, data.IncidentEvent{IncidentID: id, At: n.ReportedAt, ActorID: n.ReporterID,
			ActorName: actor, Kind: data.EventCreated})
		if err != nil {
			return err
		}
		if idempotencyKey != "" {
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
	in, err := scanFields(tx.row(ctx, s.incidentSelect+` WHERE id = (SELECT incident_id FROM incident_keys
		WHERE reporter_id = ? AND key = ?)`, reporter, key), s.incidentFields)
	if err == nil {
		*out = in
	}
	return err == nil, noRows(err, nil)
}

// insertMediators inserts a row of (id, mediator) into table (a constant
// naming its two columns) for each of ids.
func (s *Store) insertMediators(b *batch, table string, id int64, ids []int64) {
	if len(ids) > 0 {
		b.exec(`INSERT INTO `+table+` SELECT ?, value FROM `+s.d.Elements("bigint"), id, s.d.List(ids))
	}
}

// checkIncidentRefs returns EINVALID when a new incident names a cell or
// mediator that does not exist.
func (s *Store) checkIncidentRefs(ctx context.Context, tx conn, in *data.Incident) error {
	// no near cell is "" (NewIncident requires the cell)
	return cmp.Or(mustCell(ctx, tx, "cell", in.CellCode), mustCell(ctx, tx, "near_cell", in.NearCell),
		s.checkMediators(ctx, tx, in.Mediators))
}

// TransitionIncident implements data.Store: domain.Transitioned decides,
// under the incident's lock (changeIncident), whether the move still
// applies and what it changes. On PostgreSQL a concurrent transition of
// the same incident waits for the row lock, and then reads the row as
// committed: one of them changes it.
func (s *Store) TransitionIncident(ctx context.Context, t data.Transition) (*data.Incident, error) {
	t, err := domain.CheckTransition(t)
	if err != nil {
		return nil, err
	}
	return s.changeIncident(ctx, "transition incident", t.IncidentID, t.Version, func(tx conn) error {
		missing := func() error { return data.FieldErrorf("duplicate_of", "There is no incident %d.", t.DuplicateOf) }
		return mustRef(ctx, tx, "incidents", nullID(t.DuplicateOf), missing)
	}, func(_ conn, in *data.Incident) (es []data.IncidentEvent, err error) {
		*in, es, err = domain.Transitioned(*in, t)
		return es, err
	})
}

// IncidentEvents implements data.Store.
func (s *Store) IncidentEvents(ctx context.Context, id int64) ([]data.IncidentEvent, error) {
	return list(ctx, s, "incident events", func(e *data.IncidentEvent) []any {
		return []any{&e.ID, &e.IncidentID, s.at(&e.At), &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Note}
	}, `SELECT id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note
		FROM incident_events WHERE incident_id = ? ORDER BY at, id`, id)
}

// userName is a user's display name for an event, "" when there is none
// (events keep the name, so they read the same after an account goes).
func userName(ctx context.Context, tx conn, id int64) (string, error) {
	var name string
	err := tx.row(ctx, `SELECT coalesce((SELECT name FROM users WHERE id = ?), '')`, id).Scan(&name)
	return name, err
}
