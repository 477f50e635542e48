package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"gridmap/data"
)

// testTransitionIncident walks incident 1 through every kind of move and
// checks each one's effects, in what TransitionIncident returns and in
// what Incident reads afterwards, then the timeline they leave. 办结
// follows a passed 回访, whose time closing keeps and reopening clears.
func testTransitionIncident(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	at := time.Date(2024, 6, 1, 9, 0, 0, 0, cst)
	want := wantIncidents(1)[0]
	wantEvents, err := s.IncidentEvents(ctx, 1)
	ok(t, "IncidentEvents(1)", err)
	steps := []struct {
		to, note  string
		dup       int64
		ifVersion bool // pass the version seen, or 0 to skip the check
		effect    func(in *data.Incident, at time.Time)
	}{
		{data.StatusAccepted, "受理", 0, true, nil},
		{data.StatusMediating, "", 0, false, nil},
		{data.StatusEscalated, "调解不成，上交镇综治中心", 0, true, func(in *data.Incident, _ time.Time) { in.Escalation = 1 }},
		{data.StatusEscalated, "上交区", 0, true, func(in *data.Incident, _ time.Time) { in.Escalation = 2 }},
		{data.StatusMediating, "区里调解", 0, true, nil},   // the level stays
		{data.StatusEscalated, "again", 0, false, nil}, // at the district already: stays 2
		{data.StatusAccepted, "退回村里", 0, true, func(in *data.Incident, _ time.Time) { in.Escalation = 0 }},
		{data.StatusMediating, "", 0, true, nil},
		{data.StatusResolved, "达成调解协议", 0, true, func(in *data.Incident, at time.Time) { in.ResolvedAt = &at }},
		{data.StatusClosed, "回访满意", 0, true, nil}, // after a passed 回访; keeps ResolvedAt and FollowupPassedAt
		{data.StatusMediating, "重新办理", 0, true, func(in *data.Incident, _ time.Time) { in.ResolvedAt, in.FollowupPassedAt = nil, nil }},
		{data.StatusResolved, "", 0, false, func(in *data.Incident, at time.Time) { in.ResolvedAt = &at }},
		{data.StatusMediating, "协议未履行", 0, false, func(in *data.Incident, _ time.Time) { in.ResolvedAt = nil }},
		{data.StatusReported, "退回补充材料", 0, true, nil},
		{data.StatusDuplicate, "与7号重复", 7, true, func(in *data.Incident, _ time.Time) { in.DuplicateOf = 7 }},
		{data.StatusReported, "并非重复", 0, true, func(in *data.Incident, _ time.Time) { in.DuplicateOf = 0 }},
	}
	nextEvent := int64(13)
	for i, st := range steps {
		at := at.Add(time.Duration(i) * time.Hour)
		if st.to == data.StatusClosed {
			fat := at.Add(-30 * time.Minute)
			in, err := s.AddFollowup(ctx, &data.Followup{IncidentID: 1, Method: data.FollowupVisit, Reached: true,
				Performed: data.PerformedYes, Satisfaction: data.SatisfactionSatisfied, RecorderID: 7, At: fat}, want.Version)
			ok(t, "AddFollowup(1 passed)", err)
			utc := fat.UTC()
			want.Version, want.UpdatedAt, want.FollowupPassedAt = want.Version+1, utc, &utc
			equal(t, "AddFollowup(1 passed)", *in, want)
			wantEvents = append(wantEvents, lastEvent(t, s, 1))
			nextEvent++
		}
		tr := data.Transition{IncidentID: 1, From: want.Status, To: st.to, ActorID: 7, ActorName: "周调解",
			Note: st.note, DuplicateOf: st.dup, At: at}
		if st.ifVersion {
			tr.Version = want.Version
		}
		call := fmt.Sprintf("TransitionIncident(#%d, %s to %s)", i, want.Status, st.to)
		got, err := s.TransitionIncident(ctx, tr)
		ok(t, call, err)
		utc := at.UTC()
		want.Status, want.Version, want.UpdatedAt, want.StageSince = st.to, want.Version+1, utc, utc
		if st.effect != nil {
			st.effect(&want, utc)
		}
		equal(t, call, *got, want)
		stored, err := s.Incident(ctx, 1)
		ok(t, "Incident(1)", err)
		equal(t, "Incident(1) after "+call, *stored, want)
		wantEvents = append(wantEvents, data.IncidentEvent{ID: nextEvent, IncidentID: 1, At: utc, ActorID: 7, ActorName: "周调解",
			Kind: data.EventTransition, From: tr.From, To: st.to, Note: st.note})
		nextEvent++
	}
	events, err := s.IncidentEvents(ctx, 1)
	ok(t, "IncidentEvents(1)", err)
	equal(t, "IncidentEvents(1)", events, wantEvents)

	// A zero time means now.
	before := time.Now()
	got, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted})
	after := time.Now()
	ok(t, "TransitionIncident(no time)", err)
	between(t, "TransitionIncident(no time).UpdatedAt", got.UpdatedAt, before, after)
	if got.StageSince != got.UpdatedAt {
		t.Errorf("TransitionIncident(no time).StageSince = %v; want UpdatedAt %v", got.StageSince, got.UpdatedAt)
	}
	// Others are untouched.
	for _, id := range []int64{2, 7} {
		stored, err := s.Incident(ctx, id)
		ok(t, fmt.Sprint("Incident(", id, ")"), err)
		equal(t, fmt.Sprint("Incident(", id, ")"), *stored, wantIncidents(id)[0])
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after transitions", rev, data.Revision{Cells: 1, Incidents: 1 + nextEvent - 13 + 1})
}

