package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// The edits below return a new Topology and leave the receiver as it was;
// the two share every part the edit did not change. They check only that
// the edit makes sense (indexes in range, finite coordinates, endpoints
// kept at their nodes); whether the result is still a valid partition is
// for Validate to say, so that an editor can show the fault while the user
// is still dragging.

// edited returns a copy of t whose node and edge slices may be changed
// without touching t. Lines are never modified in place, only replaced.
func (t *Topology) edited() *Topology {
	u := *t
	u.Nodes = slices.Clone(t.Nodes)
	u.Edges = slices.Clone(t.Edges)
	return &u
}

func (t *Topology) checkEdge(edge int) error {
	if edge < 0 || edge >= len(t.Edges) {
		return fmt.Errorf("geo: topology has no edge %d", edge)
	}
	return nil
}

// checkInterior checks that index is a vertex of the edge other than its
// end points, which belong to nodes.
func (t *Topology) checkInterior(edge, index int) error {
	if err := t.checkEdge(edge); err != nil {
		return err
	}
	if n := len(t.Edges[edge].Line); index <= 0 || index >= n-1 {
		return fmt.Errorf("geo: edge %d has no interior vertex %d (it has %d points; the first and last are nodes)", edge, index, n)
	}
	return nil
}

func checkFinite(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return editErrorf(EditNotFinite, nil, orb.Point{}, "geo: point %v is not finite", p)
	}
	return nil
}

// MoveNode returns the topology with a node moved to a new place: every
// edge that starts or ends there, hence every face that shares the node,
// moves with it.
func (t *Topology) MoveNode(node int, to orb.Point) (*Topology, error) {
	if node < 0 || node >= len(t.Nodes) {
		return nil, fmt.Errorf("geo: topology has no node %d", node)
	}
	if err := checkFinite(to); err != nil {
		return nil, err
	}
	u := t.edited()
	u.Nodes[node] = to
	for _, e := range t.nodeEdges[node] {
		line := slices.Clone(u.Edges[e].Line)
		if u.Edges[e].Start == node {
			line[0] = to
		}
		if u.Edges[e].End == node {
			line[len(line)-1] = to
		}
		u.Edges[e].Line = line
	}
	return u, nil
}

// MoveVertex returns the topology with an interior vertex of an edge moved;
// both faces of the edge change.
func (t *Topology) MoveVertex(edge, index int, to orb.Point) (*Topology, error) {
	if err := t.checkInterior(edge, index); err != nil {
		return nil, err
	}
	if err := checkFinite(to); err != nil {
		return nil, err
	}
	u := t.edited()
	line := slices.Clone(u.Edges[edge].Line)
	line[index] = to
	u.Edges[edge].Line = line
	return u, nil
}

// InsertVertex returns the topology with p inserted into an edge after its
// vertex at index after (0 for after the start node).
func (t *Topology) InsertVertex(edge, after int, p orb.Point) (*Topology, error) {
	if err := t.checkEdge(edge); err != nil {
		return nil, err
	}
	if n := len(t.Edges[edge].Line); after < 0 || after >= n-1 {
		return nil, fmt.Errorf("geo: cannot insert after vertex %d of edge %d, which has %d points", after, edge, n)
	}
	if err := checkFinite(p); err != nil {
		return nil, err
	}
	u := t.edited()
	u.Edges[edge].Line = slices.Insert(slices.Clone(u.Edges[edge].Line), after+1, p)
	return u, nil
}

// DeleteVertex returns the topology without an interior vertex of an edge.
func (t *Topology) DeleteVertex(edge, index int) (*Topology, error) {
	if err := t.checkInterior(edge, index); err != nil {
		return nil, err
	}
	u := t.edited()
	u.Edges[edge].Line = slices.Delete(slices.Clone(u.Edges[edge].Line), index, index+1)
	return u, nil
}

// ReplaceEdge returns the topology with an edge's line replaced, as when a
// user redraws a boundary along a road. The new line must start and end at
// the edge's nodes, exactly: otherwise, or with fewer than 2 points or a
// coordinate not finite, it fails with an EditError.
func (t *Topology) ReplaceEdge(edge int, line orb.LineString) (*Topology, error) {
	if err := t.checkEdge(edge); err != nil {
		return nil, err
	}
	e := t.Edges[edge]
	faces := []int{e.Left, e.Right}
	if len(line) < 2 {
		return nil, editErrorf(EditLineShort, faces, orb.Point{}, "geo: the new line of edge %d has %d points; at least 2 are needed", edge, len(line))
	}
	if line[0] != t.Nodes[e.Start] || line[len(line)-1] != t.Nodes[e.End] {
		at := line[0]
		if at == t.Nodes[e.Start] {
			at = line[len(line)-1]
		}
		return nil, editErrorf(EditLineEnds, faces, at, "geo: the new line of edge %d runs from %v to %v; it must run from node %d at %v to node %d at %v",
			edge, line[0], line[len(line)-1], e.Start, t.Nodes[e.Start], e.End, t.Nodes[e.End])
	}
	for _, p := range line {
		if err := checkFinite(p); err != nil {
			return nil, err
		}
	}
	u := t.edited()
	u.Edges[edge].Line = slices.Clone(line)
	return u, nil
}
