package stats

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// MediationReport is a month's table as the town files it: the place it
// covers (the town, or a unit of it), the month, its table and, for a
// town, a table per unit.
type MediationReport struct {
	Town  string // the town's name, e.g. 安稳镇
	Unit  string // the unit's name when the report covers one unit; "" for the town
	Month string // YYYY-MM
	Table MediationTable
	Units []UnitMediation // per unit: every unit of a town's report; none of a unit's
}

// UnitMediation is one unit's table in a town's report.
type UnitMediation struct {
	Code  string         `json:"code"`
	Name  string         `json:"name"`
	Table MediationTable `json:"table"`
}

// The sheet's texts: a document in the 司法部's Chinese format, whatever
// the reader's language.
const (
	sheetTitle  = "人民调解工作统计月报"
	sheetByType = "按纠纷类型"
	sheetByUnit = "按村（社区）"
)

var sheetHead = []string{"纠纷类型", "受理（件）", "调解成功（件）", "调解成功率", "涉及金额（元）", "防止民转刑（件）", "防止群体性上访（件）"}

// WriteMediationSheet writes r as an .xlsx workbook: a sheet by dispute
// type with the title, the reporting place, the month, the header, a row
// per category and the totals row; for a town's report a second sheet
// with each unit's totals and the town's. Counts and amounts are numbers
// (amounts with two decimals, rates as percentages) so that the office can
// add them up.
func WriteMediationSheet(w io.Writer, r MediationReport) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetByType); err != nil {
		return err
	}
	place := r.Town
	if r.Unit != "" {
		place += " " + r.Unit
	}
	rows := make([][]any, 0, len(r.Table.Rows)+1)
	for _, x := range append(r.Table.Rows, r.Table.Total) {
		rows = append(rows, rowCells(x.Name, x))
	}
	if err := writeTable(f, st, sheetByType, place, r.Month, rows); err != nil {
		return err
	}
	if r.Unit == "" && len(r.Units) > 0 {
		if _, err := f.NewSheet(sheetByUnit); err != nil {
			return err
		}
		rows = rows[:0]
		for _, u := range r.Units {
			rows = append(rows, rowCells(u.Name, u.Table.Total))
		}
		rows = append(rows, rowCells(r.Table.Total.Name, r.Table.Total))
		head := append([]string{"村（社区）"}, sheetHead[1:]...)
		if err := writeTableHead(f, st, sheetByUnit, place, r.Month, head, rows); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

type sheetStyles struct{ title, bold, count, amount, rate, boldCount, boldAmount, boldRate int }

func newSheetStyles(f *excelize.File) (st sheetStyles, err error) {
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}}},
		{&st.count, excelize.Style{NumFmt: 1, Border: border}},
		{&st.amount, excelize.Style{NumFmt: 4, Border: border}},
		{&st.rate, excelize.Style{NumFmt: 10, Border: border}},
		{&st.boldCount, excelize.Style{NumFmt: 1, Border: border, Font: &excelize.Font{Bold: true}}},
		{&st.boldAmount, excelize.Style{NumFmt: 4, Border: border, Font: &excelize.Font{Bold: true}}},
		{&st.boldRate, excelize.Style{NumFmt: 10, Border: border, Font: &excelize.Font{Bold: true}}},
	} {
		if *s.id, err = f.NewStyle(&s.style); err != nil {
			return st, err
		}
	}
	return st, nil
}

// rowCells is a row of the sheet: the label, the counts, the rate (empty
// when none was accepted) and the amount in 元.
func rowCells(label string, x MediationRow) []any {
	var rate any = ""
	if x.SuccessRate != nil {
		rate = *x.SuccessRate
	}
	return []any{label, x.Accepted, x.Mediated, rate, x.AmountAgreed.Float(), x.PreventedCrime, x.PreventedPetition}
}

func writeTable(f *excelize.File, st sheetStyles, sheet, place, month string, rows [][]any) error {
	return writeTableHead(f, st, sheet, place, month, sheetHead, rows)
}

// writeTableHead writes the title, the place and month lines, the header
// (row 4, frozen) and rows, the last of them the totals, in bold.
func writeTableHead(f *excelize.File, st sheetStyles, sheet, place, month string, head []string, rows [][]any) error {
	last := cell(len(head), 1)
	set := func(ref string, v any) error { return f.SetCellValue(sheet, ref, v) }
	if err := f.MergeCell(sheet, "A1", last); err != nil {
		return err
	}
	y, m := month, ""
	if len(month) == 7 {
		y, m = month[:4], strconv.Itoa(atoi(month[5:]))
	}
	for _, x := range []struct {
		ref string
		v   any
	}{{"A1", sheetTitle}, {"A2", "填报单位：" + place}, {"A3", "统计月份：" + y + "年" + m + "月"}} {
		if err := set(x.ref, x.v); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A1", last, st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 28); err != nil {
		return err
	}
	for i, h := range head {
		if err := set(cell(i+1, 4), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A4", cell(len(head), 4), st.bold); err != nil {
		return err
	}
	for i, r := range rows {
		y := 5 + i
		total := i == len(rows)-1
		for j, v := range r {
			if err := set(cell(j+1, y), v); err != nil {
				return err
			}
			style := [...]int{st.count, st.rate, st.amount}
			if total {
				style = [...]int{st.boldCount, st.boldRate, st.boldAmount}
			}
			s := style[0]
			switch {
			case j == 0 && total:
				s = st.bold
			case j == 3:
				s = style[1]
			case j == 4:
				s = style[2]
			}
			if err := f.SetCellStyle(sheet, cell(j+1, y), cell(j+1, y), s); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", cell(len(head), 1)[:1], 14); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})
}

// cell names the cell of column col and row row (1-based), "B4".
func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
