package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"gridmap/data"
)

// lastEvent returns an incident's newest event (by time, then ID).
func lastEvent(t *testing.T, s data.Store, id int64) data.IncidentEvent {
	t.Helper()
	es, err := s.IncidentEvents(t.Context(), id)
	ok(t, fmt.Sprint("IncidentEvents(", id, ")"), err)
	if len(es) == 0 {
		t.Fatalf("IncidentEvents(%d) is empty", id)
	}
	return es[len(es)-1]
}

// testMediationRecords: records come back as stored (the amount agreed
// and the 防止民转刑 flag too), oldest session first whatever order they
// were added in, of several incidents at once too (an unknown one has
// none), each adding a "mediation" event by its recorder, a new version
// and a revision.
func testMediationRecords(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	follow := time.Date(2024, 4, 1, 0, 0, 0, 0, cst)
	second := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403, 401}, At: time.Date(2024, 3, 20, 14, 0, 0, 0, cst),
		Outcome: data.OutcomeAgreement, AgreementText: "每月给付赡养费500元", AgreementRef: "安稳调〔2024〕12号",
		FollowUpOn: &follow, Note: "双方签字", AmountAgreed: 1234567, PreventedCrime: true, RecorderID: 11,
		CreatedAt: time.Date(2024, 3, 20, 16, 0, 0, 0, cst)}
	v2, err := s.AddMediationRecord(ctx, second)
	ok(t, "AddMediationRecord(second)", err)
	first := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, At: time.Date(2024, 3, 17, 9, 0, 0, 0, cst),
		Outcome: data.OutcomeOngoing}
	before := time.Now()
	v3, err := s.AddMediationRecord(ctx, first)
	ok(t, "AddMediationRecord(first)", err)
	after := time.Now()
	between(t, "AddMediationRecord(first).CreatedAt", first.CreatedAt, before, after)
	if second.ID == 0 || first.ID == second.ID {
		t.Errorf("AddMediationRecord IDs = %d, %d; want two different IDs", second.ID, first.ID)
	}
	followUTC := follow.UTC()
	want := []data.MediationRecord{
		{ID: first.ID, IncidentID: 3, MediatorIDs: []int64{403}, At: time.Date(2024, 3, 17, 1, 0, 0, 0, time.UTC),
			Outcome: data.OutcomeOngoing, CreatedAt: first.CreatedAt},
		{ID: second.ID, IncidentID: 3, MediatorIDs: []int64{401, 403}, At: time.Date(2024, 3, 20, 6, 0, 0, 0, time.UTC),
			Outcome: data.OutcomeAgreement, AgreementText: "每月给付赡养费500元", AgreementRef: "安稳调〔2024〕12号",
			FollowUpOn: &followUTC, Note: "双方签字", AmountAgreed: 1234567, PreventedCrime: true, RecorderID: 11,
			CreatedAt: time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)},
	}
	equal(t, "AddMediationRecord(second) sets", *second, want[1])
	got, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	equal(t, "MediationRecords(3)", got, want)

	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	if stored.Version != 3 || stored.UpdatedAt != first.CreatedAt {
		t.Errorf("Incident(3) after two records = version %d, updated %v; want 3, %v", stored.Version, stored.UpdatedAt, first.CreatedAt)
	}
	if v2 != 2 || v3 != 3 {
		t.Errorf("AddMediationRecord returned versions %d, %d; want 2, 3", v2, v3)
	}
	es, err := s.IncidentEvents(ctx, 3)
	ok(t, "IncidentEvents(3)", err)
	if len(es) != 4 {
		t.Fatalf("IncidentEvents(3) = %d events; want 4", len(es))
	}
	e := es[2] // the agreement's, recorded before the other
	e.ID = 0
	equal(t, "IncidentEvents(3)[2]", e, data.IncidentEvent{IncidentID: 3, At: want[1].CreatedAt, ActorID: 11,
		ActorName: "", Kind: data.EventMediation, Note: data.OutcomeAgreement})
	if es[3].Kind != data.EventMediation || es[3].Note != data.OutcomeOngoing {
		t.Errorf("IncidentEvents(3)[3] = %+v; want the ongoing session's", es[3])
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after two records", rev, data.Revision{Cells: 1, Incidents: 3})

	// Those of several incidents at once; an unknown one has none.
	of, err := s.MediationRecords(ctx, 99, 3, 1)
	ok(t, "MediationRecords(99, 3, 1)", err)
	equal(t, "MediationRecords(99, 3, 1)", of, want)
	for _, ids := range [][]int64{{1}, {0}, {99}, nil} {
		none, err := s.MediationRecords(ctx, ids...)
		ok(t, fmt.Sprint("MediationRecords", ids), err)
		if none == nil || len(none) != 0 {
			t.Errorf("MediationRecords%v = %#v; want an empty, non-nil list", ids, none)
		}
	}
}

