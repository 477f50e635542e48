package roster

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
)

// openTemplate opens the template of kind with types, with excelize.
func openTemplate(t *testing.T, kind Kind, types []data.IncidentType) *excelize.File {
	t.Helper()
	tpl, err := Template(kind, types)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fill opens a template with excelize, writes rows under its header (in
// the template's column order) and returns the workbook.
func fill(t *testing.T, kind Kind, rows [][]any) []byte {
	t.Helper()
	f := openTemplate(t, kind, nil)
	defer f.Close()
	name := f.GetSheetName(0)
	for i, r := range rows {
		if err := f.SetSheetRow(name, cellName(1, i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTemplateRoundTrip(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	// The test rows are in the template's column order, so the header
	// rows of the tests must be the template's.
	for kind, rows := range map[Kind][][]any{Residents: family(t), Staff: staffRows(t), Incidents: ledger(t)} {
		t.Run(string(kind), func(t *testing.T) {
			var header []any
			for _, c := range columns[kind] {
				header = append(header, c.header)
			}
			if !slices.Equal(header, rows[0]) {
				t.Fatalf("test header %v differs from the template's %v", rows[0], header)
			}
			b := fill(t, kind, rows[1:])
			var rep *Report
			var n int
			var err error
			switch kind {
			case Residents:
				var s *ResidentSheet
				s, err = ReadResidents(bytes.NewReader(b), tw.options())
				if s != nil {
					rep, n = &s.Report, len(s.Households[0].Residents)
				}
			case Staff:
				var s *StaffSheet
				s, err = ReadStaff(bytes.NewReader(b), tw.options())
				if s != nil {
					rep, n = &s.Report, len(s.People)
				}
			case Incidents:
				var s *IncidentSheet
				s, err = ReadIncidents(bytes.NewReader(b), tw.options())
				if s != nil {
					rep, n = &s.Report, len(s.Incidents)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || n != len(rows)-1 || len(rep.Unknown) != 0 {
				t.Errorf("template filled with %d rows read back as %d, errors %q, unknown %q", len(rows)-1, n, errorsOf(rep), rep.Unknown)
			}
		})
	}
}

func TestTemplateContents(t *testing.T) {
	t.Parallel()
	f := openTemplate(t, Residents, nil)
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"居民", "填写说明"}) {
		t.Errorf("sheets = %v; want 居民, 填写说明", got)
	}
	guide, _ := f.GetRows("填写说明")
	if len(guide) < len(columns[Residents])+1 || guide[5][0] != "公民身份号码" || guide[5][1] != "必填" || !strings.Contains(guide[5][2], "18 位") {
		t.Errorf("填写说明 = %q", guide)
	}
	dvs, err := f.GetDataValidations("居民")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[strings.Split(dv.Sqref, ":")[0]] = dv.Formula1
	}
	if !strings.Contains(lists["F2"], "男,女") || !strings.Contains(lists["D2"], "本人") {
		t.Errorf("validations = %v; want 性别 (F) 男,女 and 与户主关系 (D) with 本人", lists)
	}
	if _, err := Template("pets", nil); err == nil {
		t.Error("Template(pets) = nil error")
	}
}

// TestTemplateIncidentTypes: the ledger template offers the town's own
// dispute types (-incident-types), not the default ones, in its 类型
// drop-down and 填写说明; a list too long for Excel's drop-down is in the
// 填写说明 alone.
func TestTemplateIncidentTypes(t *testing.T) {
	t.Parallel()
	typeColumn := func(types []data.IncidentType) (list, help string) {
		t.Helper()
		f := openTemplate(t, Incidents, types)
		defer f.Close()
		col := strings.TrimRight(cellName(slices.IndexFunc(columns[Incidents], func(c column) bool { return c.field == "type" })+1, 1), "1")
		dvs, err := f.GetDataValidations("台账")
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			if strings.HasPrefix(dv.Sqref, col+"2:") {
				list = dv.Formula1
			}
		}
		guide, _ := f.GetRows("填写说明")
		for _, row := range guide {
			if len(row) > 2 && row[0] == "类型" {
				help = row[2]
			}
		}
		return list, help
	}
	list, help := typeColumn(nil)
	if !strings.Contains(list, "邻里纠纷,婚姻家庭") || !strings.HasPrefix(help, "邻里纠纷、婚姻家庭") {
		t.Errorf("default types: drop-down %q, help %q; want the default types", list, help)
	}
	own := []data.IncidentType{{Name: "山林纠纷"}, {Name: "养殖污染"}}
	list, help = typeColumn(own)
	if !strings.Contains(list, "山林纠纷,养殖污染") || strings.Contains(list, "邻里纠纷") || help != "山林纠纷、养殖污染。" {
		t.Errorf("the town's types: drop-down %q, help %q; want 山林纠纷 and 养殖污染 only", list, help)
	}
	var many []data.IncidentType
	for i := range 40 {
		many = append(many, data.IncidentType{Name: fmt.Sprintf("第%d类纠纷", i+1)})
	}
	list, help = typeColumn(many)
	if list != "" || !strings.Contains(help, "第40类纠纷") {
		t.Errorf("40 types: drop-down %q, help %q; want no drop-down (over Excel's 255 characters) and every type in the help", list, help)
	}
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	rows := family(t)
	rows[2][7] = "12345"
	rows[3][4] = "500110200001011"
	src := xlsx(t, rows)
	s, err := ReadResidents(bytes.NewReader(src), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Errors) != 2 {
		t.Fatalf("errors = %q; want two", errorsOf(&s.Report))
	}
	var out bytes.Buffer
	if err := WriteErrors(&out, bytes.NewReader(src), tw.options(), s.Errors, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows("Sheet1")
	if len(got) != 4 || got[0][12] != ErrorColumn || got[1][4] != rows[1][4] || len(got[1]) > 12 && got[1][12] != "" {
		t.Fatalf("error sheet = %q", got)
	}
	if !strings.HasPrefix(got[2][12], "联系电话：") || !strings.Contains(got[3][12], "15-digit") {
		t.Errorf("error column = %q, %q", got[2][12], got[3][12])
	}
	styled := func(cell string) bool {
		id, _ := f.GetCellStyle("Sheet1", cell)
		st, _ := f.GetStyle(id)
		return st != nil && len(st.Fill.Color) > 0
	}
	if !styled("H3") || !styled("E4") || styled("E3") || styled("H4") {
		t.Errorf("red cells: H3 %v E4 %v (want both), E3 %v H4 %v (want neither)", styled("H3"), styled("E4"), styled("E3"), styled("H4"))
	}
	// Fixed and sent again, the error sheet imports: its 错误 column is ignored.
	g := excelize.NewFile()
	defer g.Close()
	fixed, _ := f.GetRows("Sheet1")
	fixed[2][7] = "13900002222"
	fixed[3][4] = idFor("20000101", 3, false)
	for i, r := range fixed {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = v
		}
		g.SetSheetRow("Sheet1", cellName(1, i+1), &row)
	}
	var b bytes.Buffer
	g.Write(&b)
	s, err = ReadResidents(bytes.NewReader(b.Bytes()), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() || len(s.Unknown) != 0 {
		t.Errorf("fixed error sheet = %v, %q, unknown %q", err, errorsOf(&s.Report), s.Unknown)
	}
}
