package storetest

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// report is a valid new incident in cell A1, near A2, as the API sends
// one: mediators out of order, the workflow's fields left to the store.
func report() *data.Incident {
	return &data.Incident{Kind: "", Type: "邻里纠纷", Source: "网格员上报", Summary: "装修噪音", Description: "楼上装修噪音扰民",
		Parties: []string{"张三", "王五"}, CellCode: CellA1, Mediators: []int64{404, 403}, Location: orb.Point{106.606, 29.004},
		NearCell: CellA2, NearDistanceM: 12.5}
}

// between fails unless tm is a UTC time to the microsecond in [from, to].
func between(t *testing.T, call string, tm, from, to time.Time) {
	t.Helper()
	if tm.Before(from.UTC().Truncate(time.Microsecond)) || tm.After(to) || tm.Location() != time.UTC || tm.Nanosecond()%1000 != 0 {
		t.Errorf("%s = %v; want a UTC time to the microsecond in [%v, %v]", call, tm, from, to)
	}
}

// testCreateIncident: defaults, derived fields, normalisation and the round
// trip through Incident, Incidents, IncidentCounts, Cells and the timeline.
func testCreateIncident(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	us := accounts()
	createUsers(t, s, us)
	worker := us[3] // worker_11, 张伟

	in := report()
	in.ReporterID = worker.ID
	before := time.Now()
	got, created, err := s.CreateIncident(ctx, in, "")
	after := time.Now()
	ok(t, "CreateIncident(report)", err)
	if !created {
		t.Errorf("CreateIncident(report) created = false; want true")
	}
	between(t, "CreateIncident(report).ReportedAt", got.ReportedAt, before, after)
	want := *report()
	want.ID, want.Kind, want.Status, want.Priority, want.Version = 8, data.KindDispute, data.StatusReported, data.PriorityNormal, 1
	want.ReporterID, want.Mediators = worker.ID, []int64{403, 404}
	want.ReportedAt, want.UpdatedAt, want.StageSince = got.ReportedAt, got.ReportedAt, got.ReportedAt
	equal(t, "CreateIncident(report)", *got, want)
	if in.ID != 0 || in.Mediators[0] != 404 {
		t.Errorf("CreateIncident(report) changed its argument: %+v", *in)
	}
	stored, err := s.Incident(ctx, 8)
	ok(t, "Incident(8)", err)
	equal(t, "Incident(8)", *stored, want)
	is, total, err := s.Incidents(ctx, data.IncidentFilter{CellCode: CellA1, MediatorID: 404})
	ok(t, "Incidents(A1, mediator 404)", err)
	equal(t, "Incidents(A1, mediator 404)", is, append(wantIncidents(2), want))
	if total != 2 {
		t.Errorf("Incidents(A1, mediator 404) total = %d; want 2", total)
	}
	counts, err := s.IncidentCounts(ctx, CellA1)
	ok(t, "IncidentCounts(A1)", err)
	if counts[data.StatusReported] != 2 {
		t.Errorf("IncidentCounts(A1)[reported] = %d; want 2", counts[data.StatusReported])
	}
	cell, err := s.Cell(ctx, CellA1)
	ok(t, "Cell(A1)", err)
	if cell.OpenIncidents != 3 {
		t.Errorf("Cell(A1).OpenIncidents = %d; want 3", cell.OpenIncidents)
	}
	events, err := s.IncidentEvents(ctx, 8)
	ok(t, "IncidentEvents(8)", err)
	equal(t, "IncidentEvents(8)", events, []data.IncidentEvent{{ID: 13, IncidentID: 8, At: got.ReportedAt,
		ActorID: worker.ID, ActorName: "张伟", Kind: data.EventCreated}})

	// A petition by its source, with a report time of its own (kept, in UTC
	// to the microsecond), no parties or mediators, and workflow fields that
	// the store sets afresh.
	reported := time.Date(2024, 5, 1, 9, 30, 0, 123456789, cst)
	resolved := reported.Add(time.Hour)
	petition := &data.Incident{ID: 99, Type: "征地拆迁", Source: "信访", Priority: data.PriorityUrgent, Summary: "补偿标准",
		CellCode: CellB2, Location: orb.Point{106.612, 29.012}, ReportedAt: reported, ReporterID: 4242,
		Version: 7, Escalation: 2, ResolvedAt: &resolved}
	before = time.Now()
	got, created, err = s.CreateIncident(ctx, petition, "")
	after = time.Now()
	ok(t, "CreateIncident(petition)", err)
	if !created {
		t.Errorf("CreateIncident(petition) created = false; want true")
	}
	between(t, "CreateIncident(petition).UpdatedAt", got.UpdatedAt, before, after)
	want = data.Incident{ID: 9, Kind: data.KindPetition, Type: "征地拆迁", Source: "信访", Status: data.StatusReported,
		Summary: "补偿标准", Parties: []string{}, CellCode: CellB2, Mediators: []int64{}, Location: orb.Point{106.612, 29.012},
		ReportedAt: time.Date(2024, 5, 1, 1, 30, 0, 123456000, time.UTC), UpdatedAt: got.UpdatedAt,
		Priority: data.PriorityUrgent, ReporterID: 4242, Version: 1, StageSince: got.UpdatedAt}
	equal(t, "CreateIncident(petition)", *got, want)
	if got.StageSince != got.UpdatedAt {
		t.Errorf("CreateIncident(petition).StageSince = %v; want UpdatedAt %v", got.StageSince, got.UpdatedAt)
	}
	stored, err = s.Incident(ctx, 9)
	ok(t, "Incident(9)", err)
	equal(t, "Incident(9)", *stored, want)
	if j := jsonOf(t, stored); !strings.Contains(j, `"parties":[]`) || !strings.Contains(j, `"mediators":[]`) {
		t.Errorf("Incident(9) as JSON = %s; want empty lists as []", j)
	}
	events, err = s.IncidentEvents(ctx, 9)
	ok(t, "IncidentEvents(9)", err)
	equal(t, "IncidentEvents(9)", events, []data.IncidentEvent{{ID: 14, IncidentID: 9, At: want.ReportedAt,
		ActorID: 4242, Kind: data.EventCreated}}) // no such user: no name
}

