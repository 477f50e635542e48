package sample

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// mergeTol is how close (in metres) two computed vertices must be to become
// one. Independent clipping puts the same Voronoi vertex a few nanometres
// apart in its cells; near-degenerate vertices a little further.
const mergeTol = 0.5

// mesh is the cells as rings of shared vertex IDs.
type mesh struct {
	verts  []orb.Point
	rings  [][]int // counter-clockwise, not closed
	across [][]int // seed on the other side of edge i→i+1
	seeds  []orb.Point
}

type bucketKey struct{ x, y int64 }

func bucketOf(p orb.Point, size float64) bucketKey {
	return bucketKey{int64(math.Floor(p[0] / size)), int64(math.Floor(p[1] / size))}
}

// newMesh merges the vertices of the cells that lie within mergeTol of an
// earlier one and inserts, into every edge, the vertices of other cells that
// lie on it, so that neighbours share identical vertices along their
// common boundary.
func newMesh(cells []vcell, seeds []orb.Point) (*mesh, error) {
	m := &mesh{seeds: seeds}
	grid := make(map[bucketKey][]int)
	find := func(p orb.Point) int {
		k := bucketOf(p, mergeTol)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				for _, v := range grid[bucketKey{k.x + dx, k.y + dy}] {
					if dist2(p, m.verts[v]) <= mergeTol*mergeTol {
						return v
					}
				}
			}
		}
		m.verts = append(m.verts, p)
		grid[k] = append(grid[k], len(m.verts)-1)
		return len(m.verts) - 1
	}
	for ci, c := range cells {
		var ring, across []int
		for i, p := range c.pts {
			v := find(p)
			if len(ring) > 0 && ring[len(ring)-1] == v {
				across[len(across)-1] = c.across[i] // the edge into v vanished
				continue
			}
			ring, across = append(ring, v), append(across, c.across[i])
		}
		for len(ring) > 1 && ring[0] == ring[len(ring)-1] {
			ring, across = ring[:len(ring)-1], across[:len(across)-1]
		}
		if len(ring) < 3 {
			return nil, fmt.Errorf("cell %d collapsed when merging vertices", ci)
		}
		m.rings, m.across = append(m.rings, ring), append(m.across, across)
	}
	m.insertTJunctions()
	return m, m.check()
}

// insertTJunctions adds to each edge the vertices lying on it within
// mergeTol, ordered along the edge.
func (m *mesh) insertTJunctions() {
	const size = 250.0
	grid := make(map[bucketKey][]int)
	for v, p := range m.verts {
		k := bucketOf(p, size)
		grid[k] = append(grid[k], v)
	}
	for ci, ring := range m.rings {
		var out, across []int
		for i, u := range ring {
			w := ring[(i+1)%len(ring)]
			a, b := m.verts[u], m.verts[w]
			type hit struct {
				v int
				t float64
			}
			var hits []hit
			lo := bucketOf(orb.Point{min(a[0], b[0]) - mergeTol, min(a[1], b[1]) - mergeTol}, size)
			hi := bucketOf(orb.Point{max(a[0], b[0]) + mergeTol, max(a[1], b[1]) + mergeTol}, size)
			for x := lo.x; x <= hi.x; x++ {
				for y := lo.y; y <= hi.y; y++ {
					for _, v := range grid[bucketKey{x, y}] {
						if v == u || v == w {
							continue
						}
						if d2, t := segmentDist2(m.verts[v], a, b); d2 <= mergeTol*mergeTol && t > 0 && t < 1 {
							hits = append(hits, hit{v, t})
						}
					}
				}
			}
			slices.SortFunc(hits, func(p, q hit) int {
				if p.t != q.t {
					return cmpFloat(p.t, q.t)
				}
				return p.v - q.v
			})
			out, across = append(out, u), append(across, m.across[ci][i])
			for _, h := range hits {
				out, across = append(out, h.v), append(across, m.across[ci][i])
			}
		}
		m.rings[ci], m.across[ci] = out, across
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type edgeID struct{ lo, hi int }

func undirected(u, w int) (edgeID, bool) {
	if u < w {
		return edgeID{u, w}, true
	}
	return edgeID{w, u}, false
}

// check verifies that every edge belongs to one cell (the town boundary) or
// to two cells in opposite directions, and that the seed recorded across a
// shared edge is the neighbour's.
func (m *mesh) check() error {
	type use struct{ fwd, rev, cell int }
	uses := make(map[edgeID]*use)
	for ci, ring := range m.rings {
		for i, u := range ring {
			e, fwd := undirected(u, ring[(i+1)%len(ring)])
			x := uses[e]
			if x == nil {
				x = &use{cell: ci}
				uses[e] = x
			} else if m.across[ci][i] != x.cell {
				return fmt.Errorf("cell %d: edge %v is shared with cell %d, not with seed %d", ci, e, x.cell, m.across[ci][i])
			}
			if fwd {
				x.fwd++
			} else {
				x.rev++
			}
			if x.fwd > 1 || x.rev > 1 {
				return fmt.Errorf("cell %d: edge %v is used twice in one direction", ci, e)
			}
			if m.across[ci][i] < 0 {
				return fmt.Errorf("cell %d reaches the bounding box", ci)
			}
		}
	}
	return nil
}
