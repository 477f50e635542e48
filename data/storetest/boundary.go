package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// CellA3 is the code a split of CellA2 gives its new part.
const CellA3 = "500110119001003"

// ym is the latitude to which the edge between A1 and A2 moves, over the
// western part (x0 to xm) of it, in edgeMove.
const ym, xm = 29.016, 106.606

// edgeMove is a change on version 1 that moves part of the edge between A1
// and A2 north: A1 takes the rectangle x0..xm × y1..ym from A2, where
// household 203 and incidents 3 and 7 lie. Incident 6, on the corner the
// four cells share, stays where its point already said it was not.
func edgeMove() *data.BoundaryChange {
	a1 := orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {xm, y1}, {xm, ym}, {x0, ym}, {x0, y0}}}
	a2 := orb.Polygon{{{x0, ym}, {xm, ym}, {xm, y1}, {x1, y1}, {x1, y2}, {x0, y2}, {x0, ym}}}
	return &data.BoundaryChange{Base: 1, Reason: "道路改线", EffectiveDate: "2024-07-01", AuthorID: 7, AuthorName: "管理员",
		At: time.Date(2024, 6, 20, 10, 0, 0, 0, cst), Cells: []data.CellShape{
			{Code: CellA2, UnitCode: UnitA, Name: "东街二网格", Kind: data.CellCommunity, Geometry: a2},
			{Code: CellA1, UnitCode: UnitA, Name: "东街一网格", Kind: data.CellCommunity, Geometry: a1},
		}}
}

// fixtureShapes is CellsAt(1) of the fixture.
func fixtureShapes() []data.Cell {
	var out []data.Cell
	names := map[string]string{UnitA: "东街社区", UnitB: "石龙村"}
	for _, c := range Fixture().Cells {
		out = append(out, data.Cell{Code: c.Code, Name: c.Name, UnitCode: c.UnitCode, UnitName: names[c.UnitCode],
			Kind: c.Kind, AreaM2: c.AreaM2, Geometry: c.Geometry})
	}
	return out
}

// shapeCell is the CellsAt entry of a changed cell.
func shapeCell(s data.CellShape, unitName string) data.Cell {
	return data.Cell{Code: s.Code, Name: s.Name, UnitCode: s.UnitCode, UnitName: unitName, Kind: s.Kind,
		AreaM2: geo.Area(s.Geometry), Geometry: s.Geometry}
}

func wantRevision(t *testing.T, s data.Store, call string, want data.Revision) {
	t.Helper()
	rev, err := s.Revision(t.Context())
	ok(t, "Revision()", err)
	equal(t, "Revision() "+call, rev, want)
}

func wantCellCounts(t *testing.T, s data.Store, code string, population, households int) {
	t.Helper()
	c, err := s.Cell(t.Context(), code)
	ok(t, "Cell("+code+")", err)
	if c.Population != population || c.Households != households {
		t.Errorf("Cell(%s) = population %d, households %d; want %d, %d", code, c.Population, c.Households, population, households)
	}
}

// testBoundaryVersions: Load records version 1; an empty store has none.
func testBoundaryVersions(t *testing.T, s data.Store) {
	ctx := t.Context()
	vs, err := s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions() on an empty store", err)
	equal(t, "BoundaryVersions() on an empty store", vs, []data.BoundaryVersion{})
	_, err = s.CellsAt(ctx, 1)
	wantCode(t, "CellsAt(1) on an empty store", err, data.ENOTFOUND)
	_, _, err = s.CommitBoundary(ctx, edgeMove())
	wantCode(t, "CommitBoundary() on an empty store", err, data.ENOTFOUND)

	before := time.Now().Add(-time.Second)
	load(t, s)
	after := time.Now().Add(time.Second)
	vs, err = s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions()", err)
	if len(vs) != 1 {
		t.Fatalf("BoundaryVersions() after Load = %+v; want one version", vs)
	}
	between(t, "BoundaryVersions()[0].CreatedAt", vs[0].CreatedAt, before, after)
	want := data.BoundaryVersion{Number: 1, CreatedAt: vs[0].CreatedAt, Reason: data.InitialBoundaryReason,
		EffectiveDate: vs[0].CreatedAt.In(cst).Format(time.DateOnly), Added: []string{CellA1, CellA2, CellB1, CellB2},
		Removed: []string{}, Reshaped: []string{}}
	equal(t, "BoundaryVersions() after Load", vs[0], want)
	cells, err := s.CellsAt(ctx, 1)
	ok(t, "CellsAt(1)", err)
	equal(t, "CellsAt(1)", cells, fixtureShapes())
	for _, n := range []int64{0, 2, -1} {
		_, err = s.CellsAt(ctx, n)
		wantCode(t, "CellsAt(unknown version)", err, data.ENOTFOUND)
	}
}

