package storetest

import (
	"fmt"
	"testing"
	"time"

	"gridmap/data"
)

// auditEntries are appended out of time order: by time, newest first, the
// IDs run 5, 2 and 1 (the same instant, ties by ID descending), 3, 4.
func auditEntries() []data.AuditEntry {
	t0 := time.Date(2024, 3, 1, 9, 0, 0, 123456789, cst)
	return []data.AuditEntry{
		{At: t0.Add(time.Hour), UserID: 2, Username: "leader", Action: "read_incident", Record: "incident:2", Remote: "192.0.2.2"},
		{At: t0.Add(time.Hour), UserID: 1, Username: "admin", Action: "read_incident", Record: "incident:2", Remote: "192.0.2.1"},
		{At: t0, UserID: 1, Username: "admin", Action: "read_residents", Record: "cell:" + CellA1, Remote: "192.0.2.1"},
		{At: t0.Add(-time.Hour), UserID: 1, Username: "admin", Action: "export", Record: "residents", Remote: "192.0.2.1", Detail: "format=csv"},
		{At: t0.Add(2 * time.Hour), Action: "login_failed", Remote: "198.51.100.7", Detail: "username=nobody"},
	}
}

// appendAudit appends the entries and returns them as stored, by ID.
func appendAudit(t *testing.T, s data.Store) []data.AuditEntry {
	t.Helper()
	es := auditEntries()
	for i := range es {
		ok(t, "AppendAudit()", s.AppendAudit(t.Context(), &es[i]))
		if es[i].ID <= 0 || i > 0 && es[i].ID <= es[i-1].ID {
			t.Errorf("AppendAudit() set ID %d; want IDs that grow", es[i].ID)
		}
	}
	return es
}

func testAudit(t *testing.T, s data.Store) {
	es := appendAudit(t, s)
	for i, e := range auditEntries() {
		if want := micro(e.At); es[i].At != want {
			t.Errorf("AppendAudit() left At = %v; want %v", es[i].At, want)
		}
	}
	pick := func(ns ...int) []data.AuditEntry { // by 1-based position
		out := []data.AuditEntry{}
		for _, n := range ns {
			out = append(out, es[n-1])
		}
		return out
	}
	t0 := micro(auditEntries()[2].At)
	tests := []struct {
		name  string
		f     data.AuditFilter
		want  []data.AuditEntry
		total int
	}{
		{"all, newest first", data.AuditFilter{}, pick(5, 2, 1, 3, 4), 5},
		{"user", data.AuditFilter{UserID: 1}, pick(2, 3, 4), 3},
		{"action", data.AuditFilter{Action: "read_incident"}, pick(2, 1), 2},
		{"record", data.AuditFilter{Record: "incident:2"}, pick(2, 1), 2},
		{"record is an exact match", data.AuditFilter{Record: "incident"}, pick(), 0},
		{"user and action", data.AuditFilter{UserID: 1, Action: "export"}, pick(4), 1},
		{"from inclusive", data.AuditFilter{From: t0.Add(time.Hour)}, pick(5, 2, 1), 3},
		{"to exclusive", data.AuditFilter{To: t0.Add(time.Hour)}, pick(3, 4), 2},
		{"from and to in another zone", data.AuditFilter{From: t0.In(cst), To: t0.Add(2 * time.Hour).In(cst)}, pick(2, 1, 3), 3},
		{"limit", data.AuditFilter{Limit: 2}, pick(5, 2), 5},
		{"limit and offset", data.AuditFilter{Limit: 2, Offset: 2}, pick(1, 3), 5},
		{"offset without limit", data.AuditFilter{Offset: 4}, pick(4), 5},
		{"offset past the end", data.AuditFilter{Offset: 5}, pick(), 5},
		{"filtered page", data.AuditFilter{UserID: 1, Limit: 1, Offset: 1}, pick(3), 3},
		{"unknown user", data.AuditFilter{UserID: 99}, pick(), 0},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("Audit(%s)", tt.name)
		got, total, err := s.Audit(t.Context(), tt.f)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		equal(t, call, got, tt.want)
		if total != tt.total {
			t.Errorf("%s total = %d; want %d", call, total, tt.total)
		}
	}
	for _, f := range []data.AuditFilter{{Limit: -1}, {Offset: -1}} {
		_, _, err := s.Audit(t.Context(), f)
		wantCode(t, fmt.Sprintf("Audit(%+v)", f), err, data.EINVALID)
	}

	// A zero At means now.
	before := time.Now().UTC().Truncate(time.Microsecond)
	e := data.AuditEntry{UserID: 1, Username: "admin", Action: "read_incident", Record: "incident:3"}
	ok(t, "AppendAudit(no At)", s.AppendAudit(t.Context(), &e))
	if e.At.Before(before) || e.At.After(time.Now()) {
		t.Errorf("AppendAudit(no At) set %v; want now", e.At)
	}
	got, _, err := s.Audit(t.Context(), data.AuditFilter{Limit: 1})
	ok(t, "Audit(limit 1)", err)
	equal(t, "Audit() after an entry of now", got, []data.AuditEntry{e})
}

// testAuditAppendOnly: the database itself refuses to change or delete
// audit entries, whoever connects, while other tables stay writable.
func testAuditAppendOnly(t *testing.T, s data.Store) {
	x, isExecer := s.(SQLExecer)
	if !isExecer {
		t.Fatalf("%T does not implement storetest.SQLExecer; add ExecSQL in the store's export_test.go", s)
	}
	es := appendAudit(t, s)
	ok(t, "ExecSQL(UPDATE revision)", x.ExecSQL(t.Context(), `UPDATE revision SET cells = cells + 1`))
	for _, q := range []string{
		`UPDATE audit SET detail = 'changed'`,
		fmt.Sprintf(`UPDATE audit SET user_id = 0 WHERE id = %d`, es[0].ID),
		`DELETE FROM audit`,
		fmt.Sprintf(`DELETE FROM audit WHERE id = %d`, es[4].ID),
	} {
		if err := x.ExecSQL(t.Context(), q); err == nil {
			t.Errorf("ExecSQL(%s) succeeded; want it refused", q)
		}
	}
	got, total, err := s.Audit(t.Context(), data.AuditFilter{})
	ok(t, "Audit()", err)
	equal(t, "Audit() after refused changes", got, []data.AuditEntry{es[4], es[1], es[0], es[2], es[3]})
	if total != len(es) {
		t.Errorf("Audit() total = %d; want %d", total, len(es))
	}
}
