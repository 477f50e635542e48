package sample

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// scaled returns Scaled(o), failing the test on error.
func scaled(t *testing.T, o Options) *data.Dataset {
	t.Helper()
	d, err := Scaled(o)
	if err != nil {
		t.Fatalf("Scaled(%+v) error: %v", o, err)
	}
	return d
}

// TestDistrictPartition: the district's 3,000 cells partition it, every
// unit is the union of its cells, and its 20 towns are blocks of units.
func TestDistrictPartition(t *testing.T) {
	d := scaled(t, Options{Scale: ScaleDistrict})
	if len(d.Cells) != 3000 || len(d.Units) != 200 {
		t.Fatalf("district: %d cells, %d units; want 3000, 200", len(d.Cells), len(d.Units))
	}
	parts := make([]geo.Part, len(d.Cells))
	byUnit := make(map[string][]geo.Part)
	towns := make(map[string]bool)
	for i, c := range d.Cells {
		parts[i] = geo.Part{ID: c.Code, Polygon: c.Geometry}
		byUnit[c.UnitCode] = append(byUnit[c.UnitCode], parts[i])
		if c.Code[:len(c.UnitCode)] != c.UnitCode || len(c.Code) != 15 {
			t.Errorf("cell %s is not its unit %s's code and three digits", c.Code, c.UnitCode)
		}
	}
	if problems := validatePartition(parts, d.Town.Geometry); len(problems) > 0 {
		t.Fatalf("the district's cells are not a partition of it:\n%s", problems)
	}
	for _, u := range d.Units {
		if problems := validatePartition(byUnit[u.Code], u.Geometry); len(problems) > 0 {
			t.Errorf("unit %s is not the union of its cells:\n%s", u.Code, problems)
		}
		towns[u.Code[:9]] = true
	}
	if len(towns) != 20 {
		t.Errorf("district: %d towns; want 20", len(towns))
	}
	if err := domain.CheckDataset(d); err != nil {
		t.Errorf("CheckDataset(district) = %v", err)
	}
	again := scaled(t, Options{Scale: ScaleDistrict})
	d.Stream, again.Stream = nil, nil
	if !reflect.DeepEqual(d, again) {
		t.Errorf("two districts differ")
	}
}

// TestCityCounts: the city has 20,000 cells and, by the cells' counts,
// 2,000,000 residents; the households streamed for the first cells match
// those counts and pass the store's checks.
func TestCityCounts(t *testing.T) {
	d := scaled(t, Options{Scale: ScaleCity})
	population := 0
	for _, c := range d.Cells {
		population += c.Population
	}
	if len(d.Cells) != 20000 || population != 2_000_000 {
		t.Fatalf("city: %d cells, %d residents; want 20000, 2000000", len(d.Cells), population)
	}
	check := domain.NewStreamCheck(d)
	perCell := make(map[string][2]int)
	for h, rs := range d.Stream.Homes {
		if err := check.Home(h, rs); err != nil {
			t.Fatalf("Home(%d) = %v", h.ID, err)
		}
		if h.CellCode == d.Cells[50].Code {
			break
		}
		n := perCell[h.CellCode]
		perCell[h.CellCode] = [2]int{n[0] + 1, n[1] + len(rs)}
	}
	for _, c := range d.Cells[:50] {
		if got := perCell[c.Code]; got != [2]int{c.Households, c.Population} {
			t.Errorf("cell %s streams %d households, %d residents; its counts say %d, %d", c.Code, got[0], got[1], c.Households, c.Population)
		}
	}
}

// TestDrawnIncidents: N incidents, IDs 1..N with reported days ascending
// over the last three years, every status and type present, in hot
// clusters, all valid for a store; the same N draws the same incidents.
func TestDrawnIncidents(t *testing.T) {
	const n = 20000
	d := scaled(t, Options{Scale: ScaleTown, Incidents: n})
	if len(d.Incidents) != 0 {
		t.Fatalf("town with -incidents keeps %d incidents of its own", len(d.Incidents))
	}
	check := domain.NewStreamCheck(d)
	var all []data.Incident
	statuses, types := map[string]int{}, map[string]int{}
	perCell := map[string]int{}
	from := periodEnd.AddDate(-3, 0, 0)
	var last time.Time
	for in := range d.Stream.Incidents {
		if err := check.Incident(in); err != nil {
			t.Fatalf("Incident(%d) = %v", in.ID, err)
		}
		if in.ID != int64(len(all)+1) {
			t.Fatalf("incident %d comes as number %d", in.ID, len(all)+1)
		}
		day := in.ReportedAt.In(china).Truncate(24 * time.Hour)
		if in.ReportedAt.Before(from) || !in.ReportedAt.Before(periodEnd) || day.Before(last) {
			t.Fatalf("incident %d reported at %v: not in [%v, %v) or before the day of the one before", in.ID, in.ReportedAt, from, periodEnd)
		}
		last = day
		statuses[in.Status]++
		types[in.Type]++
		perCell[in.CellCode]++
		all = append(all, in)
	}
	if len(all) != n {
		t.Fatalf("drew %d incidents; want %d", len(all), n)
	}
	for _, st := range []string{data.StatusReported, data.StatusAccepted, data.StatusMediating, data.StatusResolved, data.StatusEscalated, data.StatusClosed} {
		if statuses[st] == 0 {
			t.Errorf("no incident is %s: %v", st, statuses)
		}
	}
	if len(types) != len(incidentTypes) {
		t.Errorf("types drawn: %v; want all %d", types, len(incidentTypes))
	}
	// Per resident, the busiest tenth of the cells draw at least twice
	// the rate of the median cell: the clusters.
	var rates []float64
	for _, c := range d.Cells {
		rates = append(rates, float64(perCell[c.Code])/float64(c.Population))
	}
	slices.Sort(rates)
	if top, median := rates[len(rates)*9/10], rates[len(rates)/2]; top < 2*median {
		t.Errorf("incident rate of the 90th percentile cell %.4f, median %.4f: no hot cells", top, median)
	}
	again := slices.Collect(scaled(t, Options{Scale: ScaleTown, Incidents: n}).Stream.Incidents)
	if !reflect.DeepEqual(all, again) {
		t.Errorf("two draws of %d incidents differ", n)
	}
}