// testCommitBoundary: moving a shared edge moves exactly the households and
// incidents between the old and the new edge, in the dry run and in the
// commit, and both versions stay available.
func testCommitBoundary(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	c := edgeMove()
	wantImpact := &data.BoundaryImpact{
		Households:  []data.Move{{ID: 203, From: CellA2, To: CellA1, Residents: 1}},
		Residents:   1,
		Incidents:   []data.Move{{ID: 3, From: CellA2, To: CellA1}, {ID: 7, From: CellA2, To: CellA1}},
		GridWorkers: []data.Move{},
		Users:       []data.Move{},
	}
	imp, err := s.BoundaryImpact(ctx, c)
	ok(t, "BoundaryImpact(edge move)", err)
	equal(t, "BoundaryImpact(edge move)", imp, wantImpact)
	wantRevision(t, s, "after a dry run", data.Revision{Cells: 1, Incidents: 1})
	old3, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)

	v, moved, err := s.CommitBoundary(ctx, c)
	ok(t, "CommitBoundary(edge move)", err)
	equal(t, "CommitBoundary(edge move) impact", moved, wantImpact)
	wantV := data.BoundaryVersion{Number: 2, AuthorID: 7, AuthorName: "管理员", CreatedAt: c.At.UTC(), Reason: "道路改线",
		EffectiveDate: "2024-07-01", Base: 1, Added: []string{}, Removed: []string{}, Reshaped: []string{CellA1, CellA2},
		Moved: data.BoundaryMoves{Households: 1, Residents: 1, Incidents: 2}}
	equal(t, "CommitBoundary(edge move)", *v, wantV)
	vs, err := s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions()", err)
	if len(vs) != 2 {
		t.Fatalf("BoundaryVersions() = %+v; want versions 2 and 1", vs)
	}
	equal(t, "BoundaryVersions()[0]", vs[0], wantV)
	if vs[1].Number != 1 {
		t.Errorf("BoundaryVersions()[1] = version %d; want 1", vs[1].Number)
	}
	wantRevision(t, s, "after the commit", data.Revision{Cells: 2, Incidents: 2})

	at1, err := s.CellsAt(ctx, 1)
	ok(t, "CellsAt(1)", err)
	equal(t, "CellsAt(1) after the commit", at1, fixtureShapes())
	want2 := fixtureShapes()
	want2[0], want2[1] = shapeCell(c.Cells[1], "东街社区"), shapeCell(c.Cells[0], "东街社区")
	at2, err := s.CellsAt(ctx, 2)
	ok(t, "CellsAt(2)", err)
	equal(t, "CellsAt(2)", at2, want2)
	a1, err := s.Cell(ctx, CellA1)
	ok(t, "Cell(A1)", err)
	equal(t, "Cell(A1).Geometry", a1.Geometry, c.Cells[1].Geometry)
	if a1.AreaM2 != geo.Area(c.Cells[1].Geometry) {
		t.Errorf("Cell(A1).AreaM2 = %v; want %v", a1.AreaM2, geo.Area(c.Cells[1].Geometry))
	}
	wantCellCounts(t, s, CellA1, 121, 41)
	wantCellCounts(t, s, CellA2, 79, 29)

	rs, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: CellA1})
	ok(t, "Residents(A1)", err)
	if len(rs) != 4 || rs[3].ID != 304 || rs[3].CellCode != CellA1 {
		t.Errorf("Residents(A1) = %+v; want 301, 302, 303 and 304, all in A1", rs)
	}
	in3, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	want3 := *old3
	want3.CellCode, want3.NearCell, want3.NearDistanceM, want3.Version, want3.UpdatedAt = CellA1, "", 0, old3.Version+1, c.At.UTC()
	equal(t, "Incident(3) after the commit", *in3, want3)
	e := lastEvent(t, s, 3)
	e.ID = 0
	equal(t, "last event of 3", e, data.IncidentEvent{IncidentID: 3, At: c.At.UTC(), ActorID: 7, ActorName: "管理员",
		Kind: data.EventReassigned, Note: "boundary version 2: from " + CellA2 + " to " + CellA1})
	in6, err := s.Incident(ctx, 6)
	ok(t, "Incident(6)", err)
	if in6.CellCode != CellA1 || in6.Version != 4 {
		t.Errorf("Incident(6) = cell %s, version %d; want A1, 4 (untouched)", in6.CellCode, in6.Version)
	}

	// The same change again, on the old base, is stale and writes nothing.
	_, err = s.BoundaryImpact(ctx, edgeMove())
	wantCode(t, "BoundaryImpact(base 1 at version 2)", err, data.ECONFLICT)
	_, _, err = s.CommitBoundary(ctx, edgeMove())
	wantCode(t, "CommitBoundary(base 1 at version 2)", err, data.ECONFLICT)
	if err != nil && !strings.Contains(data.ErrorMessage(err), "version 2") {
		t.Errorf("CommitBoundary(stale) message %q; want it to name version 2", data.ErrorMessage(err))
	}
	wantRevision(t, s, "after a stale commit", data.Revision{Cells: 2, Incidents: 2})
	vs, err = s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions()", err)
	if len(vs) != 2 {
		t.Errorf("BoundaryVersions() after a stale commit has %d versions; want 2", len(vs))
	}
	at2, err = s.CellsAt(ctx, 2)
	ok(t, "CellsAt(2)", err)
	equal(t, "CellsAt(2) after a stale commit", at2, want2)
}

