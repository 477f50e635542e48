package sample

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb/planar"

	"gridmap/data"
)

// shared is one data set for the tests that only read it, built once to
// keep the race-enabled test run short.
var shared = sync.OnceValues(Dataset)

// dataset returns the shared sample data set, failing the test on error.
// Callers must not modify it.
func dataset(t testing.TB) *data.Dataset {
	t.Helper()
	d, err := shared()
	if err != nil {
		t.Fatalf("Dataset() error: %v", err)
	}
	return d
}

// fresh returns a new data set of the caller's own.
func fresh(t testing.TB) *data.Dataset {
	t.Helper()
	d, err := Dataset()
	if err != nil {
		t.Fatalf("Dataset() error: %v", err)
	}
	return d
}

func TestDatasetDeterministic(t *testing.T) {
	a, b := fresh(t), fresh(t)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Dataset() differ")
	}
	a.Cells[0].Name = "changed"
	a.Cells[0].Geometry[0][0][0] = 0
	if c := fresh(t); c.Cells[0].Name == "changed" || c.Cells[0].Geometry[0][0][0] == 0 {
		t.Fatal("Dataset() shares state between calls")
	}
}

func TestDatasetTotals(t *testing.T) {
	d := dataset(t)
	tests := []struct {
		name   string
		got    int
		lo, hi int
	}{
		{"cells", len(d.Cells), 138, 138},
		{"units", len(d.Units), 15, 15},
		{"residents", len(d.Residents), 32000, 38000},
		{"households", len(d.Households), 10500, 13500},
		{"incidents", len(d.Incidents), 2600, 3400},
	}
	for _, tt := range tests {
		if tt.got < tt.lo || tt.got > tt.hi {
			t.Errorf("len(%s) = %d; want %d-%d", tt.name, tt.got, tt.lo, tt.hi)
		}
	}
	if d.Town.Code != "500110119000" || d.Town.Name != "安稳镇" || d.Town.County != "綦江区" || d.Town.Province != "重庆市" {
		t.Errorf("Town = %+v; want 安稳镇 500110119000 of 綦江区, 重庆市", d.Town)
	}
	if !strings.Contains(d.Town.Note, "虚构") || !strings.Contains(d.Town.Note, "Illustrative") {
		t.Errorf("Town.Note = %q; want it to say the data is illustrative", d.Town.Note)
	}
}

// TestResidentsInCells checks that homes lie in their cells, residents live
// at home, and cell and unit counts equal the generated people.
func TestResidentsInCells(t *testing.T) {
	d := dataset(t)
	cells := make(map[string]*data.Cell)
	for i := range d.Cells {
		cells[d.Cells[i].Code] = &d.Cells[i]
	}
	pop := make(map[string]int)
	hh := make(map[string]int)
	for i, h := range d.Households {
		if h.ID != int64(i+1) {
			t.Fatalf("household %d has ID %d; want %d", i, h.ID, i+1)
		}
		c := cells[h.CellCode]
		if c == nil || !planar.PolygonContains(c.Geometry, h.Location) {
			t.Fatalf("household %d at %v is not inside its cell %s", h.ID, h.Location, h.CellCode)
		}
		hh[h.CellCode]++
	}
	for i, r := range d.Residents {
		h := d.Households[r.HouseholdID-1]
		switch {
		case r.ID != int64(i+1):
			t.Fatalf("resident %d has ID %d; want %d", i, r.ID, i+1)
		case r.CellCode != h.CellCode || r.Location != h.Location:
			t.Fatalf("resident %d lives in %s at %v; their household in %s at %v", r.ID, r.CellCode, r.Location, h.CellCode, h.Location)
		}
		pop[r.CellCode]++
	}
	units := make(map[string]data.Unit)
	for _, c := range d.Cells {
		if c.Population != pop[c.Code] || c.Households != hh[c.Code] {
			t.Errorf("cell %s says %d people in %d households; generated %d in %d", c.Code, c.Population, c.Households, pop[c.Code], hh[c.Code])
		}
		u := units[c.UnitCode]
		u.Population += c.Population
		u.Cells++
		units[c.UnitCode] = u
	}
	for _, u := range d.Units {
		if u.Population != units[u.Code].Population || u.Cells != units[u.Code].Cells {
			t.Errorf("unit %s says %d people in %d cells; its cells hold %d in %d", u.Code, u.Population, u.Cells, units[u.Code].Population, units[u.Code].Cells)
		}
	}
}

