package domain

import (
	"slices"

	"gridmap/data"
)

// StreamCheck checks the rows of a data set's Stream as Load draws them,
// by the rules CheckDataset applies to its slices, so that a bad row fails
// the load (and its transaction) before it is written. Streamed IDs must
// ascend, past those of the slices, which proves them unique without
// holding them all; a streamed duplicate must name an incident yielded
// before it or listed in the slices.
type StreamCheck struct {
	cells     map[string]bool
	mediators map[int64]bool
	incidents []int64 // every incident ID so far, ascending
	household int64   // the last household ID
	resident  int64
	homes     int // rows drawn, for the field names of errors
	drawn     int
}

// NewStreamCheck returns the checker of d.Stream's rows; d's slices must
// have passed CheckDataset.
func NewStreamCheck(d *data.Dataset) *StreamCheck {
	c := &StreamCheck{cells: make(map[string]bool, len(d.Cells)), mediators: make(map[int64]bool, len(d.Mediators))}
	for _, cell := range d.Cells {
		c.cells[cell.Code] = true
	}
	for _, m := range d.Mediators {
		c.mediators[m.ID] = true
	}
	for _, h := range d.Households {
		c.household = max(c.household, h.ID)
	}
	for _, r := range d.Residents {
		c.resident = max(c.resident, r.ID)
	}
	for _, in := range d.Incidents {
		c.incidents = append(c.incidents, in.ID)
	}
	slices.Sort(c.incidents)
	return c
}

// Home checks a streamed household and its residents.
func (c *StreamCheck) Home(h data.Household, rs []data.Resident) error {
	f := data.ItemField("stream.households", c.homes)
	c.homes++
	switch {
	case h.ID <= c.household:
		return data.FieldErrorf(f+".id", "Household ID %d does not ascend.", h.ID)
	case !c.cells[h.CellCode]:
		return data.FieldErrorf(f+".cell", "Household %d is in an unknown cell %q.", h.ID, h.CellCode)
	}
	c.household = h.ID
	for i, r := range rs {
		rf := f + data.ItemField(".residents", i)
		switch {
		case r.ID <= c.resident:
			return data.FieldErrorf(rf+".id", "Resident ID %d does not ascend.", r.ID)
		case r.HouseholdID != h.ID:
			return data.FieldErrorf(rf+".household_id", "Resident %d is yielded with household %d, not %d.", r.ID, h.ID, r.HouseholdID)
		case r.CellCode != h.CellCode:
			return data.FieldErrorf(rf+".cell", "Resident %d is in cell %s but their household is in %s.", r.ID, r.CellCode, h.CellCode)
		}
		c.resident = r.ID
	}
	return nil
}

// Incident checks a streamed incident.
func (c *StreamCheck) Incident(in data.Incident) error {
	f := data.ItemField("stream.incidents", c.drawn)
	c.drawn++
	if n := len(c.incidents); n > 0 && in.ID <= c.incidents[n-1] {
		return data.FieldErrorf(f+".id", "Incident ID %d does not ascend.", in.ID)
	}
	if _, ok := slices.BinarySearch(c.incidents, in.DuplicateOf); in.DuplicateOf != 0 && !ok {
		return data.FieldErrorf(f+".duplicate_of", "Incident %d repeats an incident %d not loaded before it.", in.ID, in.DuplicateOf)
	}
	if err := checkIncident(f, in, c.cells, c.mediators); err != nil {
		return err
	}
	c.incidents = append(c.incidents, in.ID)
	return nil
}