// testConcurrentBoundaryCommits: of concurrent commits on one base exactly
// one lands; the others are ECONFLICT.
func testConcurrentBoundaryCommits(t *testing.T, s data.Store) {
	load(t, s)
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, _, errs[i] = s.CommitBoundary(t.Context(), edgeMove()) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantCode(t, "concurrent CommitBoundary()", err, data.ECONFLICT)
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent commits on one base succeeded; want 1", won, n)
	}
	wantRevision(t, s, "after concurrent commits", data.Revision{Cells: 2, Incidents: 2})
	vs, err := s.BoundaryVersions(t.Context())
	ok(t, "BoundaryVersions()", err)
	if len(vs) != 2 || vs[0].Moved.Incidents != 2 {
		t.Errorf("BoundaryVersions() after concurrent commits = %+v; want 2 and 1, 2 moving 2 incidents", vs)
	}
}

// testSplitMergeBoundary: a split adds a code and reshapes the old cell; a
// merge removes one cell, moving its people, incidents and assignments to
// the other, whose code stays; a removed code is never used again.
func testSplitMergeBoundary(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	u := data.User{Username: "gw", Name: "张伟", Role: data.RoleGridWorker, Cells: []string{CellA2}, PasswordHash: "x"}
	ok(t, "CreateUser(gw)", s.CreateUser(ctx, &u))

	const ys = 29.014 // A3 takes A2 north of it, with household 203
	// B2 gains the split's end as a vertex of the edge it shares with A2 and
	// A3, as an editor's split gives it: neighbours share their vertices.
	// (A changed cell is a simple polygon: B2 takes in its reservoir.)
	var b2 data.CellShape
	for _, c := range Fixture().Cells {
		if c.Code == CellB2 {
			b2 = data.CellShape{Code: c.Code, UnitCode: c.UnitCode, Name: c.Name, Kind: c.Kind,
				Geometry: orb.Polygon{{{x1, y1}, {x2, y1}, {x2, y2}, {x1, y2}, {x1, ys}, {x1, y1}}}}
		}
	}
	split := &data.BoundaryChange{Base: 1, Reason: "新建小区", EffectiveDate: "2024-08-01", Cells: []data.CellShape{
		{Code: CellA3, New: true, UnitCode: UnitA, Name: "东街三网格", Kind: data.CellCommunity, Geometry: square(x0, ys, x1, y2)},
		{Code: CellA2, UnitCode: UnitA, Name: "东街二网格", Kind: data.CellCommunity, Geometry: square(x0, y1, x1, ys)},
		b2,
	}}
	imp, err := s.BoundaryImpact(ctx, split)
	ok(t, "BoundaryImpact(split)", err)
	equal(t, "BoundaryImpact(split)", imp, &data.BoundaryImpact{Households: []data.Move{{ID: 203, From: CellA2, To: CellA3, Residents: 1}},
		Residents: 1, Incidents: []data.Move{}, GridWorkers: []data.Move{}, Users: []data.Move{}})
	v, _, err := s.CommitBoundary(ctx, split)
	ok(t, "CommitBoundary(split)", err)
	if v.Number != 2 || !equalStrings(v.Added, CellA3) || !equalStrings(v.Reshaped, CellA2, CellB2) || len(v.Removed) != 0 {
		t.Errorf("CommitBoundary(split) = %+v; want version 2 adding A3, reshaping A2 and B2", v)
	}
	a3, err := s.Cell(ctx, CellA3)
	ok(t, "Cell(A3)", err)
	if a3.UnitName != "东街社区" || a3.Population != 1 || a3.Households != 1 || a3.AreaM2 != geo.Area(split.Cells[0].Geometry) {
		t.Errorf("Cell(A3) = %+v; want 东街社区, population 1, households 1, its area", a3)
	}
	wantCellCounts(t, s, CellA2, 79, 29)
	wantRevision(t, s, "after the split", data.Revision{Cells: 2, Incidents: 1})

	merge := &data.BoundaryChange{Base: 2, Reason: "合并网格", EffectiveDate: "2024-09-01", Removed: []string{CellA2},
		Cells: []data.CellShape{{Code: CellA1, UnitCode: UnitA, Name: "东街一网格", Kind: data.CellCommunity,
			Geometry: orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x1, ys}, {x0, ys}, {x0, y0}}}}}}
	wantMerge := &data.BoundaryImpact{Households: []data.Move{}, Residents: 0,
		Incidents:   []data.Move{{ID: 3, From: CellA2, To: CellA1}, {ID: 7, From: CellA2, To: CellA1}},
		GridWorkers: []data.Move{{ID: 11, From: CellA2, To: CellA1}},
		Users:       []data.Move{{ID: u.ID, From: CellA2, To: CellA1}}}
	imp, err = s.BoundaryImpact(ctx, merge)
	ok(t, "BoundaryImpact(merge)", err)
	equal(t, "BoundaryImpact(merge)", imp, wantMerge)
	v, _, err = s.CommitBoundary(ctx, merge)
	ok(t, "CommitBoundary(merge)", err)
	if v.Number != 3 || !equalStrings(v.Removed, CellA2) || !equalStrings(v.Reshaped, CellA1) ||
		v.Moved != (data.BoundaryMoves{Incidents: 2, Assignments: 2}) {
		t.Errorf("CommitBoundary(merge) = %+v; want version 3 removing A2, reshaping A1, moving 2 incidents and 2 assignments", v)
	}
	_, err = s.Cell(ctx, CellA2)
	wantCode(t, "Cell(A2) after the merge", err, data.ENOTFOUND)
	a1, err := s.Cell(ctx, CellA1)
	ok(t, "Cell(A1)", err)
	equal(t, "Cell(A1).GridWorkers after the merge", a1.GridWorkers, []data.GridWorker{
		worker(11, "张伟", "13800000011", CellA1), worker(12, "李娜", "13800000012", CellA1)})
	got, err := s.User(ctx, u.ID)
	ok(t, "User(gw)", err)
	equal(t, "User(gw).Cells after the merge", got.Cells, []string{CellA1})
	for _, id := range []int64{3, 7} {
		in, err := s.Incident(ctx, id)
		ok(t, "Incident()", err)
		if in.CellCode != CellA1 || in.NearCell != "" {
			t.Errorf("Incident(%d) after the merge = cell %s, near %q; want A1, none", id, in.CellCode, in.NearCell)
		}
	}
	wantRevision(t, s, "after the merge", data.Revision{Cells: 3, Incidents: 2})
	for n, want := range map[int64][]string{1: {CellA1, CellA2, CellB1, CellB2}, 2: {CellA1, CellA2, CellA3, CellB1, CellB2},
		3: {CellA1, CellA3, CellB1, CellB2}} {
		cells, err := s.CellsAt(ctx, n)
		ok(t, "CellsAt()", err)
		var codes []string
		for _, c := range cells {
			codes = append(codes, c.Code)
		}
		equal(t, "codes of CellsAt()", codes, want)
	}

	reuse := &data.BoundaryChange{Base: 3, Reason: "r", EffectiveDate: "2024-10-01", Cells: []data.CellShape{
		{Code: CellA2, New: true, UnitCode: UnitA, Name: "东街二网格", Kind: data.CellCommunity, Geometry: square(x0, y1, x1, ys)},
		{Code: CellA1, UnitCode: UnitA, Name: "东街一网格", Kind: data.CellCommunity, Geometry: square(x0, y0, x1, y1)},
	}}
	_, err = s.BoundaryImpact(ctx, reuse)
	wantField(t, "BoundaryImpact(retired code)", err, data.EINVALID, "cells[0].code")
	_, _, err = s.CommitBoundary(ctx, reuse)
	wantField(t, "CommitBoundary(retired code)", err, data.EINVALID, "cells[0].code")
	wantRevision(t, s, "after reusing a code", data.Revision{Cells: 3, Incidents: 2})

	// Restoring version 2, before the merge, brings A2 back under its own
	// code (it named a cell then, though it is retired now) and reshapes A1
	// back; only earlier versions restore.
	v2, err := s.CellsAt(ctx, 2)
	ok(t, "CellsAt(2)", err)
	restore := &data.BoundaryChange{Base: 3, Restores: 2, Reason: "撤销合并", EffectiveDate: "2024-10-01"}
	for _, c := range v2 {
		if c.Code == CellA1 || c.Code == CellA2 {
			restore.Cells = append(restore.Cells, data.CellShape{Code: c.Code, New: c.Code == CellA2, UnitCode: c.UnitCode,
				Name: c.Name, Kind: c.Kind, Geometry: c.Geometry})
		}
	}
	for _, bad := range []struct {
		restores int64
		field    string
	}{{3, "restores"}, {9, "restores"}, {-1, "restores"}, {1, "cells[1].code"}} {
		c := *restore
		c.Restores = bad.restores
		_, err = s.BoundaryImpact(ctx, &c)
		if bad.restores == 1 { // version 1 had A2 too: restoring 1 may revive it
			ok(t, "BoundaryImpact(restore naming version 1)", err)
			continue
		}
		wantField(t, fmt.Sprintf("BoundaryImpact(restore of version %d)", bad.restores), err, data.EINVALID, bad.field)
	}
	v, _, err = s.CommitBoundary(ctx, restore)
	ok(t, "CommitBoundary(restore 2)", err)
	if v.Number != 4 || !equalStrings(v.Added, CellA2) || len(v.Removed) != 0 || !equalStrings(v.Reshaped, CellA1) {
		t.Errorf("CommitBoundary(restore 2) = %+v; want version 4 adding A2 back and reshaping A1", v)
	}
	now, err := s.CellsAt(ctx, 4)
	ok(t, "CellsAt(4)", err)
	if len(now) != len(v2) {
		t.Errorf("CellsAt(4) after restoring version 2 has %d cells; want %d", len(now), len(v2))
	}
	for i, c := range v2 {
		if i >= len(now) || now[i].Code != c.Code || !orb.Equal(now[i].Geometry, c.Geometry) {
			t.Errorf("CellsAt(4) after restoring version 2: cell %d differs from version 2's %s", i, c.Code)
		}
	}
	a, err := s.Unit(ctx, UnitA)
	ok(t, "Unit(A)", err)
	if want := square(x0, y0, x1, y2); !geo.SamePolygon(geo.RightHand(a.Geometry), geo.RightHand(orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x1, ys}, {x1, y2}, {x0, y2}, {x0, ys}, {x0, y1}, {x0, y0}}})) {
		t.Errorf("Unit(A).Geometry after the changes = %v; want the union of its cells, %v with their vertices", a.Geometry, want)
	}
}

