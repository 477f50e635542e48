package main

import (
	"strings"
	"testing"
)

// TestTable runs the records of two rounds through the table: medians,
// ratios (times inverted), the targets of each kind and sample, and the
// notes, in the kinds' order whatever the records' order.
func TestTable(t *testing.T) {
	in := `# Measured on 2 cores
city/sqlite/tile-z10 gridmap 5000
city/sqlite/tile-z10 ref 20
town/sqlite/rss gridmap 85.3
town/sqlite/cells gridmap 100
town/sqlite/cells ref 200
town/sqlite/cells gridmap 150
town/sqlite/cells ref 100
town/sqlite/locate gridmap 9000
town/sqlite/locate ref 10000
city/sqlite/tile-z13 gridmap 5000
city/sqlite/tile-z13 ref 400
city/sqlite/tile-z10-first gridmap 1500
city/sqlite/tile-z10-first ref 150
city/postgis/rss gridmap 700
city/sqlite/rss gridmap 420
town/postgis/ogc-pg gridmap 2500.4
town/postgis/ogc-pg ref 400
`
	want := `| Sample | Store | Case | gridmap | Reference | Ratio | Target | Met? |
|--------|-------|------|--------:|-----------|------:|--------|------|
| town | SQLite | ` + "`/api/cells`" + ` | 125/s | 150/s ceiling, same bytes | 83 % | ≥ 70 % | met |
| town | SQLite | ` + "`/api/locate`" + ` | 9,000/s | 10,000/s hello world | 90 % | ≥ 60 % | met |
| town | SQLite | peak memory (VmHWM) after the load | 85 MB | – | – | < 100 MB | met |
| town | PostGIS | OGC cells, first page | 2,500/s | 400/s direct PostGIS (json_build_object) | 6.3× | – | – |
| city | SQLite | z10 cells tile, cached | 5,000/s | 20/s direct PostGIS (ST_AsMVT) | 250× | ≥ 100×, ≥ 690/s | met |
| city | SQLite | z13 cells tile, cached | 5,000/s | 400/s direct PostGIS (ST_AsMVT) | 13× | ≥ 10×, ≥ 6,000/s | **missed** (6,000/s) |
| city | SQLite | z10 cells tile, first answer | 1,500 ms | 150 ms direct PostGIS, one query | 10 % | – | – |
| city | SQLite | peak memory (VmHWM) after the load | 420 MB | – | – | < 600 MB | met |
| city | PostGIS | peak memory (VmHWM) after the load | 700 MB | – | – | < 600 MB | **missed** (600 MB) |

Measured on 2 cores
`
	rs, notes, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatalf("parse() = %v", err)
	}
	var b strings.Builder
	if err := write(&b, rs, notes); err != nil {
		t.Fatalf("write() = %v", err)
	}
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

// TestParseRefuses names the line of each record the table cannot read.
func TestParseRefuses(t *testing.T) {
	for _, in := range []string{
		"town/sqlite/cells gridmap",
		"town/sqlite/cells gridmap many",
		"town/sqlite/cels gridmap 1",
		"town/cells gridmap 1",
		"town/sqlite/cells ceiling 1",
	} {
		if _, _, err := parse(strings.NewReader("# note\n" + in + "\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("parse(%q) = %v; want an error on line 2", in, err)
		}
	}
}

// TestNumber writes figures as the table shows them.
func TestNumber(t *testing.T) {
	for v, want := range map[float64]string{0.5: "0.5", 7: "7.0", 9.96: "10", 12.5: "13", 85.3: "85", 99.4: "99", 100: "100", 1234.5: "1,235", 1234567: "1,234,567"} {
		if got := number(v); got != want {
			t.Errorf("number(%v) = %q; want %q", v, got, want)
		}
	}
}
