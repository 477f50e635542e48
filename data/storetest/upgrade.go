package storetest

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gridmap/data"
	"gridmap/domain"
)

// Releases is the number of released schema versions that Upgrades starts
// from: a database at any of them must open with the current code, its
// data intact. A release raises it; legacyRows then writes the new
// version's rows too, if it has new tables.
const Releases = 8

// Legacy is a database at an earlier schema version, which a store's test
// builds by stopping its migrator at that version.
type Legacy interface {
	// Exec runs SQL statements on the database as it is.
	Exec(t *testing.T, query string)
	// Open opens the current store on the database, which migrates it,
	// and closes it when the test ends.
	Open(t *testing.T) (data.Store, error)
	// Applied lists the migrations the database records, as Migrations
	// does.
	Applied(t *testing.T) string
}

// Dialect writes the values whose SQL differs between the stores, for the
// rows Upgrades writes into old schemas. Every other value is a literal
// both accept: text, numbers, false, and times as
// '2006-01-02T15:04:05.000000Z'.
type Dialect struct {
	// Point gives the columns and values of a location.
	Point func(p orb.Point) (columns, values string)
	// Polygon gives the columns and values of a table's geometry, from
	// its WKB and bounds.
	Polygon func(table string, wkb []byte, b orb.Bound) (columns, values string)
	// Strings is a list of text: incidents' parties, boundary versions'
	// codes.
	Strings func(s []string) string
	// Bytes is a binary value.
	Bytes func(b []byte) string
	// Sequences runs after the rows of a version from 2 on. It leaves
	// each sequence of IDs where the store's own writes would, past the
	// largest ID, and that of users ten further, as if later accounts
	// had been deleted: their IDs are never reused.
	Sequences string
	// Legacy makes a database at the version with the store's migrator,
	// and returns the migrator's error.
	Legacy func(t *testing.T, version int) (Legacy, error)
}

// legacyAt is d.Legacy's database at the version, which records the
// migrations up to it.
func legacyAt(t *testing.T, d Dialect, version int) Legacy {
	t.Helper()
	db, err := d.Legacy(t, version)
	if err != nil {
		t.Fatalf("MigrateTo(%d) = %v", version, err)
	}
	if got, want := db.Applied(t), strings.Join(strings.Split(Migrations, ",")[:version], ","); got != want {
		t.Fatalf("MigrateTo(%d) applied %q; want %q", version, got, want)
	}
	return db
}

// openLegacy opens the current store on db and checks, when it opens,
// that it applied every migration.
func openLegacy(t *testing.T, db Legacy) (data.Store, error) {
	t.Helper()
	s, err := db.Open(t)
	if got := db.Applied(t); err == nil && got != Migrations {
		t.Errorf("applied migrations = %q; want %q", got, Migrations)
	}
	return s, err
}

// polygon is d.Polygon of p.
func (d Dialect) polygon(table string, p orb.Polygon) (columns, values string) {
	b, err := wkb.Marshal(p)
	if err != nil {
		panic(err) // a fixture's polygon always marshals
	}
	return d.Polygon(table, b, p.Bound())
}

// Upgrades builds, for each released schema version, a database at that
// version holding the data a store of that version holds (the fixture as
// its Load wrote it, accounts, sessions, tokens, the audit log, timelines,
// mediation records, photos, boundary versions and login failures, as far
// as the version has them), opens it with the current code and checks that
// every row reads back as the current store gives such data, with the
// values the migrations give what older versions lacked, and that the
// store then writes, taking IDs after the old ones.
func Upgrades(t *testing.T, d Dialect) {
	for v := 1; v <= Releases; v++ {
		t.Run(fmt.Sprintf("from%d", v), func(t *testing.T) {
			t.Parallel()
			db := legacyAt(t, d, v)
			db.Exec(t, legacyRows(v, d))
			if v >= 2 {
				db.Exec(t, d.Sequences)
			}
			s, err := openLegacy(t, db)
			ok(t, "opening the old database", err)
			checkUpgradedReads(t, v, s)
			checkUpgradedWrites(t, v, s)
		})
	}
}

