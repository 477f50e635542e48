package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// BenchmarkLoad measures Load of a data set the size of a real town (see
// Large). open must return a new, empty store each time it is called.
func BenchmarkLoad(b *testing.B, open func(b *testing.B) data.Store) {
	d := Large(35000, 12000, 3000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		if err := s.Load(b.Context(), d); err != nil {
			b.Fatalf("Load(large) = %v", err)
		}
	}
	b.ReportMetric(float64(len(d.Residents)), "residents")
}

// Large returns a consistent synthetic data set of the given size: 20 units
// of 12 cells each in a grid of 0.005° squares, residents spread over the
// households, each grid worker serving two neighbouring cells and each
// incident past reported assigned to its unit's mediator. It is for
// benchmarks, where only the volume matters.
func Large(residents, households, incidents int) *data.Dataset {
	const units, cellsPerUnit, size = 20, 12, 0.005
	d := &data.Dataset{Town: data.Town{Code: TownCode, Name: "基准镇", County: "綦江区", Province: "重庆市",
		Geometry: square(x0, y0, x0+size*cellsPerUnit, y0+size*units)}}
	var cells []string
	for u := range units {
		code := fmt.Sprintf("500110119%03d", 200+u)
		miny := y0 + float64(u)*size
		d.Units = append(d.Units, data.Unit{Code: code, Name: fmt.Sprintf("村%d", u), Kind: data.UnitVillage,
			TownCode: TownCode, Geometry: square(x0, miny, x0+size*cellsPerUnit, miny+size)})
		for c := range cellsPerUnit {
			minx := x0 + float64(c)*size
			cell := data.Cell{Code: fmt.Sprintf("%s%03d", code, c+1), Name: fmt.Sprintf("村%d社%d", u, c+1),
				UnitCode: code, Kind: data.CellRural, Population: 150, Households: 50, AreaM2: 250000,
				Geometry: square(minx, miny, minx+size, miny+size)}
			n := int64(len(cells))
			cell.GridWorkers = []data.GridWorker{{ID: 1 + n/2, Name: fmt.Sprintf("网格员%d", n/2), Phone: "13800000000"}}
			d.Cells = append(d.Cells, cell)
			cells = append(cells, cell.Code)
		}
		d.Mediators = append(d.Mediators, data.Mediator{ID: int64(u + 1), Name: "调解员", Role: "书记",
			Category: data.MediatorCadre, UnitCode: code, Phone: "13700000000"})
	}
	// The point of household h, in the middle of its cell.
	at := func(cell int) orb.Point {
		return orb.Point{x0 + float64(cell%cellsPerUnit)*size + size/2, y0 + float64(cell/cellsPerUnit)*size + size/2}
	}
	for h := range households {
		c := h % len(cells)
		d.Households = append(d.Households, data.Household{ID: int64(h + 1), CellCode: cells[c],
			Address: fmt.Sprintf("%d号", h+1), Location: at(c)})
	}
	for r := range residents {
		h := r % households
		c := h % len(cells)
		d.Residents = append(d.Residents, data.Resident{ID: int64(r + 1), HouseholdID: int64(h + 1), CellCode: cells[c],
			Name: fmt.Sprintf("居民%d", r+1), Gender: "F", BirthDate: "1980-01-01", IDNumber: fmt.Sprintf("5001101980%08d", r+1),
			Phone: "13900000000", Relation: "户主", Location: at(c)})
	}
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range incidents {
		c := (i * 7) % len(cells)
		at := start.Add(time.Duration(i) * 7 * time.Hour)
		status := data.Statuses[i%len(data.Statuses)]
		mediators := []int64{}
		if status != data.StatusReported {
			mediators = append(mediators, int64(c/cellsPerUnit+1)) // the unit's
		}
		d.Incidents = append(d.Incidents, data.Incident{ID: int64(i + 1), Kind: data.KindDispute, Type: "邻里纠纷",
			Source: "网格员上报", Status: status, Summary: "纠纷", Description: "描述",
			Parties: []string{"甲", "乙"}, CellCode: cells[c], Mediators: mediators,
			Location:   orb.Point{x0 + float64(c%cellsPerUnit)*size + size/3, y0 + float64(c/cellsPerUnit)*size + size/3},
			ReportedAt: at, UpdatedAt: at})
		if status == data.StatusDuplicate { // of the one before, never a duplicate itself
			d.Incidents[i].DuplicateOf = int64(i)
		}
	}
	return d
}

// BenchmarkStore measures what a busy day asks of a store, each as a
// sub-benchmark on a store loaded with Large(35000, 12000, 3000): reading a
// session and its account (every signed-in request), reporting an incident,
// moving it along, listing a map view's incidents by bounding box and
// reading a page of a cell's residents. open must return a new, empty store.
func BenchmarkStore(b *testing.B, open func(b *testing.B) data.Store) {
	ctx := b.Context()
	s := open(b)
	d := Large(35000, 12000, 3000)
	if err := s.Load(ctx, d); err != nil {
		b.Fatalf("Load(large) = %v", err)
	}
	u := &data.User{Username: "bench", Name: "基准", Role: data.RoleAdmin, PasswordHash: "x"}
	if err := s.CreateUser(ctx, u); err != nil {
		b.Fatalf("CreateUser() = %v", err)
	}
	se := &data.Session{ID: "bench-session", UserID: u.ID, CSRFToken: "csrf", ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, se); err != nil {
		b.Fatalf("CreateSession() = %v", err)
	}
	cell := d.Cells[0]
	report := func() *data.Incident {
		in := &data.Incident{Kind: data.KindDispute, Type: "邻里纠纷", Source: "网格员上报", Summary: "纠纷",
			Parties: []string{"甲", "乙"}, CellCode: cell.Code, Location: cell.Geometry.Bound().Center()}
		got, _, err := s.CreateIncident(ctx, in, "")
		if err != nil {
			b.Fatalf("CreateIncident() = %v", err)
		}
		return got
	}
	b.Run("Session", func(b *testing.B) {
		for b.Loop() {
			got, err := s.Session(ctx, se.ID, time.Now())
			if err != nil {
				b.Fatalf("Session() = %v", err)
			}
			if _, err := s.User(ctx, got.UserID); err != nil {
				b.Fatalf("User() = %v", err)
			}
		}
	})
	b.Run("CreateIncident", func(b *testing.B) {
		for b.Loop() {
			report()
		}
	})
	b.Run("TransitionIncident", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			in := report()
			b.StartTimer()
			_, err := s.TransitionIncident(ctx, data.Transition{IncidentID: in.ID, From: data.StatusReported,
				To: data.StatusAccepted, Version: in.Version, ActorID: u.ID, ActorName: u.Name})
			if err != nil {
				b.Fatalf("TransitionIncident() = %v", err)
			}
		}
	})
	b.Run("IncidentsBBox", func(b *testing.B) {
		bound := orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x0 + 0.02, y0 + 0.02}}
		for b.Loop() {
			if _, _, err := s.Incidents(ctx, data.IncidentFilter{BBox: &bound, Limit: 500}); err != nil {
				b.Fatalf("Incidents(bbox) = %v", err)
			}
		}
	})
	b.Run("Residents", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Residents(ctx, data.ResidentFilter{CellCode: cell.Code, Limit: 50}); err != nil {
				b.Fatalf("Residents() = %v", err)
			}
		}
	})
}