// testCreateIncidentInvalid: each fault is EINVALID naming its field, and
// leaves no trace.
func testCreateIncidentInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	tests := []struct {
		name   string
		mutate func(in *data.Incident)
		field  string
	}{
		{"no cell", func(in *data.Incident) { in.CellCode = "" }, "cell"},
		{"unknown cell", func(in *data.Incident) { in.CellCode = "500110119001009" }, "cell"},
		{"a unit for a cell", func(in *data.Incident) { in.CellCode = UnitA }, "cell"},
		{"no type", func(in *data.Incident) { in.Type = "" }, "type"},
		{"type too long", func(in *data.Incident) { in.Type = strings.Repeat("纠", data.MaxTypeLen+1) }, "type"},
		{"blank type", func(in *data.Incident) { in.Type = "  " }, "type"},
		{"no source", func(in *data.Incident) { in.Source = "" }, "source"},
		{"unknown source", func(in *data.Incident) { in.Source = "微信" }, "source"},
		{"unknown priority", func(in *data.Incident) { in.Priority = "low" }, "priority"},
		{"no summary", func(in *data.Incident) { in.Summary = "" }, "summary"},
		{"blank summary", func(in *data.Incident) { in.Summary = " \t\n" }, "summary"},
		{"no location", func(in *data.Incident) { in.Location = orb.Point{} }, "location"},
		{"longitude not a number", func(in *data.Incident) { in.Location[0] = math.NaN() }, "location"},
		{"infinite latitude", func(in *data.Incident) { in.Location[1] = math.Inf(1) }, "location"},
		{"latitude beyond the pole", func(in *data.Incident) { in.Location = orb.Point{106.6, 90.5} }, "location"},
		{"longitude beyond 180", func(in *data.Incident) { in.Location = orb.Point{180.5, 29} }, "location"},
		{"unknown mediator", func(in *data.Incident) { in.Mediators = []int64{403, 499} }, "mediators"},
		{"a grid worker as mediator", func(in *data.Incident) { in.Mediators = []int64{11} }, "mediators"},
		{"a mediator twice", func(in *data.Incident) { in.Mediators = []int64{403, 404, 403} }, "mediators"},
		{"unknown kind", func(in *data.Incident) { in.Kind = "complaint" }, "kind"},
		{"a status other than reported", func(in *data.Incident) { in.Status = data.StatusAccepted }, "status"},
		{"unknown near cell", func(in *data.Incident) { in.NearCell = "500110119001009" }, "near_cell"},
		{"negative near distance", func(in *data.Incident) { in.NearDistanceM = -1 }, "near_distance_m"},
		{"near distance not a number", func(in *data.Incident) { in.NearDistanceM = math.NaN() }, "near_distance_m"},
		{"negative reporter", func(in *data.Incident) { in.ReporterID = -1 }, "reporter_id"},
		{"a resident of another cell", func(in *data.Incident) { in.Parties, in.PartyDetails = nil, []data.Party{{ResidentID: 304}} },
			"party_details[0].resident_id"},
		{"an unknown resident", func(in *data.Incident) {
			in.Parties, in.PartyDetails = nil, []data.Party{{Name: "张三", ResidentID: 301}, {ResidentID: 9999}}
		}, "party_details[1].resident_id"},
		{"a resident twice", func(in *data.Incident) {
			in.Parties, in.PartyDetails = nil, []data.Party{{ResidentID: 301}, {ResidentID: 301}}
		},
			"party_details[1].resident_id"},
		{"parties and party details", func(in *data.Incident) { in.PartyDetails = []data.Party{{Name: "张三"}} }, "parties"},
		{"a party without a name", func(in *data.Incident) { in.Parties, in.PartyDetails = nil, []data.Party{{Phone: "13800001111"}} },
			"party_details[0].name"},
		{"a phone with letters", func(in *data.Incident) {
			in.Parties, in.PartyDetails = nil, []data.Party{{Name: "甲", Phone: "138abc"}}
		},
			"party_details[0].phone"},
		{"a duplicate of an unknown incident", func(in *data.Incident) { in.DuplicateOf = 999 }, "duplicate_of"},
		{"a negative duplicate_of", func(in *data.Incident) { in.DuplicateOf = -1 }, "duplicate_of"},
	}
	for _, tt := range tests {
		in := report()
		tt.mutate(in)
		_, _, err := s.CreateIncident(ctx, in, "key-"+tt.name)
		wantField(t, "CreateIncident("+tt.name+")", err, data.EINVALID, tt.field)
	}
	_, _, err := s.CreateIncident(ctx, report(), strings.Repeat("k", 201))
	wantField(t, "CreateIncident(key of 201 bytes)", err, data.EINVALID, "idempotency_key")
	_, _, err = s.CreateIncident(ctx, nil, "")
	wantCode(t, "CreateIncident(nil)", err, data.EINVALID)

	_, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 7 {
		t.Errorf("Incidents() total after refused creations = %d; want 7", total)
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after refused creations", rev, data.Revision{Cells: 1, Incidents: 1})
	// No refused request left its key behind.
	_, created, err := s.CreateIncident(ctx, report(), "key-unknown mediator")
	ok(t, "CreateIncident(valid, with a refused request's key)", err)
	if !created {
		t.Errorf("CreateIncident(valid, with a refused request's key) created = false; want true")
	}
	_, _, err = s.CreateIncident(ctx, report(), strings.Repeat("k", 200))
	ok(t, "CreateIncident(key of 200 bytes)", err)
}

