package sqlstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// buildIncidentSelect builds, for New, the Store's incidentSelect: the
// query that reads incidents, with their mediators in order, into
// incidentFields.
func (s *Store) buildIncidentSelect() string {
	return `SELECT id, kind, type, source, status, summary, description, parties, cell_code,
	` + s.d.Point("") + `, reported_at, updated_at, resolved_at,
	(SELECT ` + s.d.ListAgg("mediator_id", "mediator_id") + ` FROM incident_mediators m WHERE m.incident_id = incidents.id),
	priority, reporter_id, version, stage_since, escalation, coalesce(duplicate_of, 0), coalesce(near_cell, ''), near_distance_m, ledger_number,
	followup_passed_at, reply_since, extension_days
FROM incidents`
}

// incidentColumns are the columns an incident is written to, all but its
// ID and location: incidentValues gives their values, for CreateIncident,
// Load and ImportIncidents alike.
var incidentColumns = []string{"kind", "type", "source", "status", "summary", "description", "parties", "cell_code",
	"reported_at", "updated_at", "resolved_at", "priority", "reporter_id", "version", "stage_since",
	"escalation", "duplicate_of", "near_cell", "near_distance_m", "ledger_number", "followup_passed_at", "reply_since", "extension_days"}

// incidentValues appends the values of in's incidentColumns to row.
func (s *Store) incidentValues(row []any, in *data.Incident) []any {
	return append(row, in.Kind, in.Type, in.Source, in.Status, in.Summary, in.Description,
		s.d.List(domain.EmptyIfNil(in.Parties)), in.CellCode, s.time(in.ReportedAt), s.time(in.UpdatedAt),
		s.nullTime(in.ResolvedAt), in.Priority, in.ReporterID, in.Version, s.time(in.StageSince), in.Escalation,
		nullID(in.DuplicateOf), nullString(in.NearCell), in.NearDistanceM, in.LedgerNumber, s.nullTime(in.FollowupPassedAt),
		s.nullTime(in.ReplySince), in.ExtensionDays)
}

// saveIncident writes in over its stored row: its location and every one
// of incidentColumns (its mediators, parties' details, timeline and
// revision are written apart).
func (s *Store) saveIncident(b *batch, in *data.Incident) {
	_, _, point := s.d.PointIn(in.Location)
	args := s.incidentValues(append(make([]any, 0, len(point)+len(incidentColumns)+1), point...), in) // sized once
	b.exec(s.saveSQL, append(args, in.ID)...)
}

// buildSaveIncident builds saveIncident's statement for New.
func (s *Store) buildSaveIncident() string {
	set, _ := s.setPoint(orb.Point{})
	return `UPDATE incidents SET ` + set + `, ` + strings.Join(incidentColumns, ` = ?, `) + ` = ? WHERE id = ?`
}

// Incidents implements data.Store.
func (s *Store) Incidents(ctx context.Context, f data.IncidentFilter) ([]data.Incident, int, error) {
	if err := domain.CheckIncidentFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	add := w.add
	when(&w, `cell_code = ?`, f.CellCode)
	when(&w, `cell_code IN (SELECT code FROM cells WHERE unit_code = ?)`, f.UnitCode)
	s.scope(&w, f.Cells, f.Units)
	when(&w, `id IN (SELECT incident_id FROM incident_mediators WHERE mediator_id = ?)`, f.MediatorID)
	if f.Number != "" {
		if id, err := strconv.ParseInt(f.Number, 10, 64); err == nil {
			add(`(id = ? OR ledger_number = ?)`, id, f.Number)
		} else {
			add(`ledger_number = ?`, f.Number)
		}
	}
	if len(f.Statuses) > 0 {
		add(`status IN `+s.elements("text"), s.d.List(f.Statuses))
	}
	if len(f.Types) > 0 {
		add(`type IN `+s.elements("text"), s.d.List(f.Types))
	}
	s.since(&w, `reported_at >= ?`, f.From)
	s.since(&w, `reported_at < ?`, f.To)
	if f.SharesParty != nil {
		cond, vs := s.sharesParty(f.SharesParty)
		add(cond, vs...)
	}
	if f.BBox != nil {
		cond, vs := s.d.BBox(*f.BBox)
		add(cond, vs...)
	}
	if f.StageBefore != nil {
		var terms []string // an empty map matches nothing
		var vs []any
		// A petition whose reply clock runs (domain.RunsReplyClock) is
		// timed by it alone when ReplyBefore is given.
		const replyClock = `kind = 'petition' AND reply_since IS NOT NULL AND status IN ('accepted', 'mediating', 'escalated')`
		for _, st := range slices.Sorted(maps.Keys(f.StageBefore)) {
			// A resolved incident whose 回访 passed has no deadline
			// (domain.AwaitsStage).
			term := `status = ? AND stage_since < ? AND (status <> 'resolved' OR followup_passed_at IS NULL)`
			if f.ReplyBefore != nil {
				term += ` AND NOT (` + replyClock + `)`
			}
			terms = append(terms, term)
			vs = append(vs, st, s.time(f.StageBefore[st]))
		}
		if f.ReplyBefore != nil {
			terms = append(terms, replyClock+` AND reply_since < ?`)
			vs = append(vs, s.time(*f.ReplyBefore))
		}
		add(stageCond(terms), vs...)
	}
	order := ` ORDER BY id`
	if f.NewestFirst {
		order = ` ORDER BY reported_at DESC, id DESC`
	}
	return page(ctx, s, "incidents", func(tx conn) error {
		return cmp.Or(mustExist(ctx, tx, "cell", f.CellCode), mustExist(ctx, tx, "unit", f.UnitCode))
	}, "incidents", s.incidentSelect, w, order, f.Limit, f.Offset, s.incidentFields)
}

