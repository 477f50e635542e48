// Package boundary edits and restores the cells' boundaries: a changeset
// is a list of operations on the shared-edge topology of one boundary
// version, applied in order and validated before the stores commit the
// result as a new version. It also holds the rules of a boundary change
// that the stores apply (CheckChange, PlanChange): what a change may do and
// what it moves. It knows nothing of HTTP or SQL; the errors name their
// fields as the changeset's JSON does.
package boundary

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
)

// minCellAreaM2 is the smallest area a cell may be left with: anything
// smaller is a sliver left by a slipped drag, not a governance grid cell.
const minCellAreaM2 = 100

// vertexTolerance is how near (in degrees, about 1 mm) a coordinate of an
// operation must be to a vertex to name it: clients send back the
// coordinates they were given, so it only absorbs rounding.
const vertexTolerance = 1e-8

// edgeTolerance is how near (in degrees, about 1 m) the point that names an
// edge for replace_edge must be to it.
const edgeTolerance = 1e-5

// Operation is one edit of a changeset; which fields count depends on Op.
type Operation struct {
	Op      string         `json:"op"`
	From    *orb.Point     `json:"from,omitempty"`
	To      *orb.Point     `json:"to,omitempty"`
	At      *orb.Point     `json:"at,omitempty"`
	On      *orb.Point     `json:"on,omitempty"`
	Between []orb.Point    `json:"between,omitempty"`
	Line    orb.LineString `json:"line,omitempty"`
	Cell    string         `json:"cell,omitempty"`
	Cells   []string       `json:"cells,omitempty"`
	Name    string         `json:"name,omitempty"`
}

// Edit is a changeset being applied to a topology: the faces' cells, by
// index, as operations split and merge them.
type Edit struct {
	base    []data.Cell
	top     *geo.Topology
	codes   []string
	shapes  []data.CellShape // per face: unit, name, kind (and New for split-off parts)
	removed []int
	used    map[string]bool // every code ever used, and those given to new parts
}

// NewEdit starts an edit of the cells of a boundary version, base, whose
// topology top has a face per cell in the same order. vs are the versions
// so far: a code any of them added is never given to a new cell again.
func NewEdit(base []data.Cell, top *geo.Topology, vs []data.BoundaryVersion) *Edit {
	e := &Edit{base: base, top: top, used: map[string]bool{}}
	for _, v := range vs {
		for _, code := range v.Added {
			e.used[code] = true
		}
	}
	for i := range base {
		e.codes = append(e.codes, base[i].Code)
		e.shapes = append(e.shapes, data.CellShape{Code: base[i].Code, UnitCode: base[i].UnitCode, Name: base[i].Name, Kind: base[i].Kind})
	}
	return e
}

// errOp is the error of the i-th operation.
func errOp(i int, format string, a ...any) error {
	return data.FieldErrorf(fmt.Sprintf("operations[%d]", i), format, a...)
}

// face returns the face of a current cell code.
func (e *Edit) face(code string) int {
	for i, c := range e.codes {
		if c == code && !slices.Contains(e.removed, i) {
			return i
		}
	}
	return -1
}