// testCreateIncidentIdempotent: a repeated key returns the first incident
// (whatever the repeat says) and false; keys are per reporter; no key, no
// deduplication.
func testCreateIncidentIdempotent(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	in := report()
	in.ReporterID = 11
	first, created, err := s.CreateIncident(ctx, in, "d6c1f0e2")
	ok(t, "CreateIncident(key)", err)
	if !created || first.ID != 8 {
		t.Errorf("CreateIncident(key) = incident %d, created %v; want 8, true", first.ID, created)
	}
	retry := report()
	retry.ReporterID, retry.Summary = 11, "改过的摘要"
	again, created, err := s.CreateIncident(ctx, retry, "d6c1f0e2")
	ok(t, "CreateIncident(same key again)", err)
	if created {
		t.Errorf("CreateIncident(same key again) created = true; want false")
	}
	equal(t, "CreateIncident(same key again)", *again, *first)

	other := report()
	other.ReporterID = 12
	byOther, created, err := s.CreateIncident(ctx, other, "d6c1f0e2")
	ok(t, "CreateIncident(same key, other reporter)", err)
	if !created || byOther.ID != 9 {
		t.Errorf("CreateIncident(same key, other reporter) = incident %d, created %v; want 9, true", byOther.ID, created)
	}
	for i, want := range []int64{10, 11} {
		got, created, err := s.CreateIncident(ctx, in, "")
		ok(t, "CreateIncident(no key)", err)
		if !created || got.ID != want {
			t.Errorf("CreateIncident(no key) #%d = incident %d, created %v; want %d, true", i, got.ID, created, want)
		}
	}
	got, created, err := s.CreateIncident(ctx, in, "D6C1F0E2") // keys are case-sensitive
	ok(t, "CreateIncident(other key)", err)
	if !created || got.ID != 12 {
		t.Errorf("CreateIncident(other key) = incident %d, created %v; want 12, true", got.ID, created)
	}
	// A key still names its incident after the incident has moved on.
	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 8, From: data.StatusReported, To: data.StatusAccepted})
	ok(t, "TransitionIncident(8 to accepted)", err)
	moved, created, err := s.CreateIncident(ctx, in, "d6c1f0e2")
	ok(t, "CreateIncident(key of a moved incident)", err)
	if created || moved.ID != 8 || moved.Status != data.StatusAccepted || moved.Version != 2 {
		t.Errorf("CreateIncident(key of a moved incident) = incident %d (%s, version %d), created %v; want 8 (accepted, version 2), false",
			moved.ID, moved.Status, moved.Version, created)
	}

	_, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 12 {
		t.Errorf("Incidents() total = %d; want 12", total)
	}
	events, err := s.IncidentEvents(ctx, 8)
	ok(t, "IncidentEvents(8)", err)
	if len(events) != 2 {
		t.Errorf("IncidentEvents(8) = %d events; want 2 (created, accepted)", len(events))
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after 5 creations and a transition", rev, data.Revision{Cells: 1, Incidents: 7})
}

