package roster

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gridmap/geo"
)

// idFor builds a valid identity number for a birth date (YYYYMMDD); the
// 17th digit is odd for men.
func idFor(birth string, seq int, female bool) string {
	d := seq % 5 * 2
	if !female {
		d++
	}
	first := "500110" + birth + itoa(10+seq%90) + itoa(d)
	return first + string(idCheckChar(first))
}

// family is a valid household of three in the sample town's first cell.
func family(t testing.TB) [][]any {
	cell := sampleTown(t).ds.Cells[0].Code
	return [][]any{
		slices.Clone(residentHeader),
		{"1001", "张三", "张三", "本人", idFor("19700304", 1, false), "男", "1970-03-04", "138 0000 1111", "一社1号", cell, "", ""},
		{"1001", "张三", "李四", "配偶", idFor("19720506", 2, true), "女", "1972/5/6", "+86 139-0000-2222", "一社1号", cell, "", ""},
		{"1001", "张三", "张五", "子", idFor("20000101", 3, false), "", "2000年1月1日", "023-48600000", "一社1号", cell, "", ""},
	}
}

func TestReadResidentsFamily(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	s, err := ReadResidents(bytes.NewReader(xlsx(t, family(t))), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() || len(s.Households) != 1 {
		t.Fatalf("ReadResidents(family) = %d households, errors %q; want 1, none", len(s.Households), errorsOf(&s.Report))
	}
	h := s.Households[0]
	c := tw.ds.Cells[0]
	if h.Number != "1001" || h.HeadName != "张三" || h.CellCode != c.Code || !h.Approximate || h.Location != geo.LabelPoint(c.Geometry) || h.Address != "一社1号" {
		t.Errorf("household = %+v; want 1001 headed by 张三 at the label point of %s, approximate", h, c.Code)
	}
	want := []struct{ rel, phone, birth, gender string }{
		{"户主", "13800001111", "1970-03-04", "M"},
		{"配偶", "13900002222", "1972-05-06", "F"},
		{"子", "023-48600000", "2000-01-01", "M"},
	}
	for i, w := range want {
		r := h.Residents[i]
		if r.Relation != w.rel || r.Phone != w.phone || r.BirthDate != w.birth || r.Gender != w.gender || r.CellCode != c.Code {
			t.Errorf("resident %d = %+v; want relation %s phone %s birth %s gender %s", i, r, w.rel, w.phone, w.birth, w.gender)
		}
	}
	if !slices.Equal(h.Rows, []int{2, 3, 4}) || s.Rows != 3 || s.Valid != 3 {
		t.Errorf("rows %v, counts %+v; want rows 2-4 all valid", h.Rows, s.Counts)
	}
}

func TestReadResidentsCoordinates(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	c := tw.ds.Cells[5]
	p := geo.LabelPoint(c.Geometry)
	rows := family(t)
	for _, r := range rows[1:] {
		r[9] = ""
	}
	rows[2][10], rows[2][11] = p[0], p[1] // the spouse's row has the coordinates
	s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() {
		t.Fatalf("ReadResidents = %v, %q", err, errorsOf(&s.Report))
	}
	// excelize writes 15 significant digits.
	if h := s.Households[0]; h.CellCode != c.Code || h.Approximate || math.Abs(h.Location[0]-p[0]) > 1e-9 || math.Abs(h.Location[1]-p[1]) > 1e-9 {
		t.Errorf("household at %s %v approximate %v; want %s %v exact", h.CellCode, h.Location, h.Approximate, c.Code, p)
	}
}

// TestResidentRefusals changes one cell of the family and expects one
// error at that row and column.
func TestResidentRefusals(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	inner := geo.LabelPoint(tw.ds.Cells[7].Geometry)
	good := idFor("19700304", 1, false)
	cases := []struct {
		name     string
		row, col int // 0-based in family(); row 1 is sheet row 2
		value    any
		errRow   int
		errCol   string
		contains string
	}{
		{"check digit", 1, 4, good[:17] + string("0123456789"[(int(good[17]-'0')+1)%10]), 2, "公民身份号码", "wrong check digit"},
		{"lower-case x accepted only as check", 1, 4, "50011019700304123", 2, "公民身份号码", "not 17 digits"},
		{"15 digits", 1, 4, "500110700304121", 2, "公民身份号码", "15-digit"},
		{"stored as a number", 1, 4, "5.00110197003041E+17", 2, "公民身份号码", "stored as a number"},
		{"birth date in the number", 1, 4, func() string { f := "50011019701304121"; return f + string(idCheckChar(f)) }(), 2, "公民身份号码", "no valid birth date"},
		{"birth date differs", 1, 6, "1970-03-05", 2, "出生日期", "differs from the one in the identity number"},
		{"birth date unreadable", 1, 6, "3/4/70", 2, "出生日期", "is not a date"},
		{"gender differs", 1, 5, "女", 2, "性别", "gender 女 differs"},
		{"gender unknown", 1, 5, "未知", 2, "性别", "not a gender"},
		{"phone", 2, 7, "1390000222", 3, "联系电话", "neither a mobile number"},
		{"phone landline short", 2, 7, "023-12345", 3, "联系电话", "neither a mobile number"},
		{"no head", 1, 3, "兄弟", 2, "与户主关系", "has no head"},
		{"two heads", 3, 3, "户主", 4, "与户主关系", "second head"},
		{"head name", 3, 1, "王六", 4, "户主姓名", "not 王六"},
		{"unknown cell code", 2, 9, "500110119999999", 3, "所属网格", "no cell with code"},
		{"unknown cell name", 2, 9, "月亮网格", 3, "所属网格", "no cell named"},
		{"other cell than the household", 3, 9, tw.ds.Cells[1].Code, 4, "所属网格", "this member is in cell"},
		{"empty name", 2, 2, "", 3, "姓名", "name is empty"},
		{"empty household number", 2, 0, "", 3, "户号", "household number is empty"},
		{"empty relation", 3, 3, "", 4, "与户主关系", "relation to the head"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := family(t)
			rows[c.row][c.col] = c.value
			checkOneError(t, rows, c.errRow, c.errCol, c.contains)
		})
	}
	locCases := []struct {
		name           string
		lon, lat       any
		errCol, substr string
	}{
		{"point in another cell", inner[0], inner[1], "经度", "not in cell"},
		{"point outside the town", 100.0, 30.0, "经度", "none of the town's cells"},
		{"latitude alone", "", inner[1], "经度", "latitude is given without"},
		{"longitude alone", inner[0], "", "纬度", "longitude is given without"},
		{"not a number", "东经106度", inner[1], "经度", "not a longitude"},
		{"swapped", inner[1], inner[0], "经度", "look swapped"},
	}
	for _, c := range locCases {
		t.Run(c.name, func(t *testing.T) {
			rows := family(t)
			rows[1][10], rows[1][11] = c.lon, c.lat
			checkOneError(t, rows, 2, c.errCol, c.substr)
		})
	}
	t.Run("duplicate identity number", func(t *testing.T) {
		rows := family(t)
		rows[3][4], rows[3][5], rows[3][6] = good, "", ""
		checkOneError(t, rows, 4, "公民身份号码", "also in row 2")
	})
	t.Run("a member without a place takes the household's", func(t *testing.T) {
		rows := family(t)
		rows[2][9] = ""
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() || s.Households[0].Residents[1].CellCode != tw.ds.Cells[0].Code {
			t.Errorf("ReadResidents = %v, %q; want valid in the household's cell", err, errorsOf(&s.Report))
		}
	})
	t.Run("one-person household in an unknown cell", func(t *testing.T) {
		rows := family(t)[:2]
		rows[1][9] = "500110119999999"
		checkOneError(t, rows, 2, "所属网格", "no cell with code")
	})
	t.Run("household without a place", func(t *testing.T) {
		rows := family(t)
		for _, r := range rows[1:] {
			r[9] = ""
		}
		checkOneError(t, rows, 2, "所属网格", "has no place")
	})
}

