// Package rostertest writes the sheets of a town office for tests and
// benchmarks: real .xlsx workbooks, written with excelize (the library
// package roster reads them with), from the sample town's people.
package rostertest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
	"gridmap/data/sample"
)

// Town returns the sample town's units and cells (with their grid
// workers) and none of its people: the town an import of people starts
// from. The whole data set is the second result. Both share their slices
// with every other call's, since the sample's people are drawn once per
// process (a second each time under -race): callers read them, and copy
// what they change.
func Town(tb testing.TB) (town, full *data.Dataset) {
	tb.Helper()
	full, err := shared()
	if err != nil {
		tb.Fatal(err)
	}
	town = &data.Dataset{Town: full.Town, Units: full.Units, Cells: full.Cells}
	return town, full
}

// shared is the sample data set that Town's results share.
var shared = sync.OnceValues(sample.Dataset)

// XLSX writes rows into the first sheet of a workbook.
func XLSX(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// ResidentHeader is the header row of the residents template.
var ResidentHeader = []any{"户号", "户主姓名", "姓名", "与户主关系", "公民身份号码", "性别", "出生日期", "联系电话", "现住址", "所属网格", "经度", "纬度"}

// Residents returns a residents sheet's rows, the header first: the
// sample town's residents (whole households) until there are at least n,
// copied with other region digits in their identity numbers (valid and
// unique) and other household numbers once they run out. Every third
// copy carries the household's coordinates, the others the cell code
// alone.
func Residents(full *data.Dataset, n int) [][]any {
	heads := map[int64]string{}
	for _, r := range full.Residents {
		if r.Relation == "户主" {
			heads[r.HouseholdID] = r.Name
		}
	}
	rows := [][]any{ResidentHeader}
	for k := 0; len(rows) <= n; k++ {
		for _, r := range full.Residents {
			if len(rows) > n && r.Relation == "户主" { // stop at a household's end
				break
			}
			id := r.IDNumber
			if k > 0 {
				first := id[:4] + fmt.Sprintf("%02d", 10+k) + id[6:17]
				id = first + string(CheckChar(first))
			}
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
			rows = append(rows, []any{fmt.Sprintf("%d-%d", k, r.HouseholdID), heads[r.HouseholdID], r.Name, rel, id, g,
				r.BirthDate, r.Phone, "安稳镇", r.CellCode, lon, lat})
		}
	}
	return rows
}

// CheckChar is the GB 11643 check character of an identity number's first
// 17 digits.
func CheckChar(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// StaffHeader is the header row of the staff template.
var StaffHeader = []any{"姓名", "类别", "职务", "联系电话", "所属网格", "所属村社区", "是否开通账号", "用户名"}

// Staff returns a staff sheet's rows for the sample town, the header
// first: a grid worker of two cells and a village police officer, both
// asking for accounts (the first with its username); a town-centre
// mediator asking for one, which cannot be opened; a village cadre not
// asking.
func Staff(full *data.Dataset) [][]any {
	c0, c1, c9 := full.Cells[0], full.Cells[1], full.Cells[9]
	return [][]any{
		StaffHeader,
		{"周网格", "网格员", "专职网格员", "13800001234", c0.Code + "、" + c1.Name, "", "是", "zhou.wg"},
		{"吴中心", "镇中心调解员", "主任调解员", "023-48601234", "", "", "是", ""},
		{"郑书记", "村干部", "书记", "13900004321", "", c9.UnitName, "", ""},
		{"王警官", "驻村民警", "", "13700001111", c9.Code, "", "是", ""},
	}
}

// LedgerHeader is the header row of the incident ledger template.
var LedgerHeader = []any{"编号", "类型", "来源", "状态", "发生时间", "摘要", "当事人", "详细情况", "经度", "纬度", "所属网格", "办结时间"}

// Ledger returns an incident ledger's rows for the sample town, the
// header first: a resolved dispute placed by its cell, an open petition
// by coordinates.
func Ledger(full *data.Dataset) [][]any {
	c3, c4 := full.Cells[3], full.Cells[4]
	p := full.Households[0].Location
	for _, h := range full.Households {
		if h.CellCode == c4.Code {
			p = h.Location
			break
		}
	}
	return [][]any{
		LedgerHeader,
		{"2021-001", "邻里纠纷", "群众来访", "已化解", "2021-03-01 09:30", "排水沟纠纷", "张三、李四", "两户因排水沟改道争执", "", "", c3.Code, "2021-03-10"},
		{"2021-002", "其他", "信访", "调解中", "2021-04-02", "补偿款诉求", "王五", "", p[0], p[1], "", ""},
	}
}
