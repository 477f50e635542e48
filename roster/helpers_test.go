package roster

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/geo"
)

// town is the sample town: its cells and a locator over them.
type town struct {
	ds     *data.Dataset
	locate Locator
}

var (
	townOnce sync.Once
	theTown  town
	townErr  error
)

func sampleTown(t testing.TB) town {
	t.Helper()
	townOnce.Do(func() {
		ds, err := sample.Dataset()
		if err != nil {
			townErr = err
			return
		}
		polys := make([]orb.Polygon, len(ds.Cells))
		for i, c := range ds.Cells {
			polys[i] = c.Geometry
		}
		ix := geo.NewIndex(polys)
		theTown = town{ds: ds, locate: func(p orb.Point) (string, bool) {
			i, ok := ix.Locate(p)
			if !ok {
				return "", false
			}
			return ds.Cells[i].Code, true
		}}
	})
	if townErr != nil {
		t.Fatal(townErr)
	}
	return theTown
}

// options are the options of a sheet read against the sample town.
func (tw town) options() Options {
	return Options{Cells: tw.ds.Cells, Locate: tw.locate, Today: time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)}
}

// xlsx writes rows into the first sheet of a workbook with excelize.
func xlsx(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// residentHeader is the header row of the template.
var residentHeader = []any{"户号", "户主姓名", "姓名", "与户主关系", "公民身份号码", "性别", "出生日期", "联系电话", "现住址", "所属网格", "经度", "纬度"}

// residentRows returns the sample town's first n residents as sheet rows
// (whole households, so possibly a few more), with cell codes and no
// coordinates, and the households they make.
func residentRows(t testing.TB, n int) [][]any {
	t.Helper()
	tw := sampleTown(t)
	heads := map[int64]string{}
	for _, r := range tw.ds.Residents {
		if r.Relation == "户主" {
			heads[r.HouseholdID] = r.Name
		}
	}
	rows := [][]any{residentHeader}
	var last int64
	for i, r := range tw.ds.Residents {
		if i >= n && r.HouseholdID != last {
			break
		}
		last = r.HouseholdID
		g := "男"
		if r.Gender == "F" {
			g = "女"
		}
		rel := r.Relation
		if rel == "户主" {
			rel = "本人"
		}
		rows = append(rows, []any{"H" + itoa(int(r.HouseholdID)), heads[r.HouseholdID], r.Name, rel, r.IDNumber, g, r.BirthDate, r.Phone, "安稳镇" + r.CellCode, r.CellCode, "", ""})
	}
	return rows
}

// errorsOf lists a report's errors as "row column: message" for failures.
func errorsOf(rep *Report) []string {
	var s []string
	for _, e := range rep.Errors {
		s = append(s, e.Error())
	}
	return s
}