// UpgradeRefused: a database at version 7, before the lookup tables,
// holding a code that its lookup table lacks (a mediator category, which
// version 7 did not constrain and no Load ever took) does not open:
// EINVALID. The failed migration leaves the database as it was, so that
// once the row is mended it upgrades.
func UpgradeRefused(t *testing.T, d Dialect) {
	db := legacyAt(t, d, 7)
	db.Exec(t, legacyRows(7, d))
	db.Exec(t, d.Sequences)
	db.Exec(t, `UPDATE mediators SET category = 'retired' WHERE id = 406`)
	_, err := openLegacy(t, db)
	wantCode(t, "opening a database with an unknown mediator category", err, data.EINVALID)
	db.Exec(t, `UPDATE mediators SET category = 'elder' WHERE id = 406`)
	s, err := openLegacy(t, db)
	ok(t, "opening the mended database", err)
	checkUpgradedReads(t, 7, s)
}

// sqlText quotes s as an SQL string literal.
func sqlText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlTime is t as a literal both stores read as that instant.
func sqlTime(t time.Time) string { return sqlText(t.UTC().Format("2006-01-02T15:04:05.000000Z")) }

func sqlNullTime(t *time.Time) string {
	if t == nil {
		return "NULL"
	}
	return sqlTime(*t)
}

func sqlNullText(s string) string {
	if s == "" {
		return "NULL"
	}
	return sqlText(s)
}

func sqlNullID(id int64) string {
	if id == 0 {
		return "NULL"
	}
	return fmt.Sprint(id)
}

// insert writes one INSERT statement of rows (SQL literals) to b.
func insert(b *strings.Builder, table, columns string, rows ...[]string) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(b, "INSERT INTO %s (%s) VALUES\n", table, columns)
	for i, r := range rows {
		sep := ",\n"
		if i == len(rows)-1 {
			sep = ";\n"
		}
		fmt.Fprintf(b, "\t(%s)%s", strings.Join(r, ", "), sep)
	}
}

// Accounts, sessions, tokens and the audit log of the old databases.
var (
	legacyUsers = []data.User{
		{ID: 1, Username: "admin", Name: "管理员", Role: data.RoleAdmin, CreatedAt: utc(2024, 1, 2, 3), PasswordHash: "hash-1"},
		{ID: 2, Username: "zhang", Name: "张网格", Role: data.RoleGridWorker, Cells: []string{CellA1, CellA2},
			CreatedAt: utc(2024, 1, 2, 4), PasswordHash: "hash-2"},
		{ID: 3, Username: "zheng", Name: "郑书记", Role: data.RoleMediator, UnitCode: UnitA, MediatorID: 403, Disabled: true,
			CreatedAt: utc(2024, 1, 2, 5), PasswordHash: "hash-3"},
	}
	legacySession = data.Session{ID: "legacy-session", UserID: 1, CSRFToken: "csrf-1", CreatedAt: utc(2024, 5, 1, 0),
		ExpiresAt: utc(2099, 1, 1, 0), Remote: "192.0.2.9"}
	legacyTokenUsed = utc(2024, 5, 2, 0)
	legacyToken     = data.Token{ID: 1, UserID: 2, Name: "手机", Hash: "legacy-token-hash", CreatedAt: utc(2024, 5, 1, 0),
		ExpiresAt: utc(2099, 1, 1, 0), LastUsedAt: &legacyTokenUsed}
	legacyAudit = []data.AuditEntry{
		{ID: 1, At: utc(2024, 5, 1, 0), UserID: 1, Username: "admin", Action: "export", Record: "residents", Remote: "192.0.2.9"},
		{ID: 2, At: utc(2024, 5, 2, 0), Username: "nobody", Action: "login_failed", Record: "user:nobody", Remote: "192.0.2.1", Detail: "未知用户"},
	}
	legacyLockedUntil  = utc(2099, 1, 1, 0)
	legacyLoginFailure = data.LoginFailure{Username: "zhang", Remote: "192.0.2.1", Failures: 5, LastAt: utc(2024, 5, 1, 0),
		LockedUntil: &legacyLockedUntil, ExpiresAt: legacyLockedUntil}
	legacyFollowUp = utc(2024, 3, 20, 0)
	legacyRecord   = data.MediationRecord{ID: 1, IncidentID: 3, MediatorIDs: []int64{403}, At: utc(2024, 3, 16, 1),
		Outcome: data.OutcomeOngoing, FollowUpOn: &legacyFollowUp, Note: "第一次调解", RecorderID: 3, CreatedAt: utc(2024, 3, 16, 2)}
	legacyPhoto      = []byte("\x89PNG\r\n\x1a\nlegacy photo")
	legacyAttachment = data.Attachment{ID: 1, IncidentID: 1, Name: "现场.png", ContentType: "image/png", Size: int64(len(legacyPhoto)),
		SHA256: sha(legacyPhoto), UploaderID: 2, CreatedAt: utc(2024, 1, 5, 3)}
	legacyKey = "legacy-key"
)

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// legacyB2 is cell B2's shape before boundary version 2 gave it its hole.
var legacyB2 = square(x1, y1, x2, y2)