// testTransitionConflict: a stale version or a status the incident has
// left is ECONFLICT naming the current status and version; an unknown
// incident is ENOTFOUND; neither changes anything.
func testTransitionConflict(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	tests := []struct {
		name string
		tr   data.Transition
		code string
		msg  string
	}{
		{"wrong from", data.Transition{IncidentID: 3, From: data.StatusAccepted, To: data.StatusMediating},
			data.ECONFLICT, `The incident is now "mediating" (version 1).`},
		{"wrong from, right version", data.Transition{IncidentID: 6, From: data.StatusReported, To: data.StatusAccepted, Version: 4},
			data.ECONFLICT, `The incident is now "accepted" (version 4).`},
		{"stale version", data.Transition{IncidentID: 6, From: data.StatusAccepted, To: data.StatusMediating, Version: 3},
			data.ECONFLICT, `The incident is now "accepted" (version 4).`},
		{"version from the future", data.Transition{IncidentID: 3, From: data.StatusMediating, To: data.StatusResolved, Version: 2},
			data.ECONFLICT, `The incident is now "mediating" (version 1).`},
		{"unknown incident", data.Transition{IncidentID: 99, From: data.StatusReported, To: data.StatusAccepted},
			data.ENOTFOUND, "There is no incident 99."},
		{"unknown incident with a version", data.Transition{IncidentID: 99, From: data.StatusReported, To: data.StatusAccepted, Version: 1},
			data.ENOTFOUND, "There is no incident 99."},
		{"incident 0", data.Transition{From: data.StatusReported, To: data.StatusAccepted}, data.ENOTFOUND, "There is no incident 0."},
	}
	for _, tt := range tests {
		_, err := s.TransitionIncident(ctx, tt.tr)
		call := "TransitionIncident(" + tt.name + ")"
		wantCode(t, call, err, tt.code)
		if got := data.ErrorMessage(err); got != tt.msg {
			t.Errorf("%s message = %q; want %q", call, got, tt.msg)
		}
	}
	for _, id := range []int64{3, 6} {
		stored, err := s.Incident(ctx, id)
		ok(t, fmt.Sprint("Incident(", id, ")"), err)
		equal(t, fmt.Sprint("Incident(", id, ") after conflicts"), *stored, wantIncidents(id)[0])
		events, err := s.IncidentEvents(ctx, id)
		ok(t, fmt.Sprint("IncidentEvents(", id, ")"), err)
		if len(events) != 2 {
			t.Errorf("IncidentEvents(%d) after conflicts = %d events; want 2", id, len(events))
		}
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after conflicts", rev, data.Revision{Cells: 1, Incidents: 1})

	// The request that won, repeated, has become stale.
	tr := data.Transition{IncidentID: 3, From: data.StatusMediating, To: data.StatusResolved, Version: 1, Note: "达成协议"}
	_, err = s.TransitionIncident(ctx, tr)
	ok(t, "TransitionIncident(3 to resolved)", err)
	_, err = s.TransitionIncident(ctx, tr)
	wantCode(t, "TransitionIncident(3 to resolved, again)", err, data.ECONFLICT)
	if got, want := data.ErrorMessage(err), `The incident is now "resolved" (version 2).`; got != want {
		t.Errorf("TransitionIncident(3 to resolved, again) message = %q; want %q", got, want)
	}
}

// testTransitionInvalid: a request no incident could satisfy is EINVALID
// naming its field, and changes nothing.
func testTransitionInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	tr := func(from, to string, dup int64) data.Transition {
		return data.Transition{IncidentID: 1, From: from, To: to, DuplicateOf: dup}
	}
	tests := []struct {
		name  string
		tr    data.Transition
		field string
	}{
		{"unknown status to", tr(data.StatusReported, "open", 0), "to"},
		{"no status to", tr(data.StatusReported, "", 0), "to"},
		{"unknown status from", tr("new", data.StatusAccepted, 0), "from"},
		{"a move the workflow never allows", tr(data.StatusReported, data.StatusClosed, 0), "to"},
		{"closing what is not resolved", tr(data.StatusMediating, data.StatusClosed, 0), "to"},
		{"negative version", data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted, Version: -1}, "version"},
		{"duplicate of nothing", tr(data.StatusReported, data.StatusDuplicate, 0), "duplicate_of"},
		{"duplicate of itself", tr(data.StatusReported, data.StatusDuplicate, 1), "duplicate_of"},
		{"duplicate of an unknown incident", tr(data.StatusReported, data.StatusDuplicate, 99), "duplicate_of"},
		{"an original without a duplicate", tr(data.StatusReported, data.StatusAccepted, 7), "duplicate_of"},
	}
	for _, tt := range tests {
		_, err := s.TransitionIncident(ctx, tt.tr)
		wantField(t, "TransitionIncident("+tt.name+")", err, data.EINVALID, tt.field)
	}
	stored, err := s.Incident(ctx, 1)
	ok(t, "Incident(1)", err)
	equal(t, "Incident(1) after refused transitions", *stored, wantIncidents(1)[0])
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after refused transitions", rev, data.Revision{Cells: 1, Incidents: 1})
}

