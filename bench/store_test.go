package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sqlite"
	"gridmap/data/storetest"
)

// BenchmarkStore measures the store calls behind the API's busiest routes
// on each store, loaded with a synthetic town of 10,000 residents and
// 2,000 incidents (storetest.Large): reporting an incident, moving one
// through the workflow, listing incidents in a bounding box, listing a
// cell's residents and appending to the audit log. PostGIS runs with
// GRIDMAP_TEST_POSTGRES set (scripts/postgis.sh start), and is skipped
// otherwise.
func BenchmarkStore(b *testing.B) {
	b.Run("SQLite", func(b *testing.B) {
		benchStore(b, openSQLite(b))
	})
	b.Run("PostGIS", func(b *testing.B) {
		benchStore(b, openPostGIS(b))
	})
}

// The first cell of storetest.Large, a point inside it, and a box over
// its first four cells (2 × 2 of its 0.005° squares).
const cell = "500110119200001"

var (
	inCell = orb.Point{106.6025, 29.0025}
	box    = orb.Bound{Min: orb.Point{106.60, 29.00}, Max: orb.Point{106.61, 29.01}}
)

func benchStore(b *testing.B, s data.Store) {
	ctx := context.Background()
	d := storetest.Large(10000, 4000, 2000)
	for i, in := range d.Incidents {
		// Older revisions' Large leaves a duplicate without its original,
		// which Load refuses.
		if in.Status == data.StatusDuplicate && in.DuplicateOf == 0 {
			d.Incidents[i].DuplicateOf = in.ID - 1
		}
	}
	if err := s.Load(ctx, d); err != nil {
		b.Fatalf("Load(Large) = %v", err)
	}
	report := func() *data.Incident {
		return &data.Incident{Type: "邻里纠纷", Source: "网格员上报", Summary: "装修噪音", Description: "楼上装修噪音扰民",
			Parties: []string{"张三", "王五"}, CellCode: cell, Location: inCell}
	}
	b.Run("CreateIncident", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.CreateIncident(ctx, report(), ""); err != nil {
				b.Fatalf("CreateIncident() = %v", err)
			}
		}
	})
	b.Run("TransitionIncident", func(b *testing.B) {
		in, _, err := s.CreateIncident(ctx, report(), "")
		if err != nil {
			b.Fatalf("CreateIncident() = %v", err)
		}
		move := func(from, to string) {
			if _, err := s.TransitionIncident(ctx, data.Transition{IncidentID: in.ID, From: from, To: to,
				ActorID: 1, ActorName: "调解员", Note: "办理"}); err != nil {
				b.Fatalf("TransitionIncident(%s → %s) = %v", from, to, err)
			}
		}
		move(data.StatusReported, data.StatusAccepted)
		move(data.StatusAccepted, data.StatusMediating)
		// Resolve and reopen, in turn: the one cycle of the status graph.
		steps := [2][2]string{{data.StatusMediating, data.StatusResolved}, {data.StatusResolved, data.StatusMediating}}
		i := 0
		for b.Loop() {
			move(steps[i%2][0], steps[i%2][1])
			i++
		}
	})
	b.Run("IncidentsBBox", func(b *testing.B) {
		var n int
		for b.Loop() {
			is, _, err := s.Incidents(ctx, data.IncidentFilter{BBox: &box, Limit: 50, NewestFirst: true})
			if err != nil {
				b.Fatalf("Incidents(bbox) = %v", err)
			}
			n = len(is)
		}
		if n == 0 {
			b.Fatal("Incidents(bbox) found none; the benchmark measures nothing")
		}
	})
	b.Run("CellResidents", func(b *testing.B) {
		var n int
		for b.Loop() {
			rs, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: cell, Limit: 100})
			if err != nil {
				b.Fatalf("Residents(cell) = %v", err)
			}
			n = len(rs)
		}
		if n == 0 {
			b.Fatal("Residents(cell) found none; the benchmark measures nothing")
		}
	})
	b.Run("AppendAudit", func(b *testing.B) {
		for b.Loop() {
			e := data.AuditEntry{UserID: 1, Username: "admin", Action: "read_residents", Record: "cell:" + cell, Remote: "127.0.0.1"}
			if err := s.AppendAudit(ctx, &e); err != nil {
				b.Fatalf("AppendAudit() = %v", err)
			}
		}
	})
}

func openSQLite(b *testing.B) data.Store {
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatalf("sqlite.Open(%s) = %v", path, err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// openPostGIS opens the store in a new schema of the GRIDMAP_TEST_POSTGRES
// database, dropped when the benchmark ends.
func openPostGIS(b *testing.B) data.Store {
	base := os.Getenv("GRIDMAP_TEST_POSTGRES")
	if base == "" {
		b.Skip(`GRIDMAP_TEST_POSTGRES is not set; run eval "$(bash scripts/postgis.sh start)" to benchmark PostGIS`)
	}
	ctx := context.Background()
	buf := make([]byte, 8)
	rand.Read(buf)
	schema := pgx.Identifier{"bench_" + hex.EncodeToString(buf)}.Sanitize()
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		b.Fatalf("CREATE SCHEMA: %v", err)
	}
	b.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			b.Errorf("DROP SCHEMA: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatalf("GRIDMAP_TEST_POSTGRES is not a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", fmt.Sprintf("%s,public", schema))
	u.RawQuery = q.Encode()
	s, err := postgis.Open(ctx, u.String())
	if err != nil {
		b.Fatalf("postgis.Open() = %v", err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