// Apply applies op, the operation at index i of the changeset. A refused
// operation is EINVALID naming "operations[i]"; any other error is the
// caller's fault.
func (e *Edit) Apply(i int, op Operation) error {
	var t *geo.Topology
	var err error
	switch op.Op {
	case "move_vertex":
		if op.From == nil || op.To == nil {
			return errOp(i, "move_vertex needs from and to.")
		}
		node, edge, k := e.top.VertexAt(*op.From, vertexTolerance)
		switch {
		case node >= 0:
			t, err = e.top.MoveNode(node, *op.To)
		case edge >= 0:
			t, err = e.top.MoveVertex(edge, k, *op.To)
		default:
			return errOp(i, "There is no vertex at %v.", *op.From)
		}
	case "insert_vertex":
		if len(op.Between) != 2 || op.At == nil {
			return errOp(i, "insert_vertex needs between (two consecutive vertices) and at.")
		}
		edge, after := e.top.SegmentAt(op.Between[0], op.Between[1], vertexTolerance)
		if edge < 0 {
			return errOp(i, "No edge has consecutive vertices %v and %v.", op.Between[0], op.Between[1])
		}
		t, err = e.top.InsertVertex(edge, after, *op.At)
	case "delete_vertex":
		if op.At == nil {
			return errOp(i, "delete_vertex needs at.")
		}
		node, edge, k := e.top.VertexAt(*op.At, vertexTolerance)
		switch {
		case node >= 0:
			return errOp(i, "The vertex at %v is where boundaries meet; it cannot be deleted.", *op.At)
		case edge < 0:
			return errOp(i, "There is no vertex at %v.", *op.At)
		}
		t, err = e.top.DeleteVertex(edge, k)
	case "replace_edge":
		if op.On == nil || len(op.Line) < 2 {
			return errOp(i, "replace_edge needs on (a point of the edge) and a line of two or more points.")
		}
		edge := e.top.EdgeNear(*op.On, edgeTolerance)
		if edge < 0 {
			return errOp(i, "No edge passes through %v.", *op.On)
		}
		line := op.Line
		ed := e.top.Edges[edge]
		// A line drawn from the edge's end node to its start node runs backwards.
		n0, _, _ := e.top.VertexAt(line[0], vertexTolerance)
		n1, _, _ := e.top.VertexAt(line[len(line)-1], vertexTolerance)
		if n0 == ed.End && n1 == ed.Start {
			line = slices.Clone(line)
			slices.Reverse(line)
		}
		t, err = e.top.ReplaceEdge(edge, line)
	case "split", "merge":
		return e.splitOrMerge(i, op)
	default:
		return errOp(i, "Unknown operation %q: use move_vertex, insert_vertex, delete_vertex, replace_edge, split or merge.", op.Op)
	}
	if err != nil {
		return e.editError(i, err)
	}
	e.top = t
	return nil
}

// nextCode returns the unit's next free cell code: one above the highest
// sequence number any of its cells ever had.
func (e *Edit) nextCode(unit string) string {
	top := 0
	for code := range e.used {
		if n, ok := domain.CellSeq(code, unit); ok {
			top = max(top, n)
		}
	}
	code := fmt.Sprintf("%s%03d", unit, top+1)
	e.used[code] = true
	return code
}

// Change turns the edited topology into a boundary change against the
// base: the faces whose cell differs from the base, the new ones, the
// removed, added to c (which names the base version, the reason, the
// author and the time). An edit that changes nothing is EINVALID naming
// "operations".
func (e *Edit) Change(c data.BoundaryChange) (*data.BoundaryChange, error) {
	polys := e.top.Polygons()
	c.Cells, c.Removed = nil, nil
	for f, code := range e.codes {
		if slices.Contains(e.removed, f) {
			if f < len(e.base) {
				c.Removed = append(c.Removed, code)
			}
			continue
		}
		sh := e.shapes[f]
		sh.Geometry = geo.RightHand(polys[f])
		if f < len(e.base) && geo.SamePolygon(e.base[f].Geometry, polys[f]) {
			continue
		}
		c.Cells = append(c.Cells, sh)
	}
	if len(c.Cells) == 0 && len(c.Removed) == 0 {
		return nil, data.FieldErrorf("operations", "The operations leave every cell as it was.")
	}
	return &c, nil
}

// Removed returns the base's cells that the edit merged away.
func (e *Edit) Removed() []data.Cell {
	var out []data.Cell
	for _, f := range e.removed {
		if f < len(e.base) {
			out = append(out, e.base[f])
		}
	}
	return out
}

// splitOrMerge applies a split or a merge operation.
func (e *Edit) splitOrMerge(i int, op Operation) error {
	if op.Op == "split" {
		f := e.face(op.Cell)
		if f < 0 {
			return errOp(i, "There is no cell %q to split.", op.Cell)
		}
		if len(op.Line) < 2 {
			return errOp(i, "split needs a line of two or more points across the cell.")
		}
		t, nf, err := e.top.SplitFace(f, op.Line)
		if err != nil {
			return e.editError(i, err)
		}
		sh := e.shapes[f]
		code := e.nextCode(sh.UnitCode)
		name := strings.TrimSpace(op.Name)
		if name == "" {
			name = fmt.Sprintf("%s第%s网格", e.unitName(sh.UnitCode), strings.TrimLeft(code[len(sh.UnitCode):], "0"))
		}
		if nf != len(e.codes) {
			return fmt.Errorf("split of face %d gave face %d; want %d", f, nf, len(e.codes))
		}
		e.codes = append(e.codes, code)
		e.shapes = append(e.shapes, data.CellShape{Code: code, New: true, UnitCode: sh.UnitCode, Name: name, Kind: sh.Kind})
		e.top = t
		return nil
	}
	if len(op.Cells) != 2 {
		return errOp(i, "merge needs cells: the code that stays, then the code that goes.")
	}
	keep, gone := e.face(op.Cells[0]), e.face(op.Cells[1])
	switch {
	case keep < 0:
		return errOp(i, "There is no cell %q to merge.", op.Cells[0])
	case gone < 0:
		return errOp(i, "There is no cell %q to merge.", op.Cells[1])
	case keep == gone:
		return errOp(i, "A cell cannot be merged with itself.")
	}
	t, err := e.top.MergeFaces(keep, gone)
	if err != nil {
		return e.editError(i, err)
	}
	e.removed = append(e.removed, gone)
	e.top = t
	return nil
}

