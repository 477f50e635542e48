package boundary

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// EffectiveDate is the calendar date (YYYY-MM-DD) of t in China Standard
// Time: the effective date of boundary version 1.
func EffectiveDate(t time.Time) string {
	return t.In(data.CST).Format(time.DateOnly)
}

// moveNote is the note of the "reassigned" event of an incident that a
// boundary version moved.
func moveNote(version int64, from, to string) string {
	return fmt.Sprintf("boundary version %d: from %s to %s", version, from, to)
}

// CheckChange returns EINVALID, naming the field at fault, for a
// change that is wrong whatever the stored cells: none at all, no reason,
// an effective date that is not YYYY-MM-DD, a cell without code, name or
// valid polygon (geo.ValidatePolygon), an unknown kind, a new code that is
// not its unit's code followed by three digits, a code listed twice or both
// changed and removed, a reason or cell name past its limit
// (data.MaxReason, data.MaxCellName). A dry run (commit false) is the check of shapes an
// editor runs while the user is still drawing: it does not ask for the
// reason and effective date yet, but a date given must be one. It returns the change with At set (now
// when zero).
func CheckChange(c *data.BoundaryChange, now time.Time, commit bool) (data.BoundaryChange, error) {
	if c == nil {
		return data.BoundaryChange{}, data.Errorf(data.EINVALID, "There is no boundary change.")
	}
	n := *c
	n.Reason = strings.TrimSpace(n.Reason)
	switch {
	case len(n.Cells) == 0 && len(n.Removed) == 0:
		return n, data.FieldErrorf("cells", "The change neither reshapes, adds nor removes a cell.")
	case commit && n.Reason == "":
		return n, data.FieldErrorf("reason", "Give the reason for the change.")
	case (commit || n.EffectiveDate != "") && !isDate(n.EffectiveDate):
		return n, data.FieldErrorf("effective_date", "The effective date %q is not a date (YYYY-MM-DD).", n.EffectiveDate)
	case n.AuthorID < 0:
		return n, data.FieldErrorf("author_id", "There is no user %d.", n.AuthorID)
	case n.Restores < 0:
		return n, data.FieldErrorf("restores", "There is no boundary version %d.", n.Restores)
	}
	if err := domain.CheckText("reason", n.Reason, data.MaxReason); err != nil {
		return n, err
	}
	seen := make(map[string]bool, len(n.Cells))
	for i, s := range n.Cells {
		f := data.ItemField("cells", i)
		switch {
		case s.Code == "" || seen[s.Code]:
			return n, data.FieldErrorf(f+".code", "Cell code %q is empty or listed twice.", s.Code)
		case strings.TrimSpace(s.Name) == "":
			return n, data.FieldErrorf(f+".name", "Cell %s has no name.", s.Code)
		case s.Kind != data.CellRural && s.Kind != data.CellCommunity:
			return n, data.FieldErrorf(f+".kind", "Cell %s has an unknown kind %q.", s.Code, s.Kind)
		case s.New && !isCellOf(s.Code, s.UnitCode):
			return n, data.FieldErrorf(f+".code", "A new cell's code is its unit's code (%s) followed by three digits, not %s.", s.UnitCode, s.Code)
		}
		if err := domain.CheckLine(f+".name", s.Name, data.MaxCellName); err != nil {
			return n, err
		}
		if err := geo.ValidatePolygon(s.Geometry); err != nil {
			return n, data.FieldErrorf(f+".geometry", "Cell %s is not a valid polygon: its boundary must be one closed ring that does not touch itself, without holes.", s.Code)
		}
		seen[s.Code] = true
	}
	removed := make(map[string]bool, len(n.Removed))
	for i, code := range n.Removed {
		f := data.ItemField("removed", i)
		switch {
		case code == "" || removed[code]:
			return n, data.FieldErrorf(f, "Cell code %q is empty or listed twice.", code)
		case seen[code]:
			return n, data.FieldErrorf(f, "Cell %s is both changed and removed.", code)
		}
		removed[code] = true
	}
	n.At = domain.OrTime(c.At, domain.StoredTime(now))
	return n, nil
}

// isCellOf reports whether code is a cell code of unit (domain.CellSeq).
func isCellOf(code, unit string) bool {
	_, ok := domain.CellSeq(code, unit)
	return ok
}

// isDate reports whether s is a calendar date written YYYY-MM-DD.
func isDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s
}

// Located is a household or incident with its recorded cell and point, as
// a boundary change reads it, and a household's count of residents.
type Located struct {
	ID        int64
	Cell      string
	Point     orb.Point
	Residents int // 0 for an incident
}

// Assignment is a grid worker's (or a grid worker account's) link to a cell.
type Assignment struct {
	ID   int64
	Cell string
}

