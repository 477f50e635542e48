package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

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

// numbered is the WHERE clause, and its parameters, of the rows whose
// number (in the column col) is one of numbers, or which have none and
// the ID an export names them by (domain.ExportedNumber): an import of the
// export finds them again.
func (s *Store) numbered(col string, numbers []string) (string, []any) {
	return ` WHERE ` + col + ` IN ` + s.elements("text") + ` OR ` + col + ` = '' AND id IN ` + s.elements("bigint"),
		[]any{s.d.List(numbers), s.d.List(domain.ExportedIDs(numbers))}
}

// importTx runs fn in a write transaction for op, with a batch on it and
// the set of the current cells' codes, after the dialect's
// BoundaryPrelude: an import moves households and incidents, so it
// queues with boundary commits and incident writes.
func importTx[T any](ctx context.Context, s *Store, op string, fn func(tx conn, b *batch, cells map[string]bool) (T, error)) (T, error) {
	return write(ctx, s, op, func(tx conn) (T, error) {
		b := &batch{ctx: ctx, tx: tx}
		b.all(s.d.BoundaryPrelude())
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

// ImportHouseholds implements data.PeopleStore: it reads the stored
// households and residents the sheet names and writes what
// domain.PlanHouseholds makes of them: the households and residents it
// creates go in with the dialect's Bulk, the ones it changes a statement
// each.
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
		named, args := s.numbered("number", numbers)
		rows, err := tx.query(ctx, `SELECT `+s.householdCols()+` FROM households`+named, args...)
		houses, err := collectFields(rows, err, householdFields)
		if err != nil {
			return nil, err
		}
		// the residents of the sheet, and every one of those households,
		// which moves with its household
		rows, err = tx.query(ctx, `SELECT `+s.residentCols()+` FROM residents WHERE id_number IN `+s.elements("text")+
			` OR household_id IN (SELECT id FROM households`+named+`)`, append([]any{s.d.List(ids)}, args...)...)
		residents, err := collectFields(rows, err, residentFields)
		if err != nil {
			return nil, err
		}
		next, err := nextIDs(ctx, tx, "households", "residents")
		if err != nil {
			return nil, err
		}
		p, err := domain.PlanHouseholds(hs, cells, houses, residents, next[0], next[1])
		if err != nil {
			return nil, err
		}
		for _, h := range p.Households {
			set, pt := s.setPoint(h.Location)
			b.exec(`UPDATE households SET cell_code = ?, address = ?, approximate = ?, `+set+` WHERE id = ?`,
				append(append([]any{h.CellCode, h.Address, h.Approximate}, pt...), h.ID)...)
		}
		for _, h := range p.Moved {
			set, pt := s.setPoint(h.Location)
			b.exec(`UPDATE residents SET cell_code = ?, `+set+` WHERE household_id = ?`, append(append([]any{h.CellCode}, pt...), h.ID)...)
		}
		for _, r := range p.Residents {
			set, pt := s.setPoint(r.Location)
			b.exec(`UPDATE residents SET household_id = ?, cell_code = ?, name = ?, gender = ?, birth_date = ?, phone = ?,
				relation = ?, `+set+` WHERE id = ?`,
				append(append([]any{r.HouseholdID, r.CellCode, r.Name, r.Gender, r.BirthDate, r.Phone, r.Relation}, pt...), r.ID)...)
		}
		s.bulk(b, s.householdTable(p.NewHouseholds))
		s.bulk(b, s.residentTable(p.NewResidents))
		for _, c := range p.Shifts {
			b.exec(`UPDATE cells SET households = households + ?, population = population + ? WHERE code = ?`, c.Households, c.Population, c.Code)
		}
		if p.Changed() {
			b.exec(`UPDATE revision SET cells = cells + 1`)
		}
		return []data.ImportCount{p.HouseholdCount.ImportCount, p.ResidentCount.ImportCount}, b.err
	})
}