func checkOneError(t *testing.T, rows [][]any, row int, col, contains string) {
	t.Helper()
	s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), sampleTown(t).options())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Errors) != 1 {
		t.Fatalf("errors = %q; want one at row %d %s", errorsOf(&s.Report), row, col)
	}
	e := s.Errors[0]
	if e.Row != row || e.Column != col || e.Err.Field != col || !strings.Contains(e.Err.Message, contains) {
		t.Errorf("error = %v (field %q); want row %d, %s: …%s…", e, e.Err.Field, row, col, contains)
	}
	if s.Households != nil {
		t.Errorf("households = %d with an invalid row and no SkipInvalid; want none", len(s.Households))
	}
	if s.Invalid == 0 || s.Valid+s.Invalid != s.Rows {
		t.Errorf("counts = %+v", s.Counts)
	}
}

func TestResidentColumns(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	t.Run("missing required column is fatal", func(t *testing.T) {
		rows := family(t)
		for i := range rows {
			rows[i] = slices.Delete(rows[i], 4, 5) // no 公民身份号码
		}
		_, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err == nil || !strings.Contains(err.Error(), "“公民身份号码”") || !strings.Contains(err.Error(), "“户主姓名”") {
			t.Errorf("ReadResidents without 公民身份号码 = %v; want a refusal naming it and the headers found", err)
		}
	})
	t.Run("aliases and unknown columns", func(t *testing.T) {
		rows := family(t)
		rows[0] = slices.Clone(rows[0])
		rows[0][4], rows[0][7], rows[0][8] = "身份证号码", "手机号码", "住址"
		for i := range rows {
			rows[i] = append(rows[i], "x")
		}
		rows[0][12] = "民族"
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() || !slices.Equal(s.Unknown, []string{"民族"}) {
			t.Errorf("ReadResidents = %v, errors %q, unknown %q; want valid, unknown [民族]", err, errorsOf(&s.Report), s.Unknown)
		}
	})
	t.Run("-map", func(t *testing.T) {
		rows := family(t)
		rows[0] = slices.Clone(rows[0])
		rows[0][4], rows[0][2] = "证件号", "成员"
		m, err := ParseMap("证件号=id_number，成员=姓名")
		if err != nil {
			t.Fatal(err)
		}
		opt := tw.options()
		opt.Map = m
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), opt)
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() || s.Households[0].Residents[1].Name != "李四" {
			t.Fatalf("ReadResidents with -map = %v, %q", err, errorsOf(&s.Report))
		}
		opt.Map = map[string]string{"证件号": "passport"}
		if _, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), opt); err == nil || !strings.Contains(err.Error(), "passport") {
			t.Errorf("-map to an unknown field = %v; want a refusal naming it", err)
		}
	})
	t.Run("ParseMap refuses a pair without =", func(t *testing.T) {
		if _, err := ParseMap("a=b,c"); err == nil {
			t.Error("ParseMap(a=b,c) = nil error")
		}
	})
	t.Run("English headers", func(t *testing.T) {
		rows := family(t)
		rows[0] = []any{"household_no", "Head_Name", "name", "relation", "ID Number", "sex", "birthday", "mobile", "address", "cell", "lon", "lat"}
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() || len(s.Unknown) != 0 || s.Households[0].Residents[0].Phone != "13800001111" {
			t.Errorf("English headers: errors %q, unknown %q", errorsOf(&s.Report), s.Unknown)
		}
	})
	t.Run("cell by code and by name", func(t *testing.T) {
		c0, c1 := tw.ds.Cells[0], tw.ds.Cells[1]
		rows := family(t)
		rows[0] = append(rows[0], "网格名称")
		rows[1] = append(rows[1], c0.Name)
		rows[2] = append(rows[2], c0.Name)
		rows[2][9] = "" // the name alone
		rows[3] = append(rows[3], c1.Name)
		checkOneError(t, rows, 4, "网格名称", "names cell "+c1.Code+", but 所属网格 names cell "+c0.Code)
		rows[3][12] = c0.Name
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() || s.Households[0].CellCode != c0.Code {
			t.Errorf("code and name agreeing = %q", errorsOf(&s.Report))
		}
	})
	t.Run("two columns for one field", func(t *testing.T) {
		rows := family(t)
		rows[0] = append(slices.Clone(rows[0]), "身份证号")
		_, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err == nil || !strings.Contains(err.Error(), "both give") {
			t.Errorf("two identity columns = %v; want a refusal", err)
		}
	})
	t.Run("named sheet", func(t *testing.T) {
		f := excelize.NewFile()
		f.NewSheet("人口")
		for i, r := range family(t) {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("人口", cell, &r)
		}
		var b bytes.Buffer
		f.Write(&b)
		opt := tw.options()
		opt.Sheet = "人口"
		s, err := ReadResidents(bytes.NewReader(b.Bytes()), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Households) != 1 {
			t.Errorf("sheet 人口 = %v", err)
		}
		opt.Sheet = "户籍"
		if _, err := ReadResidents(bytes.NewReader(b.Bytes()), opt); err == nil || !strings.Contains(err.Error(), "人口") {
			t.Errorf("missing sheet = %v; want a refusal listing the sheets", err)
		}
		opt.Sheet = ""
		if _, err := ReadResidents(bytes.NewReader(b.Bytes()), opt); err == nil || !strings.Contains(err.Error(), "empty") {
			t.Errorf("first sheet (empty) = %v; want a refusal", err)
		}
	})
}

