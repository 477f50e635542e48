package export_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/domain"
	"gridmap/export"
	"gridmap/importer"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// TestRoundTripCells exports the cells in every map format and reads each
// file back through the boundary import: the same codes, names and units,
// the same geometry, and a plan that changes nothing.
func TestRoundTripCells(t *testing.T) {
	t.Parallel()
	townWithPeople(t, func(t *testing.T, st data.Store) {
		cells, err := st.Cells(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"gpkg", "shp", "kml", "geojson"} {
			t.Run(format, func(t *testing.T) {
				b, res := exportBytes(t, st, export.Cells, format, false)
				if res.Features != len(cells) {
					t.Errorf("Write(cells) wrote %d features; want %d", res.Features, len(cells))
				}
				path := filepath.Join(t.TempDir(), "cells"+export.Ext(format))
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				fs, rep, err := importer.ReadBoundaries(path, importer.ReadOptions{})
				if err != nil {
					t.Fatalf("ReadBoundaries(%s) = %v", format, err)
				}
				if rep.SRS != "EPSG:4326" && rep.SRS != "EPSG:4490" {
					t.Errorf("ReadBoundaries(%s) read SRS %q; want EPSG:4326", format, rep.SRS)
				}
				plan, err := importer.PlanBoundaries(t.Context(), st, fs, importer.BoundaryOptions{Reason: "round trip", EffectiveDate: "2026-12-01"})
				if err != nil {
					t.Fatalf("PlanBoundaries(%s) = %v", format, err)
				}
				if len(plan.Problems) > 0 || plan.Change != nil {
					t.Fatalf("PlanBoundaries(%s): problems %v, change %+v; want none", format, plan.Problems, plan.Change)
				}
				if len(plan.Cells) != len(cells) {
					t.Fatalf("read back %d cells; want %d", len(plan.Cells), len(cells))
				}
				for i, c := range plan.Cells {
					w := cells[i]
					if c.Code != w.Code || c.Name != w.Name || c.UnitCode != w.UnitCode {
						t.Errorf("cell %d read back as %s %s %s; want %s %s %s", i, c.Code, c.Name, c.UnitCode, w.Code, w.Name, w.UnitCode)
					}
					if !samePolygon(c.Geometry, w.Geometry, 1e-9) {
						t.Errorf("cell %s: geometry differs after the round trip", c.Code)
					}
				}
			})
		}
	})
}

// samePolygon reports whether two polygons have the same rings, point by
// point, within tol degrees.
func samePolygon(p, q orb.Polygon, tol float64) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if len(p[i]) != len(q[i]) {
			return false
		}
		for k := range p[i] {
			a, b := p[i][k], q[i][k]
			if math.Abs(a[0]-b[0]) > tol || math.Abs(a[1]-b[1]) > tol {
				return false
			}
		}
	}
	return true
}

