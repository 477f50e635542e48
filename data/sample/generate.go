package sample

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

// geometry is what the generator draws and what the committed GeoJSON files
// hold: the town, its units and its cells, in code order.
type geometry struct {
	town   orb.Polygon
	units  []unitShape
	cells  []cellShape
	plants []Planted // only when generated
}

type unitShape struct {
	spec    unitSpec
	polygon orb.Polygon
}

type cellShape struct {
	code, name string
	unit       int // index in units
	polygon    orb.Polygon
}

// generate draws the town from scratch. It is deterministic: integer
// random streams, no trigonometry, every product rounded on its own. It
// fails when the result is not a valid partition.
func generate() (*geometry, error) {
	outline := outlineMetres()
	samples := unitSamples(outline)
	var seeds []orb.Point
	var unitOf []int
	for u, spec := range units {
		if len(samples[u]) < spec.cells {
			return nil, fmt.Errorf("unit %s has %d ground samples for %d cells", spec.code, len(samples[u]), spec.cells)
		}
		rng := rand.New(rand.NewPCG(seedsPCG, uint64(u)))
		for _, s := range lloyd(samples[u], spec.cells, rng) {
			seeds = append(seeds, s)
			unitOf = append(unitOf, u)
		}
	}
	n := len(seeds)
	all := append(slices.Clip(seeds), ghosts(seeds, outline)...)
	box := orb.MultiPoint(outline).Bound().Pad(6000)
	m, err := newMesh(voronoi(all, n, box), all)
	if err != nil {
		return nil, err
	}
	polys := m.polygons(m.wiggle(n))
	g, err := assemble(polys, unitOf)
	if err != nil {
		return nil, err
	}
	if err := g.validate(); err != nil {
		return nil, err
	}
	if g.plants, err = plant(g.cells); err != nil {
		return nil, err
	}
	return g, nil
}

// assemble numbers and names the cells of each unit and draws the units and
// the town as unions of their cells.
func assemble(polys []orb.Polygon, unitOf []int) (*geometry, error) {
	g := &geometry{}
	for u, spec := range units {
		var mine []orb.Polygon
		for ci, p := range polys {
			if unitOf[ci] == u {
				mine = append(mine, p)
			}
		}
		union, err := geo.UnionPartition(mine)
		if err != nil {
			return nil, fmt.Errorf("unit %s: %w", spec.code, err)
		}
		g.units = append(g.units, unitShape{spec, union})
		for seq, p := range orderCells(mine, union) {
			code := fmt.Sprintf("%s%03d", spec.code, seq+1)
			g.cells = append(g.cells, cellShape{code: code, name: cellName(spec, seq+1), unit: u, polygon: p})
		}
	}
	town, err := geo.UnionPartition(polys)
	if err != nil {
		return nil, fmt.Errorf("town: %w", err)
	}
	g.town = town
	return g, nil
}

// validate checks the partition with geo.ValidatePartition, the units
// against the unions of their cells, and the cell count.
func (g *geometry) validate() error {
	if len(g.cells) != townCells {
		return fmt.Errorf("%d cells; want %d", len(g.cells), townCells)
	}
	parts := make([]geo.Part, len(g.cells))
	for i, c := range g.cells {
		parts[i] = geo.Part{ID: c.code, Polygon: c.polygon}
	}
	if problems := validatePartition(parts, g.town); len(problems) > 0 {
		return fmt.Errorf("the cells are not a partition of the town:\n%s", problems)
	}
	for u, us := range g.units {
		var mine []geo.Part
		for _, c := range g.cells {
			if c.unit == u {
				mine = append(mine, geo.Part{ID: c.code, Polygon: c.polygon})
			}
		}
		if problems := validatePartition(mine, us.polygon); len(problems) > 0 {
			return fmt.Errorf("unit %s is not the union of its cells:\n%s", us.spec.code, problems)
		}
	}
	return nil
}

// validatePartition is geo.ValidatePartition with problems that print one
// per line.
func validatePartition(parts []geo.Part, outline orb.Polygon) problemList {
	return problemList(geo.ValidatePartition(parts, outline))
}

type problemList []geo.Problem

func (l problemList) String() string {
	var b strings.Builder
	for i, p := range l {
		if i == 20 {
			fmt.Fprintf(&b, "... and %d more\n", len(l)-i)
			break
		}
		fmt.Fprintln(&b, p)
	}
	return b.String()
}