func TestResidentsSkipInvalid(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	rows := family(t)
	cell := tw.ds.Cells[2].Code
	rows = append(rows,
		[]any{"1002", "王一", "王一", "户主", idFor("19500101", 4, false), "", "", "", "", cell, "", ""},
		[]any{"1003", "赵一", "赵一", "户主", idFor("19600101", 5, false), "", "", "12345", "", cell, "", ""})
	opt := tw.options()
	opt.SkipInvalid = true
	rows[2][4] = "500110197205061" // 15 digits: the spouse's row is invalid, so household 1001 is skipped
	s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Households) != 1 || s.Households[0].Number != "1002" {
		t.Errorf("households = %+v; want 1002 alone", s.Households)
	}
	if !slices.Equal(s.Skipped, []int{2, 3, 4, 6}) || s.Counts.Skipped != 4 || s.Invalid != 2 || s.Valid != 3 {
		t.Errorf("skipped %v counts %+v; want rows 2,3,4,6 skipped, 2 invalid", s.Skipped, s.Counts)
	}
}

func TestResidentDates(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	for _, v := range []any{"1970-03-04", "1970/3/4", "1970.3.4", "1970年3月4日", "19700304", 19700304, "1970-03-04 00:00:00", time.Date(1970, 3, 4, 0, 0, 0, 0, time.UTC)} {
		rows := family(t)
		rows[1][6] = v // a time.Time is written as an Excel serial date
		s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), tw.options())
		if err != nil {
			t.Fatal(err)
		}
		if !s.OK() {
			t.Errorf("birth date %v: %v %q", v, err, errorsOf(&s.Report))
		}
	}
}

func TestResidentsCSV(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	var b strings.Builder
	for _, r := range family(t) {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.(string)) // family has text cells only
		}
		b.WriteString(strings.Join(cells, ",") + "\r\n")
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"UTF-8": b.String(), "UTF-8 with BOM": "\uFEFF" + b.String(), "GBK": gbk} {
		t.Run(name, func(t *testing.T) {
			s, err := ReadResidents(strings.NewReader(content), tw.options())
			if err != nil {
				t.Fatal(err)
			}
			if !s.OK() || len(s.Households) != 1 || s.Households[0].Residents[1].Name != "李四" || s.Households[0].Address != "一社1号" {
				t.Errorf("ReadResidents(%s CSV) = %v, %q", name, err, errorsOf(&s.Report))
			}
		})
	}
}