// State is what a store reads, in the transaction of a boundary
// change, for PlanChange.
type State struct {
	Version    int64            // the current boundary version
	Cells      []data.CellShape // the current cells, with their geometry
	Used       map[string]bool  // every code that has ever named a cell
	Restored   map[string]bool  // with BoundaryChange.Restores: the codes of that version's cells
	Town       orb.Polygon      // the town's outline
	Units      map[string]bool  // every unit code
	Households []Located
	Incidents  []Located
	Workers    []Assignment // grid workers' cells
	Users      []Assignment // grid worker accounts' cells
}

// NewCell is a cell a boundary change adds or reshapes, with its area.
type NewCell struct {
	data.CellShape
	AreaM2 float64
}

// CellDelta is how many households and residents a cell gains (or, when
// negative, loses) by a boundary change.
type CellDelta struct {
	Households, Residents int
}

// Plan is everything a store writes for a boundary change.
type Plan struct {
	Impact  data.BoundaryImpact
	Version data.BoundaryVersion   // Number, Base, author, times, lists and counts
	Cells   []NewCell              // added and reshaped, by code
	Deltas  map[string]CellDelta   // by cell code, for the cells that remain
	Units   map[string]orb.Polygon // the new outline of each unit whose cells changed: their union
	Town    orb.Polygon            // the town's new outline, the union of all cells; nil when unchanged
}

// MoveEvents are the "reassigned" events of the incidents p moves, in
// the order of Impact.Incidents: by the version's author, at its time.
func (p *Plan) MoveEvents() []data.IncidentEvent {
	v := &p.Version
	events := make([]data.IncidentEvent, 0, len(p.Impact.Incidents))
	for _, m := range p.Impact.Incidents {
		events = append(events, data.IncidentEvent{IncidentID: m.ID, At: v.CreatedAt, ActorID: v.AuthorID,
			ActorName: v.AuthorName, Kind: data.EventReassigned, Note: moveNote(v.Number, m.From, m.To)})
	}
	return events
}

