package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// importedHouseholds are two households of a residents sheet: H1, new, in
// B2 at its label point; H2, new, in A1 with a new resident and 王五 (303),
// who moves from household 202.
func importedHouseholds() []data.HouseholdImport {
	return []data.HouseholdImport{
		{Household: data.Household{CellCode: CellB2, Address: "石龙村二社8号", Location: orb.Point{106.612, 29.012}, Number: "H1", Approximate: true},
			Residents: []data.Resident{
				{Name: "钱一", Gender: "M", BirthDate: "1980-01-01", IDNumber: "500110198001010017", Phone: "13900000001", Relation: "户主"},
				{Name: "钱二", Gender: "F", BirthDate: "2010-02-02", IDNumber: "500110201002020028", Relation: "子女"},
			}},
		{Household: data.Household{CellCode: CellA1, Address: "东街5号", Location: orb.Point{106.602, 29.002}, Number: "H2"},
			Residents: []data.Resident{
				{Name: "王五", Gender: "M", BirthDate: "1985-01-20", IDNumber: "500110198501200033", Relation: "户主"},
				{Name: "周八", Gender: "F", BirthDate: "1986-06-06", IDNumber: "500110198606060046", Phone: "13900000008", Relation: "配偶"},
			}},
	}
}

// cellCounts returns each cell's households and population.
func cellCounts(t *testing.T, s data.Store) map[string][2]int {
	t.Helper()
	cells, err := s.Cells(t.Context())
	ok(t, "Cells()", err)
	m := map[string][2]int{}
	for _, c := range cells {
		m[c.Code] = [2]int{c.Households, c.Population}
	}
	return m
}

func wantCounts(t *testing.T, call string, got []data.ImportCount, want ...data.ImportCount) {
	t.Helper()
	equal(t, call+" counts", got, want)
}