// testConcurrentTransitions: of simultaneous transitions of one incident
// exactly one wins, with or without a version; the others get ECONFLICT
// naming the winner's result.
func testConcurrentTransitions(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	const n = 8
	race := func(name string, tr func(i int) data.Transition, loser string) {
		t.Helper()
		errs := make([]error, n)
		start := make(chan struct{}) // released at once, so that they overlap
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = s.TransitionIncident(ctx, tr(i))
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
			wantCode(t, name, err, data.ECONFLICT)
			if got := data.ErrorMessage(err); loser != "" && got != loser {
				t.Errorf("%s message = %q; want %q", name, got, loser)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent %s succeeded; want 1", won, n, name)
		}
	}
	race("accepts at version 1", func(i int) data.Transition {
		return data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted, Version: 1, ActorID: int64(i)}
	}, `The incident is now "accepted" (version 2).`)
	race("moves from accepted, no version", func(i int) data.Transition {
		to := data.StatusMediating
		if i%2 == 1 {
			to = data.StatusEscalated
		}
		return data.Transition{IncidentID: 1, From: data.StatusAccepted, To: to, ActorID: int64(i), Note: "抢"}
	}, "") // the loser's message depends on the winner's move; checked below

	stored, err := s.Incident(ctx, 1)
	ok(t, "Incident(1)", err)
	if stored.Version != 3 || (stored.Status != data.StatusMediating && stored.Status != data.StatusEscalated) {
		t.Errorf("Incident(1) after the races = %s, version %d; want mediating or escalated, version 3", stored.Status, stored.Version)
	}
	events, err := s.IncidentEvents(ctx, 1)
	ok(t, "IncidentEvents(1)", err)
	if len(events) != 3 {
		t.Errorf("IncidentEvents(1) after the races = %d events; want 3", len(events))
	}
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after the races", rev, data.Revision{Cells: 1, Incidents: 3})
}