// ImportStaff implements data.PeopleStore: it reads the stored grid
// workers and mediators, writes what domain.PlanStaff makes of them (the
// new workers, the cells of new and relinked ones and the new mediators
// with the dialect's Bulk, in Load's tables), and then the accounts asked
// for (staffAccount).
func (s *Store) ImportStaff(ctx context.Context, staff []data.StaffMember) ([]data.ImportCount, error) {
	if err := domain.CheckStaff(staff); err != nil {
		return nil, err
	}
	now := time.Now()
	created := make([]bool, len(staff)) // with users, filled in the transaction; staff takes them once it commits
	var users []data.User
	counts, err := importTx(ctx, s, "import staff", func(tx conn, b *batch, cells map[string]bool) ([]data.ImportCount, error) {
		units := map[string]bool{}
		var workers []data.GridWorker
		var mediators []data.Mediator
		err := errors.Join(
			each(ctx, tx, `SELECT code FROM units`, addCode(units)),
			each(ctx, tx, `SELECT id, name, phone,
				(SELECT `+s.d.ListAgg("cell_code", "cell_code")+` FROM cell_workers WHERE worker_id = grid_workers.id) FROM grid_workers`,
				appendTo(&workers, func(w *data.GridWorker) []any { return []any{&w.ID, &w.Name, &w.Phone, s.d.ListDest(&w.Cells)} })),
			each(ctx, tx, mediatorSelect, appendTo(&mediators, mediatorFields)))
		if err != nil {
			return nil, err
		}
		next, err := nextIDs(ctx, tx, "grid_workers", "mediators")
		if err != nil {
			return nil, err
		}
		p, planErr := domain.PlanStaff(staff, cells, units, workers, mediators, next[0], next[1])
		s.bulk(b, workerTable(p.NewWorkers))
		for _, w := range p.Relinked {
			b.exec(`DELETE FROM cell_workers WHERE worker_id = ?`, w.ID)
		}
		s.bulk(b, linkTable(append(p.NewWorkers, p.Relinked...)))
		s.bulk(b, mediatorTable(p.NewMediators))
		for _, m := range p.Mediators {
			b.exec(`UPDATE mediators SET role = ?, category = ?, unit_code = ? WHERE id = ?`, m.Role, m.Category, nullString(m.UnitCode), m.ID)
		}
		ac := domain.NewTally(domain.NounAccounts)
		users = p.Accounts
		for i := range p.Accounts {
			if staff[i].Account == nil || b.err != nil {
				continue
			}
			made, err := s.staffAccount(ctx, tx, data.ItemField("staff", i), &p.Accounts[i], now)
			if err != nil {
				return nil, err
			}
			ac.Add(!made, false)
			created[i] = made
		}
		if planErr != nil {
			return nil, planErr
		}
		if p.WorkerCount.Changed() {
			b.exec(`UPDATE revision SET cells = cells + 1`)
		}
		return []data.ImportCount{p.WorkerCount.ImportCount, p.MediatorCount.ImportCount, ac.ImportCount}, b.err
	})
	if err != nil {
		return nil, err
	}
	for i := range staff {
		if staff[i].Account != nil {
			*staff[i].Account = users[i]
			staff[i].AccountCreated = created[i]
		}
	}
	return counts, nil
}

// staffAccount creates the account u of a staff member (field f) as
// domain.StaffAccount decides, given the stored account of u's username
// or, for a mediator's, of the mediator. It reports whether it created
// it, and sets u's ID and CreatedAt (and, for an existing account, its
// username).
func (s *Store) staffAccount(ctx context.Context, tx conn, f string, u *data.User, now time.Time) (bool, error) {
	var old data.User
	err := tx.row(ctx, `SELECT id, username, role, created_at FROM users WHERE username = ?1 OR (?2 <> 0 AND mediator_id = ?2)
		ORDER BY (mediator_id IS NOT NULL AND mediator_id = ?2) DESC LIMIT 1`, u.Username, u.MediatorID).Scan(&old.ID, &old.Username, &old.Role, s.at(&old.CreatedAt))
	if err = noRows(err, nil); err != nil {
		return false, err
	}
	create, err := domain.StaffAccount(f, u, old, now)
	if !create || err != nil {
		return false, err
	}
	u.ID, err = s.insertUser(ctx, tx, u, u.CreatedAt)
	return err == nil, err
}

// ImportIncidents implements data.PeopleStore: it reads the stored
// incidents the ledger names and writes what domain.PlanLedger makes of
// them. New incidents take IDs after the largest and go in with the
// dialect's Bulk, as Load writes them; the dialect's LoadStatements then
// move the ID sequence past them.
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
		named, args := s.numbered("ledger_number", numbers)
		rows, err := tx.query(ctx, s.incidentSelect+named, args...)
		olds, err := collectFields(rows, err, s.incidentFields)
		if err != nil {
			return nil, err
		}
		ids, err := nextIDs(ctx, tx, "incidents")
		if err != nil {
			return nil, err
		}
		// the parties as people, when the ledger gives them: a resident's
		// name and phone from the record
		ledger := make([]data.Incident, len(ins))
		for i, in := range ins {
			ledger[i] = domain.LedgerRow(in)
			if err := s.resolveParties(ctx, tx, &ledger[i]); err != nil {
				return nil, err
			}
		}
		p := domain.PlanLedger(ledger, olds, ids[0], now)
		written := p.Written() // and those given a 回访 below
		for _, w := range p.Updates {
			if w.New.PartyDetails != nil {
				b.exec(`DELETE FROM incident_parties WHERE incident_id = ?`, w.Old.ID)
				s.insertParties(b, w.Old.ID, w.New.PartyDetails)
			}
			if w.Changed {
				saved := w.Saved(now)
				s.saveIncident(b, &saved)
			}
		}
		s.bulk(b, s.incidentTable(p.Created))
		for _, in := range p.Created {
			s.insertParties(b, in.ID, in.PartyDetails)
		}
		events := p.Transitions
		for _, f := range p.Followups {
			// once per incident and time: a re-import adds none
			if b.exec(`INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed, note, recorder_id, at)
				SELECT ?1, ?2, ?3, ?4, ?5, ?6, '', 0, ?7 WHERE NOT EXISTS (SELECT 1 FROM followups WHERE incident_id = ?1 AND at = ?7)`,
				f.IncidentID, f.Method, f.Reached, f.Performed, f.Satisfaction, f.Passed, s.time(f.At)) == 0 {
				continue
			}
			events = append(events, data.IncidentEvent{IncidentID: f.IncidentID, At: f.At, ActorName: domain.ImportActor,
				Kind: data.EventFollowup, Note: domain.FollowupNote(f)})
			written = append(written, f.IncidentID)
		}
		s.bulk(b, s.eventTable(append(domain.LoadEvents(p.Created), events...)))
		if len(p.Created) > 0 {
			_, after := s.d.LoadStatements()
			b.all(after)
		}
		if len(written) > 0 {
			s.countIncidentWrite(b, written)
		}
		return []data.ImportCount{p.Count.ImportCount}, b.err
	})
}
