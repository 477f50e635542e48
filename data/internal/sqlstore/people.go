package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// The nouns of the imports' counts.
const (
	nounHouseholds  = "households"
	nounResidents   = "residents"
	nounGridWorkers = "grid_workers"
	nounMediators   = "mediators"
	nounAccounts    = "accounts"
	nounIncidents   = "incidents"
)

// tally counts what an import does to one noun.
type tally struct{ data.ImportCount }

func (t *tally) add(existed, changed bool) {
	switch {
	case !existed:
		t.Created++
	case changed:
		t.Updated++
	default:
		t.Unchanged++
	}
}

func (t *tally) changed() bool { return t.Created+t.Updated > 0 }

// setPoint is the SET clause of an UPDATE that stores p, and its
// parameters.
func (s *Store) setPoint(p orb.Point) (string, []any) {
	cols, marks, args := s.d.PointIn(p)
	return `(` + cols + `) = (SELECT ` + marks + `)`, args
}

// nextIDs returns, for each table (a constant), the ID after its largest,
// for rows an import inserts in bulk: its transaction holds the lock of
// the dialect's BoundaryPrelude, so no other import takes them meanwhile.
func nextIDs(ctx context.Context, tx conn, tables ...string) ([]int64, error) {
	ids := make([]int64, len(tables))
	for i, table := range tables {
		if err := tx.row(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+table).Scan(&ids[i]); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// importTx runs fn in a write transaction for op, with a batch on it and
// the set of the current cells' codes, after the dialect's
// BoundaryPrelude: an import moves households and incidents, so it
// queues with boundary commits and incident writes.
func importTx[T any](ctx context.Context, s *Store, op string, fn func(tx conn, b *batch, cells map[string]bool) (T, error)) (T, error) {
	return write(ctx, s, op, func(tx conn) (T, error) {
		b := &batch{ctx: ctx, tx: tx}
		for _, q := range s.d.BoundaryPrelude() {
			b.exec(q)
		}
		cells := map[string]bool{}
		if b.err == nil {
			b.err = each(ctx, tx, `SELECT code FROM cells`, addCode(cells))
		}
		if b.err != nil {
			var zero T
			return zero, b.err
		}
		return fn(tx, b, cells)
	})
}

// ImportHouseholds implements data.PeopleStore: the households and
// residents it creates go in with the dialect's Bulk, the ones it changes
// a statement each.
func (s *Store) ImportHouseholds(ctx context.Context, hs []data.HouseholdImport) ([]data.ImportCount, error) {
	if err := domain.CheckHouseholdImports(hs); err != nil {
		return nil, err
	}
	numbers := make([]string, len(hs))
	var ids []string
	for i, h := range hs {
		numbers[i] = h.Number
		for _, r := range h.Residents {
			ids = append(ids, r.IDNumber)
		}
	}
	return importTx(ctx, s, "import households", func(tx conn, b *batch, cells map[string]bool) ([]data.ImportCount, error) {
		for i, h := range hs {
			if !cells[h.CellCode] {
				return nil, data.FieldErrorf(data.ItemField("households", i)+".cell", "There is no cell %s.", h.CellCode)
			}
		}
		// An export names a household without 户号 by GM- and its ID
		// (domain.ExportedNumber): such a number finds it again, unless a
		// household has that number (read after, it takes the key).
		in := `IN (SELECT value FROM ` + s.d.Elements("text") + `)`
		rows, err := tx.query(ctx, `SELECT `+s.householdCols()+` FROM households WHERE number `+in+
			` OR number = '' AND id IN (SELECT value FROM `+s.d.Elements("bigint")+`) ORDER BY number`,
			s.d.List(numbers), s.d.List(domain.ExportedIDs(numbers)))
		houses, err := collectFields(rows, err, householdFields)
		if err != nil {
			return nil, err
		}
		oldHouses := map[string]data.Household{}
		for _, h := range houses {
			oldHouses[cmp.Or(h.Number, domain.ExportedNumber(h.ID))] = h
		}
		rows, err = tx.query(ctx, `SELECT `+s.residentCols()+` FROM residents WHERE id_number `+in, s.d.List(ids))
		residents, err := collectFields(rows, err, residentFields)
		if err != nil {
			return nil, err
		}
		oldResidents := map[string]*data.Resident{}
		byHouse := map[int64][]*data.Resident{}
		for i := range residents {
			r := &residents[i]
			oldResidents[r.IDNumber] = r
			byHouse[r.HouseholdID] = append(byHouse[r.HouseholdID], r)
		}
		next, err := nextIDs(ctx, tx, "households", "residents")
		if err != nil {
			return nil, err
		}
		nextHouse, nextResident := next[0], next[1]
		houseCount := tally{data.ImportCount{Noun: nounHouseholds}}
		people := tally{data.ImportCount{Noun: nounResidents}}
		delta := map[string][2]int{} // cell -> households, population
		shift := func(cell string, households, population int) {
			d := delta[cell]
			delta[cell] = [2]int{d[0] + households, d[1] + population}
		}
		moved := map[int64]bool{} // residents moved with their household
		var newHouses []data.Household
		var newResidents []data.Resident
		for _, h := range hs {
			house := h.Household
			old, existed := oldHouses[h.Number]
			house.ID = cmp.Or(old.ID, nextHouse)
			changed := existed && (old.CellCode != house.CellCode || old.Address != house.Address || old.Location != house.Location ||
				old.Approximate != house.Approximate)
			switch {
			case !existed:
				nextHouse++
				newHouses = append(newHouses, house)
				shift(house.CellCode, 1, 0)
			case changed:
				set, pt := s.setPoint(house.Location)
				b.exec(`UPDATE households SET cell_code = ?, address = ?, approximate = ?, `+set+` WHERE id = ?`,
					append(append([]any{house.CellCode, house.Address, house.Approximate}, pt...), house.ID)...)
				if old.CellCode != house.CellCode || old.Location != house.Location {
					// Every resident moves with the household, those the
					// sheet does not list too.
					set, pt := s.setPoint(house.Location)
					n := b.exec(`UPDATE residents SET cell_code = ?, `+set+` WHERE household_id = ?`,
						append(append([]any{house.CellCode}, pt...), house.ID)...)
					if old.CellCode != house.CellCode {
						shift(old.CellCode, -1, -int(n))
						shift(house.CellCode, 1, int(n))
					}
					for _, r := range byHouse[house.ID] {
						r.CellCode, r.Location = house.CellCode, house.Location
						moved[r.ID] = true
					}
				}
			}
			houseCount.add(existed, changed)
			for _, r := range h.Residents {
				r.HouseholdID, r.CellCode, r.Location = house.ID, house.CellCode, house.Location
				old := oldResidents[r.IDNumber]
				if old == nil {
					r.ID = nextResident
					nextResident++
					newResidents = append(newResidents, r)
					shift(r.CellCode, 0, 1)
					people.add(false, false)
					continue
				}
				r.ID = old.ID
				if r == *old {
					people.add(true, moved[r.ID]) // moved with its household, or not at all
					continue
				}
				set, pt := s.setPoint(r.Location)
				b.exec(`UPDATE residents SET household_id = ?, cell_code = ?, name = ?, gender = ?, birth_date = ?, phone = ?,
					relation = ?, `+set+` WHERE id = ?`,
					append(append([]any{r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.Phone, r.Relation}, pt...), r.ID)...)
				if old.CellCode != r.CellCode {
					shift(old.CellCode, 0, -1)
					shift(r.CellCode, 0, 1)
				}
				people.add(true, true)
			}
		}
		s.bulk(b, s.householdTable(newHouses))
		s.bulk(b, s.residentTable(newResidents))
		for _, c := range slices.Sorted(maps.Keys(delta)) {
			if d := delta[c]; d != [2]int{} {
				b.exec(`UPDATE cells SET households = households + ?, population = population + ? WHERE code = ?`, d[0], d[1], c)
			}
		}
		if houseCount.changed() || people.changed() {
			b.exec(`UPDATE revision SET cells = cells + 1`)
		}
		return []data.ImportCount{houseCount.ImportCount, people.ImportCount}, b.err
	})
}

// Households implements data.PeopleStore.
func (s *Store) Households(ctx context.Context, f data.HouseholdFilter) ([]data.Household, int, error) {
	if err := domain.CheckHouseholdFilter(f); err != nil {
		return nil, 0, err
	}
	var w where
	when(&w, `cell_code = ?`, f.CellCode)
	when(&w, `number = ?`, f.Number)
	return page(ctx, s, "households", func(tx conn) error { return mustExist(ctx, tx, "cell", f.CellCode) }, "households",
		`SELECT `+s.householdCols()+` FROM households`, w, ` ORDER BY id`, f.Limit, f.Offset,
		func(rows Rows, err error) ([]data.Household, error) { return collectFields(rows, err, householdFields) })
}

// householdCols are a household's columns and householdFields where they
// are scanned, in one order; residentCols and residentFields the same for
// a resident.
func (s *Store) householdCols() string {
	return `id, cell_code, address, ` + s.d.Point("") + `, number, approximate`
}

func householdFields(h *data.Household) []any {
	return []any{&h.ID, &h.CellCode, &h.Address, &h.Location[0], &h.Location[1], &h.Number, &h.Approximate}
}

func (s *Store) residentCols() string {
	return `id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation, ` + s.d.Point("")
}

func residentFields(r *data.Resident) []any {
	return []any{&r.ID, &r.HouseholdID, &r.CellCode, &r.Name, &r.Gender, &r.BirthDate, &r.IDNumber, &r.Phone, &r.Relation,
		&r.Location[0], &r.Location[1]}
}

// staffKey is a person of a staff import: name and phone.
type staffKey struct{ name, phone string }

// ImportStaff implements data.PeopleStore.
func (s *Store) ImportStaff(ctx context.Context, staff []data.StaffMember) ([]data.ImportCount, error) {
	if err := domain.CheckStaff(staff); err != nil {
		return nil, err
	}
	now := time.Now()
	type result struct {
		counts  []data.ImportCount
		created []bool
		users   []data.User
	}
	res, err := importTx(ctx, s, "import staff", func(tx conn, b *batch, cells map[string]bool) (*result, error) {
		units := map[string]bool{}
		workers := map[staffKey]data.GridWorker{}
		mediators := map[staffKey]data.Mediator{}
		err := errors.Join(
			each(ctx, tx, `SELECT code FROM units`, addCode(units)),
			each(ctx, tx, `SELECT id, name, phone,
				(SELECT `+s.d.ListAgg("cell_code", "cell_code")+` FROM cell_workers WHERE worker_id = grid_workers.id) FROM grid_workers`,
				func(row scanner) error {
					var w data.GridWorker
					err := row.Scan(&w.ID, &w.Name, &w.Phone, s.d.ListDest(&w.Cells))
					w.Cells = domain.EmptyIfNil(w.Cells)
					workers[staffKey{w.Name, w.Phone}] = w
					return err
				}),
			each(ctx, tx, mediatorSelect, func(row scanner) error {
				var m data.Mediator
				err := row.Scan(mediatorFields(&m)...)
				mediators[staffKey{m.Name, m.Phone}] = m
				return err
			}))
		if err != nil {
			return nil, err
		}
		next, err := nextIDs(ctx, tx, "grid_workers", "mediators")
		if err != nil {
			return nil, err
		}
		nextWorker, nextMediator := next[0], next[1]
		gw := tally{data.ImportCount{Noun: nounGridWorkers}}
		md := tally{data.ImportCount{Noun: nounMediators}}
		ac := tally{data.ImportCount{Noun: nounAccounts}}
		out := &result{created: make([]bool, len(staff)), users: make([]data.User, len(staff))}
		for i, m := range staff {
			f := data.ItemField("staff", i)
			var u data.User
			if m.Account != nil {
				u = *m.Account
			}
			if w := m.GridWorker; w != nil {
				want := slices.Sorted(slices.Values(w.Cells))
				for _, c := range want {
					if !cells[c] {
						return nil, data.FieldErrorf(f+".cells", "There is no cell %s.", c)
					}
				}
				old, existed := workers[staffKey{w.Name, w.Phone}]
				changed := existed && !slices.Equal(old.Cells, want)
				id := cmp.Or(old.ID, nextWorker)
				switch {
				case !existed:
					nextWorker++
					b.exec(`INSERT INTO grid_workers (id, name, phone) VALUES (?, ?, ?)`, id, w.Name, w.Phone)
				case changed:
					b.exec(`DELETE FROM cell_workers WHERE worker_id = ?`, id)
				}
				if !existed || changed {
					for _, c := range want {
						b.exec(`INSERT INTO cell_workers (cell_code, worker_id) VALUES (?, ?)`, c, id)
					}
				}
				gw.add(existed, changed)
				u.Role, u.Cells, u.Username = data.RoleGridWorker, want, cmp.Or(u.Username, fmt.Sprintf("wg%d", id))
			} else {
				m := *m.Mediator
				if m.UnitCode != "" && !units[m.UnitCode] {
					return nil, data.FieldErrorf(f+".unit_code", "There is no unit %s.", m.UnitCode)
				}
				old, existed := mediators[staffKey{m.Name, m.Phone}]
				changed := existed && (old.Role != m.Role || old.Category != m.Category || old.UnitCode != m.UnitCode)
				m.ID = cmp.Or(old.ID, nextMediator)
				switch {
				case !existed:
					nextMediator++
					b.exec(`INSERT INTO mediators (id, name, role, category, unit_code, phone) VALUES (?, ?, ?, ?, ?, ?)`,
						m.ID, m.Name, m.Role, m.Category, nullString(m.UnitCode), m.Phone)
				case changed:
					b.exec(`UPDATE mediators SET role = ?, category = ?, unit_code = ? WHERE id = ?`, m.Role, m.Category, nullString(m.UnitCode), m.ID)
				}
				md.add(existed, changed)
				u.Role, u.UnitCode, u.MediatorID, u.Username = data.RoleMediator, m.UnitCode, m.ID, cmp.Or(u.Username, fmt.Sprintf("tj%d", m.ID))
			}
			if m.Account == nil || b.err != nil {
				continue
			}
			created, err := s.staffAccount(ctx, tx, f, &u, now)
			if err != nil {
				return nil, err
			}
			ac.add(!created, false)
			out.created[i], out.users[i] = created, u
		}
		if gw.changed() {
			b.exec(`UPDATE revision SET cells = cells + 1`)
		}
		out.counts = []data.ImportCount{gw.ImportCount, md.ImportCount, ac.ImportCount}
		return out, b.err
	})
	if err != nil {
		return nil, err
	}
	for i := range staff {
		if staff[i].Account != nil {
			*staff[i].Account = res.users[i]
			staff[i].AccountCreated = res.created[i]
		}
	}
	return res.counts, nil
}

// staffAccount creates the account u of a staff member (field f) unless
// it exists: a mediator's account, or one of u's username and role. It
// reports whether it created it, and sets u's ID and CreatedAt (and, for
// an existing account, its username).
func (s *Store) staffAccount(ctx context.Context, tx conn, f string, u *data.User, now time.Time) (bool, error) {
	var id int64
	var username, role string
	var created time.Time
	err := tx.row(ctx, `SELECT id, username, role, created_at FROM users WHERE username = ?1 OR (?2 <> 0 AND mediator_id = ?2)
		ORDER BY (mediator_id IS NOT NULL AND mediator_id = ?2) DESC LIMIT 1`, u.Username, u.MediatorID).Scan(&id, &username, &role, s.at(&created))
	switch {
	case err == nil && role != u.Role:
		return false, data.Errorf(data.ECONFLICT, "The username %q is taken.", u.Username).WithField(f + ".username")
	case err == nil:
		u.ID, u.Username, u.CreatedAt = id, username, created
		return false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	if err := cmp.Or(domain.CheckUsername(u.Username), domain.CheckUserScope(u)); err != nil {
		var e *data.Error
		if errors.As(err, &e) {
			return false, e.WithField(f + ".account." + e.Field)
		}
		return false, err
	}
	u.CreatedAt = domain.StoredTime(cmp.Or(u.CreatedAt, now))
	u.ID, err = s.insertUser(ctx, tx, u, u.CreatedAt)
	return err == nil, err
}

// ImportIncidents implements data.PeopleStore. New incidents take IDs
// after the largest and go in with the dialect's Bulk, as Load writes
// them; the dialect's LoadStatements then move the ID sequence past them.
func (s *Store) ImportIncidents(ctx context.Context, ins []data.Incident) ([]data.ImportCount, error) {
	numbers := make([]string, len(ins))
	for i, in := range ins {
		numbers[i] = in.LedgerNumber
	}
	now := domain.StoredTime(time.Now())
	return importTx(ctx, s, "import incidents", func(tx conn, b *batch, cells map[string]bool) ([]data.ImportCount, error) {
		if err := domain.CheckLedger(ins, cells); err != nil {
			return nil, err
		}
		// An export names an incident reported in gridmap (no ledger
		// number) by GM- and its ID (domain.ExportedNumber): such a row finds
		// it again, unless an incident has that ledger number.
		rows, err := tx.query(ctx, s.incidentSelect()+` WHERE ledger_number IN (SELECT value FROM `+s.d.Elements("text")+`)
			OR ledger_number = '' AND id IN (SELECT value FROM `+s.d.Elements("bigint")+`) ORDER BY ledger_number`, s.d.List(numbers), s.d.List(domain.ExportedIDs(numbers)))
		olds, err := collect(rows, err, s.scanIncident)
		if err != nil {
			return nil, err
		}
		byNumber := make(map[string]*data.Incident, len(olds))
		for i := range olds {
			byNumber[cmp.Or(olds[i].LedgerNumber, domain.ExportedNumber(olds[i].ID))] = &olds[i]
		}
		ids, err := nextIDs(ctx, tx, "incidents")
		if err != nil {
			return nil, err
		}
		next := ids[0]
		count := tally{data.ImportCount{Noun: nounIncidents}}
		var created []data.Incident
		var written []int64 // the IDs of the incidents changed, created or given events
		var events []data.IncidentEvent
		var followups []data.Followup // the ledger's passed 回访, each stored once
		for _, in := range ins {
			in = domain.LoadedIncident(in)
			in.Mediators, in.ReporterID, in.Version, in.DuplicateOf = []int64{}, 0, 1, 0
			// the parties as people, when the ledger gives them: a
			// resident's name and phone from the record
			in.PartyDetails = slices.Clone(in.PartyDetails)
			if err := s.resolveParties(ctx, tx, &in); err != nil {
				return nil, err
			}
			old := byNumber[in.LedgerNumber]
			if old == nil {
				in.ID = next
				next++
				created = append(created, in)
				followups = appendLedgerFollowup(followups, in.ID, &in)
				count.add(false, false)
				continue
			}
			var changed bool
			in, changed = domain.LedgerUpdate(old, in)
			followups = appendLedgerFollowup(followups, old.ID, &in)
			if in.PartyDetails != nil {
				b.exec(`DELETE FROM incident_parties WHERE incident_id = ?`, old.ID)
				if b.err == nil {
					b.err = s.insertParties(ctx, tx, old.ID, in.PartyDetails)
				}
			}
			if !changed {
				count.add(true, false)
				continue
			}
			count.add(true, true)
			set, pt := s.setPoint(in.Location)
			args := append([]any{in.Kind, in.Type, in.Source, in.Summary, in.Description, s.d.List(in.Parties), in.CellCode}, pt...)
			args = append(args, s.time(in.ReportedAt), s.nullTime(in.ResolvedAt), s.time(now))
			q := `UPDATE incidents SET kind = ?, type = ?, source = ?, summary = ?, description = ?, parties = ?, cell_code = ?, ` + set + `,
				reported_at = ?, resolved_at = ?, updated_at = ?, version = version + 1`
			if old.CellCode != in.CellCode {
				q += `, near_cell = NULL, near_distance_m = 0`
			}
			if in.FollowupPassedAt != nil { // the ledger's passed 回访
				q += `, followup_passed_at = ?`
				args = append(args, s.time(*in.FollowupPassedAt))
			}
			if old.Status != in.Status {
				// A ledger's status is written as it is, closed or not,
				// not moved through TransitionIncident: a 回访 passed
				// before belongs to the status left, unless a resolved
				// case is closed, as closing keeps it.
				q += `, status = ?, stage_since = ?, escalation = ?, duplicate_of = NULL,
					reply_since = CASE WHEN reply_since IS NULL THEN ? ELSE reply_since END`
				// a petition written into a reply status starts its reply
				// clock there unless it runs already
				args = append(args, in.Status, s.time(in.StageSince), in.Escalation, s.nullTime(domain.ReplyClockStart(&in)))
				if in.FollowupPassedAt == nil {
					q += `, followup_passed_at = CASE WHEN ? THEN followup_passed_at END`
					args = append(args, old.Status == data.StatusResolved && in.Status == data.StatusClosed)
				}
				events = append(events, data.IncidentEvent{IncidentID: old.ID, At: now, ActorName: domain.ImportActor,
					Kind: data.EventTransition, From: old.Status, To: in.Status})
			}
			b.exec(q+` WHERE id = ?`, append(args, old.ID)...)
			written = append(written, old.ID)
		}
		s.bulk(b, s.incidentTable(created))
		for i := range created {
			if b.err == nil && created[i].PartyDetails != nil {
				b.err = s.insertParties(ctx, tx, created[i].ID, created[i].PartyDetails)
			}
		}
		for _, f := range followups {
			if b.err != nil {
				break
			}
			// once per incident and time: a re-import adds none
			var n int
			if b.err = tx.row(ctx, `SELECT count(*) FROM followups WHERE incident_id = ? AND at = ?`, f.IncidentID, s.time(f.At)).Scan(&n); b.err != nil || n > 0 {
				continue
			}
			b.exec(`INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed, note, recorder_id, at)
				VALUES (?, ?, ?, ?, ?, ?, '', 0, ?)`, f.IncidentID, f.Method, f.Reached, f.Performed, f.Satisfaction, f.Passed, s.time(f.At))
			events = append(events, data.IncidentEvent{IncidentID: f.IncidentID, At: f.At, ActorName: domain.ImportActor,
				Kind: data.EventFollowup, Note: domain.FollowupNote(f)})
		}
		s.bulk(b, s.eventTable(append(domain.LoadEvents(created), events...)))
		if len(created) > 0 {
			_, after := s.d.LoadStatements()
			for _, q := range after {
				b.exec(q)
			}
		}
		if count.changed() || len(events) > 0 {
			for i := range created {
				written = append(written, created[i].ID)
			}
			for _, e := range events {
				written = append(written, e.IncidentID)
			}
			slices.Sort(written)
			s.countIncidentWrite(b, slices.Compact(written))
		}
		return []data.ImportCount{count.ImportCount}, b.err
	})
}

// appendLedgerFollowup appends the passed 回访 that in, a ledger row
// written to incident id, records (data.Incident.LedgerFollowup), at the
// time of its FollowupPassedAt as stored.
func appendLedgerFollowup(fs []data.Followup, id int64, in *data.Incident) []data.Followup {
	if in.LedgerFollowup == nil || in.FollowupPassedAt == nil {
		return fs
	}
	f := *in.LedgerFollowup
	f.IncidentID, f.At, f.RecorderID = id, *in.FollowupPassedAt, 0
	return append(fs, f)
}
