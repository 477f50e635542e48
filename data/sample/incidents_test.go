package sample

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/planar"

	"gridmap/data"
	"gridmap/domain"
)

var incidentTypeNames = []string{"邻里纠纷", "婚姻家庭", "土地山林权属", "劳资", "合同债务", "征地拆迁", "环境", "其他"}

// TestIncidents checks each incident on its own: IDs, kinds, types,
// sources, times, statuses, location, and that the summary names nobody.
func TestIncidents(t *testing.T) {
	d := dataset(t)
	cells := make(map[string]data.Cell)
	for _, c := range d.Cells {
		cells[c.Code] = c
	}
	start, end := time.Date(2021, 1, 1, 0, 0, 0, 0, china), time.Date(2026, 11, 1, 0, 0, 0, 0, china)
	var oldDone, old, recentOpen, recent int
	for i, in := range d.Incidents {
		c, ok := cells[in.CellCode]
		switch {
		case in.ID != int64(i+1):
			t.Fatalf("incident %d has ID %d", i, in.ID)
		case !ok:
			t.Fatalf("incident %d is in unknown cell %q", in.ID, in.CellCode)
		case !slices.Contains(incidentTypeNames, in.Type):
			t.Fatalf("incident %d type = %q", in.ID, in.Type)
		case !slices.Contains([]string{"网格员上报", "群众来访", "12345热线", "信访"}, in.Source):
			t.Fatalf("incident %d source = %q", in.ID, in.Source)
		case (in.Source == "信访") != (in.Kind == data.KindPetition) || (in.Kind != data.KindPetition && in.Kind != data.KindDispute):
			t.Fatalf("incident %d is a %s from %s; petitions are exactly those from 信访", in.ID, in.Kind, in.Source)
		case !slices.Contains(data.Statuses, in.Status):
			t.Fatalf("incident %d status = %q", in.ID, in.Status)
		case !planar.PolygonContains(c.Geometry, in.Location):
			t.Fatalf("incident %d at %v is outside its cell %s", in.ID, in.Location, in.CellCode)
		case in.Summary == "" || in.Description == "" || len(in.Parties) == 0:
			t.Fatalf("incident %d lacks summary, description or parties: %+v", in.ID, in)
		}
		for _, p := range in.Parties {
			if strings.Contains(in.Summary, p) {
				t.Fatalf("incident %d summary %q names party %s", in.ID, in.Summary, p)
			}
		}
		checkTimes(t, in, start, end)
		switch age := end.Sub(in.ReportedAt); {
		case age > 90*24*time.Hour:
			old++
			if !domain.IsOpen(in.Status) {
				oldDone++
			}
		case age < 30*24*time.Hour:
			recent++
			if domain.IsOpen(in.Status) {
				recentOpen++
			}
		}
	}
	if oldDone*100 < old*95 {
		t.Errorf("%d of %d incidents older than 90 days are resolved or closed; want 95%%", oldDone, old)
	}
	if recentOpen*2 < recent {
		t.Errorf("%d of %d incidents of the last 30 days are open; want most", recentOpen, recent)
	}
}

func checkTimes(t *testing.T, in data.Incident, start, end time.Time) {
	t.Helper()
	for _, tm := range []time.Time{in.ReportedAt, in.UpdatedAt} {
		if tm.Location() != time.UTC || tm.Nanosecond() != 0 {
			t.Fatalf("incident %d time %v is not UTC whole seconds", in.ID, tm)
		}
	}
	resolved := in.Status == data.StatusResolved || in.Status == data.StatusClosed
	switch {
	case in.ReportedAt.Before(start) || !in.ReportedAt.Before(end):
		t.Fatalf("incident %d reported %v, outside the sample period", in.ID, in.ReportedAt)
	case in.UpdatedAt.Before(in.ReportedAt) || !in.UpdatedAt.Before(end):
		t.Fatalf("incident %d updated %v; reported %v", in.ID, in.UpdatedAt, in.ReportedAt)
	case resolved != (in.ResolvedAt != nil):
		t.Fatalf("incident %d is %s with ResolvedAt %v", in.ID, in.Status, in.ResolvedAt)
	case resolved && (in.ResolvedAt.Before(in.ReportedAt) || in.ResolvedAt.After(in.UpdatedAt) || in.ResolvedAt.Location() != time.UTC):
		t.Fatalf("incident %d resolved %v; reported %v, updated %v", in.ID, in.ResolvedAt, in.ReportedAt, in.UpdatedAt)
	}
}

func TestOpenIncidentCounts(t *testing.T) {
	d := dataset(t)
	open := make(map[string]int)
	for _, in := range d.Incidents {
		if domain.IsOpen(in.Status) {
			open[in.CellCode]++
		}
	}
	total := 0
	for _, c := range d.Cells {
		if c.OpenIncidents != open[c.Code] {
			t.Errorf("cell %s OpenIncidents = %d; want %d", c.Code, c.OpenIncidents, open[c.Code])
		}
		total += c.OpenIncidents
	}
	if total == 0 {
		t.Error("no open incidents at all")
	}
}