// TestRoundTripSheets exports residents and incidents as .xlsx and CSV
// and imports each file again: every row is found unchanged, nothing is
// created or updated.
func TestRoundTripSheets(t *testing.T) {
	t.Parallel()
	townWithPeople(t, func(t *testing.T, st data.Store) {
		hs, _, err := st.Households(t.Context(), data.HouseholdFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			layer string
			kind  roster.Kind
		}{{export.Residents, roster.Residents}, {export.Incidents, roster.Incidents}} {
			for _, format := range []string{"xlsx", "csv"} {
				t.Run(c.layer+"."+format, func(t *testing.T) {
					b, res := exportBytes(t, st, c.layer, format, true)
					if res.Features == 0 {
						t.Fatalf("Write(%s) wrote no rows", c.layer)
					}
					if format == "csv" && !bytes.HasPrefix(b, []byte("\uFEFF")) {
						t.Errorf("the CSV has no UTF-8 byte order mark")
					}
					unchangedOnly(t, importSheet(t, st, c.kind, b))
				})
			}
		}
		again, _, err := st.Households(t.Context(), data.HouseholdFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(hs) {
			t.Errorf("%d households after the reimports; want %d", len(again), len(hs))
		}
	})
}

// TestIncidentsWithoutPersonalData checks that a non-admin's export of
// incidents has no parties or description and a masked summary, in every
// format.
func TestIncidentsWithoutPersonalData(t *testing.T) {
	t.Parallel()
	townWithPeople(t, func(t *testing.T, st data.Store) {
		ins, _, err := st.Incidents(t.Context(), data.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		in := ins[0]
		in.Summary = "张三与李四因排水沟争执，张三电话13812345678"
		if _, err := st.ImportIncidents(t.Context(), []data.Incident{in}); err != nil {
			t.Fatal(err)
		}
		for _, format := range export.Formats {
			t.Run(format, func(t *testing.T) {
				full, _ := exportBytes(t, st, export.Incidents, format, true)
				masked, _ := exportBytes(t, st, export.Incidents, format, false)
				for _, secret := range []string{"张三", "李四", "13812345678"} {
					if format != "gpkg" && format != "shp" && format != "xlsx" && !bytes.Contains(full, []byte(secret)) {
						t.Errorf("the admin's %s export lacks %q", format, secret)
					}
					if bytes.Contains(masked, []byte(secret)) {
						t.Errorf("the non-admin's %s export holds %q", format, secret)
					}
				}
				// (A GeoPackage's own tables have a "description" column.)
				if strings.Contains(string(masked), "parties") || format != "gpkg" && strings.Contains(string(masked), "descr") {
					t.Errorf("the non-admin's %s export has a parties or description field", format)
				}
			})
		}
	})
}

// TestRoundTripHouseholdsWithoutNumbers: households loaded without 户号
// (as the sample's, or any created before the sheet import) are exported
// as GM- and their ID, and importing the export finds them again: no
// household is created, no resident moves.
func TestRoundTripHouseholdsWithoutNumbers(t *testing.T) {
	t.Parallel()
	town, full := rostertest.Town(t)
	ds := *town
	ds.Households = full.Households[:40]
	keep := map[int64]bool{}
	for _, h := range ds.Households {
		if h.Number != "" {
			t.Fatalf("household %d of the sample has a number %q; the test needs households without", h.ID, h.Number)
		}
		keep[h.ID] = true
	}
	for _, r := range full.Residents {
		if keep[r.HouseholdID] {
			ds.Residents = append(ds.Residents, r)
		}
	}
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st := stores.Open(t, kind)
			if err := st.Load(t.Context(), &ds); err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{"xlsx", "csv"} {
				b, _ := exportBytes(t, st, export.Residents, format, true)
				unchangedOnly(t, importSheet(t, st, roster.Residents, b))
			}
			hs, n, err := st.Households(t.Context(), data.HouseholdFilter{})
			if err != nil || n != len(ds.Households) || hs[len(hs)-1].Number != "" {
				t.Errorf("households after reimporting the exports: %d, %v; want the %d loaded, still without 户号", n, err, len(ds.Households))
			}
		})
	}
}

// TestRoundTripReportedIncidents: incidents reported in gridmap (no ledger
// number, times to the microsecond) are exported as GM- and their ID, and
// importing the export finds them again: nothing is created or changed,
// their workflow and timeline stay as they are. A ledger row that corrects
// one updates it in place, still without a ledger number.
func TestRoundTripReportedIncidents(t *testing.T) {
	t.Parallel()
	_, full := rostertest.Town(t)
	townWithPeople(t, func(t *testing.T, st data.Store) {
		ctx := t.Context()
		var ids []int64
		for i, in := range full.Incidents[:3] {
			at := time.Date(2026, 11, 20+i, 9, 30, 15, 123456000, data.CST)
			in := data.Incident{Type: in.Type, Source: in.Source, Summary: in.Summary, Description: "报告人描述",
				Parties: []string{"张三", "李四"}, CellCode: in.CellCode, Location: in.Location, ReportedAt: at}
			created, _, err := st.CreateIncident(ctx, &in, "")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, created.ID)
		}
		if _, err := st.TransitionIncident(ctx, data.Transition{IncidentID: ids[1], From: data.StatusReported, To: data.StatusAccepted, ActorName: "测试"}); err != nil {
			t.Fatal(err)
		}
		before := make([]*data.Incident, len(ids))
		for i, id := range ids {
			before[i], _ = st.Incident(ctx, id)
		}
		_, total, _ := st.Incidents(ctx, data.IncidentFilter{})
		for _, format := range []string{"xlsx", "csv"} {
			b, _ := exportBytes(t, st, export.Incidents, format, true)
			if format == "csv" && !bytes.Contains(b, []byte(domain.ExportedNumber(ids[0]))) {
				t.Fatalf("the %s export does not name incident %d as %s", format, ids[0], domain.ExportedNumber(ids[0]))
			}
			unchangedOnly(t, importSheet(t, st, roster.Incidents, b))
		}
		if _, n, _ := st.Incidents(ctx, data.IncidentFilter{}); n != total {
			t.Errorf("%d incidents after reimporting the exports; want %d", n, total)
		}
		for i, id := range ids {
			after, err := st.Incident(ctx, id)
			if err != nil || !reflect.DeepEqual(after, before[i]) {
				t.Errorf("incident %d after the reimports = %+v, %v; want %+v", id, after, err, before[i])
			}
		}

		// A corrected row updates the reported incident it names.
		fixed := *before[2]
		fixed.Summary += "（已核实）"
		fixed.LedgerNumber = domain.ExportedNumber(fixed.ID)
		counts, err := st.ImportIncidents(ctx, []data.Incident{fixed})
		if err != nil || len(counts) != 1 || counts[0].Updated != 1 {
			t.Fatalf("ImportIncidents(corrected %s) = %+v, %v; want one updated", fixed.LedgerNumber, counts, err)
		}
		after, _ := st.Incident(ctx, fixed.ID)
		if after.Summary != fixed.Summary || after.LedgerNumber != "" || after.Version != before[2].Version+1 || !after.ReportedAt.Equal(before[2].ReportedAt) {
			t.Errorf("incident %d after the correction = %+v; want the new summary, no ledger number, the next version, the same report time", fixed.ID, after)
		}
	})
}