// testMediationRecordInvalid: each bad record is EINVALID naming its field
// (ENOTFOUND for an unknown incident) and changes nothing.
func testMediationRecordInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	good := func() *data.MediationRecord {
		return &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, Outcome: data.OutcomeAgreement, AgreementRef: "12号"}
	}
	tests := []struct {
		name  string
		edit  func(r *data.MediationRecord)
		code  string
		field string
	}{
		{"no mediator", func(r *data.MediationRecord) { r.MediatorIDs = nil }, data.EINVALID, "mediators"},
		{"unknown mediator", func(r *data.MediationRecord) { r.MediatorIDs = []int64{403, 499} }, data.EINVALID, "mediators"},
		{"mediator twice", func(r *data.MediationRecord) { r.MediatorIDs = []int64{403, 403} }, data.EINVALID, "mediators"},
		{"unknown outcome", func(r *data.MediationRecord) { r.Outcome = "success" }, data.EINVALID, "outcome"},
		{"no outcome", func(r *data.MediationRecord) { r.Outcome = "" }, data.EINVALID, "outcome"},
		{"agreement without text or ref", func(r *data.MediationRecord) { r.AgreementRef = "  " }, data.EINVALID, "agreement_text"},
		{"negative amount", func(r *data.MediationRecord) { r.AmountAgreed = -1 }, data.EINVALID, "amount_agreed"},
		{"amount past the most", func(r *data.MediationRecord) { r.AmountAgreed = data.MaxFen + 1 }, data.EINVALID, "amount_agreed"},
		{"amount without an agreement", func(r *data.MediationRecord) { r.Outcome, r.AmountAgreed = data.OutcomeOngoing, 100 },
			data.EINVALID, "amount_agreed"},
		{"unknown incident", func(r *data.MediationRecord) { r.IncidentID = 99 }, data.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		r := good()
		tt.edit(r)
		v, err := s.AddMediationRecord(ctx, r)
		wantField(t, "AddMediationRecord("+tt.name+")", err, tt.code, tt.field)
		if v != 0 {
			t.Errorf("AddMediationRecord(%s) = version %d with an error; want 0", tt.name, v)
		}
	}
	_, err := s.AddMediationRecord(ctx, nil)
	wantField(t, "AddMediationRecord(nil)", err, data.EINVALID, "")
	got, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	equal(t, "MediationRecords(3) after bad records", got, []data.MediationRecord{})
	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	equal(t, "Incident(3) after bad records", *stored, wantIncidents(3)[0])
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after bad records", rev, data.Revision{Cells: 1, Incidents: 1})
}