// legacyBoundaries are the boundary versions of the old databases from
// version 6: the import and a reshape of B2.
func legacyBoundaries() []data.BoundaryVersion {
	return []data.BoundaryVersion{
		{Number: 1, CreatedAt: utc(2024, 1, 1, 0), Reason: data.InitialBoundaryReason, EffectiveDate: "2024-01-01",
			Added: []string{CellA1, CellA2, CellB1, CellB2}, Removed: []string{}, Reshaped: []string{}},
		{Number: 2, AuthorID: 1, AuthorName: "管理员", CreatedAt: utc(2024, 4, 1, 0), Reason: "水库划出", EffectiveDate: "2024-04-01",
			Base: 1, Added: []string{}, Removed: []string{}, Reshaped: []string{CellB2}},
	}
}

// legacyIncidents are the fixture's incidents as a store of version v
// holds them: before the workflow (version 3) with the values migration 3
// gives them, and before incident mediators (version 2) with none.
func legacyIncidents(v int) []data.Incident {
	ins := wantIncidents()
	for i := range ins {
		in := &ins[i]
		if v < 3 {
			in.Priority, in.ReporterID, in.Version, in.StageSince = data.PriorityNormal, 0, 1, in.UpdatedAt
			in.NearCell, in.NearDistanceM = "", 0
		}
		if v < 2 {
			in.Mediators = []int64{}
		}
	}
	return ins
}

// legacyEvents are the timelines of a store of version v, by ID: Load's
// (or migration 3's) for each incident, then from version 4 a mediation,
// an assignment and a reassignment, and from version 5 a photo.
func legacyEvents(v int) []data.IncidentEvent {
	var es []data.IncidentEvent
	add := func(e data.IncidentEvent) {
		e.ID = int64(len(es) + 1)
		es = append(es, e)
	}
	for _, in := range legacyIncidents(v) {
		add(data.IncidentEvent{IncidentID: in.ID, At: in.ReportedAt, ActorName: "数据导入", Kind: data.EventCreated})
		if in.Status != data.StatusReported {
			add(data.IncidentEvent{IncidentID: in.ID, At: in.StageSince, ActorName: "数据导入", Kind: data.EventTransition,
				From: data.StatusReported, To: in.Status})
		}
	}
	if v >= 4 {
		add(data.IncidentEvent{IncidentID: 3, At: legacyRecord.CreatedAt, ActorID: 3, ActorName: "郑书记", Kind: data.EventMediation,
			Note: data.OutcomeOngoing})
		add(data.IncidentEvent{IncidentID: 4, At: utc(2023, 12, 21, 0), ActorID: 1, ActorName: "管理员", Kind: data.EventAssigned,
			Note: "405"})
		add(data.IncidentEvent{IncidentID: 5, At: utc(2024, 3, 16, 0), ActorID: 1, ActorName: "管理员", Kind: data.EventReassigned,
			Note: "由石龙二社调至石龙一社"})
	}
	if v >= 5 {
		add(data.IncidentEvent{IncidentID: 1, At: legacyAttachment.CreatedAt, ActorID: 2, ActorName: "张网格", Kind: data.EventAttachment,
			Note: legacyAttachment.Name})
	}
	return es
}

