package storetest

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// CheckUpgradedWorkflow checks a store opened on a database that was at
// schema version 2, before the incident workflow, holding these rows, which
// each store's test writes in its own SQL:
//
//   - town TownCode, unit UnitA, cell CellA1 (no geometries), mediator 403
//     (a cadre of UnitA);
//   - incident 1, reported at 2024-01-05T02:00Z and not updated since,
//     parties [张三], at (106.605, 29.005);
//   - incident 2, escalated, reported 2024-02-01T00:00Z, updated
//     2024-02-03T00:00Z, with mediator 403;
//   - incident 3, resolved, reported 2024-03-01T00:00Z, updated and
//     resolved 2024-03-02T00:00Z;
//
// all three 邻里纠纷 disputes from 网格员上报 in CellA1 with the summary
// "v2". After the upgrade they have the values and the timeline Load gives
// incidents that leave the workflow's fields out, and the workflow runs.
func CheckUpgradedWorkflow(t *testing.T, s data.Store) {
	t.Helper()
	ctx := t.Context()
	v2 := func(id int64, status string, reported, updated time.Time) data.Incident {
		return data.Incident{ID: id, Kind: data.KindDispute, Type: "邻里纠纷", Source: "网格员上报", Status: status,
			Summary: "v2", Parties: []string{}, CellCode: CellA1, Mediators: []int64{}, Location: orb.Point{106.605, 29.005},
			ReportedAt: reported, UpdatedAt: updated, Priority: data.PriorityNormal, Version: 1, StageSince: updated}
	}
	resolved := utc(2024, 3, 2, 0)
	want := []data.Incident{
		v2(1, data.StatusReported, utc(2024, 1, 5, 2), utc(2024, 1, 5, 2)),
		v2(2, data.StatusEscalated, utc(2024, 2, 1, 0), utc(2024, 2, 3, 0)),
		v2(3, data.StatusResolved, utc(2024, 3, 1, 0), resolved),
	}
	want[0].Parties = []string{"张三"}
	want[1].Mediators, want[1].Escalation = []int64{403}, 1
	want[2].ResolvedAt = &resolved
	got, _, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents() after the upgrade", err)
	equal(t, "Incidents() after the upgrade", got, want)

	event := func(id, incident int64, at time.Time, kind, from, to string) data.IncidentEvent {
		return data.IncidentEvent{ID: id, IncidentID: incident, At: at, ActorName: "数据导入", Kind: kind, From: from, To: to}
	}
	wantEvents := [][]data.IncidentEvent{
		{event(1, 1, utc(2024, 1, 5, 2), data.EventCreated, "", "")},
		{event(2, 2, utc(2024, 2, 1, 0), data.EventCreated, "", ""),
			event(3, 2, utc(2024, 2, 3, 0), data.EventTransition, data.StatusReported, data.StatusEscalated)},
		{event(4, 3, utc(2024, 3, 1, 0), data.EventCreated, "", ""),
			event(5, 3, resolved, data.EventTransition, data.StatusReported, data.StatusResolved)},
	}
	for i, w := range wantEvents {
		es, err := s.IncidentEvents(ctx, int64(i+1))
		ok(t, "IncidentEvents() after the upgrade", err)
		equal(t, "IncidentEvents() after the upgrade", es, w)
	}

	in := report()
	in.Mediators, in.NearCell = []int64{403}, ""
	created, _, err := s.CreateIncident(ctx, in, "after-upgrade")
	ok(t, "CreateIncident() after the upgrade", err)
	if created.ID != 4 {
		t.Errorf("CreateIncident() after the upgrade = incident %d; want 4", created.ID)
	}
	moved, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 2, From: data.StatusEscalated, To: data.StatusAccepted,
		Version: 1, At: utc(2024, 6, 1, 0)})
	ok(t, "TransitionIncident(2 back to accepted) after the upgrade", err)
	if moved.Escalation != 0 || moved.Version != 2 || len(moved.Mediators) != 1 {
		t.Errorf("TransitionIncident(2 back to accepted) = escalation %d, version %d, mediators %v; want 0, 2, [403]",
			moved.Escalation, moved.Version, moved.Mediators)
	}
	es, err := s.IncidentEvents(ctx, 4)
	ok(t, "IncidentEvents(4)", err)
	if len(es) != 1 || es[0].ID != 6 {
		t.Errorf("IncidentEvents(4) = %+v; want one event, 6", es)
	}
}