func TestHouseholdRelations(t *testing.T) {
	d := dataset(t)
	heads := make(map[int64]int)
	allowed := map[string]bool{"户主": true, "配偶": true, "子女": true, "父母": true, "孙子女": true, "其他": true}
	for _, r := range d.Residents {
		if !allowed[r.Relation] {
			t.Fatalf("resident %d relation = %q", r.ID, r.Relation)
		}
		if r.Relation == "户主" {
			heads[r.HouseholdID]++
		}
	}
	for _, h := range d.Households {
		if heads[h.ID] != 1 {
			t.Fatalf("household %d has %d heads; want 1", h.ID, heads[h.ID])
		}
	}
}

var (
	mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	idForm = regexp.MustCompile(`^(500222|500110)([0-9]{8})([0-9]{3})([0-9X])$`)
)

// TestIdentityNumbers checks form, birth date, gender parity, uniqueness
// and the ISO 7064 MOD 11-2 check digit, computed here independently.
func TestIdentityNumbers(t *testing.T) {
	d := dataset(t)
	seen := make(map[string]bool)
	for _, r := range d.Residents {
		m := idForm.FindStringSubmatch(r.IDNumber)
		if m == nil {
			t.Fatalf("resident %d ID number %q is malformed", r.ID, r.IDNumber)
		}
		if birth := strings.ReplaceAll(r.BirthDate, "-", ""); m[2] != birth {
			t.Fatalf("resident %d ID number %s has birth date %s; BirthDate is %s", r.ID, r.IDNumber, m[2], r.BirthDate)
		}
		if male := (m[3][2]-'0')%2 == 1; male != (r.Gender == "M") || (r.Gender != "M" && r.Gender != "F") {
			t.Fatalf("resident %d ID number %s does not match gender %q", r.ID, r.IDNumber, r.Gender)
		}
		sum := 0
		for i, w := range []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2} {
			sum += int(r.IDNumber[i]-'0') * w
		}
		if want := "10X98765432"[sum%11]; r.IDNumber[17] != want {
			t.Fatalf("resident %d ID number %s has check digit %c; want %c", r.ID, r.IDNumber, r.IDNumber[17], want)
		}
		if seen[r.IDNumber] {
			t.Fatalf("ID number %s is used twice", r.IDNumber)
		}
		seen[r.IDNumber] = true
	}
}

func TestIDCheckDigit(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"11010519491231002", 'X'}, // the example of GB 11643-1999
		{"44052418800101001", '4'},
		{"1101051949123100", 0},
		{"1101051949123100A", 0},
	}
	for _, tt := range tests {
		if got := idCheckDigit(tt.first17); got != tt.want {
			t.Errorf("idCheckDigit(%q) = %q; want %q", tt.first17, got, tt.want)
		}
	}
}

// TestPhones checks that every phone is an 11-digit mobile number, used by
// one person only, except that children under 12 give their head of
// household's.
func TestPhones(t *testing.T) {
	d := dataset(t)
	seen := make(map[string]bool)
	check := func(who string, id int64, phone string) {
		t.Helper()
		if !mobile.MatchString(phone) {
			t.Fatalf("%s %d phone = %q; want 11 digits 1[3-9]...", who, id, phone)
		}
		if seen[phone] {
			t.Fatalf("%s %d phone %s is used twice", who, id, phone)
		}
		seen[phone] = true
	}
	limit := asOf.AddDate(-12, 0, 0).Format("2006-01-02")
	heads := make(map[int64]string)
	for _, r := range d.Residents {
		if r.Relation == "户主" {
			heads[r.HouseholdID] = r.Phone
		}
	}
	children := 0
	for _, r := range d.Residents {
		if r.BirthDate > limit {
			children++
			if r.Phone != heads[r.HouseholdID] {
				t.Fatalf("child %d phone = %q; want the head of household's %q", r.ID, r.Phone, heads[r.HouseholdID])
			}
			continue
		}
		check("resident", r.ID, r.Phone)
	}
	if children == 0 {
		t.Error("no children under 12 in the town")
	}
	for _, c := range d.Cells {
		for _, w := range c.GridWorkers {
			check("grid worker", w.ID, w.Phone)
		}
	}
	for _, m := range d.Mediators {
		check("mediator", m.ID, m.Phone)
	}
}

func BenchmarkDataset(b *testing.B) {
	for b.Loop() {
		fresh(b)
	}
}