// legacyRows are the rows of a store of version v, in its schema.
func legacyRows(v int, d Dialect) string {
	var b strings.Builder
	f := Fixture()

	tc, tv := d.polygon("town", f.Town.Geometry)
	insert(&b, "town", "code, name, county, province, note, "+tc,
		[]string{sqlText(f.Town.Code), sqlText(f.Town.Name), sqlText(f.Town.County), sqlText(f.Town.Province), sqlText(f.Town.Note), tv})
	for _, u := range f.Units {
		gc, gv := d.polygon("units", u.Geometry)
		insert(&b, "units", "code, name, kind, town_code, "+gc,
			[]string{sqlText(u.Code), sqlText(u.Name), sqlText(u.Kind), sqlText(u.TownCode), gv})
	}
	workers := map[int64]data.GridWorker{}
	for _, c := range f.Cells {
		gc, gv := d.polygon("cells", c.Geometry)
		insert(&b, "cells", "code, name, unit_code, kind, population, households, area_m2, "+gc,
			[]string{sqlText(c.Code), sqlText(c.Name), sqlText(c.UnitCode), sqlText(c.Kind), fmt.Sprint(c.Population),
				fmt.Sprint(c.Households), fmt.Sprint(c.AreaM2), gv})
		for _, w := range c.GridWorkers {
			workers[w.ID] = w
		}
	}
	for _, id := range slices.Sorted(maps.Keys(workers)) {
		w := workers[id]
		insert(&b, "grid_workers", "id, name, phone", []string{fmt.Sprint(w.ID), sqlText(w.Name), sqlText(w.Phone)})
		for _, c := range w.Cells {
			insert(&b, "cell_workers", "cell_code, worker_id", []string{sqlText(c), fmt.Sprint(w.ID)})
		}
	}
	for _, h := range f.Households {
		pc, pv := d.Point(h.Location)
		insert(&b, "households", "id, cell_code, address, "+pc, []string{fmt.Sprint(h.ID), sqlText(h.CellCode), sqlText(h.Address), pv})
	}
	for _, r := range f.Residents {
		pc, pv := d.Point(r.Location)
		insert(&b, "residents", "id, household_id, cell_code, name, gender, birth_date, id_number, phone, relation, "+pc,
			[]string{fmt.Sprint(r.ID), fmt.Sprint(r.HouseholdID), sqlText(r.CellCode), sqlText(r.Name), sqlText(r.Gender),
				sqlText(r.BirthDate), sqlText(r.IDNumber), sqlText(r.Phone), sqlText(r.Relation), pv})
	}
	for _, m := range f.Mediators {
		insert(&b, "mediators", "id, name, role, category, unit_code, phone",
			[]string{fmt.Sprint(m.ID), sqlText(m.Name), sqlText(m.Role), sqlText(m.Category), sqlNullText(m.UnitCode), sqlText(m.Phone)})
	}
	for _, in := range legacyIncidents(v) {
		pc, pv := d.Point(in.Location)
		cols := "id, kind, type, source, status, summary, description, parties, cell_code, " + pc + ", reported_at, updated_at, resolved_at"
		vals := []string{fmt.Sprint(in.ID), sqlText(in.Kind), sqlText(in.Type), sqlText(in.Source), sqlText(in.Status),
			sqlText(in.Summary), sqlText(in.Description), d.Strings(in.Parties), sqlText(in.CellCode), pv,
			sqlTime(in.ReportedAt), sqlTime(in.UpdatedAt), sqlNullTime(in.ResolvedAt)}
		if v >= 3 {
			cols += ", priority, reporter_id, version, stage_since, escalation, duplicate_of, near_cell, near_distance_m"
			vals = append(vals, sqlText(in.Priority), fmt.Sprint(in.ReporterID), fmt.Sprint(in.Version), sqlTime(in.StageSince),
				fmt.Sprint(in.Escalation), sqlNullID(in.DuplicateOf), sqlNullText(in.NearCell), fmt.Sprint(in.NearDistanceM))
		}
		insert(&b, "incidents", cols, vals)
	}
	b.WriteString("UPDATE revision SET cells = 1, incidents = 1;\n") // as Load leaves it
	if v < 2 {
		return b.String()
	}

	for _, in := range legacyIncidents(v) {
		for _, m := range in.Mediators {
			insert(&b, "incident_mediators", "incident_id, mediator_id", []string{fmt.Sprint(in.ID), fmt.Sprint(m)})
		}
	}
	for _, u := range legacyUsers {
		cols := "id, username, name, role, unit_code, mediator_id, disabled, created_at, password_hash"
		vals := []string{fmt.Sprint(u.ID), sqlText(u.Username), sqlText(u.Name), sqlText(u.Role), sqlNullText(u.UnitCode),
			sqlNullID(u.MediatorID), fmt.Sprint(u.Disabled), sqlTime(u.CreatedAt), sqlText(u.PasswordHash)}
		if v < 7 && u.Username == legacyLoginFailure.Username { // the account's lock, which version 7 drops
			cols += ", failed_logins, locked_until"
			vals = append(vals, "5", sqlTime(legacyLockedUntil))
		}
		insert(&b, "users", cols, vals)
		for _, c := range u.Cells {
			insert(&b, "user_cells", "user_id, cell_code", []string{fmt.Sprint(u.ID), sqlText(c)})
		}
	}
	se := legacySession
	insert(&b, "sessions", "id, user_id, csrf_token, created_at, expires_at, remote", []string{sqlText(se.ID), fmt.Sprint(se.UserID),
		sqlText(se.CSRFToken), sqlTime(se.CreatedAt), sqlTime(se.ExpiresAt), sqlText(se.Remote)})
	tk := legacyToken
	insert(&b, "tokens", "id, user_id, name, hash, created_at, expires_at, revoked_at, last_used_at", []string{fmt.Sprint(tk.ID),
		fmt.Sprint(tk.UserID), sqlText(tk.Name), sqlText(tk.Hash), sqlTime(tk.CreatedAt), sqlTime(tk.ExpiresAt),
		sqlNullTime(tk.RevokedAt), sqlNullTime(tk.LastUsedAt)})
	for _, e := range legacyAudit {
		insert(&b, "audit", "id, at, user_id, username, action, record, remote, detail", []string{fmt.Sprint(e.ID), sqlTime(e.At),
			fmt.Sprint(e.UserID), sqlText(e.Username), sqlText(e.Action), sqlText(e.Record), sqlText(e.Remote), sqlText(e.Detail)})
	}
	if v < 3 {
		return b.String()
	}

	for _, e := range legacyEvents(v) {
		insert(&b, "incident_events", "id, incident_id, at, actor_id, actor_name, kind, from_status, to_status, note",
			[]string{fmt.Sprint(e.ID), fmt.Sprint(e.IncidentID), sqlTime(e.At), fmt.Sprint(e.ActorID), sqlText(e.ActorName),
				sqlText(e.Kind), sqlText(e.From), sqlText(e.To), sqlText(e.Note)})
	}
	insert(&b, "incident_keys", "reporter_id, key, incident_id, created_at", []string{"11", sqlText(legacyKey), "6", sqlTime(utc(2024, 4, 1, 0))})
	if v >= 4 {
		r := legacyRecord
		insert(&b, "mediation_records", "id, incident_id, at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at",
			[]string{fmt.Sprint(r.ID), fmt.Sprint(r.IncidentID), sqlTime(r.At), sqlText(r.Outcome), sqlText(r.AgreementText),
				sqlText(r.AgreementRef), sqlNullTime(r.FollowUpOn), sqlText(r.Note), fmt.Sprint(r.RecorderID), sqlTime(r.CreatedAt)})
		for _, m := range r.MediatorIDs {
			insert(&b, "mediation_mediators", "record_id, mediator_id", []string{fmt.Sprint(r.ID), fmt.Sprint(m)})
		}
	}
	if v >= 5 {
		a := legacyAttachment
		insert(&b, "attachments", "id, incident_id, name, content_type, size, sha256, uploader_id, created_at",
			[]string{fmt.Sprint(a.ID), fmt.Sprint(a.IncidentID), sqlText(a.Name), sqlText(a.ContentType), fmt.Sprint(a.Size),
				sqlText(a.SHA256), fmt.Sprint(a.UploaderID), sqlTime(a.CreatedAt)})
		insert(&b, "attachment_contents", "attachment_id, content", []string{fmt.Sprint(a.ID), d.Bytes(legacyPhoto)})
	}
	if v >= 6 {
		for _, bv := range legacyBoundaries() {
			insert(&b, "boundary_versions", "number, author_id, author_name, created_at, reason, effective_date, base, "+
				"added, removed, reshaped, households, residents, incidents, assignments",
				[]string{fmt.Sprint(bv.Number), fmt.Sprint(bv.AuthorID), sqlText(bv.AuthorName), sqlTime(bv.CreatedAt), sqlText(bv.Reason),
					sqlText(bv.EffectiveDate), fmt.Sprint(bv.Base), d.Strings(bv.Added), d.Strings(bv.Removed), d.Strings(bv.Reshaped),
					"0", "0", "0", "0"})
		}
		for _, c := range f.Cells {
			history := func(from int, to string, g orb.Polygon) {
				gc, gv := d.polygon("cell_history", g)
				insert(&b, "cell_history", "code, valid_from, valid_to, name, unit_code, kind, area_m2, "+gc,
					[]string{sqlText(c.Code), fmt.Sprint(from), to, sqlText(c.Name), sqlText(c.UnitCode), sqlText(c.Kind), fmt.Sprint(c.AreaM2), gv})
			}
			if c.Code == CellB2 {
				history(1, "2", legacyB2)
				history(2, "NULL", c.Geometry)
			} else {
				history(1, "NULL", c.Geometry)
			}
		}
	}
	if v >= 7 {
		l := legacyLoginFailure
		insert(&b, "login_failures", "username, remote, failures, last_failed_at, locked_until, expires_at",
			[]string{sqlText(l.Username), sqlText(l.Remote), fmt.Sprint(l.Failures), sqlTime(l.LastAt), sqlNullTime(l.LockedUntil), sqlTime(l.ExpiresAt)})
	}
	return b.String()
}

