// Package importer brings a real town's data into a store: its grid
// boundaries from the files surveyors and districts keep, checked, mapped
// to cells and units, and written either as a new town or as a new
// boundary version of the town the store holds. The command line and the
// admin page call the same functions; nothing here speaks HTTP.
package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// Feature is one polygon of a boundary file, in WGS 84 longitude and
// latitude, with its attributes as text.
type Feature struct {
	Index    int // 1-based, in file order
	Attrs    map[string]string
	Geometry orb.Geometry // orb.Polygon, or an orb.MultiPolygon of one part
}

// BoundaryOptions say how features map to cells and what the import is
// for. Empty field names are looked up among the usual ones (see
// codeFields and friends).
type BoundaryOptions struct {
	CodeField string // the cell's 15-digit code
	NameField string // the cell's name
	UnitField string // the unit: a 12-digit code or a name; "" derives units from the codes

	// For a store without a town.
	TownCode string // 9 or 12 digits (500110119 or 500110119000)
	TownName string

	// For a store that holds a town: the new boundary version.
	Reason        string
	EffectiveDate string // YYYY-MM-DD
	AuthorID      int64
	AuthorName    string
}

// The attribute names tried, in order, when an option leaves a field
// unnamed: those of the sample exports, of QGIS users, and the pinyin
// initials district systems use (WGBM 网格编码, WGMC 网格名称).
var (
	codeFields = []string{"code", "cell_code", "网格编码", "网格代码", "编码", "WGBM", "GRID_CODE", "CODE"}
	nameFields = []string{"name", "cell_name", "网格名称", "名称", "WGMC", "GRID_NAME", "NAME"}
	unitFields = []string{"unit_code", "unit", "unit_name", "所属村社区", "村社区", "村(社区)", "村（社区）", "SSCSQ", "UNIT"}
)

// Problem is one thing wrong with a file: the feature (0 for the file as a
// whole), the cell code when known, a kind (a geo.Problem* constant or
// "attribute", "code", "unit", "impact"), where to show it and the error,
// whose field names the attribute or "geometry".
type Problem struct {
	Feature int
	Code    string
	Kind    string
	At      *orb.Point
	AreaM2  float64 // of an overlap, gap or sliver
	Err     *data.Error
}

func (p Problem) String() string {
	s := "file"
	if p.Feature > 0 {
		s = fmt.Sprintf("feature %d", p.Feature)
	}
	if p.Code != "" {
		s += " (" + p.Code + ")"
	}
	if p.At != nil {
		s += fmt.Sprintf(" at %.6f, %.6f", p.At.Lon(), p.At.Lat())
	}
	return s + ": " + p.Err.Error()
}

// BoundaryPlan is what a boundary import would write: a new town (Dataset)
// when the store holds none, else a change of the town's boundaries with
// its impact, worked out by the store exactly as for the boundary editor.
type BoundaryPlan struct {
	Dataset  *data.Dataset        // a new town: its units and cells; nil for a change
	Change   *data.BoundaryChange // nil for a new town, or when nothing changes; with problems, what the valid features change
	Impact   *data.BoundaryImpact // the change's impact; nil while there are problems
	Cells    []data.Cell          // every cell of the file, ordered by code
	Problems []Problem            // nothing is written while there are any
}

// PlanBoundaries maps features to cells, checks them and the partition they
// make, and works out what committing them would write into st. Problems
// are reported in the plan, per feature; the error is for what stops the
// whole (a store that cannot be read, options that cannot work).
func PlanBoundaries(ctx context.Context, st data.Store, fs []Feature, opt BoundaryOptions) (*BoundaryPlan, error) {
	town, err := st.Town(ctx)
	switch {
	case data.ErrorCode(err) == data.ENOTFOUND:
		town = nil
	case err != nil:
		return nil, err
	}
	create := town == nil
	if create {
		if town, err = newTown(opt); err != nil {
			return nil, err
		}
	}
	if len(fs) == 0 {
		return nil, data.FieldErrorf("file", "The file has no features.")
	}
	p := &BoundaryPlan{}
	fields, err := resolveFields(fs, opt)
	if err != nil {
		return nil, err
	}
	cells, ground, refused := p.mapCells(fs, fields, town)
	p.checkPartition(ground, refused)
	if create {
		p.newTown(town, cells)
		return p, nil
	}
	return p, p.change(ctx, st, cells, opt)
}

