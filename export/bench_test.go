package export_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/export"
	"gridmap/importer"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// countingWriter counts what an export writes, and drops it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkExportResidents100k exports 100,000 residents (the sample
// town's, imported from a residents sheet) in every format from each
// store; the file goes to a writer that counts it (MB/s is of the file).
func BenchmarkExportResidents100k(b *testing.B) {
	town, full := rostertest.Town(b)
	src := rostertest.XLSX(b, rostertest.Residents(full, 100_000))
	for _, kind := range stores.Kinds {
		b.Run(kind, func(b *testing.B) {
			st := stores.Open(b, kind)
			if err := st.Load(b.Context(), town); err != nil {
				b.Fatal(err)
			}
			opt := importer.SheetOptions{Options: roster.Options{Today: time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)}}
			res, err := importer.ImportSheet(b.Context(), st, roster.Residents, bytes.NewReader(src), opt)
			if err != nil || res.Written == nil || res.Written[1].Created < 100_000 {
				b.Fatalf("importing 100,000 residents: %v, %+v", err, res)
			}
			for _, format := range export.Formats {
				b.Run(format, func(b *testing.B) {
					b.ReportAllocs()
					var w countingWriter
					n := 0
					for b.Loop() {
						w.n = 0
						r, err := export.Write(b.Context(), st, &w, export.Residents, format, export.Options{Personal: true})
						if err != nil {
							b.Fatal(err)
						}
						n = r.Features
					}
					if n < 100_000 {
						b.Fatalf("exported %d residents; want 100,000", n)
					}
					b.SetBytes(w.n)
					b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "residents/s")
				})
			}
		})
	}
}
