package sample

import (
	"fmt"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// Dataset returns the whole illustrative town: geometry from the committed
// GeoJSON files, and people, grid workers, mediators and incidents (with
// the mediators assigned to them) drawn from fixed random seeds. Every call builds a new, identical data set that
// the caller owns and may change; it takes a fraction of a second.
//
// Derived fields that stores compute anyway (unit counts and sums, cell
// unit names and open incident counts, worker cells) are filled in too,
// with the values a store would give them.
func Dataset() (*data.Dataset, error) {
	g, err := readGeometry()
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	plants, err := Plants()
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	d := &data.Dataset{Town: data.Town{
		Code: townCode, Name: townName, County: townCounty, Province: townProvince, Note: note, Geometry: g.town,
	}}
	for _, u := range g.units {
		d.Units = append(d.Units, data.Unit{
			Code: u.spec.code, Name: u.spec.name, Kind: u.spec.kind, TownCode: townCode, Geometry: u.polygon,
		})
	}
	pp := newPeople()
	unitIndex := make(map[string]int, len(d.Units))
	for i, u := range d.Units {
		unitIndex[u.Code] = i
	}
	for i := range g.cells {
		c := &g.cells[i]
		before, households := len(d.Residents), len(d.Households)
		populate(d, c, i, pp)
		u := &d.Units[c.unit]
		cell := data.Cell{
			Code: c.code, Name: c.name, UnitCode: u.Code, UnitName: u.Name, Kind: cellKind(units[c.unit]),
			Population: len(d.Residents) - before, Households: len(d.Households) - households,
			AreaM2: geo.Area(c.polygon), Geometry: c.polygon,
		}
		d.Cells = append(d.Cells, cell)
		u.Cells++
		u.Population += cell.Population
		u.Households += cell.Households
	}
	assignWorkers(d.Cells, pp)
	d.Mediators = mediators(pp)
	d.Incidents = incidents(d, plants)
	assignMediators(d)
	cellIndex := make(map[string]int, len(d.Cells))
	for i, c := range d.Cells {
		cellIndex[c.Code] = i
	}
	for _, in := range d.Incidents {
		if domain.IsOpen(in.Status) {
			d.Cells[cellIndex[in.CellCode]].OpenIncidents++
		}
	}
	return d, nil
}
