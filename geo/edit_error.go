package geo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// Kinds of EditError: why an edit (a split, a merge, a new line of an
// edge) was refused for what its caller asked. An edit refused for an index
// that is out of range returns a plain error: the caller's bug.
const (
	EditNoFace              = "no_face"               // the face does not exist or was merged away
	EditLineShort           = "line_short"            // a split line of fewer than 2 points
	EditLineOffBoundary     = "line_off_boundary"     // its first or last point is not on the face's boundary
	EditLineClosed          = "line_closed"           // it starts and ends at the same point
	EditLineOnHole          = "line_on_hole"          // it ends on a hole rather than the outer boundary
	EditLineTouchesBoundary = "line_touches_boundary" // an inner point on, or a segment across, the boundary
	EditLineCrossesItself   = "line_crosses_itself"
	EditLineLeavesFace      = "line_leaves_face"
	EditNoArea              = "no_area"        // a part would have no area
	EditMergeSelf           = "merge_self"     // a face merged with itself
	EditNotNeighbours       = "not_neighbours" // the faces share no edge
	EditMergeShape          = "merge_shape"    // their union would not be one simple area
	EditLineEnds            = "line_ends"      // a new line of an edge does not run between its nodes
	EditNotFinite           = "not_finite"     // a coordinate is not a finite number
	EditBroken              = "broken"         // the faces around the edit do not make a topology
)

// EditError is why an edit was refused: a Kind callers can put
// in their users' words, the faces concerned and a place (zero when there
// is none). Error gives the full English explanation.
type EditError struct {
	Kind  string
	Faces []int
	At    orb.Point
	msg   string
}

func (e *EditError) Error() string { return e.msg }

func editErrorf(kind string, faces []int, at orb.Point, format string, args ...any) *EditError {
	return &EditError{Kind: kind, Faces: faces, At: at, msg: fmt.Sprintf(format, args...)}
}