// testIncidentEvents: Load gives every incident a timeline, in incident
// order; events come oldest first; an unknown incident has none.
func testIncidentEvents(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	ins := wantIncidents()
	created := func(id, eid int64) data.IncidentEvent {
		return data.IncidentEvent{ID: eid, IncidentID: id, At: ins[id-1].ReportedAt, ActorName: "数据导入",
			Kind: data.EventCreated}
	}
	moved := func(id, eid int64) data.IncidentEvent {
		return data.IncidentEvent{ID: eid, IncidentID: id, At: ins[id-1].StageSince, ActorName: "数据导入",
			Kind: data.EventTransition, From: data.StatusReported, To: ins[id-1].Status}
	}
	want := map[int64][]data.IncidentEvent{
		1: {created(1, 1)},
		2: {created(2, 2), moved(2, 3)},
		3: {created(3, 4), moved(3, 5)}, // at its StageSince, not its UpdatedAt
		4: {created(4, 6), moved(4, 7)},
		5: {created(5, 8), moved(5, 9)},
		6: {created(6, 10), moved(6, 11)},
		7: {created(7, 12)},
	}
	for id := int64(1); id <= 7; id++ {
		got, err := s.IncidentEvents(ctx, id)
		ok(t, fmt.Sprint("IncidentEvents(", id, ")"), err)
		equal(t, fmt.Sprint("IncidentEvents(", id, ")"), got, want[id])
	}
	got, err := s.IncidentEvents(ctx, 2)
	ok(t, "IncidentEvents(2)", err)
	const wantJSON = `[{"id":2,"incident_id":2,"at":"2024-02-01T00:00:00Z","actor_id":0,"actor_name":"数据导入","kind":"created","note":""},` +
		`{"id":3,"incident_id":2,"at":"2024-02-10T07:30:00Z","actor_id":0,"actor_name":"数据导入","kind":"transition","from":"reported","to":"resolved","note":""}]`
	if j := jsonOf(t, got); j != wantJSON {
		t.Errorf("IncidentEvents(2) as JSON = %s;\nwant %s", j, wantJSON)
	}
	for _, id := range []int64{0, -1, 8, 301} { // no incident's: none
		got, err := s.IncidentEvents(ctx, id)
		ok(t, fmt.Sprint("IncidentEvents(", id, ")"), err)
		equal(t, fmt.Sprint("IncidentEvents(", id, ")"), got, []data.IncidentEvent{})
	}

	// Oldest first, whatever order they were written in: a transition
	// dated before the last one (a report synchronised late) sorts before it.
	base := time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)
	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 7, From: data.StatusReported, To: data.StatusAccepted, At: base.Add(2 * time.Hour)})
	ok(t, "TransitionIncident(7 to accepted)", err)
	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 7, From: data.StatusAccepted, To: data.StatusMediating, At: base.Add(time.Hour)})
	ok(t, "TransitionIncident(7 to mediating)", err)
	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 7, From: data.StatusMediating, To: data.StatusResolved, At: base.Add(3 * time.Hour)})
	ok(t, "TransitionIncident(7 to resolved)", err)
	got, err = s.IncidentEvents(ctx, 7)
	ok(t, "IncidentEvents(7)", err)
	var order []string
	for _, e := range got {
		order = append(order, fmt.Sprint(e.ID, ":", e.To))
	}
	equal(t, "IncidentEvents(7) IDs and statuses", order, []string{"12:", "14:mediating", "13:accepted", "15:resolved"})
}

