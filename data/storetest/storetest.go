// Package storetest is the conformance suite of data.Store: data/sqlite and
// data/postgis each run it, so that the two stores are held to one
// behaviour, down to ordering, error codes and empty lists.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"gridmap/data"
)

// Run runs the suite as named subtests. open is called once per subtest and
// must return an empty store; it should close the store (and drop whatever
// holds it) in t.Cleanup. The store must also implement SQLExecer, which
// the AuditAppendOnly and IncidentEventsAppendOnly subtests need.
func Run(t *testing.T, open func(t *testing.T) data.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s data.Store)
	}{
		{"EmptyStore", testEmptyStore},
		{"Town", testTown},
		{"Units", testUnits},
		{"Unit", testUnit},
		{"Cells", testCells},
		{"Cell", testCell},
		{"OpenIncidentsByCell", testOpenIncidentsByCell},
		{"JSONEmptyLists", testJSONEmptyLists},
		{"Residents", testResidents},
		{"ResidentsByName", testResidentsByName},
		{"Mediators", testMediators},
		{"Incidents", testIncidents},
		{"IncidentsInvalid", testIncidentsInvalid},
		{"Incident", testIncident},
		{"IncidentCounts", testIncidentCounts},
		{"IncidentFacts", testIncidentFacts},
		{"IncidentFactsSince", testIncidentFactsSince},
		{"IncidentsStageBefore", testIncidentsStageBefore},
		{"CreateIncident", testCreateIncident},
		{"CreateIncidentInvalid", testCreateIncidentInvalid},
		{"IncidentParties", testIncidentParties},
		{"EditParties", testEditParties},
		{"ImportPartyDetails", testImportPartyDetails},
		{"PetitionDeadline", testPetitionDeadline},
		{"IncidentsSharingParty", testIncidentsSharingParty},
		{"CreateDuplicate", testCreateDuplicate},
		{"TextLimits", testTextLimits},
		{"LoadTextLimits", testLoadTextLimits},
		{"IncidentFull", testIncidentFull},
		{"CreateIncidentIdempotent", testCreateIncidentIdempotent},
		{"ConcurrentCreateIncident", testConcurrentCreateIncident},
		{"TransitionIncident", testTransitionIncident},
		{"TransitionConflict", testTransitionConflict},
		{"TransitionInvalid", testTransitionInvalid},
		{"ConcurrentTransitions", testConcurrentTransitions},
		{"IncidentEvents", testIncidentEvents},
		{"IncidentEventsAppendOnly", testIncidentEventsAppendOnly},
		{"Lookups", testLookups},
		{"LoadWorkflow", testLoadWorkflow},
		{"MediationRecords", testMediationRecords},
		{"MediationRecordInvalid", testMediationRecordInvalid},
		{"Followups", testFollowups},
		{"FollowupInvalid", testFollowupInvalid},
		{"FollowupDue", testFollowupDue},
		{"Attachments", testAttachments},
		{"AttachmentInvalid", testAttachmentInvalid},
		{"AssignMediators", testAssignMediators},
		{"ReassignIncident", testReassignIncident},
		{"ConcurrentIncidentChanges", testConcurrentIncidentChanges},
		{"BoundaryVersions", testBoundaryVersions},
		{"CommitBoundary", testCommitBoundary},
		{"ConcurrentBoundaryCommits", testConcurrentBoundaryCommits},
		{"SplitMergeBoundary", testSplitMergeBoundary},
		{"BoundaryInvalid", testBoundaryInvalid},
		{"Revision", testRevision},
		{"LoadTwice", testLoadTwice},
		{"LoadInvalid", testLoadInvalid},
		{"LoadStream", testLoadStream},
		{"LoadStreamInvalid", testLoadStreamInvalid},
		{"ConcurrentLoads", testConcurrentLoads},
		{"ConcurrentReads", testConcurrentReads},
		{"Users", testUsers},
		{"UsersWithoutTown", testUsersWithoutTown},
		{"UserInvalid", testUserInvalid},
		{"UsernameTaken", testUsernameTaken},
		{"UpdateUser", testUpdateUser},
		{"LoginFailed", testLoginFailed},
		{"LoginLocks", testLoginLocks},
		{"ConcurrentLoginFailures", testConcurrentLoginFailures},
		{"Calendar", testCalendar},
		{"PasswordRevokes", testPasswordRevokes},
		{"Sessions", testSessions},
		{"SessionPurge", testSessionPurge},
		{"Tokens", testTokens},
		{"TokenRevokeTouch", testTokenRevokeTouch},
		{"Audit", testAudit},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"ImportHouseholds", testImportHouseholds},
		{"ImportHouseholdsInvalid", testImportHouseholdsInvalid},
		{"ImportStaff", testImportStaff},
		{"ImportIncidents", testImportIncidents},
		{"ImportLedgerFollowups", testImportLedgerFollowups},
		{"Notifications", testNotifications},
		{"ConcurrentNotifications", testConcurrentNotifications},
		{"Outbox", testOutbox},
		{"Webhooks", testWebhooks},
		{"TakeSend", testTakeSend},
		{"TakeRate", testTakeRate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// SQLExecer runs one SQL statement on a store's database, past its
// methods, scanning its first row into dest, if any. It is no part of
// data.Store: each store's own tests add it (in an export_test.go), so
// that the suite can prove that a rule such as the audit log's
// append-only one holds in the database itself, against any client that
// connects.
type SQLExecer interface {
	ExecSQL(ctx context.Context, query string, dest ...any) error
}

// load loads the fixture with every list reversed, so that ordering tests
// prove the store sorts rather than keeps insertion order.
func load(t *testing.T, s data.Store) {
	t.Helper()
	if err := s.Load(t.Context(), reversed(Fixture())); err != nil {
		t.Fatalf("Load(fixture) = %v", err)
	}
}

func reversed(d *data.Dataset) *data.Dataset {
	slices.Reverse(d.Units)
	slices.Reverse(d.Cells)
	for i := range d.Cells {
		slices.Reverse(d.Cells[i].GridWorkers)
	}
	slices.Reverse(d.Households)
	slices.Reverse(d.Residents)
	slices.Reverse(d.Mediators)
	slices.Reverse(d.Incidents)
	return d
}

// equal reports a difference between got and want, element by element for
// slices so that a failure names the first element that differs.
func equal[T any](t *testing.T, call string, got, want T) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	if gv.Kind() == reflect.Slice && wv.Kind() == reflect.Slice {
		if gv.IsNil() != wv.IsNil() {
			t.Errorf("%s: nil = %v; want nil = %v", call, gv.IsNil(), wv.IsNil())
		}
		for i := 0; i < min(gv.Len(), wv.Len()); i++ {
			if !reflect.DeepEqual(gv.Index(i).Interface(), wv.Index(i).Interface()) {
				t.Errorf("%s[%d] = %+v;\nwant %+v", call, i, gv.Index(i).Interface(), wv.Index(i).Interface())
				return
			}
		}
		if gv.Len() != wv.Len() {
			t.Errorf("%s has %d elements; want %d", call, gv.Len(), wv.Len())
		}
		return
	}
	t.Errorf("%s = %+v;\nwant %+v", call, got, want)
}

// wantCode fails unless err carries the given error code.
func wantCode(t *testing.T, call string, err error, code string) {
	t.Helper()
	if got := data.ErrorCode(err); got != code {
		t.Errorf("%s: error code %q (%v); want %q", call, got, err, code)
	}
}

// wantField fails unless err is an *data.Error with the given code and
// field.
func wantField(t *testing.T, call string, err error, code, field string) {
	t.Helper()
	var e *data.Error
	if !errors.As(err, &e) || e.Code != code || e.Field != field {
		t.Errorf("%s: error %v; want code %q, field %q", call, err, code, field)
	}
}

// ok fails the test at once on an unexpected error.
func ok(t *testing.T, call string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s = %v", call, err)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	ok(t, "json.Marshal", err)
	return string(b)
}

// Opened returns the store s that opening name gave with err, failing the
// test on err, and closes s when the test ends: the open helper of each
// store's tests.
func Opened[S interface{ Close() error }](t testing.TB, name string, s S, err error) S {
	t.Helper()
	if err != nil {
		t.Fatalf("Open(%s) = %v", name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
