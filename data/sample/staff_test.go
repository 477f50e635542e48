package sample

import (
	"slices"
	"testing"

	"gridmap/data"
)

func TestGridWorkers(t *testing.T) {
	d := dataset(t)
	var next int64 = 1
	twos := 0
	for _, c := range d.Cells {
		n := len(c.GridWorkers)
		switch {
		case c.Kind == data.CellRural && n != 1:
			t.Errorf("rural cell %s has %d grid workers; want 1", c.Code, n)
		case c.Kind == data.CellCommunity && (n < 1 || n > 2):
			t.Errorf("community cell %s has %d grid workers; want 1 or 2", c.Code, n)
		}
		if n == 2 {
			twos++
		}
		for _, w := range c.GridWorkers {
			if w.ID != next || w.Name == "" || !slices.Equal(w.Cells, []string{c.Code}) {
				t.Fatalf("cell %s worker = %+v; want ID %d, a name and cells [%s]", c.Code, w, next, c.Code)
			}
			next++
		}
	}
	if twos == 0 {
		t.Error("no community cell has two grid workers")
	}
}

// TestMediators checks the posts the 2021 report lists: 8 mediators and 7
// elders at the town centre; in every unit its secretary, director,
// governance officer, police officer, lawyer and 1-2 elders.
func TestMediators(t *testing.T) {
	d := dataset(t)
	roles := make(map[string][]string) // unit ("" for the town) -> roles
	cats := make(map[string]int)
	for i, m := range d.Mediators {
		if m.ID != int64(i+1) || m.Name == "" {
			t.Fatalf("mediator %d = %+v; want ID %d and a name", i, m, i+1)
		}
		roles[m.UnitCode] = append(roles[m.UnitCode], m.Role)
		cats[m.Category+"/"+m.UnitCode]++
	}
	for _, post := range []string{"政法书记", "平安办主任", "司法所长", "派出所教导员", "法律顾问"} {
		if !slices.Contains(roles[""], post) {
			t.Errorf("the town centre has no %s", post)
		}
	}
	if n := cats[data.MediatorTownCentre+"/"]; n != 8 {
		t.Errorf("town centre mediators = %d; want 8", n)
	}
	if n := cats[data.MediatorTownElder+"/"]; n != 7 {
		t.Errorf("town elders = %d; want 7", n)
	}
	for _, u := range d.Units {
		for _, post := range []string{"书记", "主任", "综治专干", "驻片民警", "驻村律师"} {
			if !slices.Contains(roles[u.Code], post) {
				t.Errorf("unit %s has no %s", u.Code, post)
			}
		}
		if n := cats[data.MediatorCadre+"/"+u.Code]; n != 3 {
			t.Errorf("unit %s cadres = %d; want 3", u.Code, n)
		}
		if cats[data.MediatorPolice+"/"+u.Code] != 1 || cats[data.MediatorLawyer+"/"+u.Code] != 1 {
			t.Errorf("unit %s needs one police officer and one lawyer", u.Code)
		}
		if n := cats[data.MediatorElder+"/"+u.Code]; n < 1 || n > 2 {
			t.Errorf("unit %s elders = %d; want 1-2", u.Code, n)
		}
	}
}
