package roster

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bigResidents writes n residents' rows into an .xlsx with excelize's
// stream writer: the sample town's residents, copied with other region
// digits in their identity numbers (so that all stay valid and unique)
// and other household numbers; every third copy carries the household's
// coordinates, the others the cell code alone.
func bigResidents(b *testing.B, n int) []byte {
	b.Helper()
	ds := sampleTown(b).ds
	heads := map[int64]string{}
	for _, r := range ds.Residents {
		if r.Relation == "户主" {
			heads[r.HouseholdID] = r.Name
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", residentHeader)
	row := 1
	for k := 0; row <= n; k++ {
		for _, r := range ds.Residents {
			if row > n && r.Relation == "户主" { // stop at a household's end
				break
			}
			first := r.IDNumber[:4] + fmt.Sprintf("%02d", 10+k) + r.IDNumber[6:17]
			g, rel := "男", r.Relation
			if r.Gender == "F" {
				g = "女"
			}
			if rel == "户主" {
				rel = "本人"
			}
			var lon, lat any = "", ""
			if k%3 == 1 {
				lon, lat = r.Location[0], r.Location[1]
			}
			row++
			sw.SetRow(cellName(1, row), []any{fmt.Sprintf("%d-%d", k, r.HouseholdID), heads[r.HouseholdID], r.Name, rel, first + string(idCheckChar(first)), g, r.BirthDate, r.Phone, "安稳镇", r.CellCode, lon, lat})
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadResidents100k reads and checks a 100,000-row residents
// sheet: the target is under a minute end to end.
func BenchmarkReadResidents100k(b *testing.B) {
	src := bigResidents(b, 100_000)
	opt := sampleTown(b).options()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	var rows int
	for b.Loop() {
		s, err := ReadResidents(bytes.NewReader(src), opt)
		if err != nil {
			b.Fatal(err)
		}
		if !s.OK() {
			b.Fatalf("errors: %q", errorsOf(&s.Report)[:3])
		}
		rows = s.Rows
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