// newTown checks the options that name a town to create.
func newTown(opt BoundaryOptions) (*data.Town, error) {
	code := strings.TrimSpace(opt.TownCode)
	if len(code) == 9 {
		code += "000"
	}
	switch {
	case !digits(code, 12) || !strings.HasSuffix(code, "000"):
		return nil, data.FieldErrorf("town_code", "The store holds no town yet: give the town's 9-digit division code (such as 500110119), not %q.", opt.TownCode)
	case strings.TrimSpace(opt.TownName) == "":
		return nil, data.FieldErrorf("town_name", "The store holds no town yet: give the town's name.")
	}
	return &data.Town{Code: code, Name: strings.TrimSpace(opt.TownName)}, nil
}

// fields are the attribute names in use.
type fields struct{ code, name, unit string }

// resolveFields finds the attributes that hold the code, name and unit: the
// ones named in opt, which must exist, or the first of the usual names that
// the first feature has.
func resolveFields(fs []Feature, opt BoundaryOptions) (fields, error) {
	have := fs[0].Attrs
	// has finds an attribute by its name, or by the name cut to dBASE's 10
	// bytes that a shapefile written in UTF-8 holds (网格编码 as 网格编).
	has := func(name string) (string, bool) {
		if _, ok := have[name]; ok {
			return name, true
		}
		cut := dbaseName(name)
		_, ok := have[cut]
		return cut, ok
	}
	pick := func(flag, given string, usual []string, required bool) (string, error) {
		if given != "" {
			name, ok := has(given)
			if !ok {
				return "", data.FieldErrorf(flag, "The features have no attribute %q; they have %s.", given, attrList(have))
			}
			return name, nil
		}
		for _, f := range usual {
			if name, ok := has(f); ok {
				return name, nil
			}
		}
		if required {
			return "", data.FieldErrorf(flag, "Name the attribute that holds it: the features have %s.", attrList(have))
		}
		return "", nil
	}
	var f fields
	var err error
	if f.code, err = pick("code_field", opt.CodeField, codeFields, true); err != nil {
		return f, err
	}
	if f.name, err = pick("name_field", opt.NameField, nameFields, true); err != nil {
		return f, err
	}
	f.unit, err = pick("unit_field", opt.UnitField, unitFields, false)
	return f, err
}

// dbaseName is name cut, at a character's end, to the 10 bytes of UTF-8 a
// dBASE field name holds.
func dbaseName(name string) string {
	if len(name) <= 10 {
		return name
	}
	n := 0
	for i, r := range name {
		if i+utf8.RuneLen(r) > 10 {
			break
		}
		n = i + utf8.RuneLen(r)
	}
	return name[:n]
}