// CheckUpgradedBoundaries checks a store opened on a database that held
// the rows CheckUpgradedWorkflow describes before boundary versions
// existed: its cells become boundary version 1 (by nobody, for
// data.InitialBoundaryReason, effective on the day of the upgrade in China
// Standard Time), CellsAt(1) gives them back, and a change commits on it.
// Call it on a store CheckUpgradedWorkflow has not changed.
func CheckUpgradedBoundaries(t *testing.T, s data.Store) {
	t.Helper()
	ctx := t.Context()
	vs, err := s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions() after the upgrade", err)
	if len(vs) != 1 {
		t.Fatalf("BoundaryVersions() after the upgrade = %+v; want version 1", vs)
	}
	if age := time.Since(vs[0].CreatedAt); age < -time.Minute || age > time.Hour {
		t.Errorf("BoundaryVersions()[0].CreatedAt = %v; want about now", vs[0].CreatedAt)
	}
	want := data.BoundaryVersion{Number: 1, CreatedAt: vs[0].CreatedAt, Reason: data.InitialBoundaryReason,
		EffectiveDate: vs[0].CreatedAt.In(cst).Format(time.DateOnly), Added: []string{CellA1}, Removed: []string{}, Reshaped: []string{}}
	equal(t, "BoundaryVersions() after the upgrade", vs[0], want)
	cells, err := s.CellsAt(ctx, 1)
	ok(t, "CellsAt(1) after the upgrade", err)
	equal(t, "CellsAt(1) after the upgrade", cells, []data.Cell{{Code: CellA1, Name: "东街一网格", UnitCode: UnitA,
		UnitName: "东街社区", Kind: data.CellCommunity, AreaM2: 1075000.5}})

	// The cell had no shape: giving it one moves nobody.
	v, _, err := s.CommitBoundary(ctx, &data.BoundaryChange{Base: 1, Reason: "补绘边界", EffectiveDate: "2024-07-01",
		Cells: []data.CellShape{{Code: CellA1, UnitCode: UnitA, Name: "东街一网格", Kind: data.CellCommunity, Geometry: square(x0, y0, x1, y1)}}})
	ok(t, "CommitBoundary() after the upgrade", err)
	if v.Number != 2 || v.Moved != (data.BoundaryMoves{}) {
		t.Errorf("CommitBoundary() after the upgrade = %+v; want version 2 moving nothing", v)
	}
	c, err := s.Cell(ctx, CellA1)
	ok(t, "Cell(A1)", err)
	equal(t, "Cell(A1).Geometry after the commit", c.Geometry, square(x0, y0, x1, y1))
}

// CheckUpgradedAccounts checks a store opened on a database that, at
// schema version 2, held the account zhang (ID 1, 张三, unit_cadre of
// UnitA, created 2024-01-02T03:04:05Z, password hash "v2-hash") locked
// until 2099 after five failures: the account is intact, its lock (the
// account's, which no longer exists) is gone, and failures are counted per
// address from none.
func CheckUpgradedAccounts(t *testing.T, s data.Store) {
	t.Helper()
	ctx := t.Context()
	u, err := s.UserByName(ctx, "zhang")
	ok(t, "UserByName(zhang) after the upgrade", err)
	equal(t, "UserByName(zhang) after the upgrade", *u, data.User{ID: 1, Username: "zhang", Name: "张三", Role: data.RoleUnitCadre,
		UnitCode: UnitA, CreatedAt: utc(2024, 1, 2, 3).Add(4*time.Minute + 5*time.Second), PasswordHash: "v2-hash"})
	now := utc(2024, 6, 1, 0)
	locks, err := s.LoginLocks(ctx, now)
	ok(t, "LoginLocks() after the upgrade", err)
	equal(t, "LoginLocks() after the upgrade", locks, []data.LoginFailure{})
	f, err := s.LoginFailed(ctx, "zhang", "192.0.2.1", now, data.LoginPolicy{MaxFailures: 5, LockFor: time.Minute})
	ok(t, "LoginFailed() after the upgrade", err)
	if f.Failures != 1 || f.LockedUntil != nil {
		t.Errorf("LoginFailed() after the upgrade = %+v; want the first failure, no lock", f)
	}
}
