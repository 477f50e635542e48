package sample

import (
	"slices"
	"testing"
	"time"
)

func TestPlants(t *testing.T) {
	plants, err := Plants()
	if err != nil {
		t.Fatal(err)
	}
	g := committed(t)
	index := make(map[string]int)
	for i, c := range g.cells {
		index[c.code] = i
	}
	adj := adjacency(g.cells)
	kinds := make(map[string]int)
	taken := make(map[string]bool)
	for _, p := range plants {
		kinds[p.Kind]++
		if p.Kind == PlantHot && !slices.Contains(incidentTypeNames, p.Type) {
			t.Errorf("plant %s type = %q", p.Name, p.Type)
		}
		if !slices.Contains(p.Cells, p.Centre) || len(p.Cells) < 3 {
			t.Errorf("plant %s cells = %v; want its centre %s and neighbours", p.Name, p.Cells, p.Centre)
		}
		centre, ok := index[p.Centre]
		if !ok {
			t.Fatalf("plant %s centre %s is not a cell", p.Name, p.Centre)
		}
		for _, code := range p.Cells {
			i, ok := index[code]
			if !ok || (i != centre && !slices.Contains(adj[centre], i)) {
				t.Errorf("plant %s cell %s is not the centre or a neighbour of it", p.Name, code)
			}
			if taken[code] {
				t.Errorf("cell %s is in two plants", code)
			}
			taken[code] = true
		}
		if !p.From.Before(p.To) || p.From.Before(periodStart) || p.To.After(periodEnd) {
			t.Errorf("plant %s runs %v to %v, outside the sample period", p.Name, p.From, p.To)
		}
	}
	if kinds[PlantHot] < 2 || kinds[PlantCold] < 1 {
		t.Errorf("plants by kind = %v; want 2-3 hot and 1 cold", kinds)
	}
}

// TestPlantedRates checks that the plants show in the incidents: within
// its window a hot cluster has several times the town's incident rate per
// resident (and more so for its type); a cold area has a fraction of it.
func TestPlantedRates(t *testing.T) {
	d := dataset(t)
	plants, err := Plants()
	if err != nil {
		t.Fatal(err)
	}
	pop := make(map[string]int)
	townPop := 0
	for _, c := range d.Cells {
		pop[c.Code] = c.Population
		townPop += c.Population
	}
	// rate returns incidents per resident in cells (nil: the town) during
	// [from, to), of the given type ("" for any).
	rate := func(cells []string, from, to time.Time, typ string) float64 {
		n, people := 0, townPop
		if cells != nil {
			people = 0
			for _, c := range cells {
				people += pop[c]
			}
		}
		for _, in := range d.Incidents {
			if (cells == nil || slices.Contains(cells, in.CellCode)) && !in.ReportedAt.Before(from) && in.ReportedAt.Before(to) && (typ == "" || in.Type == typ) {
				n++
			}
		}
		return float64(n) / float64(people)
	}
	for _, p := range plants {
		all := rate(p.Cells, p.From, p.To, "") / rate(nil, p.From, p.To, "")
		t.Logf("%s (%s): rate %.2f× the town's", p.Name, p.Kind, all)
		switch p.Kind {
		case PlantHot:
			typed := rate(p.Cells, p.From, p.To, p.Type) / rate(nil, p.From, p.To, p.Type)
			t.Logf("%s: %s rate %.2f× the town's", p.Name, p.Type, typed)
			if all < 2 || typed < 3 {
				t.Errorf("hot plant %s: incident rate %.2f× and %s rate %.2f× the town's; want at least 2× and 3×", p.Name, all, p.Type, typed)
			}
		case PlantCold:
			if all > 0.3 {
				t.Errorf("cold plant %s: incident rate %.2f× the town's; want at most 0.3×", p.Name, all)
			}
		default:
			t.Errorf("plant %s kind = %q", p.Name, p.Kind)
		}
	}
}