func equalStrings(got []string, want ...string) bool {
	return strings.Join(got, ",") == strings.Join(want, ",")
}

// testBoundaryInvalid: each bad change is EINVALID naming its field, in the
// dry run (but for the reason and date, which only a commit asks for) and
// the commit, and writes nothing.
func testBoundaryInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	shape := func(code string, g orb.Polygon) data.CellShape {
		return data.CellShape{Code: code, UnitCode: UnitA, Name: "网格", Kind: data.CellCommunity, Geometry: g}
	}
	a1 := square(x0, y0, x1, y1)
	const unknown = "500110119001009"
	tests := []struct {
		name   string
		mutate func(c *data.BoundaryChange)
		field  string
	}{
		{"nothing", func(c *data.BoundaryChange) { c.Cells = nil }, "cells"},
		{"no reason", func(c *data.BoundaryChange) { c.Reason = " " }, "reason"},
		{"no effective date", func(c *data.BoundaryChange) { c.EffectiveDate = "" }, "effective_date"},
		{"bad effective date", func(c *data.BoundaryChange) { c.EffectiveDate = "2024-13-01" }, "effective_date"}, // a date given is checked in a dry run too
		{"code twice", func(c *data.BoundaryChange) { c.Cells = append(c.Cells, c.Cells[0]) }, "cells[1].code"},
		{"no name", func(c *data.BoundaryChange) { c.Cells[0].Name = "" }, "cells[0].name"},
		{"unknown kind", func(c *data.BoundaryChange) { c.Cells[0].Kind = "urban" }, "cells[0].kind"},
		{"invalid polygon", func(c *data.BoundaryChange) {
			c.Cells[0].Geometry = orb.Polygon{{{x0, y0}, {x1, y1}, {x1, y0}, {x0, y1}, {x0, y0}}}
		}, "cells[0].geometry"},
		{"unknown unit", func(c *data.BoundaryChange) { c.Cells[0].UnitCode = "500110119999" }, "cells[0].unit_code"},
		{"new code that exists", func(c *data.BoundaryChange) { c.Cells[0].New = true }, "cells[0].code"},
		{"new code of another unit", func(c *data.BoundaryChange) {
			c.Cells[0] = shape("500110119200003", a1)
			c.Cells[0].New = true
		}, "cells[0].code"},
		{"reshaping no cell", func(c *data.BoundaryChange) { c.Cells[0].Code = unknown }, "cells[0].code"},
		{"removing no cell", func(c *data.BoundaryChange) { c.Removed = []string{unknown} }, "removed[0]"},
		{"changed and removed", func(c *data.BoundaryChange) { c.Removed = []string{CellA1} }, "removed[0]"},
		{"removed twice", func(c *data.BoundaryChange) { c.Removed = []string{CellB2, CellB2} }, "removed[1]"},
		{"no cell left", func(c *data.BoundaryChange) {
			c.Cells, c.Removed = nil, []string{CellA1, CellA2, CellB1, CellB2}
		}, "removed"},
		{"household in no cell", func(c *data.BoundaryChange) { c.Cells[0].Geometry = square(x0, y0, 106.605, y1) }, "cells"},
	}
	for _, tt := range tests {
		c := &data.BoundaryChange{Base: 1, Reason: "r", EffectiveDate: "2024-07-01", Cells: []data.CellShape{shape(CellA1, a1)}}
		tt.mutate(c)
		_, err := s.BoundaryImpact(ctx, c)
		if tt.name == "no reason" || tt.name == "no effective date" {
			ok(t, "BoundaryImpact("+tt.name+"): the dry run asks no paperwork", err)
		} else {
			wantField(t, "BoundaryImpact("+tt.name+")", err, data.EINVALID, tt.field)
		}
		_, _, err = s.CommitBoundary(ctx, c)
		wantField(t, "CommitBoundary("+tt.name+")", err, data.EINVALID, tt.field)
		if tt.name == "household in no cell" && !strings.Contains(data.ErrorMessage(err), "202") {
			t.Errorf("CommitBoundary(%s) message %q; want it to name household 202", tt.name, data.ErrorMessage(err))
		}
	}
	_, _, err := s.CommitBoundary(ctx, nil)
	wantCode(t, "CommitBoundary(nil)", err, data.EINVALID)
	wantRevision(t, s, "after invalid changes", data.Revision{Cells: 1, Incidents: 1})
	vs, err := s.BoundaryVersions(ctx)
	ok(t, "BoundaryVersions()", err)
	if len(vs) != 1 {
		t.Errorf("BoundaryVersions() after invalid changes has %d versions; want 1", len(vs))
	}
	cells, err := s.CellsAt(ctx, 1)
	ok(t, "CellsAt(1)", err)
	equal(t, "CellsAt(1) after invalid changes", cells, fixtureShapes())
}
