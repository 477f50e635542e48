package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"gridmap/data"
)

var staffHeader = []any{"姓名", "类别", "职务", "联系电话", "所属网格", "所属村社区", "是否开通账号", "用户名"}

// staffRows is a valid staff sheet for the sample town.
func staffRows(t testing.TB) [][]any {
	ds := sampleTown(t).ds
	c0, c1, c9 := ds.Cells[0], ds.Cells[1], ds.Cells[9]
	return [][]any{
		slices.Clone(staffHeader),
		{"周网格", "网格员", "专职网格员", "13800001234", c0.Code + "、" + c1.Name, "", "是", "zhou.wg"},
		{"吴中心", "镇中心调解员", "主任调解员", "023-48601234", "", "", "否", ""},
		{"郑书记", "村干部", "书记", "13900004321", "", c9.UnitName, "", ""},
		{"王警官", "驻村民警", "", "13700001111", c9.Code, "", "是", ""},
		{"冯乡贤", "乡贤和议员", "", "", "", "", "", ""},
	}
}

func TestReadStaff(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	ds := tw.ds
	s, err := ReadStaff(bytes.NewReader(xlsx(t, staffRows(t))), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() || len(s.People) != 5 {
		t.Fatalf("ReadStaff = %d people, %q; want 5, no errors", len(s.People), errorsOf(&s.Report))
	}
	gw := s.People[0]
	if gw.GridWorker == nil || !slices.Equal(gw.GridWorker.Cells, []string{ds.Cells[0].Code, ds.Cells[1].Code}) || !gw.Account || gw.Username != "zhou.wg" || gw.GridWorker.Phone != "13800001234" {
		t.Errorf("grid worker = %+v %+v", gw, gw.GridWorker)
	}
	want := []data.Mediator{
		{Name: "吴中心", Role: "主任调解员", Category: data.MediatorTownCentre, Phone: "023-48601234"},
		{Name: "郑书记", Role: "书记", Category: data.MediatorCadre, UnitCode: ds.Cells[9].UnitCode, Phone: "13900004321"},
		{Name: "王警官", Category: data.MediatorPolice, UnitCode: ds.Cells[9].UnitCode, Phone: "13700001111"},
		{Name: "冯乡贤", Category: data.MediatorTownElder},
	}
	for i, w := range want {
		if m := s.People[i+1].Mediator; m == nil || *m != w {
			t.Errorf("mediator %d = %+v; want %+v", i, m, w)
		}
	}
	if !s.People[3].Account || s.People[1].Account {
		t.Errorf("accounts = %v %v; want 是 for row 5 only", s.People[4].Account, s.People[2].Account)
	}
}

func TestStaffRefusals(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	cases := []struct {
		name     string
		row, col int
		value    any
		errCol   string
		contains string
	}{
		{"unknown category", 1, 1, "保安", "类别", "not a category"},
		{"empty category", 1, 1, "", "类别", "category is empty"},
		{"grid worker without cells", 1, 4, "", "所属网格", "needs the cells"},
		{"unknown cell", 1, 4, "500110119001001;星星网格", "所属网格", "no cell named"},
		{"town mediator with a unit", 2, 5, tw.ds.Cells[9].UnitName, "所属村社区", "belongs to no village"},
		{"village mediator without a unit", 3, 5, "", "所属村社区", "serves a village"},
		{"unknown unit", 3, 5, "火星村", "所属村社区", "no village or community"},
		{"plain mediator of a village", 3, 1, "调解员", "类别", "needs the kind"},
		{"phone", 3, 3, "139-0000", "联系电话", "neither a mobile"},
		{"yes or no", 1, 6, "也许", "是否开通账号", "neither 是 nor 否"},
		{"bad username", 1, 7, "周 网格", "用户名", "not 1 to 64"},
		{"username without account", 2, 7, "wu", "用户名", "not 是"},
		{"duplicate username", 4, 7, "ZHOU.wg", "用户名", "also in row 2"},
		{"empty name", 2, 0, "", "姓名", "name is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := staffRows(t)
			rows[c.row][c.col] = c.value
			s, err := ReadStaff(bytes.NewReader(xlsx(t, rows)), tw.options())
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Errors) != 1 || s.Errors[0].Row != c.row+1 || s.Errors[0].Column != c.errCol || !strings.Contains(s.Errors[0].Err.Message, c.contains) {
				t.Errorf("errors = %q; want one at row %d, %s: …%s…", errorsOf(&s.Report), c.row+1, c.errCol, c.contains)
			}
			if s.People != nil {
				t.Errorf("people = %d with an invalid row; want none", len(s.People))
			}
		})
	}
	t.Run("skip invalid", func(t *testing.T) {
		rows := staffRows(t)
		rows[2][1] = "保安"
		opt := tw.options()
		opt.SkipInvalid = true
		s, err := ReadStaff(bytes.NewReader(xlsx(t, rows)), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.People) != 4 || !slices.Equal(s.Skipped, []int{3}) {
			t.Errorf("ReadStaff(skip) = %v, %d people, skipped %v; want 4, [3]", err, len(s.People), s.Skipped)
		}
	})
	t.Run("missing category column", func(t *testing.T) {
		rows := staffRows(t)
		rows[0][1] = "备注"
		if _, err := ReadStaff(bytes.NewReader(xlsx(t, rows)), tw.options()); err == nil || !strings.Contains(err.Error(), "“类别”") {
			t.Errorf("ReadStaff without 类别 = %v; want a refusal", err)
		}
	})
}