func testImportHouseholds(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	before := cellCounts(t, s)
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)

	counts, err := s.ImportHouseholds(ctx, importedHouseholds())
	ok(t, "ImportHouseholds()", err)
	wantCounts(t, "ImportHouseholds()", counts, data.ImportCount{Noun: "households", Created: 2},
		data.ImportCount{Noun: "residents", Created: 3, Updated: 1})
	hs, total, err := s.Households(ctx, data.HouseholdFilter{Number: "H1"})
	ok(t, "Households(H1)", err)
	want := []data.Household{{ID: 205, CellCode: CellB2, Address: "石龙村二社8号", Location: orb.Point{106.612, 29.012}, Number: "H1", Approximate: true}}
	equal(t, "Households(H1)", hs, want)
	if total != 1 {
		t.Errorf("Households(H1) total = %d; want 1", total)
	}
	all, total, err := s.Households(ctx, data.HouseholdFilter{CellCode: CellA1, Limit: 2, Offset: 1})
	ok(t, "Households(A1)", err)
	if total != 3 || len(all) != 2 || all[0].ID != 202 || all[1].ID != 206 || all[1].Number != "H2" || all[1].Approximate {
		t.Errorf("Households(A1, page 2) = %+v, %d; want 202 and 206 (H2) of 3", all, total)
	}
	rs, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: CellB2})
	ok(t, "Residents(B2)", err)
	wantRs := []data.Resident{
		{ID: 306, HouseholdID: 205, CellCode: CellB2, Name: "钱一", Gender: "M", BirthDate: "1980-01-01", IDNumber: "500110198001010017",
			Phone: "13900000001", Relation: "户主", Location: orb.Point{106.612, 29.012}},
		{ID: 307, HouseholdID: 205, CellCode: CellB2, Name: "钱二", Gender: "F", BirthDate: "2010-02-02", IDNumber: "500110201002020028",
			Relation: "子女", Location: orb.Point{106.612, 29.012}},
	}
	equal(t, "Residents(B2)", rs, wantRs)
	rs, _, err = s.Residents(ctx, data.ResidentFilter{CellCode: CellA1})
	ok(t, "Residents(A1)", err)
	if len(rs) != 4 || rs[2].ID != 303 || rs[2].HouseholdID != 206 || rs[2].Location != (orb.Point{106.602, 29.002}) || rs[3].ID != 308 {
		t.Errorf("Residents(A1) = %+v; want 303 moved to household 206 and 308 new", rs)
	}
	after := cellCounts(t, s)
	wantAfter := maps.Clone(before)
	wantAfter[CellB2] = [2]int{before[CellB2][0] + 1, before[CellB2][1] + 2}
	wantAfter[CellA1] = [2]int{before[CellA1][0] + 1, before[CellA1][1] + 1}
	equal(t, "cell households and population", after, wantAfter)
	rev2, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	if rev2.Cells <= rev.Cells {
		t.Errorf("Revision().Cells = %d after an import; want more than %d", rev2.Cells, rev.Cells)
	}

	// The same sheet again: nothing changes.
	counts, err = s.ImportHouseholds(ctx, importedHouseholds())
	ok(t, "ImportHouseholds(again)", err)
	wantCounts(t, "ImportHouseholds(again)", counts, data.ImportCount{Noun: "households", Unchanged: 2},
		data.ImportCount{Noun: "residents", Unchanged: 4})
	rev3, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after an import that changed nothing", rev3, rev2)
	equal(t, "cell counts after an import that changed nothing", cellCounts(t, s), wantAfter)

	// H1 moves to B1 with both its residents; one of them changes phone.
	moved := importedHouseholds()[:1]
	moved[0].CellCode, moved[0].Location, moved[0].Approximate = CellB1, orb.Point{106.618, 29.008}, false
	moved[0].Residents[1].Phone = "13900000002"
	counts, err = s.ImportHouseholds(ctx, moved)
	ok(t, "ImportHouseholds(moved)", err)
	wantCounts(t, "ImportHouseholds(moved)", counts, data.ImportCount{Noun: "households", Updated: 1},
		data.ImportCount{Noun: "residents", Updated: 2})
	rs, _, err = s.Residents(ctx, data.ResidentFilter{CellCode: CellB1})
	ok(t, "Residents(B1)", err)
	if len(rs) != 3 || rs[1].ID != 306 || rs[1].Location != (orb.Point{106.618, 29.008}) || rs[2].Phone != "13900000002" {
		t.Errorf("Residents(B1) = %+v; want 305, and 306 and 307 moved", rs)
	}
	wantAfter[CellB2] = before[CellB2]
	wantAfter[CellB1] = [2]int{before[CellB1][0] + 1, before[CellB1][1] + 2}
	equal(t, "cell counts after a move", cellCounts(t, s), wantAfter)

	// Household 204 has no 户号: an export names it GM-204, and importing
	// the export finds it again instead of creating another.
	exported := []data.HouseholdImport{{
		Household: data.Household{CellCode: CellB1, Address: "石龙村一社3号", Location: orb.Point{106.615, 29.005}, Number: domain.ExportedNumber(204)},
		Residents: []data.Resident{{Name: "孙七", Gender: "M", BirthDate: "1960-03-03", IDNumber: "500110196003030055",
			Phone: "13900000305", Relation: "户主"}},
	}}
	counts, err = s.ImportHouseholds(ctx, exported)
	ok(t, "ImportHouseholds(GM-204)", err)
	wantCounts(t, "ImportHouseholds(GM-204)", counts, data.ImportCount{Noun: "households", Unchanged: 1},
		data.ImportCount{Noun: "residents", Unchanged: 1})
	exported[0].Address = "石龙村一社5号"
	counts, err = s.ImportHouseholds(ctx, exported)
	ok(t, "ImportHouseholds(GM-204 moved house)", err)
	wantCounts(t, "ImportHouseholds(GM-204 moved house)", counts, data.ImportCount{Noun: "households", Updated: 1},
		data.ImportCount{Noun: "residents", Unchanged: 1})
	hs, _, err = s.Households(ctx, data.HouseholdFilter{CellCode: CellB1})
	ok(t, "Households(B1)", err)
	if len(hs) != 2 || hs[0].ID != 204 || hs[0].Address != "石龙村一社5号" || hs[0].Number != "" {
		t.Errorf("Households(B1) = %+v; want 204 at its new address, still without 户号, and H1", hs)
	}
	equal(t, "cell counts after importing an export", cellCounts(t, s), wantAfter)
}

func testImportHouseholdsInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	tests := []struct {
		name  string
		edit  func(hs []data.HouseholdImport)
		field string
	}{
		{"unknown cell", func(hs []data.HouseholdImport) { hs[1].CellCode = "500110119001009" }, "households[1].cell"},
		{"no number", func(hs []data.HouseholdImport) { hs[1].Number = "" }, "households[1].number"},
		{"number twice", func(hs []data.HouseholdImport) { hs[1].Number = "H1" }, "households[1].number"},
		{"identity number twice", func(hs []data.HouseholdImport) { hs[1].Residents[1].IDNumber = hs[0].Residents[0].IDNumber },
			"households[1].residents[1].id_number"},
		{"no identity number", func(hs []data.HouseholdImport) { hs[0].Residents[1].IDNumber = "" }, "households[0].residents[1].id_number"},
		{"no name", func(hs []data.HouseholdImport) { hs[0].Residents[0].Name = "" }, "households[0].residents[0].name"},
	}
	for _, tt := range tests {
		hs := importedHouseholds()
		tt.edit(hs)
		_, err := s.ImportHouseholds(ctx, hs)
		wantField(t, "ImportHouseholds("+tt.name+")", err, data.EINVALID, tt.field)
	}
	// Nothing was written: the first, valid household neither.
	_, total, err := s.Households(ctx, data.HouseholdFilter{})
	ok(t, "Households()", err)
	if total != 4 {
		t.Errorf("Households() total = %d after refused imports; want the fixture's 4", total)
	}
	rs, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: CellA1})
	ok(t, "Residents(A1)", err)
	equal(t, "Residents(A1) after refused imports", rs, wantResidents(301, 302, 303))
	for _, f := range []data.HouseholdFilter{{Limit: -1}, {Offset: -1}} {
		_, _, err := s.Households(ctx, f)
		wantCode(t, fmt.Sprintf("Households(%+v)", f), err, data.EINVALID)
	}
	_, _, err = s.Households(ctx, data.HouseholdFilter{CellCode: "500110119001009"})
	wantCode(t, "Households(unknown cell)", err, data.ENOTFOUND)
}

// importedStaff: a new grid worker of A2 and B2 and 张伟 (11), now of A1
// only; a new mediator of unit B and 周调解 (401) as he is. The new ones
// ask for accounts, 刘网格's with a username of the sheet's.
func importedStaff() []data.StaffMember {
	return []data.StaffMember{
		{GridWorker: &data.GridWorker{Name: "刘网格", Phone: "13800000099", Cells: []string{CellB2, CellA2}},
			Account: &data.User{Username: "liu", Name: "刘网格", PasswordHash: "hash-liu"}},
		{GridWorker: &data.GridWorker{Name: "张伟", Phone: "13800000011", Cells: []string{CellA1}}},
		{Mediator: &data.Mediator{Name: "褚新", Role: "乡贤和议员", Category: data.MediatorElder, UnitCode: UnitB, Phone: "13700000499"},
			Account: &data.User{Name: "褚新", PasswordHash: "hash-chu"}},
		{Mediator: &data.Mediator{Name: "周调解", Role: "专职调解员", Category: data.MediatorTownCentre, Phone: "02348600401"}},
	}
}

