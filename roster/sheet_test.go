package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	rows := residentRows(t, 2500)
	var seen []int
	opt := sampleTown(t).options()
	opt.Progress = func(n int) { seen = append(seen, n) }
	s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() {
		t.Fatalf("ReadResidents(sample) = %v, %q", err, errorsOf(&s.Report))
	}
	n := len(rows) - 1
	if len(seen) != 3 || seen[0] != 1000 || seen[1] != 2000 || seen[2] != n || s.Rows != n {
		t.Errorf("progress = %v for %d rows; want 1000, 2000, %d", seen, s.Rows, n)
	}
}

func TestTitleRows(t *testing.T) {
	t.Parallel()
	rows := append([][]any{{"安稳镇居民花名册"}, {}}, family(t)...)
	s, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), sampleTown(t).options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() || !slices.Equal(s.Households[0].Rows, []int{4, 5, 6}) {
		t.Fatalf("sheet under a title = %v, %q", err, errorsOf(&s.Report))
	}
	rows[3][4] = "110105491231002"
	s, err = ReadResidents(bytes.NewReader(xlsx(t, rows)), sampleTown(t).options())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Errors) != 1 || s.Errors[0].Row != 4 {
		t.Errorf("error under a title = %v, %q; want row 4, as the sheet numbers it", err, errorsOf(&s.Report))
	}
	rows[0] = []any{"安稳镇", "居民花名册"} // two filled cells: taken as the header, which lacks columns
	if _, err := ReadResidents(bytes.NewReader(xlsx(t, rows)), sampleTown(t).options()); err == nil || !strings.Contains(err.Error(), "(row 1)") {
		t.Errorf("two-cell title = %v; want missing columns in the header row 1", err)
	}
}

func TestReadColumns(t *testing.T) {
	t.Parallel()
	rows := [][]any{
		{"安稳镇居民花名册"},
		{"户编码", "户主姓名", "姓名", "关系", "身份证", "家庭地址", "备注"},
		{"1", "张三", "张三", "本人", "500110198001010011", "安稳镇", ""},
	}
	cases := []struct {
		name             string
		mapping          string
		unknown, missing []string
	}{
		{"unmapped", "", []string{"户编码", "家庭地址"}, []string{"户号"}},
		{"mapped", "户编码=household_no,家庭地址=现住址", nil, nil},
	}
	for _, c := range cases {
		m, err := ParseMap(c.mapping)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := ReadColumns(bytes.NewReader(xlsx(t, rows)), Residents, Options{Map: m})
		if err != nil {
			t.Fatalf("%s: ReadColumns = %v", c.name, err)
		}
		if cols.Row != 2 || len(cols.Headers) != 7 || !slices.Equal(cols.Unknown, c.unknown) || !slices.Equal(cols.Missing, c.missing) {
			t.Errorf("%s: ReadColumns = %+v; want row 2, unknown %q, missing %q", c.name, cols, c.unknown, c.missing)
		}
	}
	if _, err := ReadColumns(strings.NewReader("a,b\n"), "pets", Options{}); err == nil {
		t.Error("ReadColumns of kind pets = nil error")
	}
	if fs := Fields(Staff); len(fs) == 0 || fs[0].Name != "name" || fs[0].Header != "姓名" || !fs[0].Required {
		t.Errorf("Fields(Staff) = %+v; want 姓名 (name, required) first", fs)
	}
}