// testAssignMediators: the set is replaced (emptied too), each time with a
// new version and an "assigned" event listing it; a stale version, an
// unknown or repeated mediator and an unknown incident change nothing.
func testAssignMediators(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	at := time.Date(2024, 6, 1, 9, 0, 0, 0, cst)
	got, err := s.AssignMediators(ctx, data.Assignment{IncidentID: 2, Mediators: []int64{405, 401}, Version: 1, ActorID: 11, ActorName: "张伟", At: at})
	ok(t, "AssignMediators(2, [405 401])", err)
	want := wantIncidents(2)[0]
	want.Mediators, want.Version, want.UpdatedAt = []int64{401, 405}, 2, at.UTC()
	equal(t, "AssignMediators(2, [405 401])", *got, want)
	stored, err := s.Incident(ctx, 2)
	ok(t, "Incident(2)", err)
	equal(t, "Incident(2) after assigning", *stored, want)
	e := lastEvent(t, s, 2)
	e.ID = 0
	equal(t, "last event of 2", e, data.IncidentEvent{IncidentID: 2, At: at.UTC(), ActorID: 11, ActorName: "张伟",
		Kind: data.EventAssigned, Note: "401, 405"})

	got, err = s.AssignMediators(ctx, data.Assignment{IncidentID: 2, Mediators: nil, ActorID: 11, ActorName: "张伟", At: at.Add(time.Hour)})
	ok(t, "AssignMediators(2, none)", err)
	if len(got.Mediators) != 0 || got.Mediators == nil || got.Version != 3 {
		t.Errorf("AssignMediators(2, none) = mediators %#v, version %d; want [], 3", got.Mediators, got.Version)
	}

	tests := []struct {
		name    string
		id      int64
		ids     []int64
		version int64
		code    string
		field   string
	}{
		{"stale version", 2, []int64{403}, 2, data.ECONFLICT, ""},
		{"unknown mediator", 2, []int64{403, 499}, 3, data.EINVALID, "mediators"},
		{"mediator twice", 2, []int64{403, 403}, 3, data.EINVALID, "mediators"},
		{"negative version", 2, []int64{403}, -1, data.EINVALID, "version"},
		{"unknown incident", 99, []int64{403}, 0, data.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		_, err := s.AssignMediators(ctx, data.Assignment{IncidentID: tt.id, Mediators: tt.ids, Version: tt.version, ActorID: 11, ActorName: "张伟", At: at})
		wantField(t, "AssignMediators("+tt.name+")", err, tt.code, tt.field)
	}
	_, err = s.AssignMediators(ctx, data.Assignment{IncidentID: 2, Mediators: []int64{403}, Version: 2, ActorID: 11, ActorName: "张伟", At: at})
	if got := data.ErrorMessage(err); got != `The incident is now "resolved" (version 3).` {
		t.Errorf("AssignMediators(stale) message = %q; want the current status and version", got)
	}
	stored, err = s.Incident(ctx, 2)
	ok(t, "Incident(2)", err)
	if len(stored.Mediators) != 0 || stored.Version != 3 {
		t.Errorf("Incident(2) after bad assignments = mediators %v, version %d; want [], 3", stored.Mediators, stored.Version)
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after assignments", rev, data.Revision{Cells: 1, Incidents: 3})
}

// testReassignIncident: an incident moves to another cell, losing its near
// cell, with a "reassigned" event saying from where, to where and why; bad
// requests change nothing.
func testReassignIncident(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	at := time.Date(2024, 6, 1, 9, 0, 0, 0, cst)
	got, err := s.ReassignIncident(ctx, data.Reassignment{IncidentID: 3, CellCode: CellA1, Version: 1, ActorID: 11, ActorName: "张伟", Reason: "  实际发生在一网格 ", At: at})
	ok(t, "ReassignIncident(3 to A1)", err)
	want := wantIncidents(3)[0]
	want.CellCode, want.NearCell, want.NearDistanceM, want.Version, want.UpdatedAt = CellA1, "", 0, 2, at.UTC()
	equal(t, "ReassignIncident(3 to A1)", *got, want)
	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	equal(t, "Incident(3) after reassigning", *stored, want)
	e := lastEvent(t, s, 3)
	e.ID = 0
	equal(t, "last event of 3", e, data.IncidentEvent{IncidentID: 3, At: at.UTC(), ActorID: 11, ActorName: "张伟",
		Kind: data.EventReassigned, Note: "from " + CellA2 + " to " + CellA1 + ": 实际发生在一网格"})

	tests := []struct {
		name, cell, reason string
		id, version        int64
		code, field        string
	}{
		{"stale version", CellB1, "r", 3, 1, data.ECONFLICT, ""},
		{"unknown cell", "500110119200009", "r", 3, 2, data.EINVALID, "cell"},
		{"no cell", "", "r", 3, 2, data.EINVALID, "cell"},
		{"same cell", CellA1, "r", 3, 2, data.EINVALID, "cell"},
		{"no reason", CellB1, " ", 3, 2, data.EINVALID, "reason"},
		{"negative version", CellB1, "r", 3, -1, data.EINVALID, "version"},
		{"unknown incident", CellB1, "r", 99, 0, data.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		_, err := s.ReassignIncident(ctx, data.Reassignment{IncidentID: tt.id, CellCode: tt.cell, Version: tt.version, ActorID: 11, ActorName: "张伟", Reason: tt.reason, At: at})
		wantField(t, "ReassignIncident("+tt.name+")", err, tt.code, tt.field)
	}
	stored, err = s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	equal(t, "Incident(3) after bad reassignments", *stored, want)
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after reassigning", rev, data.Revision{Cells: 1, Incidents: 2})
}

// testConcurrentIncidentChanges: of concurrent assignments and
// reassignments of one incident at one version, exactly one wins; the
// others are ECONFLICT and leave no trace. Concurrent mediation records,
// which take no version, all land, each with its own version.
func testConcurrentIncidentChanges(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	const n = 8
	errs := make([]error, n)
	start := make(chan struct{}) // released at once, so that they overlap
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			if i%2 == 0 {
				_, errs[i] = s.AssignMediators(ctx, data.Assignment{IncidentID: 3, Mediators: []int64{401 + int64(i%6)}, Version: 1, ActorID: int64(i)})
			} else {
				_, errs[i] = s.ReassignIncident(ctx, data.Reassignment{IncidentID: 3, CellCode: CellB1, Version: 1, ActorID: int64(i), Reason: "抢"})
			}
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantCode(t, "concurrent change at version 1", err, data.ECONFLICT)
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent changes at version 1 succeeded; want 1", won, n)
	}
	// Then records, which take no version, all land.
	// Each returns the version its own write made: all different, and
	// together every version from 3 on.
	recErrs := make([]error, n)
	recVersions := make([]int64, n)
	start = make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			recVersions[i], recErrs[i] = s.AddMediationRecord(ctx, &data.MediationRecord{IncidentID: 3,
				MediatorIDs: []int64{403}, Outcome: data.OutcomeOngoing})
		})
	}
	close(start)
	wg.Wait()
	for _, err := range recErrs {
		ok(t, "AddMediationRecord(concurrent)", err)
	}
	slices.Sort(recVersions)
	for i, v := range recVersions {
		if v != int64(3+i) {
			t.Errorf("AddMediationRecord(concurrent) versions = %v; want each of 3..%d once", recVersions, 2+n)
			break
		}
	}
	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	if want := int64(1 + 1 + n); stored.Version != want {
		t.Errorf("Incident(3) after the race = version %d; want %d", stored.Version, want)
	}
	events, err := s.IncidentEvents(ctx, 3)
	ok(t, "IncidentEvents(3)", err)
	if len(events) != 2+1+n {
		t.Errorf("IncidentEvents(3) after the race = %d events; want %d", len(events), 2+1+n)
	}
	rs, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	if len(rs) != n {
		t.Errorf("MediationRecords(3) after the race = %d; want %d", len(rs), n)
	}
}