func testImportStaff(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	staff := importedStaff()
	counts, err := s.ImportStaff(ctx, staff)
	ok(t, "ImportStaff()", err)
	wantCounts(t, "ImportStaff()", counts, data.ImportCount{Noun: "grid_workers", Created: 1, Updated: 1},
		data.ImportCount{Noun: "mediators", Created: 1, Unchanged: 1}, data.ImportCount{Noun: "accounts", Created: 2})
	cells, err := s.Cells(ctx)
	ok(t, "Cells()", err)
	workers := map[string][]int64{}
	for _, c := range cells {
		for _, w := range c.GridWorkers {
			workers[c.Code] = append(workers[c.Code], w.ID)
		}
	}
	equal(t, "grid workers by cell", workers, map[string][]int64{CellA1: {11, 12}, CellA2: {14}, CellB1: {13}, CellB2: {14}})
	ms, err := s.Mediators(ctx, data.MediatorFilter{UnitCode: UnitB})
	ok(t, "Mediators(B)", err)
	if len(ms) != 3 || ms[2] != (data.Mediator{ID: 407, Name: "褚新", Role: "乡贤和议员", Category: data.MediatorElder, UnitCode: UnitB, Phone: "13700000499"}) {
		t.Errorf("Mediators(B) = %+v; want 405, 406 and the new 407", ms)
	}
	liu, chu := staff[0].Account, staff[2].Account
	if !staff[0].AccountCreated || !staff[2].AccountCreated || liu.Username != "liu" || chu.Username != "tj407" || liu.ID == 0 {
		t.Errorf("accounts = %+v (%v), %+v (%v); want liu and tj407, created", liu, staff[0].AccountCreated, chu, staff[2].AccountCreated)
	}
	u, err := s.UserByName(ctx, "liu")
	ok(t, "UserByName(liu)", err)
	if u.Role != data.RoleGridWorker || !slices.Equal(u.Cells, []string{CellA2, CellB2}) || u.PasswordHash != "hash-liu" {
		t.Errorf("UserByName(liu) = %+v; want a grid worker of A2 and B2", u)
	}
	u, err = s.UserByName(ctx, "tj407")
	ok(t, "UserByName(tj407)", err)
	if u.Role != data.RoleMediator || u.UnitCode != UnitB || u.MediatorID != 407 || u.Name != "褚新" {
		t.Errorf("UserByName(tj407) = %+v; want mediator 407's account in unit B", u)
	}

	// Again: nothing changes, no password either.
	again := importedStaff()
	again[0].Account.PasswordHash = "other"
	counts, err = s.ImportStaff(ctx, again)
	ok(t, "ImportStaff(again)", err)
	wantCounts(t, "ImportStaff(again)", counts, data.ImportCount{Noun: "grid_workers", Unchanged: 2},
		data.ImportCount{Noun: "mediators", Unchanged: 2}, data.ImportCount{Noun: "accounts", Unchanged: 2})
	if again[0].AccountCreated || again[0].Account.ID != liu.ID || again[2].Account.Username != "tj407" {
		t.Errorf("accounts again = %+v, %+v; want the existing ones", again[0].Account, again[2].Account)
	}
	u, err = s.UserByName(ctx, "liu")
	ok(t, "UserByName(liu)", err)
	if u.PasswordHash != "hash-liu" {
		t.Errorf("a re-import changed liu's password hash to %q", u.PasswordHash)
	}

	// A username another account of another role holds: all or nothing.
	ok(t, "CreateUser(viewer)", s.CreateUser(ctx, &data.User{Username: "wang", Name: "王", Role: data.RoleViewer, PasswordHash: "h"}))
	bad := []data.StaffMember{
		{GridWorker: &data.GridWorker{Name: "新人", Phone: "13800000098", Cells: []string{CellB1}}},
		{GridWorker: &data.GridWorker{Name: "王芳", Phone: "13800000013", Cells: []string{CellB1}},
			Account: &data.User{Username: "wang", Name: "王芳", PasswordHash: "h"}},
	}
	_, err = s.ImportStaff(ctx, bad)
	wantCode(t, "ImportStaff(username of a viewer)", err, data.ECONFLICT)
	cells, err = s.Cells(ctx)
	ok(t, "Cells()", err)
	for _, c := range cells {
		for _, w := range c.GridWorkers {
			if w.Name == "新人" {
				t.Errorf("a refused staff import left grid worker %+v in %s", w, c.Code)
			}
		}
	}

	invalid := []struct {
		name  string
		m     data.StaffMember
		field string
	}{
		{"neither", data.StaffMember{}, "staff[0]"},
		{"no cells", data.StaffMember{GridWorker: &data.GridWorker{Name: "甲", Phone: "1"}}, "staff[0].cells"},
		{"unknown cell", data.StaffMember{GridWorker: &data.GridWorker{Name: "甲", Phone: "1", Cells: []string{"500110119001009"}}}, "staff[0].cells"},
		{"unknown unit", data.StaffMember{Mediator: &data.Mediator{Name: "乙", Category: data.MediatorCadre, UnitCode: "500110119999"}}, "staff[0].unit_code"},
		{"unknown category", data.StaffMember{Mediator: &data.Mediator{Name: "乙", Category: "retired"}}, "staff[0].category"},
		{"no name", data.StaffMember{Mediator: &data.Mediator{Category: data.MediatorTownCentre}}, "staff[0].name"},
		{"town-centre account", data.StaffMember{Mediator: &data.Mediator{Name: "丙", Category: data.MediatorTownCentre},
			Account: &data.User{Name: "丙", PasswordHash: "h"}}, "staff[0].account.unit_code"},
	}
	for _, tt := range invalid {
		_, err := s.ImportStaff(ctx, []data.StaffMember{tt.m})
		wantField(t, "ImportStaff("+tt.name+")", err, data.EINVALID, tt.field)
	}
	twice := importedStaff()[:1]
	twice = append(twice, importedStaff()[0])
	_, err = s.ImportStaff(ctx, twice)
	wantField(t, "ImportStaff(twice)", err, data.EINVALID, "staff[1].name")
}

