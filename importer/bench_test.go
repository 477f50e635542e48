package importer_test

import (
	"bytes"
	"testing"

	"gridmap/data/storetest/stores"
	"gridmap/importer"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// BenchmarkImportResidents100k imports a 100,000-row residents sheet
// (.xlsx) into the sample town without people, on each store: read,
// checked and written, each iteration into a new store. The issue's
// target is under a minute.
func BenchmarkImportResidents100k(b *testing.B) {
	town, full := rostertest.Town(b)
	src := rostertest.XLSX(b, rostertest.Residents(full, 100_000))
	for _, kind := range stores.Kinds {
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var rows int
			for b.Loop() {
				b.StopTimer()
				st := stores.Open(b, kind)
				if err := st.Load(b.Context(), town); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := importer.ImportSheet(b.Context(), st, roster.Residents, bytes.NewReader(src), sheetOptions())
				if err != nil {
					b.Fatal(err)
				}
				if !res.Report.OK() || res.Written == nil || res.Written[1].Created < 100_000 {
					b.Fatalf("report %+v, written %+v; want 100,000 residents created", res.Report.Errors[:min(3, len(res.Report.Errors))], res.Written)
				}
				rows = res.Report.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
