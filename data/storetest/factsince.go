package storetest

import (
	"cmp"
	"errors"
	"slices"
	"testing"

	"gridmap/data"
)

// factsSince returns the IDs and statuses IncidentFactsSince(since)
// gives, in its order, and the revision it returns.
func factsSince(t *testing.T, s data.Store, since int64) ([]int64, map[int64]string, int64) {
	t.Helper()
	ids, statuses := []int64{}, map[int64]string{}
	rev, err := s.IncidentFactsSince(t.Context(), since, func(f *data.IncidentFact) error {
		ids = append(ids, f.ID)
		statuses[f.ID] = f.Status
		return nil
	})
	ok(t, "IncidentFactsSince()", err)
	return ids, statuses, rev
}

// samePagedFacts fails unless IncidentFactsSince(0), which reads the
// fact pages, gives what IncidentFacts reads from the incidents' rows, in
// ID order: the pages kept up to date by every write.
func samePagedFacts(t *testing.T, s data.Store) {
	t.Helper()
	var paged, rows []data.IncidentFact
	_, err := s.IncidentFactsSince(t.Context(), 0, func(f *data.IncidentFact) error {
		paged = append(paged, *f)
		return nil
	})
	ok(t, "IncidentFactsSince(0)", err)
	ok(t, "IncidentFacts()", s.IncidentFacts(t.Context(), func(f *data.IncidentFact) error {
		rows = append(rows, *f)
		return nil
	}))
	slices.SortFunc(rows, func(a, b data.IncidentFact) int { return cmp.Compare(a.ID, b.ID) })
	equal(t, "IncidentFactsSince(0) (the fact pages)", paged, rows)
}

// testIncidentFactsSince checks that IncidentFactsSince gives every
// incident from 0 and, from a revision, exactly the incidents written after
// it, whatever the write (a report, the original it duplicates, a
// transition, a ledger import), at the revision Revision tells; and that an
// error of the callback stops it.
func testIncidentFactsSince(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	revision := func() int64 {
		t.Helper()
		r, err := s.Revision(ctx)
		ok(t, "Revision()", err)
		return r.Incidents
	}
	r0 := revision()
	ids, _, rev := factsSince(t, s, 0)
	equal(t, "IncidentFactsSince(0) order", ids, []int64{1, 2, 3, 4, 5, 6, 7})
	samePagedFacts(t, s)
	equal(t, "IncidentFactsSince(0) revision", rev, r0)
	ids, _, rev = factsSince(t, s, r0)
	equal(t, "IncidentFactsSince(current) incidents", ids, []int64{})
	equal(t, "IncidentFactsSince(current) revision", rev, r0)

	_, err := s.TransitionIncident(ctx, data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted})
	ok(t, "TransitionIncident(1)", err)
	r1 := revision()
	ids, statuses, rev := factsSince(t, s, r0)
	equal(t, "IncidentFactsSince(before transition) incidents", ids, []int64{1})
	equal(t, "IncidentFactsSince(before transition) status", statuses[1], data.StatusAccepted)
	equal(t, "IncidentFactsSince(before transition) revision", rev, r1)
	if r1 <= r0 {
		t.Errorf("Revision().Incidents after a transition = %d; want more than %d", r1, r0)
	}

	dup := report()
	dup.DuplicateOf = 7
	created, _, err := s.CreateIncident(ctx, dup, "")
	ok(t, "CreateIncident(duplicate of 7)", err)
	ids, _, _ = factsSince(t, s, r1)
	equal(t, "IncidentFactsSince(before the duplicate) incidents", ids, []int64{7, created.ID})
	ids, _, _ = factsSince(t, s, r0)
	equal(t, "IncidentFactsSince(before both) incidents", ids, []int64{1, 7, created.ID})

	r2 := revision()
	ledger := importedLedger()
	_, err = s.ImportIncidents(ctx, ledger)
	ok(t, "ImportIncidents()", err)
	ids, _, _ = factsSince(t, s, r2)
	if len(ids) != 2 || ids[0] == ids[1] || ids[0] <= created.ID || ids[1] <= created.ID {
		t.Fatalf("IncidentFactsSince(before the import) incidents = %v; want the two created", ids)
	}
	r3 := revision()
	ledger[1].Status = data.StatusResolved
	ledger[1].ResolvedAt = &ledger[1].UpdatedAt
	_, err = s.ImportIncidents(ctx, ledger)
	ok(t, "ImportIncidents(changed)", err)
	got, statuses, _ := factsSince(t, s, r3)
	equal(t, "IncidentFactsSince(before the changing import) incidents", got, []int64{ids[1]})
	equal(t, "IncidentFactsSince(before the changing import) status", statuses[ids[1]], data.StatusResolved)
	r4 := revision()
	_, err = s.ImportIncidents(ctx, ledger)
	ok(t, "ImportIncidents(unchanged)", err)
	got, _, rev = factsSince(t, s, r4)
	equal(t, "IncidentFactsSince(before an import changing nothing) incidents", got, []int64{})
	equal(t, "IncidentFactsSince(before an import changing nothing) revision", rev, r4)

	samePagedFacts(t, s)

	stop := errors.New("stop")
	n := 0
	_, err = s.IncidentFactsSince(ctx, r0, func(*data.IncidentFact) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("IncidentFactsSince(failing fn) = %v after %d calls; want the fn's error after 1", err, n)
	}
}