// importedLedger: two incidents of a ledger, one resolved.
func importedLedger() []data.Incident {
	at := func(m time.Month, d int) time.Time { return time.Date(2023, m, d, 9, 0, 0, 0, cst) }
	resolved := at(3, 10)
	return []data.Incident{
		{Kind: data.KindDispute, Type: "邻里纠纷", Source: "群众来访", Status: data.StatusResolved, Summary: "排水沟纠纷",
			Parties: []string{"甲", "乙"}, CellCode: CellB1, Location: orb.Point{106.615, 29.004}, ReportedAt: at(3, 1),
			UpdatedAt: resolved, StageSince: resolved, ResolvedAt: &resolved, LedgerNumber: "2023-001"},
		{Kind: data.KindPetition, Type: "其他", Source: "信访", Status: data.StatusMediating, Summary: "补偿款",
			Parties: []string{}, CellCode: CellA2, Location: orb.Point{106.605, 29.015}, ReportedAt: at(4, 2),
			UpdatedAt: at(4, 2), StageSince: at(4, 2), LedgerNumber: "2023-002"},
	}
}

func testImportIncidents(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	counts, err := s.ImportIncidents(ctx, importedLedger())
	ok(t, "ImportIncidents()", err)
	wantCounts(t, "ImportIncidents()", counts, data.ImportCount{Noun: "incidents", Created: 2})
	in, err := s.Incident(ctx, 8)
	ok(t, "Incident(8)", err)
	want := domain.LoadedIncident(importedLedger()[0])
	want.ID, want.Mediators = 8, []int64{}
	equal(t, "Incident(8)", *in, want)
	es, err := s.IncidentEvents(ctx, 8)
	ok(t, "IncidentEvents(8)", err)
	if len(es) != 2 || es[0].Kind != data.EventCreated || es[1].To != data.StatusResolved {
		t.Errorf("IncidentEvents(8) = %+v; want created and resolved", es)
	}
	// A report after the import takes the next ID.
	created, _, err := s.CreateIncident(ctx, report(), "")
	ok(t, "CreateIncident()", err)
	if created.ID != 10 {
		t.Errorf("CreateIncident() after an import = %d; want 10", created.ID)
	}
	// Found by their number as people quote it: the ledger's, or the ID.
	for _, tt := range []struct {
		number string
		want   []int64
	}{{"2023-002", []int64{9}}, {"8", []int64{8}}, {"10", []int64{10}}, {"2023-999", nil}, {"99", nil}} {
		list, total, err := s.Incidents(ctx, data.IncidentFilter{Number: tt.number})
		ok(t, "Incidents(number "+tt.number+")", err)
		var ids []int64
		for _, in := range list {
			ids = append(ids, in.ID)
		}
		if !slices.Equal(ids, tt.want) || total != len(tt.want) {
			t.Errorf("Incidents(number %q) = %v (total %d); want %v", tt.number, ids, total, tt.want)
		}
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)

	counts, err = s.ImportIncidents(ctx, importedLedger())
	ok(t, "ImportIncidents(again)", err)
	wantCounts(t, "ImportIncidents(again)", counts, data.ImportCount{Noun: "incidents", Unchanged: 2})
	rev2, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after an import that changed nothing", rev2, rev)

	changed := importedLedger()
	changed[1].Status, changed[1].Escalation, changed[1].Summary = data.StatusEscalated, 1, "补偿款（上交）"
	counts, err = s.ImportIncidents(ctx, changed)
	ok(t, "ImportIncidents(changed)", err)
	wantCounts(t, "ImportIncidents(changed)", counts, data.ImportCount{Noun: "incidents", Updated: 1, Unchanged: 1})
	in, err = s.Incident(ctx, 9)
	ok(t, "Incident(9)", err)
	if in.Status != data.StatusEscalated || in.Version != 2 || in.Summary != "补偿款（上交）" || in.Escalation != 1 || in.LedgerNumber != "2023-002" {
		t.Errorf("Incident(9) = %+v; want escalated, version 2", in)
	}
	es, err = s.IncidentEvents(ctx, 9)
	ok(t, "IncidentEvents(9)", err)
	if n := len(es); n != 3 || es[n-1].From != data.StatusMediating || es[n-1].To != data.StatusEscalated {
		t.Errorf("IncidentEvents(9) = %+v; want the import's transition last", es)
	}

	// The ledger closes the resolved case after a passed 回访 (its 回访时间,
	// to the second): now resolved at the grassroots. Imported again, and
	// from a ledger without the column, it is unchanged and keeps it.
	passed := time.Date(2023, 3, 12, 10, 0, 0, 0, cst)
	closing := importedLedger()
	closing[0].Status, closing[0].FollowupPassedAt, closing[1] = data.StatusClosed, &passed, changed[1]
	counts, err = s.ImportIncidents(ctx, closing)
	ok(t, "ImportIncidents(closed after a passed 回访)", err)
	wantCounts(t, "ImportIncidents(closed after a passed 回访)", counts, data.ImportCount{Noun: "incidents", Updated: 1, Unchanged: 1})
	in, err = s.Incident(ctx, 8)
	ok(t, "Incident(8)", err)
	if in.Status != data.StatusClosed || in.FollowupPassedAt == nil || !in.FollowupPassedAt.Equal(passed) || !domain.ResolvedAtGrassroots(in) {
		t.Errorf("Incident(8) after the ledger closed it = status %s, 回访 passed %v; want closed, %v, resolved at the grassroots", in.Status, in.FollowupPassedAt, passed)
	}
	without := slices.Clone(closing)
	without[0].FollowupPassedAt = nil
	for _, tt := range []struct {
		name string
		ins  []data.Incident
	}{{"again", closing}, {"without the 回访 column", without}} {
		counts, err = s.ImportIncidents(ctx, tt.ins)
		ok(t, "ImportIncidents("+tt.name+")", err)
		wantCounts(t, "ImportIncidents("+tt.name+")", counts, data.ImportCount{Noun: "incidents", Unchanged: 2})
	}
	in, err = s.Incident(ctx, 8)
	ok(t, "Incident(8)", err)
	if in.FollowupPassedAt == nil || !in.FollowupPassedAt.Equal(passed) {
		t.Errorf("Incident(8) after imports without the 回访 = 回访 passed %v; want it kept, %v", in.FollowupPassedAt, passed)
	}

	bad := []struct {
		name  string
		edit  func(ins []data.Incident)
		field string
	}{
		{"unknown cell", func(ins []data.Incident) { ins[1].CellCode = "500110119001009" }, "incidents[1].cell"},
		{"no number", func(ins []data.Incident) { ins[1].LedgerNumber = "" }, "incidents[1].ledger_number"},
		{"number twice", func(ins []data.Incident) { ins[1].LedgerNumber = ins[0].LedgerNumber }, "incidents[1].ledger_number"},
		{"unknown status", func(ins []data.Incident) { ins[1].Status = "lost" }, "incidents[1].status"},
		{"no summary", func(ins []data.Incident) { ins[1].Summary = "" }, "incidents[1].summary"},
	}
	for _, tt := range bad {
		ins := importedLedger()
		ins[0].LedgerNumber = "2023-100" // new: must not be written
		tt.edit(ins)
		_, err := s.ImportIncidents(ctx, ins)
		wantField(t, "ImportIncidents("+tt.name+")", err, data.EINVALID, tt.field)
	}
	_, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 10 {
		t.Errorf("Incidents() total = %d after refused imports; want 10", total)
	}
}