// checkUpgradedReads checks that a store upgraded from version v gives
// back every row legacyRows wrote, and what the migrations derived.
func checkUpgradedReads(t *testing.T, v int, s data.Store) {
	t.Helper()
	ctx := t.Context()
	f := Fixture()

	town, err := s.Town(ctx)
	ok(t, "Town()", err)
	equal(t, "Town()", *town, f.Town)
	cal, err := s.Calendar(ctx)
	ok(t, "Calendar()", err)
	equal(t, "Calendar() seeded by migration 11", cal.Marks(), domain.China2026())
	units, err := s.Units(ctx)
	ok(t, "Units()", err)
	equal(t, "Units()", units, wantUnits())
	cells, err := s.Cells(ctx)
	ok(t, "Cells()", err)
	equal(t, "Cells()", cells, wantCells())
	for _, c := range f.Cells {
		want := []data.Resident{}
		for _, r := range f.Residents {
			if r.CellCode == c.Code {
				want = append(want, r)
			}
		}
		got, total, err := s.Residents(ctx, data.ResidentFilter{CellCode: c.Code})
		ok(t, "Residents("+c.Code+")", err)
		equal(t, "Residents("+c.Code+")", got, want)
		if total != len(want) {
			t.Errorf("Residents(%s) total = %d; want %d", c.Code, total, len(want))
		}
	}
	mediators, err := s.Mediators(ctx, data.MediatorFilter{})
	ok(t, "Mediators()", err)
	equal(t, "Mediators()", mediators, f.Mediators)
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision()", rev, data.Revision{Cells: 1, Incidents: 1})

	incidents, _, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	equal(t, "Incidents()", incidents, legacyIncidents(v))
	events := legacyEvents(v)
	for _, in := range legacyIncidents(v) {
		want := []data.IncidentEvent{}
		for _, e := range events {
			if e.IncidentID == in.ID {
				want = append(want, e)
			}
		}
		slices.SortFunc(want, func(a, b data.IncidentEvent) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
		got, err := s.IncidentEvents(ctx, in.ID)
		ok(t, fmt.Sprint("IncidentEvents(", in.ID, ")"), err)
		equal(t, fmt.Sprint("IncidentEvents(", in.ID, ")"), got, want)
	}

	wantUsers := []data.User{}
	if v >= 2 {
		wantUsers = legacyUsers
	}
	users, err := s.Users(ctx)
	ok(t, "Users()", err)
	equal(t, "Users()", users, wantUsers)
	now := utc(2024, 6, 1, 0)
	if v >= 2 {
		se, err := s.Session(ctx, legacySession.ID, now)
		ok(t, "Session()", err)
		equal(t, "Session()", *se, legacySession)
		tokens, err := s.Tokens(ctx, 2)
		ok(t, "Tokens(2)", err)
		equal(t, "Tokens(2)", tokens, []data.Token{legacyToken})
		entries, _, err := s.Audit(ctx, data.AuditFilter{})
		ok(t, "Audit()", err)
		equal(t, "Audit()", entries, []data.AuditEntry{legacyAudit[1], legacyAudit[0]})
	}
	// Version 7 drops the accounts' locks and keeps the per-address ones.
	wantLocks := []data.LoginFailure{}
	if v >= 7 {
		wantLocks = []data.LoginFailure{legacyLoginFailure}
	}
	locks, err := s.LoginLocks(ctx, now)
	ok(t, "LoginLocks()", err)
	equal(t, "LoginLocks()", locks, wantLocks)

	wantRecords := []data.MediationRecord{}
	if v >= 4 {
		wantRecords = []data.MediationRecord{legacyRecord}
	}
	records, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	equal(t, "MediationRecords(3)", records, wantRecords)
	wantAttachments := []data.Attachment{}
	if v >= 5 {
		wantAttachments = []data.Attachment{legacyAttachment}
		a, content, err := s.AttachmentContent(ctx, 1)
		ok(t, "AttachmentContent(1)", err)
		equal(t, "AttachmentContent(1)", *a, legacyAttachment)
		equal(t, "AttachmentContent(1) content", content, legacyPhoto)
	}
	attachments, err := s.Attachments(ctx, 1)
	ok(t, "Attachments(1)", err)
	equal(t, "Attachments(1)", attachments, wantAttachments)

	checkUpgradedBoundaries(t, v, s)
}

// checkUpgradedBoundaries: before version 6 the cells become boundary
// version 1 (by nobody, for data.InitialBoundaryReason, effective on the
// day of the upgrade in China Standard Time); from 6 the versions are kept,
// and CellsAt gives each one's cells back.
func checkUpgradedBoundaries(t *testing.T, v int, s data.Store) {
	t.Helper()
	ctx := t.Context()
	vs, err := s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions()", err)
	want := legacyBoundaries()
	if v < 6 {
		if len(vs) != 1 {
			t.Fatalf("BoundaryVersions() = %+v; want version 1", vs)
		}
		if age := time.Since(vs[0].CreatedAt); age < -time.Minute || age > time.Hour {
			t.Errorf("BoundaryVersions()[0].CreatedAt = %v; want about now", vs[0].CreatedAt)
		}
		want = want[:1]
		want[0].CreatedAt, want[0].EffectiveDate = vs[0].CreatedAt, vs[0].CreatedAt.In(cst).Format(time.DateOnly)
	}
	slices.Reverse(want) // newest first
	equal(t, "BoundaryVersions()", vs, want)

	first := wantCells()
	for i := range first {
		first[i].GridWorkers, first[i].OpenIncidents, first[i].Population, first[i].Households = nil, 0, 0, 0
		if v >= 6 && first[i].Code == CellB2 {
			first[i].Geometry = legacyB2
		}
	}
	cells, err := s.CellsAt(ctx, 1)
	ok(t, "CellsAt(1)", err)
	equal(t, "CellsAt(1)", cells, first)
}

// checkUpgradedWrites: a store upgraded from version v writes, taking IDs
// after the old ones (ten after those of users, whose sequence
// Dialect.Sequences moved on), and keeps the idempotency
// keys of version 3.
func checkUpgradedWrites(t *testing.T, v int, s data.Store) {
	t.Helper()
	ctx := t.Context()
	nextID := func(n int, gap bool) int64 {
		if gap {
			return int64(n + 11)
		}
		return int64(n + 1)
	}
	events := legacyEvents(v)
	nextEvent := nextID(len(events), false)

	in := report()
	in.ReporterID = 11
	created, isNew, err := s.CreateIncident(ctx, in, "after-upgrade")
	ok(t, "CreateIncident()", err)
	if !isNew || created.ID != 8 {
		t.Errorf("CreateIncident() = incident %d, new %v; want 8, true", created.ID, isNew)
	}
	es, err := s.IncidentEvents(ctx, 8)
	ok(t, "IncidentEvents(8)", err)
	if len(es) != 1 || es[0].ID != nextEvent {
		t.Errorf("IncidentEvents(8) = %+v; want one event, %d", es, nextEvent)
	}
	if v >= 3 {
		other := report()
		other.ReporterID = 12
		again, isNew, err := s.CreateIncident(ctx, other, legacyKey)
		ok(t, "CreateIncident(legacy key) by another reporter", err)
		if !isNew || again.ID != 9 {
			t.Errorf("CreateIncident(legacy key) by another reporter = incident %d, new %v; want 9, true", again.ID, isNew)
		}
		retry := report()
		retry.ReporterID = 11
		same, isNew, err := s.CreateIncident(ctx, retry, legacyKey)
		ok(t, "CreateIncident(legacy key)", err)
		if isNew || same.ID != 6 {
			t.Errorf("CreateIncident(legacy key) = incident %d, new %v; want 6, false", same.ID, isNew)
		}
	}

	moved, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 5, From: data.StatusEscalated, To: data.StatusAccepted,
		Version: 1, At: utc(2024, 6, 1, 0)})
	ok(t, "TransitionIncident(5 back to accepted)", err)
	if moved.Escalation != 0 || moved.Version != 2 {
		t.Errorf("TransitionIncident(5 back to accepted) = escalation %d, version %d; want 0, 2", moved.Escalation, moved.Version)
	}

	records := 0
	if v >= 4 {
		records = 1
	}
	r := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, At: utc(2024, 6, 2, 0), Outcome: data.OutcomeNoAgreement}
	_, err = s.AddMediationRecord(ctx, r)
	ok(t, "AddMediationRecord()", err)
	if r.ID != nextID(records, false) {
		t.Errorf("AddMediationRecord() ID = %d; want %d", r.ID, nextID(records, false))
	}
	// Every version gains the 回访 of version 10: incident 2 is resolved.
	f := &data.Followup{IncidentID: 2, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedNo,
		Satisfaction: data.SatisfactionDissatisfied, RecorderID: 2, At: utc(2024, 6, 2, 0)}
	reopened, err := s.AddFollowup(ctx, f, 0)
	ok(t, "AddFollowup()", err)
	if f.ID != 1 || reopened.Status != data.StatusMediating {
		t.Errorf("AddFollowup() = ID %d, incident %s; want 1, mediating", f.ID, reopened.Status)
	}
	photos := 0
	if v >= 5 {
		photos = 1
	}
	a := &data.Attachment{IncidentID: 1, Name: "新.png", ContentType: "image/png", UploaderID: 2}
	_, err = s.AddAttachment(ctx, a, photo(t, "png", 8, 6))
	ok(t, "AddAttachment()", err)
	if a.ID != nextID(photos, false) {
		t.Errorf("AddAttachment() ID = %d; want %d", a.ID, nextID(photos, false))
	}

	users := 0
	if v >= 2 {
		users = len(legacyUsers)
	}
	u := &data.User{Username: "after", Name: "新用户", Role: data.RoleViewer, PasswordHash: "hash"}
	ok(t, "CreateUser()", s.CreateUser(ctx, u))
	if u.ID != nextID(users, v >= 2) {
		t.Errorf("CreateUser() ID = %d; want %d", u.ID, nextID(users, v >= 2))
	}
	fail, err := s.LoginFailed(ctx, "zhang", "192.0.2.2", utc(2024, 6, 1, 0), data.LoginPolicy{MaxFailures: 5, LockFor: time.Minute})
	ok(t, "LoginFailed()", err)
	if fail.Failures != 1 || fail.LockedUntil != nil {
		t.Errorf("LoginFailed() = %+v; want the first failure, no lock", fail)
	}

	base := int64(1)
	if v >= 6 {
		base = 2
	}
	c := &data.BoundaryChange{Base: base, Reason: "水库划回", EffectiveDate: "2024-07-01",
		Cells: []data.CellShape{{Code: CellB2, UnitCode: UnitB, Name: "石龙二社", Kind: data.CellRural, Geometry: legacyB2}}}
	bv, _, err := s.CommitBoundary(ctx, c)
	ok(t, "CommitBoundary()", err)
	if bv.Number != base+1 || bv.Moved != (data.BoundaryMoves{}) {
		t.Errorf("CommitBoundary() = %+v; want version %d moving nothing", bv, base+1)
	}
	b2, err := s.Cell(ctx, CellB2)
	ok(t, "Cell(B2)", err)
	equal(t, "Cell(B2).Geometry after the commit", b2.Geometry, legacyB2)

	// Version 12's inbox and outbox start empty and take writes.
	n := &data.Notification{UserID: u.ID, Kind: data.NotifyAssigned, IncidentID: 8, Key: "assigned:8"}
	added, err := s.AddNotification(ctx, n)
	ok(t, "AddNotification()", err)
	inbox, err := s.Notifications(ctx, u.ID, 0, 10)
	ok(t, "Notifications()", err)
	if !added || len(inbox.Items) != 1 || inbox.Items[0].ID != 1 || inbox.Unread != 1 {
		t.Errorf("Notifications() after AddNotification() = %+v (added %v); want notification 1, unread", inbox, added)
	}
	m := &data.OutboxMessage{Key: "assigned:8", Body: "{}"}
	added, err = s.Enqueue(ctx, m)
	ok(t, "Enqueue()", err)
	if !added || m.ID != 1 {
		t.Errorf("Enqueue() = message %d, added %v; want 1, true", m.ID, added)
	}
}