func attrList(attrs map[string]string) string {
	if len(attrs) == 0 {
		return "no attributes"
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// mapped is a feature as a cell, with the unit name its attribute gave.
type mapped struct {
	data.Cell
	feature  int
	unitName string
}

// mapCells turns features into cells, reporting per feature what is wrong:
// a code that is not 15 digits, outside the town, under another unit than
// the one named, or repeated; a missing or overlong name; a geometry that
// is not one simple polygon without holes. Besides the cells it returns
// the ground: the polygons of every feature whose geometry is sound, the
// cells and the features refused for their attributes, which still cover
// their ground for the partition check; and the geometries refused.
func (p *BoundaryPlan) mapCells(fs []Feature, f fields, town *data.Town) (cells, ground []mapped, refused []orb.Geometry) {
	prefix := town.Code[:9]
	seen := map[string]int{}
	for _, ft := range fs {
		code := strings.TrimSpace(ft.Attrs[f.code])
		name := strings.TrimSpace(ft.Attrs[f.name])
		unit := strings.TrimSpace(ft.Attrs[f.unit])
		g, gerr := onePolygon(ft.Geometry)
		bad := func(kind string, err *data.Error) {
			p.Problems = append(p.Problems, Problem{Feature: ft.Index, Code: code, Kind: kind,
				At: labelOf(ft.Geometry), Err: err})
			if gerr == nil {
				ground = append(ground, mapped{Cell: data.Cell{Code: code, Geometry: g}, feature: ft.Index})
			} else {
				refused = append(refused, ft.Geometry)
			}
		}
		if !digits(code, 15) {
			bad("code", data.FieldErrorf(f.code, "The cell code %q is not 15 digits.", code))
			continue
		}
		if !strings.HasPrefix(code, prefix) {
			bad("code", data.FieldErrorf(f.code, "Cell %s is not in town %s: its code must begin with %s.", code, town.Code, prefix))
			continue
		}
		if first, dup := seen[code]; dup {
			bad("code", data.FieldErrorf(f.code, "Cell code %s is also the code of feature %d.", code, first))
			continue
		}
		seen[code] = ft.Index
		m := mapped{Cell: data.Cell{Code: code, Name: name, UnitCode: code[:12]}, feature: ft.Index}
		if digits(unit, 12) {
			if unit != m.UnitCode {
				bad("unit", data.FieldErrorf(f.unit, "Cell %s is named in unit %s, but its code puts it in unit %s.", code, unit, m.UnitCode))
				continue
			}
		} else {
			m.unitName = unit
		}
		if name == "" {
			bad("attribute", data.FieldErrorf(f.name, "Cell %s has no name.", code))
			continue
		}
		if err := domain.CheckLine(f.name, name, data.MaxCellName); err != nil {
			bad("attribute", asDataError(err))
			continue
		}
		if gerr != nil {
			bad(geo.ProblemInvalid, gerr)
			continue
		}
		m.Geometry, m.AreaM2 = g, geo.Area(g)
		cells = append(cells, m)
		ground = append(ground, m)
	}
	slices.SortFunc(cells, func(a, b mapped) int { return cmp.Compare(a.Code, b.Code) })
	for _, m := range cells {
		p.Cells = append(p.Cells, m.Cell)
	}
	return cells, ground, refused
}

// onePolygon returns g as a cell's polygon: one simple ring without holes.
func onePolygon(g orb.Geometry) (orb.Polygon, *data.Error) {
	var poly orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		poly = g
	case orb.MultiPolygon:
		if len(g) != 1 {
			return nil, data.FieldErrorf("geometry", "A cell is one area, but this feature has %d parts.", len(g))
		}
		poly = g[0]
	default:
		return nil, data.FieldErrorf("geometry", "A cell is a polygon, not a %s.", geometryName(g))
	}
	if len(poly) > 1 {
		return nil, data.FieldErrorf("geometry", "A cell has no holes, but this polygon has %d.", len(poly)-1)
	}
	if err := geo.ValidatePolygon(poly); err != nil {
		return nil, data.FieldErrorf("geometry", "The polygon is not valid: its boundary must be one closed ring that does not touch or cross itself.")
	}
	return poly, nil
}

func geometryName(g orb.Geometry) string {
	if g == nil {
		return "missing geometry"
	}
	return strings.ToLower(g.GeoJSONType())
}

// checkPartition reports where the features' ground does not tile one
// area, with geo.CheckCoverage: rings crossing themselves, overlaps and
// gaps (with their areas), vertices a neighbour does not share, slivers,
// pieces apart. A gap where a refused geometry lies is left out: that
// feature's own problem says why its ground is missing.
func (p *BoundaryPlan) checkPartition(ground []mapped, refused []orb.Geometry) {
	polys := make([]orb.Polygon, len(ground))
	for i, c := range ground {
		polys[i] = c.Geometry
	}
	for _, pr := range geo.CheckCoverage(polys, nil) {
		if pr.Kind == geo.ProblemGap && !pr.Apart && inAny(refused, pr.At) {
			continue
		}
		codes := make([]string, len(pr.Faces))
		for i, f := range pr.Faces {
			codes[i] = ground[f].Code
		}
		at := pr.At
		prob := Problem{Kind: pr.Kind, At: &at, AreaM2: pr.AreaM2, Err: partitionError(pr, strings.Join(codes, ", "))}
		if len(pr.Faces) > 0 {
			c := ground[pr.Faces[0]]
			prob.Feature, prob.Code = c.feature, c.Code
		}
		p.Problems = append(p.Problems, prob)
	}
}

// inAny reports whether pt lies within the outer ring of one of gs,
// polygons or multipolygons: a hole is ground the feature claims too.
func inAny(gs []orb.Geometry, pt orb.Point) bool {
	for _, g := range gs {
		var polys []orb.Polygon
		switch g := g.(type) {
		case orb.Polygon:
			polys = []orb.Polygon{g}
		case orb.MultiPolygon:
			polys = g
		}
		for _, p := range polys {
			if len(p) > 0 && planar.RingContains(p[0], pt) {
				return true
			}
		}
	}
	return false
}

// partitionError says what a problem of geo.CheckCoverage means for the
// cells of a file.
func partitionError(pr geo.Problem, codes string) *data.Error {
	switch pr.Kind {
	case geo.ProblemOverlap:
		return data.FieldErrorf("geometry", "Cells %s overlap by %.1f m².", codes, pr.AreaM2)
	case geo.ProblemVertex:
		return data.FieldErrorf("geometry", "Cells %s meet without sharing their vertices there: snap them (-snap) or correct the file.", codes)
	case geo.ProblemGap:
		switch {
		case codes == "":
			return data.FieldErrorf("geometry", "Ground here lies in no cell, or the cells fall apart.")
		case pr.Apart:
			return data.FieldErrorf("geometry", "Cells %s lie apart from the other cells (%.1f m²): a town is one area.", codes, pr.AreaM2)
		}
		return data.FieldErrorf("geometry", "Between cells %s lies a gap of %.1f m², or they fall apart.", codes, pr.AreaM2)
	case geo.ProblemSliver:
		return data.FieldErrorf("geometry", "Cell %s is a sliver (%.1f m²): too small or too thin to be a cell.", codes, pr.AreaM2)
	case geo.ProblemSelfIntersection:
		return data.FieldErrorf("geometry", "The boundary of cell %s crosses or touches itself.", codes)
	case geo.ProblemHole:
		return data.FieldErrorf("geometry", "Cell %s has a hole.", codes)
	default:
		return data.FieldErrorf("geometry", "Cell %s is not a valid polygon.", codes)
	}
}

// newTown plans a whole new town: its units from the cells' codes, each
// the union of its cells, named by the unit attribute (or by its code)
// and a community when its name says so (社区, 居委会); the town the union
// of all cells.
func (p *BoundaryPlan) newTown(town *data.Town, cells []mapped) {
	ds := &data.Dataset{Town: *town}
	// Units whose cells other problems name: their cells not making one
	// area follows from those.
	named := map[string]bool{}
	for _, pr := range p.Problems {
		if len(pr.Code) >= 12 {
			named[pr.Code[:12]] = true
		}
	}
	byUnit := map[string][]mapped{}
	for _, c := range cells {
		byUnit[c.UnitCode] = append(byUnit[c.UnitCode], c)
	}
	var all []orb.Polygon
	for _, code := range slices.Sorted(maps.Keys(byUnit)) {
		cs := byUnit[code]
		u := data.Unit{Code: code, Name: code, Kind: data.UnitVillage, TownCode: town.Code}
		var polys []orb.Polygon
		for _, c := range cs {
			if c.unitName != "" && u.Name == code {
				u.Name = c.unitName
			} else if c.unitName != "" && c.unitName != u.Name {
				p.Problems = append(p.Problems, Problem{Feature: c.feature, Code: c.Code, Kind: "unit",
					Err: data.FieldErrorf("unit_field", "Cells of unit %s name it both %q and %q.", code, u.Name, c.unitName)})
			}
			polys = append(polys, c.Geometry)
		}
		if strings.HasSuffix(u.Name, "社区") || strings.HasSuffix(u.Name, "居委会") {
			u.Kind = data.UnitCommunity
		}
		g, err := geo.UnionArea(polys)
		if err != nil && !named[code] {
			p.Problems = append(p.Problems, Problem{Feature: cs[0].feature, Code: cs[0].Code, Kind: "unit", At: labelOf(cs[0].Geometry),
				Err: data.FieldErrorf("geometry", "The cells of unit %s do not make one area: they lie apart or overlap.", code)})
		}
		u.Geometry = g
		ds.Units = append(ds.Units, u)
		for _, c := range cs {
			c.Kind = data.CellRural
			if u.Kind == data.UnitCommunity {
				c.Kind = data.CellCommunity
			}
			c.UnitName = u.Name
			ds.Cells = append(ds.Cells, c.Cell)
		}
		all = append(all, polys...)
	}
	if len(all) > 0 {
		g, err := geo.UnionArea(all)
		if err != nil && len(p.Problems) == 0 {
			p.Problems = append(p.Problems, Problem{Kind: geo.ProblemGap,
				Err: data.FieldErrorf("geometry", "The cells do not make one town: they lie apart.")})
		}
		ds.Town.Geometry = g
	}
	p.Cells = ds.Cells
	p.Dataset = ds
}

// change plans a new boundary version of the stored town: each cell of the
// file whose code exists is reshaped when its shape, name or unit differ,
// each other code is a new cell, and each stored cell the file lacks is
// removed. The store works out the impact (and refuses what its rules
// refuse, such as a household that would lie in no cell).
func (p *BoundaryPlan) change(ctx context.Context, st data.Store, cells []mapped, opt BoundaryOptions) error {
	current, err := st.Cells(ctx)
	if err != nil {
		return err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	versions, err := st.BoundaryVersions(ctx)
	if err != nil {
		return err
	}
	kinds := map[string]string{}
	for _, u := range units {
		kinds[u.Code] = data.CellRural
		if u.Kind == data.UnitCommunity {
			kinds[u.Code] = data.CellCommunity
		}
	}
	byCode := make(map[string]data.Cell, len(current))
	for _, c := range current {
		byCode[c.Code] = c
	}
	ch := &data.BoundaryChange{Reason: opt.Reason, EffectiveDate: opt.EffectiveDate,
		AuthorID: opt.AuthorID, AuthorName: opt.AuthorName}
	if len(versions) > 0 {
		ch.Base = versions[0].Number
	}
	inFile := map[string]bool{}
	for i := range cells {
		c := &cells[i]
		inFile[c.Code] = true
		kind, ok := kinds[c.UnitCode]
		if !ok {
			p.Problems = append(p.Problems, Problem{Feature: c.feature, Code: c.Code, Kind: "unit", At: labelOf(c.Geometry),
				Err: data.FieldErrorf("unit_field", "Cell %s is in unit %s, which the town does not have.", c.Code, c.UnitCode)})
			continue
		}
		c.Kind = kind
		old, exists := byCode[c.Code]
		if exists && old.Name == c.Name && old.UnitCode == c.UnitCode && geo.SamePolygon(old.Geometry, c.Geometry) {
			continue
		}
		ch.Cells = append(ch.Cells, data.CellShape{Code: c.Code, New: !exists, UnitCode: c.UnitCode, Name: c.Name, Kind: kind, Geometry: c.Geometry})
	}
	for _, c := range current {
		if !inFile[c.Code] {
			ch.Removed = append(ch.Removed, c.Code)
		}
	}
	for i, c := range cells {
		p.Cells[i].Kind = c.Kind
	}
	if len(ch.Cells) == 0 && len(ch.Removed) == 0 {
		return nil // nothing to change
	}
	p.Change = ch // also with problems: what the file would change, for the preview
	if len(p.Problems) > 0 {
		return nil // nothing to ask the store about
	}
	imp, err := st.BoundaryImpact(ctx, ch)
	if data.ErrorCode(err) == data.EINVALID {
		p.Problems = append(p.Problems, Problem{Kind: "impact", Err: asDataError(err)})
		return nil
	}
	p.Impact = imp
	return err
}

// Commit writes the plan: the new town, or the new boundary version (whose
// reason and effective date the store requires). EINVALID while the plan
// has problems; nothing is written then.
func (p *BoundaryPlan) Commit(ctx context.Context, st data.Store) (*data.BoundaryVersion, error) {
	if len(p.Problems) > 0 {
		return nil, data.Errorf(data.EINVALID, "The file has %d problems: nothing was imported.", len(p.Problems))
	}
	if p.Dataset != nil {
		if err := st.Load(ctx, p.Dataset); err != nil {
			return nil, err
		}
		vs, err := st.BoundaryVersions(ctx)
		if err != nil || len(vs) == 0 {
			return nil, err
		}
		return &vs[0], nil
	}
	if p.Change == nil {
		return nil, nil // the file holds the current boundaries
	}
	v, _, err := st.CommitBoundary(ctx, p.Change)
	return v, err
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func labelOf(g orb.Geometry) *orb.Point {
	var poly orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		poly = g
	case orb.MultiPolygon:
		if len(g) > 0 {
			poly = g[0]
		}
	}
	if len(poly) == 0 || len(poly[0]) == 0 {
		return nil
	}
	pt := geo.LabelPoint(poly)
	return &pt
}

// asDataError returns the *data.Error of an EINVALID answer.
func asDataError(err error) *data.Error {
	var de *data.Error
	errors.As(err, &de)
	return de
}