// testImportLedgerFollowups: a ledger row's passed 回访 (LedgerFollowup,
// at its FollowupPassedAt) becomes a followups row by the importer with a
// "followup" event, once: a re-import, or one of a row changed otherwise,
// adds none; a row without one adds none.
func testImportLedgerFollowups(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	ins := importedLedger()
	passed := time.Date(2023, 3, 20, 9, 0, 0, 0, cst)
	ins[0].FollowupPassedAt = &passed
	ins[0].LedgerFollowup = &data.Followup{Method: data.FollowupPhone, Reached: true, Performed: data.PerformedYes,
		Satisfaction: data.SatisfactionBasically, Passed: true}
	_, err := s.ImportIncidents(ctx, ins)
	ok(t, "ImportIncidents()", err)
	want := []data.Followup{{IncidentID: 8, Method: data.FollowupPhone, Reached: true, Performed: data.PerformedYes,
		Satisfaction: data.SatisfactionBasically, Passed: true, Note: "", RecorderID: 0, At: passed.UTC()}}
	check := func(when string) {
		t.Helper()
		got, err := s.Followups(ctx, 8, 9)
		ok(t, "Followups(8, 9) "+when, err)
		for i := range got {
			got[i].ID = 0
		}
		equal(t, "Followups(8, 9) "+when, got, want)
	}
	check("after the import")
	if e := lastEvent(t, s, 8); e.Kind != data.EventFollowup || e.Note != "passed" || e.ActorName != domain.ImportActor || !e.At.Equal(passed) {
		t.Errorf("last event of 8 = %+v; want the importer's passed 回访 at %v", e, passed)
	}
	in, err := s.Incident(ctx, 8)
	ok(t, "Incident(8)", err)
	if in.FollowupPassedAt == nil || !in.FollowupPassedAt.Equal(passed) || in.LedgerFollowup != nil {
		t.Errorf("Incident(8) = followup passed at %v, ledger followup %v; want %v and nil", in.FollowupPassedAt, in.LedgerFollowup, passed)
	}
	_, err = s.ImportIncidents(ctx, ins)
	ok(t, "ImportIncidents(again)", err)
	check("after a re-import")
	ins[0].Summary = "排水沟纠纷（已回访）"
	_, err = s.ImportIncidents(ctx, ins)
	ok(t, "ImportIncidents(changed)", err)
	check("after a changed re-import")
}
