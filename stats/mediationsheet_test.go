package stats

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
	"gridmap/domain"
)

// TestWriteMediationSheet: the workbook opens; its first sheet has the
// title, the town, the month, a row per category and the totals row with
// the amount in 元; the second a row per unit and the town's totals.
func TestWriteMediationSheet(t *testing.T) {
	town := MediationMonth([]MediationCase{
		{Type: "劳资", Status: data.StatusClosed, Records: []data.MediationRecord{{Outcome: data.OutcomeAgreement, AmountAgreed: 123456, PreventedCrime: true}}},
		{Type: "劳资", Status: data.StatusMediating},
	}, domain.DefaultIncidentTypes())
	var b bytes.Buffer
	err := WriteMediationSheet(&b, MediationReport{Town: "安稳镇", Month: "2026-03", Table: town,
		Units: []UnitMediation{{Code: "1", Name: "龙门村", Table: town}, {Code: "2", Name: "石门村", Table: MediationMonth(nil, nil)}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("opening the workbook: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != sheetByType || got[1] != sheetByUnit {
		t.Fatalf("sheets = %v; want %s, %s", got, sheetByType, sheetByUnit)
	}
	rows, err := f.GetRows(sheetByType)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4+len(data.MediationCategories)+1 {
		t.Fatalf("rows = %d; want title, place, month, header, %d categories and the totals", len(rows), len(data.MediationCategories))
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{
		{0, 0, "人民调解工作统计月报"}, {1, 0, "填报单位：安稳镇"}, {2, 0, "统计月份：2026年3月"}, {3, 4, "涉及金额（元）"},
		{4, 0, "婚姻家庭"}, {4 + 9, 0, "劳动争议"}, {4 + 9, 1, "2"}, {4 + 9, 2, "1"}, {4 + 9, 3, "50.00%"},
		{len(rows) - 1, 0, "合计"}, {len(rows) - 1, 4, "1,234.56"}, {len(rows) - 1, 5, "1"},
	} {
		if got := at(rows, c.row, c.col); got != c.want {
			t.Errorf("%s row %d column %d = %q; want %q", sheetByType, c.row+1, c.col+1, got, c.want)
		}
	}
	v, err := f.GetCellValue(sheetByType, "E19", excelize.Options{RawCellValue: true})
	if err != nil || v != "1234.56" {
		t.Errorf("E19 raw = %q, %v; want the number 1234.56", v, err)
	}
	units, err := f.GetRows(sheetByUnit)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 7 || at(units, 4, 0) != "龙门村" || at(units, 5, 0) != "石门村" || at(units, 5, 3) != "" || at(units, 6, 0) != "合计" || at(units, 6, 1) != "2" {
		t.Errorf("%s = %q; want 龙门村, 石门村 (no rate: none accepted) and the totals", sheetByUnit, units)
	}
}

func at(rows [][]string, r, c int) string {
	if r >= len(rows) || c >= len(rows[r]) {
		return ""
	}
	return rows[r][c]
}