// PlanChange checks c (already through CheckChange) against the
// stored state and works out what it moves, by the rules of
// data.BoundaryImpact: EINVALID naming "restores" when c.Restores is no
// version before the current one; ECONFLICT, naming the current version,
// when c.Base is not the current version; EINVALID naming the field for a new code that exists or
// was ever used, a reshaped code that is no current cell, an unknown unit,
// a removed code that is no current cell, no cell left, or a household or
// incident whose point would lie in no cell.
func PlanChange(c *data.BoundaryChange, st *State) (*Plan, error) {
	if c.Restores >= st.Version { // versions run 1 .. st.Version
		return nil, data.FieldErrorf("restores", "There is no earlier boundary version %d to restore.", c.Restores)
	}
	if c.Base != st.Version { // named, so that the editor can reload and show what changed since
		return nil, data.Errorf(data.ECONFLICT, "The boundaries have changed: they are now at version %d.", st.Version)
	}
	current := make(map[string]int, len(st.Cells))
	for i, cell := range st.Cells {
		current[cell.Code] = i
	}
	p := &Plan{Deltas: map[string]CellDelta{}}
	v := &p.Version
	v.Number, v.Base = st.Version+1, st.Version
	v.AuthorID, v.AuthorName, v.CreatedAt = c.AuthorID, c.AuthorName, c.At
	v.Reason, v.EffectiveDate = c.Reason, c.EffectiveDate
	v.Added, v.Removed, v.Reshaped = []string{}, []string{}, []string{}
	changed := make(map[string]data.CellShape, len(c.Cells))
	for i, s := range c.Cells {
		f := data.ItemField("cells", i)
		_, exists := current[s.Code]
		switch {
		case s.New && exists:
			return nil, data.FieldErrorf(f+".code", "Cell %s exists already; reshape it instead.", s.Code)
		case s.New && st.Used[s.Code] && !st.Restored[s.Code]:
			return nil, data.FieldErrorf(f+".code", "Cell code %s was used before; a retired code is never reused.", s.Code)
		case !s.New && !exists:
			return nil, data.FieldErrorf(f+".code", "There is no cell %s to reshape.", s.Code)
		case !st.Units[s.UnitCode]:
			return nil, data.FieldErrorf(f+".unit_code", "Cell %s is in an unknown unit %q.", s.Code, s.UnitCode)
		}
		if s.New {
			v.Added = append(v.Added, s.Code)
		} else {
			v.Reshaped = append(v.Reshaped, s.Code)
		}
		changed[s.Code] = s
		p.Cells = append(p.Cells, NewCell{CellShape: s, AreaM2: geo.Area(s.Geometry)})
	}
	removed := make(map[string]bool, len(c.Removed))
	for i, code := range c.Removed {
		if _, ok := current[code]; !ok {
			return nil, data.FieldErrorf(data.ItemField("removed", i), "There is no cell %s to remove.", code)
		}
		removed[code] = true
		v.Removed = append(v.Removed, code)
	}
	slices.Sort(v.Added)
	slices.Sort(v.Removed)
	slices.Sort(v.Reshaped)
	slices.SortFunc(p.Cells, func(a, b NewCell) int { return cmp.Compare(a.Code, b.Code) })

	// The new cells: the current ones with the changed replaced and the
	// removed gone, then the added.
	var after []data.CellShape
	for _, cell := range st.Cells {
		if removed[cell.Code] {
			continue
		}
		if s, ok := changed[cell.Code]; ok {
			cell = s
		}
		after = append(after, cell)
	}
	for _, s := range c.Cells {
		if s.New {
			after = append(after, s)
		}
	}
	if len(after) == 0 {
		return nil, data.FieldErrorf("removed", "The change removes every cell.")
	}
	for code := range changed {
		p.Deltas[code] = CellDelta{}
	}
	oldIx, newIx := shapeIndex(st.Cells), shapeIndex(after)
	locate := func(ix *geo.Index, cells []data.CellShape, pt orb.Point) string {
		if i, ok := ix.Locate(pt); ok {
			return cells[i].Code
		}
		return ""
	}
	move := func(what string, l Located) (string, error) {
		to := locate(newIx, after, l.Point)
		if !removed[l.Cell] && locate(oldIx, st.Cells, l.Point) == to {
			return l.Cell, nil
		}
		if to == "" {
			return "", data.FieldErrorf("cells", "%s %d at (%v, %v) would lie in no cell.", what, l.ID, l.Point.Lon(), l.Point.Lat())
		}
		return to, nil
	}
	imp := &p.Impact
	imp.Households, imp.Incidents, imp.GridWorkers, imp.Users = []data.Move{}, []data.Move{}, []data.Move{}, []data.Move{}
	for _, h := range st.Households {
		to, err := move("Household", h)
		if err != nil {
			return nil, err
		}
		if to == h.Cell {
			continue
		}
		r := h.Residents
		imp.Households = append(imp.Households, data.Move{ID: h.ID, From: h.Cell, To: to, Residents: r})
		imp.Residents += r
		p.shift(h.Cell, -1, -r)
		p.shift(to, 1, r)
	}
	for _, in := range st.Incidents {
		to, err := move("Incident", in)
		if err != nil {
			return nil, err
		}
		if to != in.Cell {
			imp.Incidents = append(imp.Incidents, data.Move{ID: in.ID, From: in.Cell, To: to})
		}
	}
	heirs := make(map[string]string, len(removed))
	for _, cell := range st.Cells {
		if removed[cell.Code] {
			heirs[cell.Code] = heir(cell.Geometry, newIx, after)
		}
	}
	imp.GridWorkers = reassign(st.Workers, heirs)
	imp.Users = reassign(st.Users, heirs)
	for _, m := range [][]data.Move{imp.Households, imp.Incidents, imp.GridWorkers, imp.Users} {
		slices.SortFunc(m, func(a, b data.Move) int {
			return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.From, b.From))
		})
	}
	v.Moved = data.BoundaryMoves{Households: len(imp.Households), Residents: imp.Residents,
		Incidents: len(imp.Incidents), Assignments: len(imp.GridWorkers) + len(imp.Users)}
	for code := range removed {
		delete(p.Deltas, code)
	}
	if err := p.outlines(c, st, after, removed); err != nil {
		return nil, err
	}
	return p, nil
}

// shift records that a cell gains (or loses) households and residents.
func (p *Plan) shift(code string, households, residents int) {
	d := p.Deltas[code]
	d.Households += households
	d.Residents += residents
	p.Deltas[code] = d
}

func shapeIndex(cells []data.CellShape) *geo.Index {
	polys := make([]orb.Polygon, len(cells))
	for i, c := range cells {
		polys[i] = c.Geometry
	}
	return geo.NewIndex(polys)
}

// heirSamples is the side of the grid of points over a removed cell's
// bound by which heir estimates which new cell covers most of it.
const heirSamples = 32

// heir returns the code of the new cell that covers the largest part of the
// removed polygon, estimated by counting the points of a regular grid over
// its bound (and its label point) that each new cell contains; ties go to
// the lower code, and "" means that no new cell covers any of it.
func heir(removed orb.Polygon, ix *geo.Index, cells []data.CellShape) string {
	if len(removed) == 0 {
		return ""
	}
	counts := map[string]int{}
	count := func(pt orb.Point) {
		if i, ok := ix.Locate(pt); ok {
			counts[cells[i].Code]++
		}
	}
	count(geo.LabelPoint(removed))
	b := removed.Bound()
	dx, dy := (b.Max[0]-b.Min[0])/heirSamples, (b.Max[1]-b.Min[1])/heirSamples
	for i := range heirSamples {
		for j := range heirSamples {
			pt := orb.Point{b.Min[0] + (float64(i)+0.5)*dx, b.Min[1] + (float64(j)+0.5)*dy}
			if geo.Contains(removed, pt) {
				count(pt)
			}
		}
	}
	best := ""
	for code, n := range counts {
		if best == "" || n > counts[best] || n == counts[best] && code < best {
			best = code
		}
	}
	return best
}