// stageCond joins the conditions of an IncidentFilter.StageBefore, one per
// status, into one that holds when any of them does: false for none.
func stageCond(terms []string) string {
	if len(terms) == 0 {
		return `1 = 0`
	}
	return `((` + strings.Join(terms, `) OR (`) + `))`
}

// Incident implements data.Store.
func (s *Store) Incident(ctx context.Context, id int64) (*data.Incident, error) {
	in, err := s.readIncident(ctx, s.reader(), id)
	return found(s, "incident", in, err, func() error { return notFound("incident", id) })
}

// readIncident reads one incident; sql.ErrNoRows when there is none.
func (s *Store) readIncident(ctx context.Context, c conn, id int64) (data.Incident, error) {
	return scanFields(c.row(ctx, s.incidentSelect+` WHERE id = ?`, id), s.incidentFields)
}

// IncidentCounts implements data.Store.
func (s *Store) IncidentCounts(ctx context.Context, cellCode string) (map[string]int, error) {
	return read(ctx, s, "incident counts", func(tx conn) (map[string]int, error) {
		counts := domain.StatusCounts()
		if err := mustExist(ctx, tx, "cell", cellCode); err != nil {
			return nil, err
		}
		return counts, each(ctx, tx, `SELECT status, count(*) FROM incidents WHERE ?1 = '' OR cell_code = ?1 GROUP BY status`,
			addPair(counts), cellCode)
	})
}

// incidentFields are where incidentSelect's columns are scanned.
func (s *Store) incidentFields(in *data.Incident) []any {
	return []any{&in.ID, &in.Kind, &in.Type, &in.Source, &in.Status, &in.Summary, &in.Description,
		s.d.ListDest(&in.Parties), &in.CellCode, &in.Location[0], &in.Location[1], s.at(&in.ReportedAt), s.at(&in.UpdatedAt),
		s.atOrNil(&in.ResolvedAt), s.d.ListDest(&in.Mediators),
		&in.Priority, &in.ReporterID, &in.Version, s.at(&in.StageSince), &in.Escalation, &in.DuplicateOf, &in.NearCell, &in.NearDistanceM, &in.LedgerNumber,
		s.atOrNil(&in.FollowupPassedAt), s.atOrNil(&in.ReplySince), &in.ExtensionDays}
}

// IncidentFacts implements data.Store.
func (s *Store) IncidentFacts(ctx context.Context, fn func(*data.IncidentFact) error) error {
	return s.facts(ctx, fn, func(tx conn, call func(*data.IncidentFact) error) error {
		return s.eachFact(ctx, tx, `TRUE ORDER BY reported_at, id`, call)
	})
}

// IncidentFactsSince implements data.Store: the revision and the
// incidents stamped after it (see countIncidentWrite) are read in one
// snapshot, so that no write falls between them; all of them from the
// fact pages once they are filled.
func (s *Store) IncidentFactsSince(ctx context.Context, since int64, fn func(*data.IncidentFact) error) (int64, error) {
	var rev int64
	err := s.facts(ctx, fn, func(tx conn, call func(*data.IncidentFact) error) error {
		var pages bool
		if err := tx.row(ctx, `SELECT incidents, fact_pages = 1 FROM revision`).Scan(&rev, &pages); err != nil {
			return err
		}
		switch {
		case since == 0 && pages:
			return s.eachPagedFact(ctx, tx, call)
		case since == 0:
			return s.eachFact(ctx, tx, `TRUE ORDER BY id`, call)
		}
		// by the index on revision: a few rows of a million
		return s.eachFact(ctx, tx, `revision > ? ORDER BY revision, id`, call, since)
	})
	if err != nil {
		return 0, err
	}
	return rev, nil
}

// facts runs read in a snapshot with call, which passes each fact read on
// to fn: fn's error comes back as it is, any other translated.
func (s *Store) facts(ctx context.Context, fn func(*data.IncidentFact) error,
	read func(tx conn, call func(*data.IncidentFact) error) error) error {
	var fnErr error
	err := s.snapshot(ctx, func(tx conn) error {
		return read(tx, func(f *data.IncidentFact) error {
			fnErr = fn(f)
			return fnErr
		})
	})
	if fnErr != nil {
		return fnErr
	}
	return s.d.Translate("incident facts", err)
}

// eachFact calls fn with the facts of the incidents of cond (a constant
// condition, with its order), read from their rows.
func (s *Store) eachFact(ctx context.Context, tx conn, cond string, fn func(*data.IncidentFact) error, args ...any) error {
	var f data.IncidentFact
	var resolved, reply *time.Time
	dest := []any{&f.ID, &f.CellCode, &f.Type, &f.Status, &f.Escalation, s.at(&f.ReportedAt),
		s.at(&f.StageSince), s.atOrNil(&resolved), &f.FollowupPassed, s.atOrNil(&reply)}
	return each(ctx, tx, `SELECT id, cell_code, type, status, escalation, reported_at, stage_since,
		resolved_at, followup_passed_at IS NOT NULL, CASE WHEN kind = 'petition' THEN reply_since END FROM incidents WHERE `+cond,
		func(row scanner) error {
			if err := row.Scan(dest...); err != nil {
				return err
			}
			f.ReplySince = time.Time{}
			if reply != nil {
				f.ReplySince = *reply
			}
			f.ResolvedAt = time.Time{}
			if resolved != nil {
				f.ResolvedAt = *resolved
			}
			return fn(&f)
		}, args...)
}
