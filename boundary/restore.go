package boundary

import (
	"gridmap/data"
	"gridmap/geo"
)

// Restore turns the cells of an old version back into a change against
// the current cells cur: cells of old that differ from (or are missing
// in) cur come back as they were, under their own codes; cells of cur that
// old lacks are removed. c names the base, the version restored, the
// reason, the author and the time. It returns the change and the removed
// cells of cur; a restore that changes nothing is EINVALID naming "n".
func Restore(old, cur []data.Cell, c data.BoundaryChange) (*data.BoundaryChange, []data.Cell, error) {
	now := make(map[string]*data.Cell, len(cur))
	for i := range cur {
		now[cur[i].Code] = &cur[i]
	}
	c.Cells, c.Removed = nil, nil
	keep := map[string]bool{}
	for i := range old {
		o := &old[i]
		keep[o.Code] = true
		c2, ok := now[o.Code]
		if ok && SameCell(c2, o) {
			continue
		}
		c.Cells = append(c.Cells, data.CellShape{Code: o.Code, New: !ok, UnitCode: o.UnitCode, Name: o.Name,
			Kind: o.Kind, Geometry: geo.RightHand(o.Geometry)})
	}
	var removed []data.Cell
	for i := range cur {
		if !keep[cur[i].Code] {
			c.Removed = append(c.Removed, cur[i].Code)
			removed = append(removed, cur[i])
		}
	}
	if len(c.Cells) == 0 && len(c.Removed) == 0 {
		return nil, nil, data.FieldErrorf("n", "Version %d has the same cells as the current version.", c.Restores)
	}
	return &c, removed, nil
}

// SameCell reports whether a cell is the same at two versions: its shape,
// name, unit and kind.
func SameCell(a, b *data.Cell) bool {
	return geo.SamePolygon(a.Geometry, b.Geometry) && a.Name == b.Name && a.UnitCode == b.UnitCode && a.Kind == b.Kind
}