// testIncidentEventsAppendOnly: the timeline refuses UPDATE and DELETE in
// the database itself.
func testIncidentEventsAppendOnly(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	db, isExecer := s.(SQLExecer)
	if !isExecer {
		t.Fatalf("%T does not implement storetest.SQLExecer", s)
	}
	for _, q := range []string{`UPDATE incident_events SET note = 'changed'`, `DELETE FROM incident_events WHERE id = 1`} {
		if err := db.ExecSQL(ctx, q); err == nil {
			t.Errorf("%s succeeded; want it refused", q)
		}
	}
	got, err := s.IncidentEvents(ctx, 1)
	ok(t, "IncidentEvents(1)", err)
	if len(got) != 1 || got[0].Note != "" {
		t.Errorf("IncidentEvents(1) = %+v; want its one event unchanged", got)
	}
}

// testIncidentsStageBefore: the overdue filter selects incidents in one of
// its statuses since before that status's time, from StageSince (not
// UpdatedAt), times exclusive, alongside the other filters.
func testIncidentsStageBefore(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	far := utc(2030, 1, 1, 0)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, cst) }
	type stages = map[string]time.Time
	tests := []struct {
		name  string
		f     data.IncidentFilter
		want  []int64
		total int
	}{
		{"one status", data.IncidentFilter{StageBefore: stages{data.StatusReported: utc(2024, 2, 1, 0)}}, []int64{1}, 1},
		{"exclusive", data.IncidentFilter{StageBefore: stages{data.StatusReported: at(2024, 2, 20, 8)}}, []int64{1}, 1},
		{"a microsecond later", data.IncidentFilter{StageBefore: stages{data.StatusReported: at(2024, 2, 20, 8).Add(time.Microsecond)}}, []int64{1, 7}, 2},
		{"from the stage, not the update", data.IncidentFilter{StageBefore: stages{data.StatusMediating: at(2024, 3, 16, 8)}}, []int64{3}, 1},
		{"stage start exclusive", data.IncidentFilter{StageBefore: stages{data.StatusMediating: at(2024, 3, 15, 14)}}, []int64{}, 0},
		{"any of several", data.IncidentFilter{StageBefore: stages{data.StatusReported: utc(2024, 2, 1, 0),
			data.StatusAccepted: far, data.StatusEscalated: utc(2024, 3, 16, 3)}}, []int64{1, 6}, 2},
		{"every open status", data.IncidentFilter{StageBefore: stages{data.StatusReported: far, data.StatusAccepted: far,
			data.StatusMediating: far, data.StatusEscalated: far}}, []int64{1, 3, 5, 6, 7}, 5},
		{"closed ones too, if asked", data.IncidentFilter{StageBefore: stages{data.StatusClosed: far, data.StatusResolved: far}}, []int64{2, 4}, 2},
		{"empty matches nothing", data.IncidentFilter{StageBefore: stages{}}, []int64{}, 0},
		{"with a cell", data.IncidentFilter{CellCode: CellA1, StageBefore: stages{data.StatusReported: far, data.StatusAccepted: far}}, []int64{1, 6}, 2},
		{"with statuses", data.IncidentFilter{Statuses: []string{data.StatusReported},
			StageBefore: stages{data.StatusReported: far, data.StatusAccepted: far}}, []int64{1, 7}, 2},
		{"newest first, paged", data.IncidentFilter{NewestFirst: true, Limit: 2, StageBefore: stages{data.StatusReported: far,
			data.StatusAccepted: far, data.StatusMediating: far, data.StatusEscalated: far}}, []int64{6, 5}, 5},
		{"times in another zone", data.IncidentFilter{StageBefore: stages{data.StatusEscalated: time.Date(2024, 3, 16, 11, 4, 5, 123457000, cst)}}, []int64{5}, 1},
	}
	check := func(name string, f data.IncidentFilter, want []int64, wantTotal int) {
		t.Helper()
		call := "Incidents(" + name + ")"
		got, total, err := s.Incidents(ctx, f)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			return
		}
		var ids []int64
		for _, in := range got {
			ids = append(ids, in.ID)
		}
		equal(t, call+" IDs", append([]int64{}, ids...), want)
		if total != wantTotal {
			t.Errorf("%s total = %d; want %d", call, total, wantTotal)
		}
	}
	for _, tt := range tests {
		check(tt.name, tt.f, tt.want, tt.total)
	}
	_, _, err := s.Incidents(ctx, data.IncidentFilter{StageBefore: stages{"open": far}})
	wantField(t, "Incidents(StageBefore open)", err, data.EINVALID, "stage_before")

	// A transition starts a new stage.
	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted, At: utc(2025, 1, 1, 0)})
	ok(t, "TransitionIncident(1 to accepted)", err)
	check("reported, after 1 moved on", data.IncidentFilter{StageBefore: stages{data.StatusReported: far}}, []int64{7}, 1)
	check("accepted, before 1 moved", data.IncidentFilter{StageBefore: stages{data.StatusAccepted: utc(2025, 1, 1, 0)}}, []int64{6}, 1)
	check("accepted, after 1 moved", data.IncidentFilter{StageBefore: stages{data.StatusAccepted: utc(2025, 1, 1, 1)}}, []int64{1, 6}, 2)
}

