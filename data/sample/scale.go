package sample

import (
	"fmt"
	"slices"
	"strings"

	"gridmap/data"
)

// Scales of the data sets Scaled draws.
const (
	ScaleTown     = "town"     // the Anwen town of Dataset
	ScaleDistrict = "district" // 20 towns, 3,000 cells (綦江区)
	ScaleCity     = "city"     // 20,000 cells, 2,000,000 residents
)

// Scales lists the scales in size order, for usage messages.
var Scales = []string{ScaleTown, ScaleDistrict, ScaleCity}

// Options choose the data set Scaled draws.
type Options struct {
	Scale string
	// Incidents is how many incidents to draw instead of the scale's
	// own: the town's planted sample, none for the larger scales. A
	// negative number keeps the scale's own.
	Incidents int
}

// Scaled returns the illustrative data set of a scale, deterministically:
// the same options give the same rows. The town is Dataset's; with
// o.Incidents, its incidents are replaced by as many drawn over the last
// three years. The district and the city are generated areas held as one
// town row (the store holds one town): their towns are the leading digits
// of their units' codes and names. Their residents and every drawn incident
// come in the Stream, drawn as the store writes them, so that a city of
// 2,000,000 residents and 1,000,000 incidents never sits in memory.
func Scaled(o Options) (*data.Dataset, error) {
	var d *data.Dataset
	var err error
	switch o.Scale {
	case ScaleTown:
		if d, err = Dataset(); err != nil || o.Incidents < 0 {
			return d, err
		}
		d.Incidents = nil
		for i := range d.Cells {
			d.Cells[i].OpenIncidents = 0
		}
		d.Stream = &data.DatasetStream{}
	case ScaleDistrict:
		d, err = generateArea(district)
	case ScaleCity:
		d, err = generateArea(city)
	default:
		return nil, fmt.Errorf("sample: unknown scale %q; the scales are %s", o.Scale, strings.Join(Scales, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	d.Stream.Incidents = drawIncidents(d, max(o.Incidents, 0))
	return d, nil
}

// HasAccounts reports whether Accounts fit the data set of a scale: only
// the town has the units and cells they are scoped to.
func HasAccounts(scale string) bool { return scale == ScaleTown }

// byUnit lists the mediators of each unit and the town centre's by post,
// for assigning them to incidents.
func byUnit(ms []data.Mediator) (map[string]*unitStaff, map[string]int64) {
	staff := make(map[string]*unitStaff)
	town := make(map[string]int64)
	for _, m := range ms {
		if m.UnitCode == "" {
			if m.Category == data.MediatorTownCentre {
				town[m.Role] = m.ID
			}
			continue
		}
		u := staff[m.UnitCode]
		if u == nil {
			u = &unitStaff{}
			staff[m.UnitCode] = u
		}
		u.all = append(u.all, m.ID)
		switch m.Category {
		case data.MediatorLawyer:
			u.lawyer = m.ID
		case data.MediatorCadre, data.MediatorElder:
			u.first = append(u.first, m.ID)
		}
	}
	for _, u := range staff {
		slices.Sort(u.all)
	}
	return staff, town
}
