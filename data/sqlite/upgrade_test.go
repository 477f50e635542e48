package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"gridmap/data/storetest"
)

// v2Rows are the rows storetest.CheckUpgradedWorkflow describes, in the
// schema of version 2.
const v2Rows = `
INSERT INTO town (singleton, code, name, county, province, note) VALUES (1, '500110119000', '安稳镇', '綦江区', '重庆市', 'v2');
INSERT INTO units (code, name, kind, town_code) VALUES ('500110119001', '东街社区', 'community', '500110119000');
INSERT INTO cells (code, name, unit_code, kind, population, households, area_m2)
	VALUES ('500110119001001', '东街一网格', '500110119001', 'community', 120, 40, 1075000.5);
INSERT INTO mediators (id, name, role, category, unit_code, phone) VALUES (403, '郑书记', '社区书记', 'cadre', '500110119001', '13700000403');
INSERT INTO incidents (id, kind, type, source, status, summary, description, parties, cell_code, lon, lat, reported_at, updated_at, resolved_at) VALUES
	(1, 'dispute', '邻里纠纷', '网格员上报', 'reported', 'v2', '', '["张三"]', '500110119001001', 106.605, 29.005,
		'2024-01-05T02:00:00.000000Z', '2024-01-05T02:00:00.000000Z', NULL),
	(2, 'dispute', '邻里纠纷', '网格员上报', 'escalated', 'v2', '', '[]', '500110119001001', 106.605, 29.005,
		'2024-02-01T00:00:00.000000Z', '2024-02-03T00:00:00.000000Z', NULL),
	(3, 'dispute', '邻里纠纷', '网格员上报', 'resolved', 'v2', '', '[]', '500110119001001', 106.605, 29.005,
		'2024-03-01T00:00:00.000000Z', '2024-03-02T00:00:00.000000Z', '2024-03-02T00:00:00.000000Z');
INSERT INTO incident_mediators (incident_id, mediator_id) VALUES (2, 403);
INSERT INTO users (id, username, name, role, unit_code, mediator_id, disabled, created_at, password_hash, failed_logins, locked_until)
	VALUES (1, 'zhang', '张三', 'unit_cadre', '500110119001', NULL, 0, '2024-01-02T03:04:05.000000Z', 'v2-hash', 5, '2099-01-01T00:00:00.000000Z');
`

// TestUpgradeWorkflow: migration 3 rebuilds the incidents table of a file
// at version 2 without losing a row or a foreign key, and gives its
// incidents the workflow's values and timelines; migration 6 records its
// cells as boundary version 1.
func TestUpgradeWorkflow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run := func(query string) {
		t.Helper()
		if _, err := db.ExecContext(t.Context(), query); err != nil {
			t.Fatalf("%.60s...: %v", query, err)
		}
	}
	run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`)
	for i, name := range []string{"001_init.sql", "002_accounts.sql"} {
		body, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		run(string(body))
		if _, err := db.ExecContext(t.Context(), `INSERT INTO schema_migrations VALUES (?, ?, '2024-01-01T00:00:00.000000Z')`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	run(v2Rows)

	s := open(t, path)
	if got := migrations(t, path); got != applied {
		t.Errorf("applied migrations = %q; want %q", got, applied)
	}
	for _, check := range []string{`PRAGMA foreign_key_check`, `SELECT * FROM pragma_integrity_check WHERE integrity_check <> 'ok'`} {
		rows, err := db.QueryContext(t.Context(), check)
		if err != nil {
			t.Fatalf("%s: %v", check, err)
		}
		if rows.Next() {
			t.Errorf("%s found a problem after the upgrade", check)
		}
		rows.Close()
	}
	storetest.CheckUpgradedBoundaries(t, s)
	storetest.CheckUpgradedWorkflow(t, s)
	storetest.CheckUpgradedAccounts(t, s)
}