// testLoadWorkflow: a data set may give the workflow's fields, a duplicate
// among them; Load keeps them and the duplicate can be taken back.
func testLoadWorkflow(t *testing.T, s data.Store) {
	ctx := t.Context()
	d := Fixture()
	seven := &d.Incidents[6]
	seven.Status, seven.DuplicateOf, seven.Version, seven.Escalation = data.StatusDuplicate, 1, 2, 0
	seven.StageSince = time.Date(2024, 2, 21, 8, 0, 0, 0, cst)
	five := &d.Incidents[4]
	five.Escalation, five.Priority = 2, data.PriorityHigh
	ok(t, "Load(fixture with a duplicate)", s.Load(ctx, reversed(d)))

	want := wantIncidents(5, 7)
	want[0].Escalation, want[0].Priority = 2, data.PriorityHigh
	want[1].Status, want[1].DuplicateOf, want[1].Version, want[1].StageSince = data.StatusDuplicate, 1, 2, utc(2024, 2, 21, 0)
	for _, w := range want {
		got, err := s.Incident(ctx, w.ID)
		ok(t, fmt.Sprint("Incident(", w.ID, ")"), err)
		equal(t, fmt.Sprint("Incident(", w.ID, ")"), *got, w)
	}
	events, err := s.IncidentEvents(ctx, 7)
	ok(t, "IncidentEvents(7)", err)
	equal(t, "IncidentEvents(7)", events, []data.IncidentEvent{
		{ID: 12, IncidentID: 7, At: want[1].ReportedAt, ActorName: "数据导入", Kind: data.EventCreated},
		{ID: 13, IncidentID: 7, At: utc(2024, 2, 21, 0), ActorName: "数据导入", Kind: data.EventTransition,
			From: data.StatusReported, To: data.StatusDuplicate},
	})
	counts, err := s.IncidentCounts(ctx, CellA2)
	ok(t, "IncidentCounts(A2)", err)
	if counts[data.StatusDuplicate] != 1 || counts[data.StatusReported] != 0 {
		t.Errorf("IncidentCounts(A2) = %v; want 1 duplicate, 0 reported", counts)
	}
	cell, err := s.Cell(ctx, CellA2)
	ok(t, "Cell(A2)", err)
	if cell.OpenIncidents != 1 {
		t.Errorf("Cell(A2).OpenIncidents = %d; want 1 (a duplicate is not open)", cell.OpenIncidents)
	}
	got, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 7, From: data.StatusDuplicate, To: data.StatusReported, Version: 2})
	ok(t, "TransitionIncident(7 back to reported)", err)
	if got.DuplicateOf != 0 || got.Version != 3 {
		t.Errorf("TransitionIncident(7 back to reported) = duplicate of %d, version %d; want 0, 3", got.DuplicateOf, got.Version)
	}
}
