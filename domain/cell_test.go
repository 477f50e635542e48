package domain

import "testing"

func TestCellSeq(t *testing.T) {
	const unit = "500110119206"
	cases := []struct {
		code string
		n    int
		ok   bool
	}{
		{unit + "007", 7, true}, {unit + "120", 120, true}, {unit + "07", 0, false}, {unit + "0071", 0, false},
		{unit + "+07", 0, false}, {"500110119207001", 0, false}, {unit, 0, false},
	}
	for _, c := range cases {
		if n, ok := CellSeq(c.code, unit); n != c.n || ok != c.ok {
			t.Errorf("CellSeq(%q) = %d, %v; want %d, %v", c.code, n, ok, c.n, c.ok)
		}
	}
	if _, ok := CellSeq("001", ""); ok {
		t.Errorf("CellSeq(001, no unit) = ok; want not a cell code")
	}
}