// TestRoundTripPartyDetails: an admin's export writes a case's parties
// as people (name, phone, the resident linked: domain.FormatParties) in
// the sheets' 当事人 and the map formats' parties, and the ledger import
// reads the sheets back to the same party details, changing nothing; a
// non-admin's export has none of it. On both stores.
func TestRoundTripPartyDetails(t *testing.T) {
	t.Parallel()
	_, full := rostertest.Town(t)
	townWithPeople(t, func(t *testing.T, st data.Store) {
		ctx := t.Context()
		h := full.Households[0]
		rs, _, err := st.Residents(ctx, data.ResidentFilter{CellCode: h.CellCode, Limit: 1})
		if err != nil || len(rs) == 0 {
			t.Fatalf("Residents(%s) = %v, %v", h.CellCode, rs, err)
		}
		in := data.Incident{Type: "邻里纠纷", Source: "群众来访", Summary: "排水纠纷", CellCode: h.CellCode, Location: h.Location,
			ReportedAt:   time.Date(2026, 11, 20, 9, 30, 0, 0, data.CST),
			PartyDetails: []data.Party{{Name: "外地人", Phone: "138-0000-9999"}, {ResidentID: rs[0].ID}}}
		created, _, err := st.CreateIncident(ctx, &in, "")
		if err != nil {
			t.Fatal(err)
		}
		before, err := st.IncidentParties(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.FormatParties(before.Parties)
		if !strings.Contains(want, "13800009999") || !strings.Contains(want, fmt.Sprint("#", rs[0].ID)) {
			t.Fatalf("FormatParties(%+v) = %q; want the phone and the resident", before.Parties, want)
		}
		for _, format := range []string{"xlsx", "csv"} {
			b, _ := exportBytes(t, st, export.Incidents, format, true)
			if format == "csv" && !bytes.Contains(b, []byte(want)) {
				t.Errorf("the CSV export has no %q", want)
			}
			unchangedOnly(t, importSheet(t, st, roster.Incidents, b))
			after, err := st.IncidentParties(ctx, created.ID)
			if err != nil || !reflect.DeepEqual(after.Parties, before.Parties) {
				t.Errorf("party details after reimporting the %s export = %+v, %v; want %+v", format, after, err, before.Parties)
			}
		}
		if b, _ := exportBytes(t, st, export.Incidents, "geojson", true); !bytes.Contains(b, []byte(want)) {
			t.Errorf("the admin's GeoJSON export has no parties %q", want)
		}
		if b, _ := exportBytes(t, st, export.Incidents, "geojson", false); bytes.Contains(b, []byte("13800009999")) || bytes.Contains(b, []byte(rs[0].Name)) {
			t.Errorf("a non-admin's GeoJSON export names a party")
		}
		// A corrected phone in the sheet updates the party details.
		fixed := *created
		fixed.LedgerNumber = domain.ExportedNumber(fixed.ID)
		fixed.PartyDetails = []data.Party{{Name: "外地人", Phone: "13800008888"}, {ResidentID: rs[0].ID}}
		if _, err := st.ImportIncidents(ctx, []data.Incident{fixed}); err != nil {
			t.Fatal(err)
		}
		after, err := st.IncidentParties(ctx, created.ID)
		if err != nil || len(after.Parties) != 2 || after.Parties[0].Phone != "13800008888" || after.Parties[1] != before.Parties[1] {
			t.Errorf("party details after a corrected import = %+v, %v; want the new phone, the resident kept", after, err)
		}
	})
}
