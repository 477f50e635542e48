package domain_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
)

// TestTally: a row is created unless it existed, else updated if changed;
// only created and updated rows are a change.
func TestTally(t *testing.T) {
	for _, tt := range []struct {
		name    string
		adds    [][2]bool // existed, changed
		want    data.ImportCount
		changed bool
	}{
		{"nothing", nil, data.ImportCount{Noun: "n"}, false},
		{"unchanged", [][2]bool{{true, false}, {true, false}}, data.ImportCount{Noun: "n", Unchanged: 2}, false},
		{"created", [][2]bool{{false, false}, {true, false}}, data.ImportCount{Noun: "n", Created: 1, Unchanged: 1}, true},
		{"updated", [][2]bool{{true, true}}, data.ImportCount{Noun: "n", Updated: 1}, true},
	} {
		c := domain.NewTally("n")
		for _, a := range tt.adds {
			c.Add(a[0], a[1])
		}
		if c.ImportCount != tt.want || c.Changed() != tt.changed {
			t.Errorf("%s: Tally = %+v, Changed() = %v; want %+v, %v", tt.name, c.ImportCount, c.Changed(), tt.want, tt.changed)
		}
	}
}

// TestPlanHouseholds: new households and residents take the next IDs;
// a household that moves takes all its residents along, those the sheet
// leaves out too, and the cells' counts follow; a resident listed under
// another household leaves its own before that one moves.
func TestPlanHouseholds(t *testing.T) {
	cells := map[string]bool{"c1": true, "c2": true, "c3": true}
	a, b := orb.Point{1, 1}, orb.Point{2, 2}
	house := func(id int64, cell, number string, at orb.Point) data.Household {
		return data.Household{ID: id, CellCode: cell, Address: "addr", Location: at, Number: number}
	}
	resident := func(id, house int64, cell, idNumber string, at orb.Point) data.Resident {
		return data.Resident{ID: id, HouseholdID: house, CellCode: cell, Name: "n" + idNumber, IDNumber: idNumber, Relation: "本人", Location: at}
	}
	sheet := func(h data.Household, rs ...data.Resident) data.HouseholdImport {
		h.ID = 0
		for i := range rs {
			rs[i].ID, rs[i].HouseholdID, rs[i].CellCode, rs[i].Location = 0, 0, "", orb.Point{}
		}
		return data.HouseholdImport{Household: h, Residents: rs}
	}
	count := func(noun string, created, updated, unchanged int) domain.Tally {
		return domain.Tally{ImportCount: data.ImportCount{Noun: noun, Created: created, Updated: updated, Unchanged: unchanged}}
	}
	for _, tt := range []struct {
		name       string
		hs         []data.HouseholdImport
		households []data.Household
		residents  []data.Resident
		want       domain.HouseholdPlan
	}{
		{
			name: "new",
			hs:   []data.HouseholdImport{sheet(house(0, "c1", "H1", a), resident(0, 0, "", "1", a), resident(0, 0, "", "2", a))},
			want: domain.HouseholdPlan{
				NewHouseholds:  []data.Household{house(10, "c1", "H1", a)},
				NewResidents:   []data.Resident{resident(20, 10, "c1", "1", a), resident(21, 10, "c1", "2", a)},
				Shifts:         []domain.CellShift{{"c1", 1, 2}},
				HouseholdCount: count(domain.NounHouseholds, 1, 0, 0),
				ResidentCount:  count(domain.NounResidents, 2, 0, 0),
			},
		},
		{
			name:       "unchanged, found by an export's number",
			hs:         []data.HouseholdImport{sheet(house(0, "c1", "GM-3", a), resident(0, 0, "", "1", a))},
			households: []data.Household{house(3, "c1", "", a)},
			residents:  []data.Resident{resident(5, 3, "c1", "1", a)},
			want: domain.HouseholdPlan{
				HouseholdCount: count(domain.NounHouseholds, 0, 0, 1),
				ResidentCount:  count(domain.NounResidents, 0, 0, 1),
			},
		},
		{
			name: "a number takes the key from an export's",
			hs:   []data.HouseholdImport{sheet(house(0, "c1", "GM-3", a))},
			households: []data.Household{
				house(4, "c2", "GM-3", a), house(3, "c1", "", a),
			},
			want: domain.HouseholdPlan{
				Households:     []data.Household{house(4, "c1", "GM-3", a)},
				Moved:          []data.Household{house(4, "c1", "GM-3", a)},
				Shifts:         []domain.CellShift{{"c1", 1, 0}, {"c2", -1, 0}},
				HouseholdCount: count(domain.NounHouseholds, 0, 1, 0),
				ResidentCount:  count(domain.NounResidents, 0, 0, 0),
			},
		},
		{
			name:       "moves with a resident the sheet leaves out",
			hs:         []data.HouseholdImport{sheet(house(0, "c2", "H1", b), resident(0, 0, "", "1", a))},
			households: []data.Household{house(3, "c1", "H1", a)},
			residents:  []data.Resident{resident(5, 3, "c1", "1", a), resident(6, 3, "c1", "2", a)},
			want: domain.HouseholdPlan{
				Households:     []data.Household{house(3, "c2", "H1", b)},
				Moved:          []data.Household{house(3, "c2", "H1", b)},
				Shifts:         []domain.CellShift{{"c1", -1, -2}, {"c2", 1, 2}},
				HouseholdCount: count(domain.NounHouseholds, 0, 1, 0),
				ResidentCount:  count(domain.NounResidents, 0, 1, 0),
			},
		},
		{
			name: "a resident leaves a household before it moves",
			hs: []data.HouseholdImport{
				sheet(house(0, "c1", "H1", a), resident(0, 0, "", "1", a)),
				sheet(house(0, "c3", "H2", b), resident(0, 0, "", "2", b)),
			},
			households: []data.Household{house(3, "c1", "H1", a), house(4, "c2", "H2", a)},
			residents:  []data.Resident{resident(5, 4, "c2", "1", a), resident(6, 4, "c2", "2", a)},
			want: domain.HouseholdPlan{
				Households:     []data.Household{house(4, "c3", "H2", b)},
				Moved:          []data.Household{house(4, "c3", "H2", b)},
				Residents:      []data.Resident{resident(5, 3, "c1", "1", a)},
				Shifts:         []domain.CellShift{{"c1", 0, 1}, {"c2", -1, -2}, {"c3", 1, 1}},
				HouseholdCount: count(domain.NounHouseholds, 0, 1, 1),
				ResidentCount:  count(domain.NounResidents, 0, 2, 0),
			},
		},
		{
			name: "a resident joins a household after it moved",
			hs: []data.HouseholdImport{
				sheet(house(0, "c3", "H2", b), resident(0, 0, "", "2", b)),
				sheet(house(0, "c1", "H1", a), resident(0, 0, "", "1", a)),
			},
			households: []data.Household{house(3, "c1", "H1", a), house(4, "c2", "H2", a)},
			residents:  []data.Resident{resident(5, 4, "c2", "1", a), resident(6, 4, "c2", "2", a)},
			want: domain.HouseholdPlan{
				Households:     []data.Household{house(4, "c3", "H2", b)},
				Moved:          []data.Household{house(4, "c3", "H2", b)},
				Residents:      []data.Resident{resident(5, 3, "c1", "1", a)},
				Shifts:         []domain.CellShift{{"c1", 0, 1}, {"c2", -1, -2}, {"c3", 1, 1}},
				HouseholdCount: count(domain.NounHouseholds, 0, 1, 1),
				ResidentCount:  count(domain.NounResidents, 0, 2, 0),
			},
		},
	} {
		got, err := domain.PlanHouseholds(tt.hs, cells, tt.households, tt.residents, 10, 20)
		if err != nil || !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%s: PlanHouseholds() = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	_, err := domain.PlanHouseholds([]data.HouseholdImport{sheet(house(0, "c9", "H1", a))}, cells, nil, nil, 1, 1)
	if e, ok := err.(*data.Error); !ok || e.Code != data.EINVALID || e.Field != "households[0].cell" {
		t.Errorf("PlanHouseholds(unknown cell) = %v; want EINVALID naming households[0].cell", err)
	}
}

// TestPlanStaff: new staff take the next IDs and accounts named after
// them; a grid worker whose cells change is relinked, in whatever order
// the sheet lists them; an unknown cell or unit stops the plan at its
// member.
func TestPlanStaff(t *testing.T) {
	cells := map[string]bool{"c1": true, "c2": true}
	units := map[string]bool{"u1": true}
	worker := func(name string, cells ...string) data.StaffMember {
		return data.StaffMember{GridWorker: &data.GridWorker{Name: name, Phone: "1", Cells: cells}, Account: &data.User{Name: name}}
	}
	mediator := func(name, role, unit string) data.StaffMember {
		return data.StaffMember{Mediator: &data.Mediator{Name: name, Phone: "1", Role: role, Category: data.MediatorElder, UnitCode: unit}}
	}
	stored := []data.GridWorker{{ID: 1, Name: "甲", Phone: "1", Cells: []string{"c1", "c2"}}, {ID: 2, Name: "乙", Phone: "1", Cells: []string{"c1"}}}
	mediators := []data.Mediator{{ID: 4, Name: "丙", Phone: "1", Role: "律师", Category: data.MediatorElder, UnitCode: "u1"}}
	count := func(noun string, created, updated, unchanged int) domain.Tally {
		return domain.Tally{ImportCount: data.ImportCount{Noun: noun, Created: created, Updated: updated, Unchanged: unchanged}}
	}
	for _, tt := range []struct {
		name  string
		staff []data.StaffMember
		want  domain.StaffPlan
		field string
	}{
		{
			name:  "new",
			staff: []data.StaffMember{worker("丁", "c2", "c1"), mediator("戊", "律师", "")},
			want: domain.StaffPlan{
				NewWorkers:   []data.GridWorker{{ID: 10, Name: "丁", Phone: "1", Cells: []string{"c1", "c2"}}},
				NewMediators: []data.Mediator{{ID: 20, Name: "戊", Phone: "1", Role: "律师", Category: data.MediatorElder}},
				Accounts: []data.User{
					{Name: "丁", Username: "wg10", Role: data.RoleGridWorker, Cells: []string{"c1", "c2"}},
					{Username: "tj20", Role: data.RoleMediator, MediatorID: 20},
				},
				WorkerCount:   count(domain.NounGridWorkers, 1, 0, 0),
				MediatorCount: count(domain.NounMediators, 1, 0, 0),
			},
		},
		{
			name:  "stored",
			staff: []data.StaffMember{worker("甲", "c2", "c1"), worker("乙", "c2"), mediator("丙", "调解员", "u1")},
			want: domain.StaffPlan{
				Relinked:  []data.GridWorker{{ID: 2, Name: "乙", Phone: "1", Cells: []string{"c2"}}},
				Mediators: []data.Mediator{{ID: 4, Name: "丙", Phone: "1", Role: "调解员", Category: data.MediatorElder, UnitCode: "u1"}},
				Accounts: []data.User{
					{Name: "甲", Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1", "c2"}},
					{Name: "乙", Username: "wg2", Role: data.RoleGridWorker, Cells: []string{"c2"}},
					{Username: "tj4", Role: data.RoleMediator, UnitCode: "u1", MediatorID: 4},
				},
				WorkerCount:   count(domain.NounGridWorkers, 0, 1, 1),
				MediatorCount: count(domain.NounMediators, 0, 1, 0),
			},
		},
		{
			name:  "an unknown cell",
			staff: []data.StaffMember{worker("甲", "c1", "c2"), worker("丁", "c3")},
			want: domain.StaffPlan{
				Accounts:      []data.User{{Name: "甲", Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1", "c2"}}},
				WorkerCount:   count(domain.NounGridWorkers, 0, 0, 1),
				MediatorCount: count(domain.NounMediators, 0, 0, 0),
			},
			field: "staff[1].cells",
		},
		{
			name:  "an unknown unit",
			staff: []data.StaffMember{mediator("戊", "律师", "u9")},
			want: domain.StaffPlan{
				WorkerCount:   count(domain.NounGridWorkers, 0, 0, 0),
				MediatorCount: count(domain.NounMediators, 0, 0, 0),
			},
			field: "staff[0].unit_code",
		},
	} {
		got, err := domain.PlanStaff(tt.staff, cells, units, stored, mediators, 10, 20)
		if e, ok := err.(*data.Error); tt.field != "" && (!ok || e.Code != data.EINVALID || e.Field != tt.field) || tt.field == "" && err != nil {
			t.Errorf("%s: PlanStaff() error = %v; want one naming %q", tt.name, err, tt.field)
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%s: PlanStaff() = %+v; want %+v", tt.name, *got, tt.want)
		}
	}
}

// TestStaffAccount: an account found is kept if it has the role, a
// conflict otherwise; one not found is checked and created at now unless
// it has a time.
func TestStaffAccount(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 123, time.UTC)
	before := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	worker := data.User{Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1"}}
	for _, tt := range []struct {
		name   string
		u      data.User
		found  data.User
		want   data.User
		create bool
		code   string
		field  string
	}{
		{"found", worker, data.User{ID: 7, Username: "WG1", Role: data.RoleGridWorker, CreatedAt: before},
			data.User{ID: 7, Username: "WG1", Role: data.RoleGridWorker, Cells: []string{"c1"}, CreatedAt: before}, false, "", ""},
		{"found of another role", worker, data.User{ID: 7, Username: "wg1", Role: data.RoleAdmin}, worker, false, data.ECONFLICT, "staff[0].username"},
		{"created", worker, data.User{}, data.User{Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1"}, CreatedAt: domain.StoredTime(now)},
			true, "", ""},
		{"created at its time", data.User{Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1"}, CreatedAt: before}, data.User{},
			data.User{Username: "wg1", Role: data.RoleGridWorker, Cells: []string{"c1"}, CreatedAt: before}, true, "", ""},
		{"a bad username", data.User{Username: "w g", Role: data.RoleGridWorker, Cells: []string{"c1"}}, data.User{},
			data.User{Username: "w g", Role: data.RoleGridWorker, Cells: []string{"c1"}}, false, data.EINVALID, "staff[0].account.username"},
	} {
		u := tt.u
		create, err := domain.StaffAccount("staff[0]", &u, tt.found, now)
		e, _ := err.(*data.Error)
		if tt.code == "" && err != nil || tt.code != "" && (e == nil || e.Code != tt.code || e.Field != tt.field) {
			t.Errorf("%s: StaffAccount() error = %v; want %s naming %q", tt.name, err, tt.code, tt.field)
		}
		if create != tt.create || !reflect.DeepEqual(u, tt.want) {
			t.Errorf("%s: StaffAccount() = %v, %+v; want %v, %+v", tt.name, create, u, tt.create, tt.want)
		}
	}
}

// TestPlanLedger: a new row takes the next ID, a stored incident is
// found by its ledger number or an export's; a status written is a
// transition at now; a passed 回访 is recorded for either.
func TestPlanLedger(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	at := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
	row := func(number, status string) data.Incident {
		return data.Incident{LedgerNumber: number, Kind: data.KindDispute, Status: status, Summary: "s", CellCode: "c1", ReportedAt: at}
	}
	stored := func(id int64, number, status string) data.Incident {
		in := row(number, status)
		in.ID = id
		return in
	}
	passed := row("L2", data.StatusResolved)
	passed.FollowupPassedAt, passed.LedgerFollowup = &at, &data.Followup{Method: data.FollowupPhone, Passed: true, RecorderID: 9}
	for _, tt := range []struct {
		name        string
		ins, olds   []data.Incident
		created     []int64
		updates     map[int64]bool // ID -> changed
		followups   []int64
		transitions []int64
		written     []int64
		count       data.ImportCount
	}{
		{"new", []data.Incident{row("L1", data.StatusReported), passed}, nil,
			[]int64{10, 11}, map[int64]bool{}, []int64{11}, nil, []int64{10, 11}, data.ImportCount{Noun: domain.NounIncidents, Created: 2}},
		{"unchanged, by an export's number", []data.Incident{row("GM-3", data.StatusReported)}, []data.Incident{stored(3, "", data.StatusReported)},
			nil, map[int64]bool{3: false}, nil, nil, nil, data.ImportCount{Noun: domain.NounIncidents, Unchanged: 1}},
		{"a number takes the key from an export's", []data.Incident{row("GM-3", data.StatusReported)},
			[]data.Incident{stored(3, "", data.StatusReported), stored(4, "GM-3", data.StatusAccepted)},
			nil, map[int64]bool{4: true}, nil, []int64{4}, []int64{4}, data.ImportCount{Noun: domain.NounIncidents, Updated: 1}},
		{"a passed 回访 of a stored one", []data.Incident{passed}, []data.Incident{stored(5, "L2", data.StatusResolved)},
			nil, map[int64]bool{5: true}, []int64{5}, nil, []int64{5}, data.ImportCount{Noun: domain.NounIncidents, Updated: 1}},
	} {
		p := domain.PlanLedger(tt.ins, tt.olds, 10, now)
		var created, followups, transitions []int64
		for _, in := range p.Created {
			created = append(created, in.ID)
		}
		updates := map[int64]bool{}
		for _, w := range p.Updates {
			updates[w.Old.ID] = w.Changed
		}
		for _, f := range p.Followups {
			followups = append(followups, f.IncidentID)
			if f.At != at || f.RecorderID != 0 {
				t.Errorf("%s: PlanLedger() followup = %+v; want one at %v by nobody", tt.name, f, at)
			}
		}
		for _, e := range p.Transitions {
			transitions = append(transitions, e.IncidentID)
			if e.At != now || e.ActorName != domain.ImportActor || e.Kind != data.EventTransition {
				t.Errorf("%s: PlanLedger() transition = %+v; want one at now by the import", tt.name, e)
			}
		}
		if !reflect.DeepEqual(created, tt.created) || !reflect.DeepEqual(updates, tt.updates) || !reflect.DeepEqual(followups, tt.followups) ||
			!reflect.DeepEqual(transitions, tt.transitions) || !reflect.DeepEqual(p.Written(), tt.written) || p.Count.ImportCount != tt.count {
			t.Errorf("%s: PlanLedger() = created %v, updates %v, followups %v, transitions %v, written %v, %+v; want %v, %v, %v, %v, %v, %+v",
				tt.name, created, updates, followups, transitions, p.Written(), p.Count.ImportCount,
				tt.created, tt.updates, tt.followups, tt.transitions, tt.written, tt.count)
		}
	}
}

// TestLedgerRow: a ledger row names no mediators, reporter or original,
// is of version 1, and its party details are its own.
func TestLedgerRow(t *testing.T) {
	in := data.Incident{Status: data.StatusReported, Mediators: []int64{1}, ReporterID: 2, Version: 5, DuplicateOf: 3,
		PartyDetails: []data.Party{{Name: "甲"}}}
	got := domain.LedgerRow(in)
	if len(got.Mediators) != 0 || got.Mediators == nil || got.ReporterID != 0 || got.Version != 1 || got.DuplicateOf != 0 || got.Parties == nil {
		t.Errorf("LedgerRow() = %+v; want no mediators, reporter or original, version 1", got)
	}
	got.PartyDetails[0].Name = "乙"
	if in.PartyDetails[0].Name != "甲" {
		t.Errorf("LedgerRow() shares its party details with the row")
	}
}

// TestLedgerWriteSaved: a ledger row writes its own fields over the
// stored incident; only a change of status writes the stage, and a change
// of cell forgets the nearest cell.
func TestLedgerWriteSaved(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	at := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
	before := at.Add(-time.Hour)
	stored := data.Incident{ID: 7, Kind: data.KindPetition, Type: "劳资", Status: data.StatusResolved, Summary: "old", CellCode: "c1",
		NearCell: "c2", NearDistanceM: 30, Version: 4, Priority: data.PriorityHigh, ReporterID: 3, LedgerNumber: "L1",
		StageSince: before, Escalation: 1, DuplicateOf: 2, FollowupPassedAt: &before, ExtensionDays: 5}
	row := func(status, cell string, passed *time.Time) data.Incident {
		return data.Incident{Kind: data.KindPetition, Type: "劳资", Status: status, Summary: "new", CellCode: cell,
			Location: orb.Point{1, 2}, ReportedAt: at, StageSince: at, FollowupPassedAt: passed}
	}
	for _, tt := range []struct {
		name          string
		row           data.Incident
		status        string
		near          string
		stage         time.Time
		passed, reply *time.Time
		duplicateOf   int64
	}{
		{"same status and cell", row(data.StatusResolved, "c1", nil), data.StatusResolved, "c2", before, &before, nil, 2},
		{"another cell", row(data.StatusResolved, "c3", nil), data.StatusResolved, "", before, &before, nil, 2},
		{"closed keeps the 回访", row(data.StatusClosed, "c1", nil), data.StatusClosed, "c2", at, &before, nil, 0},
		{"reopened forgets it and starts the reply clock", row(data.StatusAccepted, "c1", nil), data.StatusAccepted, "c2", at, nil, &at, 0},
		{"the row's 回访", row(data.StatusAccepted, "c1", &now), data.StatusAccepted, "c2", at, &now, &at, 0},
	} {
		w := domain.LedgerWrite{Old: &stored, New: tt.row, Changed: true}
		got := w.Saved(now)
		if got.ID != 7 || got.Summary != "new" || got.Location != tt.row.Location || !got.ReportedAt.Equal(at) || got.Version != 5 ||
			!got.UpdatedAt.Equal(now) || got.Priority != data.PriorityHigh || got.ReporterID != 3 || got.LedgerNumber != "L1" ||
			got.ExtensionDays != 5 || got.Status != tt.status || got.NearCell != tt.near || !got.StageSince.Equal(tt.stage) ||
			!reflect.DeepEqual(got.FollowupPassedAt, tt.passed) || !reflect.DeepEqual(got.ReplySince, tt.reply) || got.DuplicateOf != tt.duplicateOf {
			t.Errorf("%s: Saved() = %+v; want status %s, near cell %q, stage since %v, 回访 %v, reply clock %v, original %d",
				tt.name, got, tt.status, tt.near, tt.stage, tt.passed, tt.reply, tt.duplicateOf)
		}
	}
	if stored.Summary != "old" {
		t.Errorf("Saved() changed the stored incident")
	}
}
