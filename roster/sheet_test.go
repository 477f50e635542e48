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
