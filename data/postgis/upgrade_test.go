package postgis_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gridmap/data/storetest"
)

// v2Rows are the rows storetest.CheckUpgradedWorkflow describes, in the
// schema of version 2.
const v2Rows = `
INSERT INTO town (code, name, county, province, note) VALUES ('500110119000', '安稳镇', '綦江区', '重庆市', 'v2');
INSERT INTO units (code, name, kind, town_code) VALUES ('500110119001', '东街社区', 'community', '500110119000');
INSERT INTO cells (code, name, unit_code, kind, population, households, area_m2)
	VALUES ('500110119001001', '东街一网格', '500110119001', 'community', 120, 40, 1075000.5);
INSERT INTO mediators (id, name, role, category, unit_code, phone) VALUES (403, '郑书记', '社区书记', 'cadre', '500110119001', '13700000403');
INSERT INTO incidents (id, kind, type, source, status, summary, description, parties, cell_code, geom, reported_at, updated_at, resolved_at) VALUES
	(1, 'dispute', '邻里纠纷', '网格员上报', 'reported', 'v2', '', ARRAY['张三'], '500110119001001', ST_SetSRID(ST_MakePoint(106.605, 29.005), 4326),
		'2024-01-05T02:00:00Z', '2024-01-05T02:00:00Z', NULL),
	(2, 'dispute', '邻里纠纷', '网格员上报', 'escalated', 'v2', '', '{}', '500110119001001', ST_SetSRID(ST_MakePoint(106.605, 29.005), 4326),
		'2024-02-01T00:00:00Z', '2024-02-03T00:00:00Z', NULL),
	(3, 'dispute', '邻里纠纷', '网格员上报', 'resolved', 'v2', '', '{}', '500110119001001', ST_SetSRID(ST_MakePoint(106.605, 29.005), 4326),
		'2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z', '2024-03-02T00:00:00Z');
INSERT INTO incident_mediators (incident_id, mediator_id) VALUES (2, 403);
INSERT INTO users (id, username, name, role, unit_code, mediator_id, disabled, created_at, password_hash, failed_logins, locked_until)
	VALUES (1, 'zhang', '张三', 'unit_cadre', '500110119001', NULL, false, '2024-01-02T03:04:05Z', 'v2-hash', 5, '2099-01-01T00:00:00Z');
`

// TestUpgradeWorkflow: migration 3 adds the workflow's columns to the
// incidents of a schema at version 2, with the values and timelines Load
// would give them, and new incidents take IDs after the old ones;
// migration 6 records its cells as boundary version 1.
func TestUpgradeWorkflow(t *testing.T) {
	schemaURL := newSchema(t, databaseURL(t))
	v2 := `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`
	for i, name := range []string{"001_init.sql", "002_accounts.sql"} {
		body, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		v2 += string(body) + "\nINSERT INTO schema_migrations (version, name) VALUES (" + strconv.Itoa(i+1) + ", '" + name + "');\n"
	}
	exec(t, schemaURL, v2+v2Rows)
	s := open(t, schemaURL)
	storetest.CheckUpgradedBoundaries(t, s)
	storetest.CheckUpgradedWorkflow(t, s)
	storetest.CheckUpgradedAccounts(t, s)
}