// testConcurrentCreateIncident: of simultaneous requests with one key
// exactly one creates the incident and all return it; requests with
// different keys all create theirs. Several rounds, all goroutines of a
// round released at once, so that requests really overlap once a pool has
// its connections.
func testConcurrentCreateIncident(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	const n, rounds = 8, 10
	type result struct {
		in      *data.Incident
		created bool
		err     error
	}
	run := func(key func(i int) string) []result {
		rs := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				in := report()
				in.ReporterID = 11
				<-start
				rs[i].in, rs[i].created, rs[i].err = s.CreateIncident(ctx, in, key(i))
			})
		}
		close(start)
		wg.Wait()
		return rs
	}

	for round := range rounds {
		rs := run(func(int) string { return fmt.Sprint("retry-on-a-weak-network-", round) })
		won := 0
		for _, r := range rs {
			if r.err != nil {
				t.Fatalf("concurrent CreateIncident(same key) = %v", r.err)
			}
			if r.created {
				won++
			}
			if r.in.ID != rs[0].in.ID {
				t.Errorf("concurrent CreateIncident(same key) returned incidents %d and %d; want one", r.in.ID, rs[0].in.ID)
			}
		}
		if won != 1 {
			t.Errorf("round %d: %d of %d concurrent CreateIncident(same key) created an incident; want 1", round, won, n)
		}
		events, err := s.IncidentEvents(ctx, rs[0].in.ID)
		ok(t, "IncidentEvents()", err)
		if len(events) != 1 {
			t.Errorf("IncidentEvents(%d) = %d events; want 1", rs[0].in.ID, len(events))
		}
	}
	_, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 7+rounds {
		t.Errorf("Incidents() total after concurrent requests with one key per round = %d; want %d", total, 7+rounds)
	}

	rs := run(func(i int) string { return fmt.Sprint("key-", i) })
	ids := map[int64]bool{}
	for _, r := range rs {
		if r.err != nil || !r.created {
			t.Fatalf("concurrent CreateIncident(own key) = created %v, %v; want true, nil", r.created, r.err)
		}
		ids[r.in.ID] = true
	}
	if len(ids) != n {
		t.Errorf("concurrent CreateIncident(own key) made %d distinct incidents; want %d", len(ids), n)
	}
	_, total, err = s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 7+rounds+n {
		t.Errorf("Incidents() total = %d; want %d", total, 7+rounds+n)
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision()", rev, data.Revision{Cells: 1, Incidents: 1 + rounds + n})
}