// unitName returns the name of a unit of the base cells.
func (e *Edit) unitName(unit string) string {
	for i := range e.base {
		if e.base[i].UnitCode == unit {
			return e.base[i].UnitName
		}
	}
	return unit
}

// Problems validates the edited topology: the cells must still partition
// the town (its outer boundary may move only when outerMayChange), none
// smaller than minCellAreaM2. The problems name cells by their codes.
func (e *Edit) Problems(outerMayChange bool) []geo.Problem {
	return e.top.Validate(geo.ValidateOptions{MinAreaM2: minCellAreaM2, OuterMayChange: outerMayChange, IDs: e.codes, Removed: e.removed})
}

// editError puts a refused edit in the user's words, naming cells by their
// codes rather than geo's face numbers, and the place. Any other error of
// geo is the API's own fault (an index it looked up itself): internal, and
// its text never reaches the client.
func (e *Edit) editError(i int, err error) error {
	var ee *geo.EditError
	if !errors.As(err, &ee) {
		return fmt.Errorf("operation %d: %w", i, err)
	}
	codes := make([]string, len(ee.Faces))
	for k, f := range ee.Faces {
		if f >= 0 && f < len(e.codes) {
			codes[k] = e.codes[f]
		}
	}
	a, b := "", ""
	if len(codes) > 0 {
		a = codes[0]
	}
	if len(codes) > 1 {
		b = codes[1]
	}
	at := fmt.Sprintf("%.6f, %.6f", ee.At[0], ee.At[1])
	switch ee.Kind {
	case geo.EditNoFace:
		return errOp(i, "There is no cell %s any more: it was merged away.", a)
	case geo.EditLineShort:
		return errOp(i, "Draw the split line across cell %s with at least two points.", a)
	case geo.EditLineOffBoundary:
		return errOp(i, "The split line must start and end on the boundary of cell %s; a point at %s is not on it.", a, at)
	case geo.EditLineClosed:
		return errOp(i, "The split line must start and end at two different points of the boundary of cell %s.", a)
	case geo.EditLineOnHole:
		return errOp(i, "The split line must run between two points of the outer boundary of cell %s, not end on a hole.", a)
	case geo.EditLineTouchesBoundary:
		return errOp(i, "The split line may touch the boundary of cell %s only at its ends; it touches it at %s.", a, at)
	case geo.EditLineCrossesItself:
		return errOp(i, "The split line crosses itself at %s.", at)
	case geo.EditLineLeavesFace:
		return errOp(i, "The split line leaves cell %s at %s.", a, at)
	case geo.EditNoArea:
		return errOp(i, "Splitting cell %s along this line would leave a part with no area.", a)
	case geo.EditMergeSelf:
		return errOp(i, "A cell cannot be merged with itself.")
	case geo.EditNotNeighbours:
		return errOp(i, "Cells %s and %s share no boundary; only neighbours can be merged.", a, b)
	case geo.EditMergeShape:
		return errOp(i, "Cells %s and %s would not make one simple area together (at %s).", a, b, at)
	case geo.EditLineEnds:
		return errOp(i, "A redrawn boundary must start and end at the two ends of the old one; the line ends at %s instead.", at)
	case geo.EditNotFinite:
		return errOp(i, "Coordinates must be finite numbers.")
	case geo.EditBroken:
		return errOp(i, "The boundaries around cell %s are no longer valid after the earlier operations; correct them first.", a)
	}
	return fmt.Errorf("operation %d: an edit refused for a reason the API does not know: %w", i, err)
}