// reassign moves the assignments to removed cells (the keys of heirs) to
// their heirs.
func reassign(links []Assignment, heirs map[string]string) []data.Move {
	moves := []data.Move{}
	for _, l := range links {
		if to, ok := heirs[l.Cell]; ok {
			moves = append(moves, data.Move{ID: l.ID, From: l.Cell, To: to})
		}
	}
	return moves
}

// InitialVersion is boundary version 1 of a data set loaded at now: by
// nobody, for data.InitialBoundaryReason, effective on the day of the load,
// with every cell added.
func InitialVersion(cells []data.Cell, now time.Time) data.BoundaryVersion {
	now = domain.StoredTime(now)
	v := data.BoundaryVersion{Number: 1, CreatedAt: now, Reason: data.InitialBoundaryReason,
		EffectiveDate: EffectiveDate(now), Added: make([]string, len(cells)), Removed: []string{}, Reshaped: []string{}}
	for i, c := range cells {
		v.Added[i] = c.Code
	}
	slices.Sort(v.Added)
	return v
}

// ChangedRegion is where a boundary change can move anything: the bound of
// the changed and removed cells' current shapes and of the new shapes,
// padded by a hair, and the removed codes. A household or incident outside
// the bound lies in the same unchanged cell before and after the change, so
// stores read, besides those inside it, only those recorded in a removed
// cell (PlanChange moves them wherever their point is). When the change
// names no shape at all, the bound is empty (its Min past its Max): nothing
// lies within it.
func ChangedRegion(c *data.BoundaryChange, current []data.CellShape) (b orb.Bound, removed []string) {
	removed = append([]string{}, c.Removed...)
	var ok bool
	touched := make(map[string]bool, len(c.Cells)+len(c.Removed))
	extend := func(g orb.Polygon) {
		if len(g) == 0 {
			return
		}
		if !ok {
			b, ok = g.Bound(), true
			return
		}
		b = b.Union(g.Bound())
	}
	for _, s := range c.Cells {
		touched[s.Code] = true
		extend(s.Geometry)
	}
	for _, code := range c.Removed {
		touched[code] = true
	}
	for _, cell := range current {
		if touched[cell.Code] {
			extend(cell.Geometry)
		}
	}
	if !ok {
		return orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{0, 0}}, removed
	}
	const pad = 1e-9
	b.Min, b.Max = orb.Point{b.Min[0] - pad, b.Min[1] - pad}, orb.Point{b.Max[0] + pad, b.Max[1] + pad}
	return b, removed
}

// outlines works out the units' and the town's outlines after a change:
// each unit that gains, loses or reshapes a cell is the union of its cells
// again, and the town is the union of all of them. EINVALID naming "cells"
// when a unit's cells would no longer make one area, naming "removed" when
// a unit would be left without cells.
func (p *Plan) outlines(c *data.BoundaryChange, st *State, after []data.CellShape, removed map[string]bool) error {
	touched := map[string]bool{}
	for _, s := range c.Cells {
		touched[s.UnitCode] = true
	}
	for _, cell := range st.Cells {
		if removed[cell.Code] || slices.ContainsFunc(c.Cells, func(s data.CellShape) bool { return s.Code == cell.Code }) {
			touched[cell.UnitCode] = true // its old unit, should the cell have moved to another
		}
	}
	parts := map[string][]orb.Polygon{}
	all := make([]orb.Polygon, 0, len(after))
	for _, cell := range after {
		all = append(all, cell.Geometry)
		if touched[cell.UnitCode] {
			parts[cell.UnitCode] = append(parts[cell.UnitCode], cell.Geometry)
		}
	}
	p.Units = make(map[string]orb.Polygon, len(touched))
	for _, unit := range slices.Sorted(maps.Keys(touched)) {
		if len(parts[unit]) == 0 {
			return data.FieldErrorf("removed", "Unit %s would be left without cells.", unit)
		}
		g, err := geo.UnionArea(parts[unit])
		if err != nil {
			return data.FieldErrorf("cells", "The cells of unit %s would not make one area: they would lie apart or enclose a hole.", unit)
		}
		p.Units[unit] = g
	}
	town, err := geo.UnionArea(all)
	if err != nil {
		return data.FieldErrorf("cells", "The cells would not make one town: they would lie apart or enclose a hole.")
	}
	if !geo.SamePolygon(town, st.Town) {
		p.Town = town
	}
	return nil
}
